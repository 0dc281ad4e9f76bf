#!/usr/bin/env bash
# bench-import.sh: times the 5,000-row invitation import on PostgreSQL and
# SQLite (median of BENCH_RUNS runs, default 5), end to end over HTTP.
# Not part of the test command. PROFILE=release (default) or dev.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
cargo build --locked --profile "$profile" -p orkesta-server --bin orkesta
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
dir=$([[ "$profile" == dev ]] && echo debug || echo "$profile")
if [[ -z "${ORKESTA_TEST_POSTGRES_URL:-}" ]]; then
  # shellcheck source=scripts/postgres.sh
  source scripts/postgres.sh
  trap postgres_stop EXIT
  postgres_start
fi
ORKESTA_BIN="$target_dir/$dir/orkesta" python3 scripts/bench_import.py
