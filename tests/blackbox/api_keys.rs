//! Workspace API keys (DESIGN §6): creation with the secret shown once,
//! authentication, access sets, isolation between workspaces, revocation,
//! expiry and usage tracking.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use orkesta_server::db::schema::api_keys;
use orkesta_server::db::{DbError, now};
use orkesta_server::with_conn;
use orkesta_tests::{Person, TestServer, on_both_backends};
use serde_json::{Value, json};

const CREATE: &str = "mutation($ws: String!, $name: String!, $access: ApiKeyAccess!, $expires: DateTime) { createApiKey(input: { workspaceSlug: $ws, name: $name, access: $access, expiresAt: $expires }) { secret apiKey { id name prefix access createdBy { email } createdAt expiresAt lastUsedAt lastUsedIp revokedAt } } }";
const REVOKE: &str = "mutation($ws: String!, $id: ID!) { revokeApiKey(input: { workspaceSlug: $ws, apiKeyId: $id }) { apiKey { revokedAt } } }";

async fn create_key(
    server: &TestServer,
    admin: &Person,
    ws: &str,
    access: &str,
) -> (String, String) {
    let r = server
        .gql_as(
            Some(&admin.token),
            CREATE,
            json!({ "ws": ws, "name": "ci", "access": access }),
        )
        .await;
    let payload = &r.data()["createApiKey"];
    (
        payload["secret"].as_str().unwrap().to_owned(),
        payload["apiKey"]["id"].as_str().unwrap().to_owned(),
    )
}

/// Shifts a key's timestamps into the past (fixture).
async fn age_key(
    server: &TestServer,
    secret_prefix: &str,
    expires_minutes_ago: Option<i64>,
    last_used_minutes_ago: Option<i64>,
) {
    let db = orkesta_tests::server::storage(server).await;
    let prefix = secret_prefix.to_owned();
    db.write::<_, DbError>(move |mut conn| {
        Box::pin(async move {
            let past = |m: i64| now() - chrono::Duration::minutes(m);
            if let Some(m) = expires_minutes_ago {
                with_conn!(&mut conn, c => diesel::update(api_keys::table.filter(api_keys::prefix.eq(&prefix))).set(api_keys::expires_at.eq(Some(past(m)))).execute(c).await)?;
            }
            if let Some(m) = last_used_minutes_ago {
                with_conn!(&mut conn, c => diesel::update(api_keys::table.filter(api_keys::prefix.eq(&prefix))).set(api_keys::last_used_at.eq(Some(past(m)))).execute(c).await)?;
            }
            Ok(())
        })
    })
    .await
    .unwrap();
}

on_both_backends! {
    async fn a_key_is_shown_once_and_authenticates_as_itself(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let r = server.gql_as(Some(&ada.token), CREATE, json!({ "ws": "acme", "name": " Deploy ", "access": "READ_ONLY" })).await;
        let payload = &r.data()["createApiKey"];
        let secret = payload["secret"].as_str().unwrap();
        assert!(secret.starts_with("ork_") && secret.len() == 43, "{secret}");
        let key = &payload["apiKey"];
        assert_eq!((key["name"].as_str(), key["access"].as_str(), key["prefix"].as_str()), (Some("Deploy"), Some("READ_ONLY"), Some(&secret[..8])));
        assert_eq!(key["createdBy"]["email"], "ada@example.com");
        assert_eq!((&key["lastUsedAt"], &key["revokedAt"]), (&Value::Null, &Value::Null));

        let me = server.gql_as(Some(secret), "{ me { user { id } apiKey { id name } workspaces { totalCount nodes { slug viewerRole { key } viewerPermissions } } } }", json!({})).await;
        let me = &me.data()["me"];
        assert_eq!(me["user"], Value::Null);
        assert_eq!(me["apiKey"]["id"], key["id"]);
        assert_eq!(me["workspaces"]["totalCount"], 1);
        let ws = &me["workspaces"]["nodes"][0];
        assert_eq!((ws["slug"].as_str(), &ws["viewerRole"]), (Some("acme"), &Value::Null));
        assert_eq!(ws["viewerPermissions"], json!(["WORKSPACE_READ", "BILLING_READ", "MEMBERS_READ", "AUDIT_LOG_READ", "PROJECT_READ"]));

        // Listed without its secret.
        let list = server.gql_as(Some(&ada.token), "{ workspace(slug: \"acme\") { apiKeys { totalCount nodes { id prefix lastUsedAt lastUsedIp } } } }", json!({})).await;
        let listed = &list.data()["workspace"]["apiKeys"];
        assert_eq!(listed["totalCount"], 1);
        assert!(!list.body.to_string().contains(&secret[8..]), "the secret is never shown again");
        assert!(listed["nodes"][0]["lastUsedAt"].is_string(), "the key was used");
        assert_eq!(listed["nodes"][0]["lastUsedIp"], "127.0.0.1");
    }
}

