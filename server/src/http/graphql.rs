//! GraphQL over HTTP at `/graphql`, following the GraphQL-over-HTTP spec.
//!
//! async-graphql-axum's extractor accepts any content type, executes
//! mutations over GET and reads bodies without a limit, so this module does
//! the HTTP part itself:
//! - POST needs `Content-Type: application/json` (charset utf-8 allowed)
//!   or `multipart/form-data` with a preflight header (uploads, see
//!   `multipart`); anything else, or none, is 415 (the CSRF defence). Compressed bodies
//!   are refused (415), never decompressed. Bodies over the limit are 413.
//! - GET runs queries only; a mutation over GET is 405 with `Allow: POST`.
//! - A body that is not JSON is 400. One operation per request (no batches).
//! - `application/graphql-response+json` is answered with the spec's status
//!   codes (400 for requests that fail to parse or validate); plain
//!   `application/json` gets 200 with `errors`.

use std::net::{IpAddr, SocketAddr};

use async_graphql::parser::types::{DocumentOperations, OperationType};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::{AppState, multipart};
use crate::auth::Auth;
use crate::error::Code;
use crate::graphql::context::RequestState;
use crate::graphql::loaders::RunBatched;
use crate::metrics::StatementSource;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The media type the client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    GraphqlResponseJson,
    Json,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response media type from `Accept`; `None` when the client
/// accepts neither (406). No header means `application/json`.
fn negotiate(headers: &HeaderMap) -> Option<Format> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Format::Json);
    };
    let mut json = false;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let refused = parts.any(|p| matches!(p.trim().split_once('='), Some((k, v)) if k.trim() == "q" && v.trim().parse::<f32>().is_ok_and(|q| q == 0.0)));
        if refused {
            continue;
        }
        match media.as_str() {
            GRAPHQL_RESPONSE_JSON => return Some(Format::GraphqlResponseJson),
            JSON | "application/*" | "*/*" => json = true,
            _ => {}
        }
    }
    json.then_some(Format::Json)
}

/// A request-level failure, before any execution.
fn request_error(
    status: StatusCode,
    format: Format,
    code: Code,
    reason: Option<&str>,
    message: &str,
) -> Response {
    let mut extensions = Map::new();
    extensions.insert("code".into(), code.as_str().into());
    if let Some(reason) = reason {
        extensions.insert("reason".into(), reason.into());
    }
    let body = json!({ "errors": [{ "message": message, "extensions": extensions }] });
    respond(status, format, &body)
}

fn respond(status: StatusCode, format: Format, body: &Value) -> Response {
    respond_bytes(status, format, body.to_string().into_bytes())
}

fn respond_bytes(status: StatusCode, format: Format, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// Anything but GET and POST.
pub async fn method_not_allowed() -> Response {
    let mut response = plain(
        StatusCode::METHOD_NOT_ALLOWED,
        "use POST (or GET for queries)\n",
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
    response
}

/// The parameters of one GraphQL request, from a JSON body or a query string.
#[derive(Debug)]
struct Params {
    query: String,
    operation_name: Option<String>,
    variables: Option<Map<String, Value>>,
    extensions: Option<Map<String, Value>>,
}

/// Checks the parameter types the spec requires. The message names the
/// parameter at fault.
fn params_from_json(body: Value) -> Result<Params, &'static str> {
    let Value::Object(mut map) = body else {
        return Err("the body must be one JSON object with a `query` (batches are not supported)");
    };
    let query = match map.remove("query") {
        Some(Value::String(q)) => q,
        Some(_) => return Err("`query` must be a string"),
        None => return Err("`query` is required"),
    };
    let operation_name = match map.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name),
        Some(_) => return Err("`operationName` must be a string or null"),
    };
    let object = |v: Option<Value>, what: &'static str| match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(what),
    };
    let variables = object(
        map.remove("variables"),
        "`variables` must be an object or null",
    )?;
    let extensions = object(
        map.remove("extensions"),
        "`extensions` must be an object or null",
    )?;
    Ok(Params {
        query,
        operation_name,
        variables,
        extensions,
    })
}

fn params_from_query_string(raw: Option<&str>) -> Result<Params, &'static str> {
    let mut map = Map::new();
    for (key, value) in form_urlencoded_pairs(raw.unwrap_or("")) {
        let value = match key.as_str() {
            "variables" | "extensions" if !value.is_empty() => serde_json::from_str(&value)
                .map_err(|_| "`variables` and `extensions` must be JSON objects")?,
            "variables" | "extensions" => Value::Null,
            _ => Value::String(value),
        };
        map.insert(key, value);
    }
    params_from_json(Value::Object(map))
}

