#!/usr/bin/env bash
# test.sh: everything the project checks, from a fresh machine.
#
# Formatting and lints; the SDK package built for wasm32 (scripts/sdk-build.sh);
# unit and property tests; the black-box tests against the real binary on
# SQLite and on a throwaway PostgreSQL cluster that this script starts and
# stops; the JavaScript tests against the live server: the graphql-http audit
# suite, GraphiQL's introspection query, the SDK in Node and in headless
# Chromium, GraphiQL offline in Chromium, and the SDK's TypeScript types.
# Mail is tested against a real local SMTP server (aiosmtpd, installed into a
# virtual environment).
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
# Headless Chromium for the browser tests: Debian's package (test tools that
# download their own browser cannot reach their servers from here).
if [[ ! -x "${ORKESTA_CHROMIUM:-/usr/bin/chromium}" ]]; then
  echo "installing Chromium (apt-get install chromium)" >&2
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "SDK package (@orkesta/sdk, wasm32)"
scripts/sdk-build.sh
# The JavaScript tests import the package by name, as applications do.
mkdir -p tests/js/node_modules/@orkesta
ln -sfn ../../../../sdk-wasm/pkg tests/js/node_modules/@orkesta/sdk

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

step "JavaScript tests: GraphQL over HTTP, SDK in Node and Chromium, GraphiQL offline, SDK types"
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
(cd tests/js && ORKESTA_BIN="$target_dir/debug/orkesta" node --test)