on_both_backends! {
    async fn creation_refuses_past_expiry_bad_names_and_escalation(server: TestServer) {
        let ada = server.person("ada").await;
        let kim = server.person("kim").await;
        server.workspace(&ada, "acme").await;
        let r = server.gql_as(Some(&ada.token), CREATE, json!({ "ws": "acme", "name": "k", "access": "READ_ONLY", "expires": "2020-01-01T00:00:00Z" })).await;
        r.assert_error("BAD_USER_INPUT", Some("INVALID_EXPIRY"));
        assert_eq!(r.field(), Some("expiresAt"));
        server.gql_as(Some(&ada.token), CREATE, json!({ "ws": "acme", "name": "  ", "access": "READ_ONLY" })).await.assert_error("BAD_USER_INPUT", Some("INVALID_NAME"));
        // A key manager who cannot read the audit log cannot mint a key that can.
        server.gql_as(Some(&ada.token), "mutation { createRole(input: { workspaceSlug: \"acme\", key: \"keys\", name: \"Keys\", permissions: [WORKSPACE_READ, API_KEYS_MANAGE, MEMBERS_READ, PROJECT_READ, BILLING_READ] }) { role { id } } }", json!({})).await.data();
        server.add_member("acme", &kim, "keys").await;
        server.gql_as(Some(&kim.token), CREATE, json!({ "ws": "acme", "name": "k", "access": "READ_ONLY" })).await.assert_error("FORBIDDEN", Some("ESCALATION"));
        let future = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
        let ok = server.gql_as(Some(&ada.token), CREATE, json!({ "ws": "acme", "name": "k", "access": "READ_WRITE", "expires": future })).await;
        assert!(ok.data()["createApiKey"]["apiKey"]["expiresAt"].is_string());
    }
}

on_both_backends! {
    async fn access_sets_bound_what_keys_do(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        let (ro, _) = create_key(&server, &ada, "acme", "READ_ONLY").await;
        let (rw, _) = create_key(&server, &ada, "acme", "READ_WRITE").await;
        let read = "{ workspace(slug: \"acme\") { projects { nodes { slug members { totalCount } } } members { totalCount } } }";
        for key in [&ro, &rw] {
            let r = server.gql_as(Some(key), read, json!({})).await;
            assert_eq!(r.data()["workspace"]["projects"]["nodes"][0]["slug"], "web", "keys see every project");
        }
        let create = "mutation { createProject(input: { workspaceSlug: \"acme\", slug: \"api\", name: \"API\" }) { project { slug viewerRole { key } viewerPermissions } } }";
        server.gql_as(Some(&ro), create, json!({})).await.assert_error("FORBIDDEN", Some("INSUFFICIENT_SCOPE"));
        let made = server.gql_as(Some(&rw), create, json!({})).await;
        assert_eq!(made.data()["createProject"]["project"]["viewerRole"], Value::Null);
        for forbidden in [
            "mutation { deleteProject(input: { workspaceSlug: \"acme\", projectSlug: \"web\" }) { deletedId } }",
            "mutation { createWorkspace(input: { slug: \"by-key\", name: \"K\" }) { workspace { id } } }",
            "mutation { createApiKey(input: { workspaceSlug: \"acme\", name: \"k\", access: READ_ONLY }) { secret } }",
            "mutation { signOut }",
            "{ workspace(slug: \"acme\") { apiKeys { totalCount } } }",
        ] {
            server.gql_as(Some(&rw), forbidden, json!({})).await.assert_error("FORBIDDEN", Some("INSUFFICIENT_SCOPE"));
        }
    }
}

on_both_backends! {
    /// A key of workspace A sees nothing of workspace B: not found, never forbidden.
    async fn a_key_sees_nothing_of_another_workspace(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "alpha").await;
        server.workspace(&ada, "beta").await;
        server.project(&ada, "beta", "secret").await;
        let beta_id = server.gql_as(Some(&ada.token), "{ workspace(slug: \"beta\") { id } }", json!({})).await.data()["workspace"]["id"].clone();
        let (key, _) = create_key(&server, &ada, "alpha", "READ_WRITE").await;
        let r = server.gql_as(Some(&key), "{ workspace(slug: \"beta\") { id } }", json!({})).await;
        assert_eq!(r.body, json!({ "data": { "workspace": null } }));
        let r = server.gql_as(Some(&key), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": beta_id })).await;
        assert_eq!(r.data()["node"], Value::Null);
        server
            .gql_as(Some(&key), "mutation { updateProject(input: { workspaceSlug: \"beta\", projectSlug: \"secret\", name: \"x\" }) { project { id } } }", json!({}))
            .await
            .assert_error("NOT_FOUND", None);
    }
}