/// `application/x-www-form-urlencoded` pairs of a query string.
fn form_urlencoded_pairs(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = match bytes[i] {
            b'+' => Some((b' ', 1)),
            b'%' if i + 2 < bytes.len() => hex(bytes[i + 1])
                .zip(hex(bytes[i + 2]))
                .map(|(h, l)| (h * 16 + l, 3)),
            _ => None,
        };
        let (byte, width) = decoded.unwrap_or((bytes[i], 1));
        out.push(byte);
        i += width;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The type of the operation a request selects, when it parses.
fn selected_operation_type(params: &Params) -> Option<OperationType> {
    let document = async_graphql::parser::parse_query(&params.query).ok()?;
    match (&document.operations, &params.operation_name) {
        (DocumentOperations::Single(op), _) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => {
            ops.get(name.as_str()).map(|op| op.node.ty)
        }
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| op.node.ty)
        }
        _ => None,
    }
}

pub async fn get(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(format) = negotiate(&headers) else {
        return plain(
            StatusCode::NOT_ACCEPTABLE,
            "accept application/graphql-response+json or application/json\n",
        );
    };
    let params = match params_from_query_string(raw.as_deref()) {
        Ok(params) => params,
        Err(message) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                format,
                Code::GraphqlParseFailed,
                Some("INVALID_REQUEST"),
                message,
            );
        }
    };
    if matches!(
        selected_operation_type(&params),
        Some(OperationType::Mutation | OperationType::Subscription)
    ) {
        let mut response = request_error(
            StatusCode::METHOD_NOT_ALLOWED,
            format,
            Code::GraphqlValidationFailed,
            Some("METHOD_NOT_ALLOWED"),
            "mutations need POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    execute(&app, peer.ip(), &headers, params, Vec::new(), format).await
}

pub async fn post(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(format) = negotiate(&headers) else {
        return plain(
            StatusCode::NOT_ACCEPTABLE,
            "accept application/graphql-response+json or application/json\n",
        );
    };
    if let Some(encoding) = headers.get(header::CONTENT_ENCODING)
        && !encoding.as_bytes().eq_ignore_ascii_case(b"identity")
    {
        return plain(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "compressed request bodies are not accepted\n",
        );
    }
    if multipart::is_multipart(&headers) {
        return post_multipart(&app, peer.ip(), &headers, body, format).await;
    }
    if !is_json_content_type(&headers) {
        return plain(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "use Content-Type: application/json (or multipart/form-data for uploads)\n",
        );
    }
    let body = match read_body(&headers, body, app.limits.max_body_bytes).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Ok(json) = serde_json::from_slice::<Value>(&body) else {
        return request_error(
            StatusCode::BAD_REQUEST,
            format,
            Code::GraphqlParseFailed,
            Some("INVALID_JSON"),
            "the request body is not valid JSON",
        );
    };
    match params_from_json(json) {
        Ok(params) => execute(&app, peer.ip(), &headers, params, Vec::new(), format).await,
        Err(message) => request_error(
            StatusCode::BAD_REQUEST,
            format,
            Code::GraphqlParseFailed,
            Some("INVALID_REQUEST"),
            message,
        ),
    }
}

/// A GraphQL multipart request (file uploads): only with a preflight
/// header, within the upload size and file-count limits.
async fn post_multipart(
    app: &AppState,
    client_ip: IpAddr,
    headers: &HeaderMap,
    body: Body,
    format: Format,
) -> Response {
    if !multipart::has_preflight_header(headers) {
        return request_error(
            StatusCode::BAD_REQUEST,
            format,
            Code::BadUserInput,
            Some("PREFLIGHT_REQUIRED"),
            "multipart requests need a non-empty x-orkesta-preflight header",
        );
    }
    let body = match read_body(headers, body, app.limits.max_upload_bytes).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let request = match multipart::read(headers, body).await {
        Ok(request) => request,
        Err(refused) if refused.status == StatusCode::PAYLOAD_TOO_LARGE => {
            return plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too many files in one request\n",
            );
        }
        Err(refused) => {
            return request_error(
                refused.status,
                format,
                Code::GraphqlParseFailed,
                Some(refused.reason),
                &refused.message,
            );
        }
    };
    match params_from_json(request.operations) {
        Ok(params) => execute(app, client_ip, headers, params, request.files, format).await,
        Err(message) => request_error(
            StatusCode::BAD_REQUEST,
            format,
            Code::GraphqlParseFailed,
            Some("INVALID_REQUEST"),
            message,
        ),
    }
}

/// `application/json`, optionally with `charset=utf-8`.
fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or("").trim();
    media.eq_ignore_ascii_case(JSON)
        && parts.all(|param| match param.trim().split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("charset") => {
                v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            }
            _ => false,
        })
}

/// Reads at most `limit` bytes; more is 413, before or while reading.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, Response> {
    let too_large = || {
        plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is too large\n",
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let over_limit = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if over_limit {
            too_large()
        } else {
            plain(
                StatusCode::BAD_REQUEST,
                "the request body could not be read\n",
            )
        }
    })
}

