//! Values between JavaScript, serde and JSON.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::error::OrkestaErrorDetails;

/// To JavaScript as JSON would be: `null` for `None`, plain objects for maps.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// An argument from JavaScript; a wrong shape is `BAD_USER_INPUT` with
/// reason `INVALID_ARGUMENT` on that argument, before anything is sent.
pub fn argument<T: DeserializeOwned>(value: JsValue, name: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        OrkestaErrorDetails::new("BAD_USER_INPUT", format!("argument `{name}`: {e}"))
            .with_reason("INVALID_ARGUMENT")
            .with_field(name)
            .into_js()
    })
}

/// Typed variables as the JSON object sent to the server.
pub fn variables<T: Serialize>(variables: &T) -> Result<serde_json::Value, JsValue> {
    serde_json::to_value(variables).map_err(|e| {
        OrkestaErrorDetails::new("BAD_USER_INPUT", format!("variables: {e}"))
            .with_reason("INVALID_ARGUMENT")
            .into_js()
    })
}
