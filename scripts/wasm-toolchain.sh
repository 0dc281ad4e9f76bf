#!/usr/bin/env bash
# wasm-toolchain.sh: build crates of this workspace for wasm32-unknown-unknown.
#
#   scripts/wasm-toolchain.sh install        idempotent set-up of a toolchain
#   scripts/wasm-toolchain.sh cargo ARGS…     cargo for wasm32 (add -p <crate>)
#   scripts/wasm-toolchain.sh route          prints "rustup" or "debian"
#
# Two routes:
#   rustup  rustup's toolchain with the wasm32-unknown-unknown target
#           (`install` adds it when the Rust distribution server answers);
#   debian  otherwise Debian's rustc-web / cargo-web rebuild std for wasm
#           (-Zbuild-std, unlocked with RUSTC_BOOTSTRAP=1 on that stable
#           compiler), in a target directory of its own so the host build
#           is never touched. The variables are set per command, never
#           exported to the caller.
# WASM_ROUTE=rustup|debian forces a route.

set -euo pipefail

TARGET=wasm32-unknown-unknown
DEBIAN_PACKAGES=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)

log() { echo "wasm-toolchain: $*" >&2; }

route() {
  if [[ -n "${WASM_ROUTE:-}" ]]; then echo "$WASM_ROUTE"; return; fi
  if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx "$TARGET"; then
    echo rustup
  else
    echo debian
  fi
}

debian_std_src() {
  local version
  version=$(/usr/bin/rustc --version 2>/dev/null | awk '{print $2}')
  [[ -n "$version" && -d "/usr/src/rustc-$version/library" ]] && echo "/usr/src/rustc-$version/library"
}

install() {
  if [[ -z "${WASM_ROUTE:-}" && "$(route)" == debian ]] && command -v rustup >/dev/null; then
    log "adding the $TARGET target with rustup"
    timeout "${WASM_RUSTUP_TIMEOUT:-120}" rustup target add "$TARGET" >&2 || log "rustup could not add it; using Debian's rustc-web"
  fi
  if [[ "$(route)" == debian ]]; then
    local missing=()
    for p in "${DEBIAN_PACKAGES[@]}"; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
      log "installing ${missing[*]}"
      local sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    fi
    [[ -n "$(debian_std_src)" ]] || { log "std sources for Debian's rustc not found"; exit 1; }
  fi
  log "route: $(route)"
}

run_cargo() {
  local sub=$1; shift
  if [[ "$(route)" == rustup ]]; then
    exec cargo "$sub" --target "$TARGET" "$@"
  fi
  local src; src=$(debian_std_src) || { log "run '$0 install' first"; exit 1; }
  local target_dir=${CARGO_TARGET_DIR:-$(cd "$(dirname "$0")/.." && pwd)/target}/wasm-debian
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 __CARGO_TESTS_ONLY_SRC_ROOT="$src" \
    CARGO_TARGET_DIR="$target_dir" exec /usr/bin/cargo "$sub" --target "$TARGET" -Zbuild-std=std,panic_abort "$@"
}

case "${1:-}" in
  install) install ;;
  cargo) shift; run_cargo "$@" ;;
  route) route ;;
  *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
