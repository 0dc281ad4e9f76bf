//! Sign up, sign in, sign out and `me` (DESIGN §4).

use orkesta_server::db::models::audit::AuditEvent;
use orkesta_server::db::models::user::User;
use orkesta_tests::{TestServer, on_both_backends};
use serde_json::{Value, json};

const SIGN_UP: &str = "mutation($input: SignUpInput!) { signUp(input: $input) { token expiresAt user { id email emailVerified name createdAt } } }";
const SIGN_IN: &str =
    "mutation($input: SignInInput!) { signIn(input: $input) { token expiresAt user { email } } }";
const ME: &str = "{ me { user { id email name } } }";

fn sign_up_input(email: &str, password: &str, name: &str) -> Value {
    json!({ "input": { "email": email, "password": password, "name": name } })
}

fn is_timestamp(value: &Value) -> bool {
    let s = value.as_str().unwrap_or_default();
    // 2026-12-03T15:04:05.123456Z
    s.len() == 27 && s.ends_with('Z') && s.as_bytes()[10] == b'T' && s.as_bytes()[19] == b'.'
}

on_both_backends! {
    async fn sign_up_creates_the_account_and_a_session(server: TestServer) {
        let r = server.gql(SIGN_UP, sign_up_input("  Ada.Lovelace@Example.com ", "correct horse", "  Ada  ")).await;
        let payload = &r.data()["signUp"];
        assert!(payload["token"].as_str().unwrap().starts_with("orks_"));
        assert_eq!(payload["user"]["email"], "Ada.Lovelace@Example.com", "stored as entered, trimmed");
        assert_eq!(payload["user"]["name"], "Ada");
        assert_eq!(payload["user"]["emailVerified"], false);
        assert!(is_timestamp(&payload["user"]["createdAt"]), "{}", payload["user"]["createdAt"]);
        assert!(is_timestamp(&payload["expiresAt"]));

        let me = server.gql_as(payload["token"].as_str(), ME, json!({})).await;
        assert_eq!(me.data()["me"]["user"]["id"], payload["user"]["id"]);
    }
}

on_both_backends! {
    async fn a_taken_email_is_a_conflict_whatever_its_case(server: TestServer) {
        server.sign_up("grace@example.com", "Grace").await;
        let r = server.gql(SIGN_UP, sign_up_input("GRACE@example.COM", "another password", "Impostor")).await;
        r.assert_error("CONFLICT", Some("EMAIL_TAKEN"));
        assert_eq!(r.field(), Some("email"));
    }
}

on_both_backends! {
    async fn sign_up_refuses_bad_values_with_reason_and_field(server: TestServer) {
        let cases = [
            (sign_up_input("not-an-email", "correct horse", "X"), "INVALID_EMAIL", "email"),
            (sign_up_input("a@example.com", "short", "X"), "WEAK_PASSWORD", "password"),
            (sign_up_input("a@example.com", &"p".repeat(129), "X"), "WEAK_PASSWORD", "password"),
            (sign_up_input("a@example.com", "correct horse", "   "), "INVALID_NAME", "name"),
        ];
        for (input, reason, field) in cases {
            let r = server.gql(SIGN_UP, input).await;
            r.assert_error("BAD_USER_INPUT", Some(reason));
            assert_eq!(r.field(), Some(field));
        }
        let me = server.gql("{ me { user { id } } }", json!({})).await;
        assert_eq!(me.data()["me"]["user"], Value::Null);
    }
}

on_both_backends! {
    /// No account enumeration: an unknown email and a wrong password give
    /// the same error with the same message.
    async fn wrong_email_and_wrong_password_look_the_same(server: TestServer) {
        server.sign_up("linus@example.com", "Linus").await;
        let wrong_password = server.gql(SIGN_IN, json!({ "input": { "email": "linus@example.com", "password": "not the password" } })).await;
        let unknown_email = server.gql(SIGN_IN, json!({ "input": { "email": "nobody@example.com", "password": "not the password" } })).await;
        wrong_password.assert_error("UNAUTHENTICATED", Some("INVALID_CREDENTIALS"));
        assert_eq!(wrong_password.body, unknown_email.body);
    }
}

on_both_backends! {
    async fn sign_in_is_case_insensitive_and_issues_a_new_session(server: TestServer) {
        let first = server.sign_up("margaret@example.com", "Margaret").await;
        let r = server.gql(SIGN_IN, json!({ "input": { "email": "Margaret@Example.com", "password": "correct horse battery" } })).await;
        let second = r.data()["signIn"]["token"].as_str().unwrap().to_owned();
        assert_ne!(first, second);
        for token in [&first, &second] {
            let me = server.gql_as(Some(token), ME, json!({})).await;
            assert_eq!(me.data()["me"]["user"]["email"], "margaret@example.com");
        }
    }
}

