//! GraphQL over HTTP (DESIGN §10): content types, methods, sizes, status
//! codes, and the limits on query shape.

use orkesta_tests::{Backend, TestServer};
use serde_json::{Value, json};

async fn sqlite() -> TestServer {
    TestServer::start(Backend::Sqlite).await
}

async fn post_raw(
    server: &TestServer,
    content_type: Option<&str>,
    accept: Option<&str>,
    body: Vec<u8>,
) -> (u16, String, String) {
    let mut request = server.client.post(server.url("/graphql")).body(body);
    if let Some(ct) = content_type {
        request = request.header("content-type", ct);
    }
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let ct = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, response.text().await.unwrap())
}

const TYPENAME: &[u8] = br#"{"query":"{ __typename }"}"#;
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

#[tokio::test]
async fn non_json_content_types_are_415() {
    let server = sqlite().await;
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/json; charset=latin1"),
        Some("application/graphql"),
    ] {
        let (status, _, _) = post_raw(&server, ct, None, TYPENAME.to_vec()).await;
        assert_eq!(status, 415, "{ct:?}");
    }
    let (status, _, _) = post_raw(
        &server,
        Some("application/json; charset=utf-8"),
        None,
        TYPENAME.to_vec(),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn compressed_bodies_are_refused_not_decompressed() {
    let server = sqlite().await;
    let response = server
        .client
        .post(server.url("/graphql"))
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(TYPENAME.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let server =
        TestServer::start_with(Backend::Sqlite, &[("ORKESTA_MAX_BODY_BYTES", "1024")]).await;
    let padding = "x".repeat(2000);
    let body = format!(r#"{{"query":"{{ __typename }}","extensions":{{"pad":"{padding}"}}}}"#);
    let (status, _, _) = post_raw(&server, Some("application/json"), None, body.into_bytes()).await;
    assert_eq!(status, 413);
    // Without Content-Length (chunked), the limit holds while reading.
    let status = post_chunked(&server, &[&[b' '; 800], &[b' '; 800], TYPENAME]).await;
    assert_eq!(status, 413);
}

/// A chunked POST over a raw connection; returns the status code.
async fn post_chunked(server: &TestServer, chunks: &[&[u8]]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = server.base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request = format!("POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").into_bytes();
    for chunk in chunks {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    // The server may answer and close before reading everything.
    let _ = stream.write_all(&request).await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"))
}

#[tokio::test]
async fn invalid_json_and_batches_are_400() {
    let server = sqlite().await;
    for body in [
        &b"{not json"[..],
        br#"[{"query":"{ __typename }"}]"#,
        br#"{"query": 5}"#,
        br#"{"variables": {}}"#,
        br#"{"query":"{ __typename }","variables":[1]}"#,
    ] {
        for accept in [None, Some(GRAPHQL_RESPONSE)] {
            let (status, _, text) =
                post_raw(&server, Some("application/json"), accept, body.to_vec()).await;
            assert_eq!(
                status,
                400,
                "{} with {accept:?}: {text}",
                String::from_utf8_lossy(body)
            );
        }
    }
}

#[tokio::test]
async fn graphql_response_json_uses_the_spec_status_codes() {
    let server = sqlite().await;
    let cases = [
        (
            br#"{"query":"{ __typename"}"#.to_vec(),
            400,
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            br#"{"query":"{ noSuchField }"}"#.to_vec(),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ];
    for (body, status, code) in cases {
        let (got, ct, text) = post_raw(
            &server,
            Some("application/json"),
            Some(GRAPHQL_RESPONSE),
            body.clone(),
        )
        .await;
        assert_eq!(got, status, "{text}");
        assert!(ct.starts_with(GRAPHQL_RESPONSE));
        let json: Value = serde_json::from_str(&text).unwrap();
        assert!(
            json.get("data").is_none(),
            "request errors carry no data: {text}"
        );
        assert_eq!(json["errors"][0]["extensions"]["code"], code);
        // Plain application/json: 200 with the same errors.
        let (got, ct, text) = post_raw(
            &server,
            Some("application/json"),
            Some("application/json"),
            body,
        )
        .await;
        assert_eq!(got, 200, "{text}");
        assert!(ct.starts_with("application/json"));
    }
    let (status, ct, _) = post_raw(
        &server,
        Some("application/json"),
        Some(GRAPHQL_RESPONSE),
        TYPENAME.to_vec(),
    )
    .await;
    assert_eq!((status, ct.starts_with(GRAPHQL_RESPONSE)), (200, true));
}

#[tokio::test]
async fn unacceptable_accept_headers_are_406() {
    let server = sqlite().await;
    let (status, _, _) = post_raw(
        &server,
        Some("application/json"),
        Some("text/html"),
        TYPENAME.to_vec(),
    )
    .await;
    assert_eq!(status, 406);
}

#[tokio::test]
async fn get_runs_queries_but_not_mutations() {
    let server = sqlite().await;
    let ok = server
        .client
        .get(server.url("/graphql"))
        .query(&[("query", "{ __typename }")])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.json::<Value>().await.unwrap(),
        json!({ "data": { "__typename": "Query" } })
    );

    let mutation = server
        .client
        .get(server.url("/graphql"))
        .query(&[("query", "mutation { signOut }")])
        .send()
        .await
        .unwrap();
    assert_eq!(mutation.status(), 405);
    assert_eq!(mutation.headers()["allow"], "POST");

    let named = server
        .client
        .get(server.url("/graphql"))
        .query(&[
            ("query", "query Q { __typename } mutation M { signOut }"),
            ("operationName", "M"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(named.status(), 405);

    let put = server
        .client
        .put(server.url("/graphql"))
        .body(TYPENAME.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 405);
}

/// A selection nested deeper than the limit, through introspection.
fn nested(depth: usize) -> String {
    let mut query = String::from("{ __schema { types { fields { type ");
    let mut levels = 4;
    let mut close = String::from(" } } } }");
    while levels < depth {
        query.push_str("{ ofType ");
        close.push_str(" }");
        levels += 1;
    }
    format!("{query}{{ name }}{close}")
}

#[tokio::test]
async fn queries_deeper_than_the_limit_are_query_too_deep() {
    let server = sqlite().await;
    let ok = server.gql(&nested(15), json!({})).await;
    assert!(ok.body.get("errors").is_none(), "{}", ok.body);
    let deep = server.gql(&nested(20), json!({})).await;
    deep.assert_error("GRAPHQL_VALIDATION_FAILED", Some("QUERY_TOO_DEEP"));
}

#[tokio::test]
async fn queries_over_the_complexity_limit_are_query_too_complex() {
    let server = TestServer::start_with(Backend::Sqlite, &[("ORKESTA_MAX_COMPLEXITY", "3")]).await;
    let r = server
        .gql("{ me { user { id email name } } }", json!({}))
        .await;
    r.assert_error("GRAPHQL_VALIDATION_FAILED", Some("QUERY_TOO_COMPLEX"));
}

#[tokio::test]
async fn too_many_directives_on_a_field_are_refused() {
    let server = sqlite().await;
    let directives = "@include(if: true) ".repeat(6);
    let r = server
        .gql(&format!("{{ __typename {directives} }}"), json!({}))
        .await;
    r.assert_error("GRAPHQL_VALIDATION_FAILED", Some("TOO_MANY_DIRECTIVES"));
}

#[tokio::test]
async fn argument_values_of_the_wrong_type_are_bad_user_input() {
    let server = sqlite().await;
    let r = server
        .gql(
            "mutation($input: SignInInput!) { signIn(input: $input) { token } }",
            json!({ "input": { "email": 5, "password": "x" } }),
        )
        .await;
    assert!(
        matches!(r.code(), "BAD_USER_INPUT" | "GRAPHQL_VALIDATION_FAILED"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn browsers_from_other_origins_are_refused_unless_configured() {
    let closed = sqlite().await;
    let preflight = |server: &TestServer| {
        server
            .client
            .request(reqwest::Method::OPTIONS, server.url("/graphql"))
            .header("origin", "http://app.example")
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, authorization",
            )
            .send()
    };
    let response = preflight(&closed).await.unwrap();
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let open = TestServer::start_with(
        Backend::Sqlite,
        &[("ORKESTA_CORS_ORIGINS", "http://app.example")],
    )
    .await;
    let response = preflight(&open).await.unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "http://app.example"
    );
}
