#!/usr/bin/env bash
# test.sh: everything the project checks, from a fresh machine.
#
# Formatting and lints, orkesta-core built for wasm32, unit and property
# tests, the black-box tests against the real binary on SQLite and on a
# throwaway PostgreSQL cluster that this script starts and stops, and the
# JavaScript tests (the graphql-http audit suite, GraphiQL's introspection
# query) against the live server. Mail is tested against a real local SMTP
# server (aiosmtpd, installed into a virtual environment).
#
# ORKESTA_TEST_POSTGRES_URL set: use that cluster instead (superuser URL).

set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*" >&2; }

step "toolchain"
command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)" >&2; exit 1; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing Node.js (apt-get install nodejs npm)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
fi
(cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
# A real local SMTP server for the mail tests (aiosmtpd from PyPI), in a
# virtual environment kept between runs.
venv=${ORKESTA_TEST_VENV:-$HOME/.cache/orkesta/venv}
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null || "$venv/bin/python" -m pip install --quiet --disable-pip-version-check aiosmtpd==1.4.6
export ORKESTA_TEST_PYTHON="$venv/bin/python"
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy >&2 || true
scripts/wasm-toolchain.sh install

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "orkesta-core and orkesta-sdk for wasm32"
scripts/wasm-toolchain.sh cargo build --locked -p orkesta-core -p orkesta-sdk --profile wasm-release

step "build"
cargo build --locked -p orkesta-server --bin orkesta
cargo test --workspace --locked --no-run

if [[ -z "${ORKESTA_TEST_POSTGRES_URL:-}" ]]; then
  step "throwaway PostgreSQL"
  # shellcheck source=scripts/postgres.sh
  source scripts/postgres.sh
  trap postgres_stop EXIT
  postgres_start
fi

step "tests (unit, property, black-box on SQLite and PostgreSQL)"
cargo test --workspace --locked -- --show-output

step "JavaScript tests against the live server"
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
(cd tests/js && ORKESTA_BIN="$target_dir/debug/orkesta" node --test)