async fn execute(
    app: &AppState,
    client_ip: IpAddr,
    headers: &HeaderMap,
    params: Params,
    uploads: Vec<(String, async_graphql::UploadValue)>,
    format: Format,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or_default());
    let state = RequestState::new(
        app.db.with_source(StatementSource::Request),
        Auth::from_header(authorization, client_ip.to_canonical()),
        client_ip.to_canonical(),
        app.outbox.clone(),
    );
    let spawner = state.loaders.spawner.clone();
    let mut request = async_graphql::Request::new(params.query).data(state);
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    if let Some(variables) = params.variables {
        request = request.variables(async_graphql::Variables::from_json(Value::Object(
            variables,
        )));
    }
    if let Some(extensions) = params.extensions {
        request.extensions = async_graphql::Extensions(
            extensions
                .into_iter()
                .filter_map(|(k, v)| async_graphql::Value::from_json(v).ok().map(|v| (k, v)))
                .collect(),
        );
    }
    for (path, upload) in uploads {
        request.set_upload(&path, upload);
    }

    let timeout = app.limits.request_timeout();
    let execution = RunBatched::new(app.schema.execute(request), spawner);
    let Ok(response) = tokio::time::timeout(timeout, execution).await else {
        let body = json!({ "data": null, "errors": [{ "message": format!("the request took longer than {}s", timeout.as_secs()), "extensions": { "code": Code::Timeout.as_str() } }] });
        return respond(StatusCode::OK, format, &body);
    };

    // A response without data whose errors are parse or validation
    // failures is a request error: no `data` key, and 400 when the client
    // speaks application/graphql-response+json.
    let request_failed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| {
            e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .is_some_and(|c| {
                    *c == async_graphql::Value::from(Code::GraphqlParseFailed.as_str())
                        || *c == async_graphql::Value::from(Code::GraphqlValidationFailed.as_str())
                })
        });
    let (status, body) = if request_failed {
        let status = match format {
            Format::GraphqlResponseJson => StatusCode::BAD_REQUEST,
            Format::Json => StatusCode::OK,
        };
        (
            status,
            serde_json::to_vec(&json!({ "errors": response.errors })),
        )
    } else {
        // Serialised straight from the response so fields keep query order.
        (StatusCode::OK, serde_json::to_vec(&response))
    };
    match body {
        Ok(body) => respond_bytes(status, format, body),
        Err(e) => {
            tracing::error!(error = %e, "cannot serialise a GraphQL response");
            request_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format,
                Code::InternalServerError,
                None,
                "internal server error",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        h
    }

    fn content_type(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn accept_prefers_graphql_response_json_and_defaults_to_json() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(Format::Json));
        assert_eq!(
            negotiate(&accept(
                "application/json, application/graphql-response+json"
            )),
            Some(Format::GraphqlResponseJson)
        );
        assert_eq!(negotiate(&accept("*/*")), Some(Format::Json));
        assert_eq!(negotiate(&accept("text/html")), None);
        assert_eq!(
            negotiate(&accept(
                "application/graphql-response+json;q=0, application/json"
            )),
            Some(Format::Json)
        );
    }

    #[test]
    fn only_json_content_types_are_accepted() {
        assert!(is_json_content_type(&content_type("application/json")));
        assert!(is_json_content_type(&content_type(
            "Application/JSON; charset=UTF-8"
        )));
        assert!(!is_json_content_type(&content_type(
            "application/json; charset=latin1"
        )));
        assert!(!is_json_content_type(&content_type("text/plain")));
        assert!(!is_json_content_type(&content_type(
            "application/x-www-form-urlencoded"
        )));
        assert!(!is_json_content_type(&HeaderMap::new()));
    }

    #[test]
    fn request_parameters_are_type_checked() {
        assert!(params_from_json(json!({"query": "{a}"})).is_ok());
        assert!(
            params_from_json(json!([{"query": "{a}"}])).is_err(),
            "batches are refused"
        );
        assert!(params_from_json(json!({"query": 1})).is_err());
        assert!(params_from_json(json!({"query": "{a}", "variables": []})).is_err());
        assert!(params_from_json(json!({"query": "{a}", "operationName": 3})).is_err());
        assert!(params_from_json(json!({})).is_err());
    }

    #[test]
    fn query_strings_decode_like_forms() {
        let p = params_from_query_string(Some("query=%7B%20me%20%7B%20user%20%7B%20id%20%7D%20%7D%20%7D&variables=%7B%22a%22%3A1%7D&operationName=")).unwrap();
        assert_eq!(p.query, "{ me { user { id } } }");
        assert_eq!(p.variables.unwrap()["a"], json!(1));
        assert_eq!(percent_decode("a+b%2"), "a b%2");
    }

    #[test]
    fn mutations_are_recognised_for_the_get_check() {
        let p = |q: &str, op: Option<&str>| Params {
            query: q.into(),
            operation_name: op.map(Into::into),
            variables: None,
            extensions: None,
        };
        assert_eq!(
            selected_operation_type(&p("mutation { signOut }", None)),
            Some(OperationType::Mutation)
        );
        assert_eq!(
            selected_operation_type(&p(
                "query A { me { __typename } } mutation B { signOut }",
                Some("B")
            )),
            Some(OperationType::Mutation)
        );
        assert_eq!(
            selected_operation_type(&p("{ __typename }", None)),
            Some(OperationType::Query)
        );
    }
}
