//! One HTTP exchange with the GraphQL endpoint, through the global `fetch`:
//! Node 18+ and browsers both have it, while `window` exists only in
//! browsers.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, RequestInit, Response};

use crate::error::OrkestaErrorDetails;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(input: &str, init: &RequestInit) -> Result<js_sys::Promise, JsValue>;
}

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
}

/// POSTs a JSON body; any failure before a complete response, including
/// `timeout_ms` passing (0: no limit of our own), is `NETWORK_ERROR`.
pub async fn post_json(
    url: &str,
    token: Option<&str>,
    body: &str,
    timeout_ms: u32,
) -> Result<HttpResponse, OrkestaErrorDetails> {
    let network = |e: JsValue| network_error(url, &e);
    let headers = Headers::new().map_err(network)?;
    headers
        .set("content-type", "application/json")
        .map_err(network)?;
    headers
        .set(
            "accept",
            "application/graphql-response+json, application/json;q=0.9",
        )
        .map_err(network)?;
    if let Some(token) = token {
        headers
            .set("authorization", &format!("Bearer {token}"))
            .map_err(network)?;
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    if timeout_ms > 0 {
        // Covers reading the body too, not only the headers.
        init.set_signal(Some(&AbortSignal::timeout_with_u32(timeout_ms)));
    }

    let response: Response = JsFuture::from(global_fetch(url, &init).map_err(network)?)
        .await
        .map_err(network)?
        .dyn_into()
        .map_err(network)?;
    let text = JsFuture::from(response.text().map_err(network)?)
        .await
        .map_err(network)?;
    Ok(HttpResponse {
        status: response.status(),
        body: text.as_string().unwrap_or_default(),
    })
}

/// `fetch` rejects with a bare "fetch failed" / "Failed to fetch"; Node puts
/// the reason (ECONNREFUSED, DNS, TLS) in `cause`.
fn network_error(url: &str, error: &JsValue) -> OrkestaErrorDetails {
    let message = |value: &JsValue| {
        js_sys::Reflect::get(value, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| value.as_string())
    };
    let mut text = message(error).unwrap_or_else(|| "request failed".to_owned());
    if let Some(cause) = js_sys::Reflect::get(error, &JsValue::from_str("cause"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .and_then(|c| message(&c))
    {
        text = format!("{text} ({cause})");
    }
    OrkestaErrorDetails::new("NETWORK_ERROR", format!("could not reach {url}: {text}"))
}
