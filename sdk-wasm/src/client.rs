//! `OrkestaClient`: where requests are built and answers turned into values
//! or `OrkestaError`s. The typed methods live in [`crate::operations`].

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::convert;
use crate::error::OrkestaErrorDetails;
use crate::shape::{self, Ty};
use crate::transport;

/// Options of `new OrkestaClient(…)`.
#[derive(Debug, Clone, Deserialize, Tsify)]
pub struct ClientOptions {
    /// The GraphQL endpoint, e.g. `"https://orkesta.example.com/graphql"`.
    pub url: String,
    /// A session token (`orks_…`, from `signIn`) or an API key (`ork_…`),
    /// sent as `Authorization: Bearer …`.
    #[serde(default)]
    #[tsify(optional)]
    pub token: Option<String>,
    /// Milliseconds before a request is abandoned with `NETWORK_ERROR`
    /// (default 30000; 0 waits as long as the platform does).
    #[serde(default, rename = "timeoutMs")]
    #[tsify(optional)]
    pub timeout_ms: Option<u32>,
}

const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// One GraphQL error as the server sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
pub struct GraphQLError {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "(string | number)[]")]
    pub path: Option<Vec<serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "{ line: number; column: number }[]")]
    pub locations: Option<Vec<serde_json::Value>>,
    /// `code`, and where it applies `reason` and `field`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Record<string, unknown>")]
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

/// What `request` resolves with: the server's answer as is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
pub struct GraphQLResponse {
    #[serde(default)]
    #[tsify(type = "unknown")]
    pub data: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub errors: Option<Vec<GraphQLError>>,
}

/// The client. One per endpoint and credential; cheap to create.
#[wasm_bindgen]
#[derive(Debug)]
pub struct OrkestaClient {
    url: String,
    token: RefCell<Option<String>>,
    timeout_ms: u32,
}

#[wasm_bindgen]
impl OrkestaClient {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<OrkestaClient, JsValue> {
        let options: ClientOptions = convert::argument(options, "options")?;
        if options.url.trim().is_empty() {
            return Err(
                OrkestaErrorDetails::new("BAD_USER_INPUT", "options.url is empty")
                    .with_reason("INVALID_ARGUMENT")
                    .with_field("url")
                    .into_js(),
            );
        }
        Ok(OrkestaClient {
            url: options.url,
            token: RefCell::new(options.token.filter(|t| !t.is_empty())),
            timeout_ms: options.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
        })
    }

    /// The GraphQL endpoint this client talks to.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// Replaces the credential for later requests (`null` signs out locally),
    /// e.g. with the token `signIn` returned.
    #[wasm_bindgen(js_name = "setToken")]
    pub fn set_token(&self, token: Option<String>) {
        *self.token.borrow_mut() = token.filter(|t| !t.is_empty());
    }

    /// Sends any query or mutation and resolves with the server's
    /// `{ data, errors }`, errors included; rejects only when no GraphQL
    /// response arrives (`NETWORK_ERROR`, `HTTP_ERROR`).
    #[wasm_bindgen(unchecked_return_type = "GraphQLResponse")]
    pub async fn request(
        &self,
        query: String,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, unknown> | null")] variables: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let variables: serde_json::Value = match variables {
            Some(v) if !v.is_undefined() && !v.is_null() => convert::argument(v, "variables")?,
            _ => serde_json::Value::Null,
        };
        let (_, response) = self
            .endpoint()
            .execute(&query, variables)
            .await
            .map_err(OrkestaErrorDetails::into_js)?;
        convert::to_js(&response)
    }
}

impl OrkestaClient {
    /// Runs a generated operation: resolves with the value at `path` in
    /// `data` once it has the shape `result`; rejects with the first GraphQL
    /// error, or with `variables`' error before anything is sent.
    ///
    /// Not generic and not an `async fn` per method: every typed method
    /// shares this one future, which keeps the module small.
    pub(crate) fn typed(
        &self,
        document: &'static str,
        variables: Result<serde_json::Value, JsValue>,
        path: &'static [&'static str],
        result: &'static Ty,
    ) -> js_sys::Promise {
        let endpoint = self.endpoint();
        wasm_bindgen_futures::future_to_promise(async move {
            let (status, response) = endpoint
                .execute(document, variables?)
                .await
                .map_err(OrkestaErrorDetails::into_js)?;
            if let Some(first) = response.errors.as_ref().and_then(|errors| errors.first()) {
                return Err(details_of(first, status).into_js());
            }
            if !(200..300).contains(&status) {
                return Err(http_error(status, "the response carries no errors").into_js());
            }
            let mut value = response.data;
            for key in path {
                value = match value {
                    serde_json::Value::Object(mut object) => {
                        object.remove(*key).unwrap_or_default()
                    }
                    _ => serde_json::Value::Null,
                };
            }
            shape::check(&value, result).map_err(|problem| {
                http_error(
                    status,
                    &format!("unexpected shape of `{}`: {problem}", path.join(".")),
                )
                .with_reason("UNEXPECTED_RESPONSE")
                .into_js()
            })?;
            convert::to_js(&value)
        })
    }

    /// Where and with which credential requests go, as of now.
    fn endpoint(&self) -> Endpoint {
        Endpoint {
            url: self.url.clone(),
            token: self.token.borrow().clone(),
            timeout_ms: self.timeout_ms,
        }
    }
}

/// One client's endpoint and credential, owned by a request in flight.
struct Endpoint {
    url: String,
    token: Option<String>,
    timeout_ms: u32,
}

impl Endpoint {
    async fn execute(
        &self,
        query: &str,
        variables: serde_json::Value,
    ) -> Result<(u16, GraphQLResponse), OrkestaErrorDetails> {
        let mut body = serde_json::Map::new();
        body.insert(
            "query".to_owned(),
            serde_json::Value::String(query.to_owned()),
        );
        if !variables.is_null() {
            body.insert("variables".to_owned(), variables);
        }
        let body = serde_json::Value::Object(body).to_string();
        let response =
            transport::post_json(&self.url, self.token.as_deref(), &body, self.timeout_ms).await?;
        let parsed = serde_json::from_str::<serde_json::Value>(&response.body)
            .ok()
            .filter(|v| v.get("data").is_some() || v.get("errors").is_some())
            .and_then(|v| serde_json::from_value::<GraphQLResponse>(v).ok());
        match parsed {
            Some(graphql) => Ok((response.status, graphql)),
            None => Err(http_error(
                response.status,
                "the answer is not a GraphQL response",
            )),
        }
    }
}

fn http_error(status: u16, what: &str) -> OrkestaErrorDetails {
    OrkestaErrorDetails::new("HTTP_ERROR", format!("HTTP {status}: {what}")).with_status(status)
}

fn details_of(error: &GraphQLError, status: u16) -> OrkestaErrorDetails {
    let extension = |name: &str| {
        error
            .extensions
            .as_ref()
            .and_then(|e| e.get(name))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    OrkestaErrorDetails {
        code: extension("code").unwrap_or_else(|| "INTERNAL_SERVER_ERROR".to_owned()),
        reason: extension("reason"),
        field: extension("field"),
        message: error.message.clone(),
        status: Some(status),
    }
}
