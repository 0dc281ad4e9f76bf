//! Values between JavaScript, serde and JSON, and the arguments of typed
//! methods on their way to the server.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::error::OrkestaErrorDetails;
use crate::shape::{self, Ty};

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

/// The variables of an operation with one positional argument `name`:
/// `{ name: value }`, the value held to its GraphQL type.
pub fn variable(name: &str, value: JsValue, ty: &Ty) -> Result<serde_json::Value, JsValue> {
    let value = checked_input(value, name, ty)?;
    let mut variables = serde_json::Map::new();
    variables.insert(name.to_owned(), value);
    Ok(serde_json::Value::Object(variables))
}

/// The variables object of an operation, held to its variables' types.
pub fn variables(value: JsValue, ty: &Ty) -> Result<serde_json::Value, JsValue> {
    checked_input(value, "variables", ty)
}

/// An argument as the JSON to send; a wrong shape is `BAD_USER_INPUT` with
/// reason `INVALID_ARGUMENT` on the input field at fault (else on the
/// argument), before anything is sent.
fn checked_input(value: JsValue, name: &str, ty: &Ty) -> Result<serde_json::Value, JsValue> {
    let value: serde_json::Value = argument(value, name)?;
    shape::input(value, ty).map_err(|problem| {
        OrkestaErrorDetails::new(
            "BAD_USER_INPUT",
            format!("argument `{name}`: {}", problem.message),
        )
        .with_reason("INVALID_ARGUMENT")
        .with_field(problem.field.unwrap_or(name))
        .into_js()
    })
}
