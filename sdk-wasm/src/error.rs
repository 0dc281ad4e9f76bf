//! `OrkestaError`: the one error JavaScript sees from the SDK. It is a real
//! `Error` subclass (stack, `instanceof Error`), defined in a small JS snippet
//! (`sdk-wasm/js/orkesta-error.js`) because wasm-bindgen's exported classes
//! cannot extend `Error`. Its fields are the Rust type
//! [`OrkestaErrorDetails`]; the TypeScript class merely merges with them.

use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// What went wrong, as carried by every `OrkestaError`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct OrkestaErrorDetails {
    /// The server's `extensions.code` (`NOT_FOUND`, `BAD_USER_INPUT`, …), or
    /// `NETWORK_ERROR` when the server could not be reached and `HTTP_ERROR`
    /// when it answered with something that is not a GraphQL response.
    pub code: String,
    /// The server's `extensions.reason` (`SLUG_TAKEN`, `ESCALATION`, …).
    pub reason: Option<String>,
    /// The input field at fault (`extensions.field`), when one is.
    pub field: Option<String>,
    pub message: String,
    /// HTTP status of the response, when there was one.
    pub status: Option<u16>,
}

impl OrkestaErrorDetails {
    pub fn new(code: &str, message: impl Into<String>) -> OrkestaErrorDetails {
        OrkestaErrorDetails {
            code: code.to_owned(),
            reason: None,
            field: None,
            message: message.into(),
            status: None,
        }
    }

    pub fn with_reason(mut self, reason: &str) -> OrkestaErrorDetails {
        self.reason = Some(reason.to_owned());
        self
    }

    pub fn with_field(mut self, field: &str) -> OrkestaErrorDetails {
        self.field = Some(field.to_owned());
        self
    }

    pub fn with_status(mut self, status: u16) -> OrkestaErrorDetails {
        self.status = Some(status);
        self
    }

    /// The JavaScript `OrkestaError` carrying these details.
    pub fn into_js(self) -> JsValue {
        match crate::convert::to_js(&self) {
            Ok(details) => OrkestaError::new(details).into(),
            Err(_) => js_sys::Error::new(&self.message).into(),
        }
    }
}

#[wasm_bindgen(module = "/js/orkesta-error.js")]
extern "C" {
    /// The JavaScript class; see the module header. The package's entry
    /// points export it next to the generated bindings.
    #[wasm_bindgen(extends = js_sys::Error)]
    #[derive(Debug, Clone)]
    pub type OrkestaError;

    #[wasm_bindgen(constructor)]
    fn new(details: JsValue) -> OrkestaError;
}

#[wasm_bindgen(typescript_custom_section)]
const ORKESTA_ERROR_TS: &str = r#"
/** The rejection of every typed method, and what helpers throw on bad arguments. */
export declare class OrkestaError extends Error {
  private constructor();
}
export interface OrkestaError extends OrkestaErrorDetails {}
"#;
