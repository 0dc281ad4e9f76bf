#!/usr/bin/env bash
# test.sh: everything the project checks, from a fresh machine.
#
# Formatting and lints, orkesta-core built for wasm32, unit and property
# tests, and the black-box tests against the real binary on SQLite and on a
# throwaway PostgreSQL cluster that this script starts and stops.
#
# ORKESTA_TEST_POSTGRES_URL set: use that cluster instead (superuser URL).

set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*" >&2; }

step "toolchain"
command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)" >&2; exit 1; }
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
cargo test --workspace --locked
