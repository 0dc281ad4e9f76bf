#!/usr/bin/env bash
# sdk-build.sh: builds the npm package @orkesta/sdk into sdk-wasm/pkg/.
#
#   scripts/sdk-build.sh                 build the package
#   scripts/sdk-build.sh --update-types  also refresh the committed public
#                                        declarations, sdk-wasm/types/orkesta_sdk.d.ts
#
# orkesta-sdk is compiled for wasm32 (scripts/wasm-toolchain.sh picks the
# route), then wasm-bindgen (`--target web`, one module for browsers and
# Node) writes the bindings; the entry points in sdk-wasm/npm/ initialise
# the module for each platform. The wasm-bindgen CLI is installed once, at
# exactly the version of the wasm-bindgen crate in Cargo.lock, into
# ${ORKESTA_CACHE:-~/.cache/orkesta}.

set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "sdk-build: $*" >&2; }

scripts/wasm-toolchain.sh install

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[[ -n "$version" ]] || { log "wasm-bindgen is not in Cargo.lock"; exit 1; }
tools=${ORKESTA_CACHE:-$HOME/.cache/orkesta}/wasm-bindgen-$version
bindgen=$tools/bin/wasm-bindgen
if [[ ! -x "$bindgen" ]] || [[ "$("$bindgen" --version)" != "wasm-bindgen $version" ]]; then
  log "installing wasm-bindgen-cli $version into $tools (once; several minutes)"
  # Not --locked: the CLI's own lockfile does not resolve on every registry mirror.
  cargo install --quiet wasm-bindgen-cli --version "$version" --root "$tools" --force
fi

log "compiling orkesta-sdk for wasm32"
wasm=$(scripts/wasm-toolchain.sh cargo build --locked -p orkesta-sdk --profile wasm-release --message-format=json-render-diagnostics \
  | python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message["target"]["name"] == "orkesta_sdk":
        wasm = [f for f in message["filenames"] if f.endswith(".wasm")]
        if wasm: print(wasm[0])
')
[[ -f "$wasm" ]] || { log "no .wasm artifact found"; exit 1; }

pkg=sdk-wasm/pkg
rm -rf "$pkg"
"$bindgen" --target web --out-dir "$pkg" --out-name orkesta_sdk --remove-name-section "$wasm"

# The entry points re-export OrkestaError from the very module the bindings
# import (a copy would be a different class for `instanceof`).
error_module=$(cd "$pkg" && find snippets -name orkesta-error.js | head -n1)
[[ -n "$error_module" ]] || { log "the OrkestaError snippet is missing"; exit 1; }
for entry in index.js node.js; do
  sed "s#__ORKESTA_ERROR_MODULE__#./$error_module#" "sdk-wasm/npm/$entry" > "$pkg/$entry"
done
cp sdk-wasm/npm/index.d.ts "$pkg/"
crate_version=$(awk -F'"' '/^\[workspace.package\]/ { section = 1 } section && /^version/ { print $2; exit }' Cargo.toml)
sed "s/\"version\": \"0.0.0\"/\"version\": \"$crate_version\"/" sdk-wasm/npm/package.json > "$pkg/package.json"

# The committed declarations are the public API: everything before
# wasm-bindgen's loader section (InitInput, InitOutput, initSync), whose raw
# export names carry compiler-specific hashes. tests/js/sdk-types.test.mjs
# makes the same cut.
grep -q '^export type InitInput' "$pkg/orkesta_sdk.d.ts" || { log "wasm-bindgen's loader section moved: update the cut"; exit 1; }
if [[ "${1:-}" == "--update-types" ]]; then
  mkdir -p sdk-wasm/types
  sed '/^export type InitInput/,$d' "$pkg/orkesta_sdk.d.ts" > sdk-wasm/types/orkesta_sdk.d.ts
  log "updated sdk-wasm/types/orkesta_sdk.d.ts"
fi

raw=$(stat -c %s "$pkg/orkesta_sdk_bg.wasm")
gz=$(gzip -9 -c "$pkg/orkesta_sdk_bg.wasm" | wc -c)
log "built $pkg (@orkesta/sdk $crate_version): orkesta_sdk_bg.wasm $raw bytes, $gz gzipped"