on_both_backends! {
    async fn anonymous_me_has_no_user(server: TestServer) {
        let me = server.gql("{ me { user { id } } }", json!({})).await;
        assert_eq!(me.body, json!({ "data": { "me": { "user": null } } }));
    }
}

on_both_backends! {
    /// A token with a wrong format or checksum is refused before any
    /// database read.
    async fn malformed_tokens_are_refused_without_a_database_read(server: TestServer) {
        let token = server.sign_up("checksum@example.com", "Checksum").await;
        let mut typo: Vec<char> = token.chars().collect();
        let i = typo.len() - 10;
        typo[i] = if typo[i] == 'a' { 'b' } else { 'a' };
        let typo: String = typo.into_iter().collect();
        for bad in [typo.as_str(), "orks_nope", "Basic abc", ""] {
            let before = server.request_statements().await;
            let r = server.gql_as(Some(bad), ME, json!({})).await;
            r.assert_error("UNAUTHENTICATED", Some("INVALID_TOKEN"));
            assert_eq!(server.request_statements().await, before, "no statement for {bad:?}");
        }
    }
}

on_both_backends! {
    async fn a_well_formed_unknown_token_is_unauthenticated(server: TestServer) {
        let token = server.sign_up("unknown@example.com", "Unknown").await;
        // Another server's token has the right format but no session here.
        let other = TestServer::start(server.backend).await;
        let r = other.gql_as(Some(&token), ME, json!({})).await;
        r.assert_error("UNAUTHENTICATED", Some("INVALID_TOKEN"));
    }
}

on_both_backends! {
    async fn sign_out_ends_only_the_calling_session(server: TestServer) {
        let first = server.sign_up("barbara@example.com", "Barbara").await;
        let r = server.gql(SIGN_IN, json!({ "input": { "email": "barbara@example.com", "password": "correct horse battery" } })).await;
        let second = r.data()["signIn"]["token"].as_str().unwrap().to_owned();

        let out = server.gql_as(Some(&first), "mutation { signOut }", json!({})).await;
        assert_eq!(out.data()["signOut"], true);
        server.gql_as(Some(&first), ME, json!({})).await.assert_error("UNAUTHENTICATED", Some("INVALID_TOKEN"));
        server.gql_as(Some(&first), "mutation { signOut }", json!({})).await.assert_error("UNAUTHENTICATED", Some("INVALID_TOKEN"));
        let still = server.gql_as(Some(&second), ME, json!({})).await;
        assert_eq!(still.data()["me"]["user"]["email"], "barbara@example.com");
    }
}

on_both_backends! {
    async fn sign_out_needs_a_session(server: TestServer) {
        server.gql("mutation { signOut }", json!({})).await.assert_error("UNAUTHENTICATED", Some("AUTHENTICATION_REQUIRED"));
    }
}

on_both_backends! {
    /// A stale token never locks anyone out of signing in or up.
    async fn sign_up_and_sign_in_ignore_the_authorization_header(server: TestServer) {
        let r = server.gql_as(Some("orks_garbage"), SIGN_UP, sign_up_input("ken@example.com", "correct horse", "Ken")).await;
        assert!(r.data()["signUp"]["token"].is_string());
        let r = server.gql_as(Some("orks_garbage"), SIGN_IN, json!({ "input": { "email": "ken@example.com", "password": "correct horse" } })).await;
        assert!(r.data()["signIn"]["token"].is_string());
    }
}

on_both_backends! {
    /// Account mutations leave user-scoped security events.
    async fn account_mutations_record_security_events(server: TestServer) {
        let token = server.sign_up("audit@example.com", "Audit").await;
        server.gql(SIGN_IN, json!({ "input": { "email": "audit@example.com", "password": "correct horse battery" } })).await.data();
        server.gql_as(Some(&token), "mutation { signOut }", json!({})).await.data();

        let db = orkesta_tests::server::storage(&server).await;
        let events = db
            .read::<_, orkesta_server::db::DbError>(|mut conn| {
                Box::pin(async move {
                    let user = User::find_by_email(&mut conn, "audit@example.com").await?.expect("the user exists");
                    Ok(AuditEvent::for_user(&mut conn, user.id, 10).await?)
                })
            })
            .await
            .unwrap();
        let actions: Vec<&str> = events.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["user.signed_up", "user.signed_in", "user.signed_out"]);
        assert!(events.iter().all(|e| e.workspace_id.is_none() && e.ip.as_deref() == Some("127.0.0.1")));
    }
}
