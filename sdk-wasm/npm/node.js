// Node entry of @orkesta/sdk: reads the WebAssembly module from the package
// directory and instantiates it synchronously (no top-level await).
import { readFileSync } from "node:fs";
import { initSync } from "./orkesta_sdk.js";

initSync({ module: readFileSync(new URL("./orkesta_sdk_bg.wasm", import.meta.url)) });

export * from "./orkesta_sdk.js";
export { OrkestaError } from "__ORKESTA_ERROR_MODULE__";
