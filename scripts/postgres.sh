#!/usr/bin/env bash
# postgres.sh: a throwaway PostgreSQL cluster for the tests.
#
#   source scripts/postgres.sh; postgres_start; …; postgres_stop
#
# postgres_start initialises a cluster in a fresh temp dir, listening on
# 127.0.0.1 on a free port (trust authentication, durability off: the data
# is thrown away), and exports ORKESTA_TEST_POSTGRES_URL. initdb refuses to
# run as root, so as root the cluster runs as an unprivileged system user,
# created when missing. Needs PostgreSQL's server binaries (initdb, pg_ctl,
# postgres): on Debian, `apt-get install postgresql`; this script installs
# them when they are missing and it can.

PG_USER=${ORKESTA_PG_USER:-orkesta-pg}

pg_log() { echo "postgres.sh: $*" >&2; }

pg_bindir() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || true)
  if [[ -z "$initdb" ]]; then
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  fi
  [[ -n "$initdb" ]] && dirname "$(readlink -f "$initdb")"
}

pg_install() {
  [[ -n "$(pg_bindir)" ]] && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    pg_log "installing PostgreSQL server binaries (apt-get install postgresql)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  [[ -n "$(pg_bindir)" ]] || { pg_log "PostgreSQL server binaries (initdb, pg_ctl) not found"; return 1; }
}

# Runs a command as the cluster's owner.
pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

postgres_start() {
  pg_install || return 1
  local bin; bin=$(pg_bindir)
  if [[ $(id -u) -eq 0 ]] && ! id "$PG_USER" >/dev/null 2>&1; then
    pg_log "creating system user $PG_USER"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  PG_DIR=$(mktemp -d /tmp/orkesta-pg.XXXXXX)
  [[ $(id -u) -eq 0 ]] && chown "$PG_USER" "$PG_DIR"
  PG_PORT=$(pg_free_port)
  pg_as_owner "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  export PG_DIR PG_PORT PG_BIN=$bin
  export ORKESTA_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  pg_log "throwaway cluster on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
}

postgres_stop() {
  [[ -n "${PG_DIR:-}" && -d "$PG_DIR/data" ]] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  pg_log "cluster stopped"
  unset PG_DIR
}
