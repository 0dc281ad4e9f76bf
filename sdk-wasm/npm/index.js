// Browser (and bundler) entry of @orkesta/sdk: fetches and instantiates the
// WebAssembly module before anything is exported, so user code needs no
// init call and runs unchanged in Node.
import init from "./orkesta_sdk.js";

await init({ module_or_path: new URL("./orkesta_sdk_bg.wasm", import.meta.url) });

export * from "./orkesta_sdk.js";
export { OrkestaError } from "__ORKESTA_ERROR_MODULE__";
