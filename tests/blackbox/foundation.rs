//! The server starts with defaults, answers GraphQL, serves GraphiQL and
//! the operational endpoints, and stops cleanly on SIGTERM.

use orkesta_tests::{TestServer, on_both_backends};
use serde_json::json;

on_both_backends! {
    /// The README's curl, byte for byte.
    async fn typename_answers_exactly_as_documented(server: TestServer) {
        let body = server
            .client
            .post(server.url("/graphql"))
            .header("content-type", "application/json")
            .body(r#"{"query":"{ __typename }"}"#)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(body, r#"{"data":{"__typename":"Query"}}"#);
    }
}

on_both_backends! {
    async fn root_serves_graphiql_with_every_asset_from_the_server_itself(server: TestServer) {
        let response = server.client.get(server.url("/")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(policy.starts_with("default-src 'self'"), "{policy}");
        let html = response.text().await.unwrap();
        assert!(html.contains("GraphiQL"));

        let references: Vec<&str> = ["src=\"", "href=\""]
            .iter()
            .flat_map(|attribute| html.split(attribute).skip(1))
            .filter_map(|rest| rest.split('"').next())
            .filter(|url| !url.starts_with("data:"))
            .collect();
        assert_eq!(references.len(), 6, "{references:?}");
        for url in references {
            assert!(url.starts_with('/') && !url.starts_with("//"), "{url} is not on this server");
            let asset = server.client.get(server.url(url)).send().await.unwrap();
            assert_eq!(asset.status(), 200, "{url}");
            let content_type = asset.headers()["content-type"].to_str().unwrap().to_owned();
            let expected = if url.ends_with(".css") { "text/css" } else { "text/javascript" };
            assert!(content_type.starts_with(expected), "{url}: {content_type}");
            assert!(!asset.bytes().await.unwrap().is_empty(), "{url}");
        }
        let mount = server.client.get(server.url("/assets/orkesta-graphiql.js")).send().await.unwrap();
        assert!(mount.text().await.unwrap().contains("/graphql"));
        let unknown = server.client.get(server.url("/assets/graphiql-0.0.0/graphiql.min.js")).send().await.unwrap();
        assert_eq!(unknown.status(), 404);
    }
}

on_both_backends! {
    async fn health_and_readiness_answer(server: TestServer) {
        for path in ["/healthz", "/readyz"] {
            let response = server.client.get(server.url(path)).send().await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
        }
    }
}

on_both_backends! {
    /// Every SQL statement a request runs is counted under source="request".
    async fn metrics_count_request_statements(server: TestServer) {
        let text = server.client.get(server.url("/metrics")).send().await.unwrap().text().await.unwrap();
        assert!(text.contains("# TYPE orkesta_db_statements_total counter"));
        assert!(text.contains("orkesta_db_statements_total{source=\"background\"}"));
        let before = server.request_statements().await;
        server.gql("{ __typename }", json!({})).await;
        assert_eq!(server.request_statements().await, before, "__typename needs no database");
        server.sign_up("metrics@example.com", "Metrics").await;
        let after = server.request_statements().await;
        assert!(after >= before + 3, "sign-up inserts a user, a session and an audit event ({before} → {after})");
    }
}

on_both_backends! {
    async fn sigterm_stops_the_server_cleanly(server: TestServer) {
        let url = server.url("/healthz");
        let status = server.stop().await;
        assert!(status.success(), "exit status {status:?}");
        assert!(reqwest::get(url).await.is_err(), "nothing listens after shutdown");
    }
}

on_both_backends! {
    /// Data survives a restart: the file (SQLite) or database (PostgreSQL)
    /// is reused and migrations are not applied twice.
    async fn data_survives_a_restart(server: TestServer) {
        let token = server.sign_up("restart@example.com", "Restart").await;
        let (backend, url, dir) = (server.backend, server.database_url.clone(), server.dir().clone());
        assert!(server.stop().await.success());
        let again = TestServer::start_on(backend, url, dir, &[]).await;
        let me = again.gql_as(Some(&token), "{ me { user { email } } }", json!({})).await;
        assert_eq!(me.data()["me"]["user"]["email"], "restart@example.com");
        assert!(again.log().contains("applied=0"), "second start applies no migration");
    }
}
