// The declarations are generated from the Rust types (orkesta_sdk.d.ts).
export * from "./orkesta_sdk.js";