on_both_backends! {
    /// A key with a wrong format or checksum is refused before any database read.
    async fn malformed_keys_are_refused_without_a_database_read(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let (key, _) = create_key(&server, &ada, "acme", "READ_ONLY").await;
        let mut typo: Vec<char> = key.chars().collect();
        typo[10] = if typo[10] == 'x' { 'y' } else { 'x' };
        let typo: String = typo.into_iter().collect();
        for bad in [typo.as_str(), "ork_tooshort", "ork_"] {
            let before = server.request_statements().await;
            server.gql_as(Some(bad), "{ me { apiKey { id } } }", json!({})).await.assert_error("UNAUTHENTICATED", Some("INVALID_TOKEN"));
            assert_eq!(server.request_statements().await, before, "{bad}: no statement");
        }
    }
}

on_both_backends! {
    async fn revocation_and_expiry_take_effect_on_the_next_request(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let (revoked, revoked_id) = create_key(&server, &ada, "acme", "READ_ONLY").await;
        let (expiring, _) = create_key(&server, &ada, "acme", "READ_ONLY").await;
        let probe = "{ workspace(slug: \"acme\") { slug } }";
        server.gql_as(Some(&revoked), probe, json!({})).await.data();
        let r = server.gql_as(Some(&ada.token), REVOKE, json!({ "ws": "acme", "id": revoked_id })).await;
        assert!(r.data()["revokeApiKey"]["apiKey"]["revokedAt"].is_string());
        server.gql_as(Some(&revoked), probe, json!({})).await.assert_error("UNAUTHENTICATED", Some("INVALID_TOKEN"));

        server.gql_as(Some(&expiring), probe, json!({})).await.data();
        age_key(&server, &expiring[..8], Some(1), None).await;
        server.gql_as(Some(&expiring), probe, json!({})).await.assert_error("UNAUTHENTICATED", Some("INVALID_TOKEN"));

        let listed = server.gql_as(Some(&ada.token), "{ workspace(slug: \"acme\") { a: apiKeys { totalCount } b: apiKeys(includeRevoked: true) { totalCount } } }", json!({})).await;
        assert_eq!((listed.data()["workspace"]["a"]["totalCount"].as_i64(), listed.data()["workspace"]["b"]["totalCount"].as_i64()), (Some(1), Some(2)));
        server.gql_as(Some(&ada.token), REVOKE, json!({ "ws": "acme", "id": "garbage" })).await.assert_error("NOT_FOUND", None);
    }
}

on_both_backends! {
    /// `lastUsedAt` is written at most once a minute per key.
    async fn last_use_is_recorded_at_most_once_a_minute(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let (key, _) = create_key(&server, &ada, "acme", "READ_ONLY").await;
        let last_used = || async { server.gql_as(Some(&ada.token), "{ workspace(slug: \"acme\") { apiKeys { nodes { lastUsedAt } } } }", json!({})).await.data()["workspace"]["apiKeys"]["nodes"][0]["lastUsedAt"].clone() };
        server.gql_as(Some(&key), "{ me { apiKey { id } } }", json!({})).await.data();
        let first = last_used().await;
        assert!(first.is_string());
        let before = server.request_statements().await;
        server.gql_as(Some(&key), "{ me { apiKey { id } } }", json!({})).await.data();
        let statements = server.request_statements().await - before;
        assert_eq!(last_used().await, first, "not rewritten within a minute");
        age_key(&server, &key[..8], None, Some(2)).await;
        let before = server.request_statements().await;
        server.gql_as(Some(&key), "{ me { apiKey { id } } }", json!({})).await.data();
        assert!(server.request_statements().await - before > statements, "a stale use is written");
        assert_ne!(last_used().await, first);
    }
}

on_both_backends! {
    /// Keys belong to the workspace and outlive the member who created them.
    async fn keys_outlive_their_creator(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        server.workspace(&ada, "acme").await;
        server.add_member("acme", &bob, "admin").await;
        let (key, _) = create_key(&server, &bob, "acme", "READ_ONLY").await;
        server.gql_as(Some(&ada.token), "mutation($u: ID!) { removeMember(input: { workspaceSlug: \"acme\", userId: $u }) { deletedId } }", json!({ "u": bob.id })).await.data();
        let r = server.gql_as(Some(&key), "{ workspace(slug: \"acme\") { slug } }", json!({})).await;
        assert_eq!(r.data()["workspace"]["slug"], "acme");
    }
}
