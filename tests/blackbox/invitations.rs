//! Invitations (DESIGN §7) and email verification (§4): invite, re-invite,
//! resend, revoke, accept, and every refusal on the way.

use orkesta_tests::{Person, TestServer, on_both_backends};
use serde_json::{Value, json};

const INVITE: &str = "mutation($ws: String!, $e: String!, $r: String!, $p: [InviteProjectInput!]) { inviteMember(input: { workspaceSlug: $ws, email: $e, roleKey: $r, projects: $p }) { invitation { id email status role { key } projects { projectSlug projectName project { slug } role { key } } invitedBy { email } workspaceSlug workspaceName workspace { slug } expiresAt acceptedAt } } }";
const ACCEPT: &str = "mutation($t: String!) { acceptInvitation(input: { token: $t }) { workspace { slug viewerRole { key } } member { role { key } user { email emailVerified } projects { nodes { project { slug } projectRole { key } } } } } }";
const RESEND: &str = "mutation($id: ID!) { resendInvitation(input: { invitationId: $id }) { invitation { status expiresAt } } }";
const REVOKE: &str = "mutation($id: ID!) { revokeInvitation(input: { invitationId: $id }) { invitation { status } } }";
const LIST: &str = "query($ws: String!, $s: InvitationStatus) { workspace(slug: $ws) { invitations(status: $s) { totalCount nodes { email status } } billing { seatsUsed } } }";

async fn invite(
    server: &TestServer,
    by: &Person,
    ws: &str,
    email: &str,
    role: &str,
    projects: Value,
) -> orkesta_tests::Gql {
    server
        .gql_as(
            Some(&by.token),
            INVITE,
            json!({ "ws": ws, "e": email, "r": role, "p": projects }),
        )
        .await
}

fn invitation_id(r: &orkesta_tests::Gql) -> String {
    r.data()["inviteMember"]["invitation"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

on_both_backends! {
    async fn an_invitee_accepts_with_the_mailed_token_and_joins_with_projects(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.project(&ada, "acme", "api").await;
        let r = invite(&server, &ada, "acme", "Bea@Example.com", "viewer", json!([{ "projectSlug": "web", "roleKey": "member" }, { "projectSlug": "api" }])).await;
        let inv = &r.data()["inviteMember"]["invitation"];
        assert_eq!((inv["status"].as_str(), inv["role"]["key"].as_str(), inv["invitedBy"]["email"].as_str()), (Some("PENDING"), Some("viewer"), Some("ada@example.com")));
        assert_eq!((inv["workspaceSlug"].as_str(), inv["workspaceName"].as_str(), inv["workspace"]["slug"].as_str()), (Some("acme"), Some("acme"), Some("acme")));
        assert_eq!(inv["projects"].as_array().unwrap().len(), 2);
        let seats = server.gql_as(Some(&ada.token), LIST, json!({ "ws": "acme" })).await;
        assert_eq!(seats.data()["workspace"]["billing"]["seatsUsed"], 2, "one member plus one pending invitation");

        let token = server.mailed_token("Bea@Example.com", "orki_").await;
        let bea = server.person("bea").await;
        let r = server.gql_as(Some(&bea.token), ACCEPT, json!({ "t": token })).await;
        let accepted = &r.data()["acceptInvitation"];
        assert_eq!(accepted["workspace"], json!({ "slug": "acme", "viewerRole": { "key": "viewer" } }));
        assert_eq!(accepted["member"]["user"]["emailVerified"], true, "accepting proves the mailbox");
        let mut projects: Vec<(String, Value)> = accepted["member"]["projects"]["nodes"].as_array().unwrap().iter().map(|n| (n["project"]["slug"].as_str().unwrap().to_owned(), n["projectRole"]["key"].clone())).collect();
        projects.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(projects, [("api".to_owned(), Value::Null), ("web".to_owned(), json!("member"))]);

        server.gql_as(Some(&bea.token), ACCEPT, json!({ "t": token })).await.assert_error("BAD_USER_INPUT", Some("INVITATION_USED"));
        let accepted = server.gql_as(Some(&ada.token), LIST, json!({ "ws": "acme", "s": "ACCEPTED" })).await;
        assert_eq!(accepted.data()["workspace"]["invitations"]["totalCount"], 1);
        assert!(orkesta_tests::server::audit_actions(&server).await.contains(&"invitation.accepted".to_owned()));
    }
}

on_both_backends! {
    async fn the_wrong_user_cannot_accept_and_the_invitation_stays_pending(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        invite(&server, &ada, "acme", "cy@example.com", "member", Value::Null).await.data();
        let token = server.mailed_token("cy@example.com", "orki_").await;
        let eve = server.person("eve").await;
        let r = server.gql_as(Some(&eve.token), ACCEPT, json!({ "t": token })).await;
        r.assert_error("FORBIDDEN", Some("INVITATION_EMAIL_MISMATCH"));
        let cy = server.person("cy").await;
        server.gql_as(Some(&cy.token), ACCEPT, json!({ "t": token })).await.data();
        server.gql(ACCEPT, json!({ "t": token })).await.assert_error("UNAUTHENTICATED", Some("AUTHENTICATION_REQUIRED"));
    }
}

on_both_backends! {
    async fn re_inviting_updates_the_pending_invitation_and_replaces_its_token(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        let first = invite(&server, &ada, "acme", "dee@example.com", "viewer", Value::Null).await;
        let old_token = server.mailed_token("dee@example.com", "orki_").await;
        let second = invite(&server, &ada, "acme", "DEE@example.com", "member", json!([{ "projectSlug": "web" }])).await;
        assert_eq!(invitation_id(&first), invitation_id(&second), "one invitation, updated");
        assert_eq!(second.data()["inviteMember"]["invitation"]["role"]["key"], "member");
        let new_token = server.mailed_token_other_than("dee@example.com", "orki_", &old_token).await;
        assert_ne!(old_token, new_token);
        let dee = server.person("dee").await;
        server.gql_as(Some(&dee.token), ACCEPT, json!({ "t": old_token })).await.assert_error("BAD_USER_INPUT", Some("INVITATION_INVALID"));
        let list = server.gql_as(Some(&ada.token), LIST, json!({ "ws": "acme", "s": "PENDING" })).await;
        assert_eq!(list.data()["workspace"]["invitations"]["totalCount"], 1);
        let r = server.gql_as(Some(&dee.token), ACCEPT, json!({ "t": new_token })).await;
        assert_eq!(r.data()["acceptInvitation"]["workspace"]["viewerRole"]["key"], "member");
        for garbage in ["orki_nope", "not a token", ""] {
            server.gql_as(Some(&dee.token), ACCEPT, json!({ "t": garbage })).await.assert_error("BAD_USER_INPUT", Some("INVITATION_INVALID"));
        }
    }
}

on_both_backends! {
    async fn revoked_and_expired_invitations_are_refused_and_resend_revives_expired_ones(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let revoked = invite(&server, &ada, "acme", "rev@example.com", "viewer", Value::Null).await;
        let revoked_token = server.mailed_token("rev@example.com", "orki_").await;
        let id = invitation_id(&revoked);
        assert_eq!(server.gql_as(Some(&ada.token), REVOKE, json!({ "id": id })).await.data()["revokeInvitation"]["invitation"]["status"], "REVOKED");
        let rev = server.person("rev").await;
        server.gql_as(Some(&rev.token), ACCEPT, json!({ "t": revoked_token })).await.assert_error("BAD_USER_INPUT", Some("INVITATION_REVOKED"));
        server.gql_as(Some(&ada.token), REVOKE, json!({ "id": id })).await.assert_error("CONFLICT", Some("INVITATION_NOT_PENDING"));
        server.gql_as(Some(&ada.token), RESEND, json!({ "id": id })).await.assert_error("CONFLICT", Some("INVITATION_NOT_PENDING"));

        let late = invite(&server, &ada, "acme", "late@example.com", "viewer", Value::Null).await;
        let late_token = server.mailed_token("late@example.com", "orki_").await;
        server.expire_invitations_to("late@example.com").await;
        let late_person = server.person("late").await;
        server.gql_as(Some(&late_person.token), ACCEPT, json!({ "t": late_token })).await.assert_error("BAD_USER_INPUT", Some("INVITATION_EXPIRED"));
        let expired = server.gql_as(Some(&ada.token), LIST, json!({ "ws": "acme", "s": "EXPIRED" })).await;
        assert_eq!(expired.data()["workspace"]["invitations"]["nodes"][0]["email"], "late@example.com");
        let resent = server.gql_as(Some(&ada.token), RESEND, json!({ "id": invitation_id(&late) })).await;
        assert_eq!(resent.data()["resendInvitation"]["invitation"]["status"], "PENDING");
        let fresh = server.mailed_token_other_than("late@example.com", "orki_", &late_token).await;
        assert_ne!(fresh, late_token);
        server.gql_as(Some(&late_person.token), ACCEPT, json!({ "t": fresh })).await.data();
        server.gql_as(Some(&ada.token), RESEND, json!({ "id": "garbage" })).await.assert_error("NOT_FOUND", None);
    }
}

on_both_backends! {
    async fn invitations_refuse_members_bad_values_other_domains_and_escalation(server: TestServer) {
        let ada = server.person("ada").await;
        let hr = server.person("hr").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        invite(&server, &ada, "acme", "ADA@example.com", "viewer", Value::Null).await.assert_error("CONFLICT", Some("ALREADY_MEMBER"));
        for (email, role, projects, code, reason, field) in [
            ("not-an-email", "viewer", Value::Null, "BAD_USER_INPUT", "INVALID_EMAIL", "email"),
            ("x@example.com", "ghost", Value::Null, "BAD_USER_INPUT", "UNKNOWN_ROLE", "roleKey"),
            ("x@example.com", "viewer", json!([{ "projectSlug": "nope" }]), "BAD_USER_INPUT", "UNKNOWN_PROJECT", "projects"),
            ("x@example.com", "viewer", json!([{ "projectSlug": "web", "roleKey": "ghost" }]), "BAD_USER_INPUT", "UNKNOWN_ROLE", "projects"),
        ] {
            let r = invite(&server, &ada, "acme", email, role, projects).await;
            r.assert_error(code, Some(reason));
            assert_eq!(r.field(), Some(field));
        }
        server.allow_email_domains("acme", &["Example.com"]).await;
        let r = invite(&server, &ada, "acme", "x@other.org", "viewer", Value::Null).await;
        r.assert_error("BAD_USER_INPUT", Some("EMAIL_DOMAIN_NOT_ALLOWED"));
        assert_eq!(r.field(), Some("email"));
        invite(&server, &ada, "acme", "x@EXAMPLE.com", "viewer", Value::Null).await.data();
        invite(&server, &ada, "acme", "x@sub.example.com", "viewer", Value::Null).await.assert_error("BAD_USER_INPUT", Some("EMAIL_DOMAIN_NOT_ALLOWED"));

        // A member manager grants only what it holds, at workspace and project scope.
        server.gql_as(Some(&ada.token), "mutation { createRole(input: { workspaceSlug: \"acme\", key: \"people\", name: \"People\", permissions: [WORKSPACE_READ, MEMBERS_READ, MEMBERS_MANAGE, PROJECT_READ] }) { role { id } } }", json!({})).await.data();
        server.add_member("acme", &hr, "people").await;
        server.assign(&ada, "acme", "web", &hr, None).await;
        invite(&server, &hr, "acme", "y@example.com", "admin", Value::Null).await.assert_error("FORBIDDEN", Some("ESCALATION"));
        invite(&server, &hr, "acme", "y@example.com", "viewer", json!([{ "projectSlug": "web", "roleKey": "member" }])).await.assert_error("FORBIDDEN", Some("ESCALATION"));
        invite(&server, &hr, "acme", "y@example.com", "viewer", json!([{ "projectSlug": "web" }])).await.data();
    }
}

on_both_backends! {
    /// Pending invitations show in `me.invitations` once the email is
    /// verified, with the workspace's name but not the workspace itself.
    async fn verified_users_see_their_pending_invitations(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        invite(&server, &ada, "acme", "vic@example.com", "viewer", Value::Null).await.data();
        let vic = server.person("vic").await;
        let mine = "{ me { user { emailVerified } invitations { email workspaceSlug workspaceName workspace { slug } status } } }";
        let before = server.gql_as(Some(&vic.token), mine, json!({})).await;
        assert_eq!(before.data()["me"]["invitations"], json!([]), "unverified: nothing");
        assert_eq!(server.gql_as(Some(&vic.token), "mutation { requestEmailVerification }", json!({})).await.data()["requestEmailVerification"], true);
        let token = server.mailed_token("vic@example.com", "orkv_").await;
        let verify = "mutation($t: String!) { verifyEmail(input: { token: $t }) { emailVerified } }";
        server.gql_as(Some(&ada.token), verify, json!({ "t": token })).await.assert_error("BAD_USER_INPUT", Some("INVALID_TOKEN"));
        assert_eq!(server.gql_as(Some(&vic.token), verify, json!({ "t": token })).await.data()["verifyEmail"]["emailVerified"], true);
        server.gql_as(Some(&vic.token), verify, json!({ "t": token })).await.assert_error("BAD_USER_INPUT", Some("INVALID_TOKEN"));
        let after = server.gql_as(Some(&vic.token), mine, json!({})).await;
        assert_eq!(after.data()["me"]["invitations"], json!([{ "email": "vic@example.com", "workspaceSlug": "acme", "workspaceName": "acme", "workspace": null, "status": "PENDING" }]));
        // Already verified: nothing to send.
        assert_eq!(server.gql_as(Some(&vic.token), "mutation { requestEmailVerification }", json!({})).await.data()["requestEmailVerification"], true);
    }
}

const IMPORT: &str = "mutation($ws: String!, $csv: String, $dry: Boolean) { importInvitations(input: { workspaceSlug: $ws, csvText: $csv, dryRun: $dry }) { dryRun rowsRead invited skipped errors { line column code message } invitations { email role { key } projects { projectSlug role { key } } } } }";

async fn pending_count(server: &TestServer, admin: &Person, ws: &str) -> i64 {
    let r = server
        .gql_as(
            Some(&admin.token),
            LIST,
            json!({ "ws": ws, "s": "PENDING" }),
        )
        .await;
    r.data()["workspace"]["invitations"]["totalCount"]
        .as_i64()
        .unwrap()
}

on_both_backends! {
    /// Every problem is reported with its line and column, and nothing is
    /// written.
    async fn a_csv_with_bad_lines_reports_every_problem_and_writes_nothing(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        let csv = "email,role,projects\nok@example.com,viewer,web\nnot-an-email,viewer,\nok2@example.com,ghost,\nok3@example.com,viewer,nope\nOK@example.com,viewer,\nshort@example.com,viewer\n";
        let r = server.gql_as(Some(&ada.token), IMPORT, json!({ "ws": "acme", "csv": csv })).await;
        let report = &r.data()["importInvitations"];
        let errors: Vec<(i64, Value, &str)> = report["errors"].as_array().unwrap().iter().map(|e| (e["line"].as_i64().unwrap(), e["column"].clone(), e["code"].as_str().unwrap())).collect();
        assert_eq!(errors, [
            (3, json!("email"), "INVALID_EMAIL"),
            (4, json!("role"), "UNKNOWN_ROLE"),
            (5, json!("projects"), "UNKNOWN_PROJECT"),
            (6, json!("email"), "DUPLICATE_EMAIL"),
            (7, Value::Null, "WRONG_FIELD_COUNT"),
        ]);
        assert_eq!((report["rowsRead"].as_i64(), report["invited"].as_i64(), report["skipped"].as_i64()), (Some(6), Some(0), Some(0)));
        assert_eq!(report["invitations"], json!([]));
        assert_eq!(pending_count(&server, &ada, "acme").await, 0, "nothing written");
    }
}

on_both_backends! {
    async fn a_valid_csv_invites_skips_and_updates_and_dry_runs_write_nothing(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.add_member("acme", &bob, "viewer").await;
        let csv = "\u{feff}Email,Role,Projects\r\nnew@example.com,member,\"web:viewer\"\r\nbob@example.com,viewer,\r\n\r\nother@example.com,viewer,\r\n";
        let dry = server.gql_as(Some(&ada.token), IMPORT, json!({ "ws": "acme", "csv": csv, "dry": true })).await;
        let report = &dry.data()["importInvitations"];
        assert_eq!((report["dryRun"].as_bool(), report["rowsRead"].as_i64(), report["invited"].as_i64(), report["skipped"].as_i64()), (Some(true), Some(3), Some(2), Some(1)));
        assert_eq!(pending_count(&server, &ada, "acme").await, 0, "a dry run writes nothing");

        let r = server.gql_as(Some(&ada.token), IMPORT, json!({ "ws": "acme", "csv": csv })).await;
        let report = &r.data()["importInvitations"];
        assert_eq!((report["invited"].as_i64(), report["skipped"].as_i64()), (Some(2), Some(1)));
        assert_eq!(report["invitations"][0], json!({ "email": "new@example.com", "role": { "key": "member" }, "projects": [{ "projectSlug": "web", "role": { "key": "viewer" } }] }));
        assert_eq!(pending_count(&server, &ada, "acme").await, 2);
        // The same file again: nothing to do.
        let again = server.gql_as(Some(&ada.token), IMPORT, json!({ "ws": "acme", "csv": csv })).await;
        assert_eq!((again.data()["importInvitations"]["invited"].as_i64(), again.data()["importInvitations"]["skipped"].as_i64()), (Some(0), Some(3)));
        // A changed role updates the pending invitation.
        let changed = server.gql_as(Some(&ada.token), IMPORT, json!({ "ws": "acme", "csv": "email,role\nother@example.com,member\n" })).await;
        assert_eq!(changed.data()["importInvitations"]["invited"], 1);
        assert_eq!(pending_count(&server, &ada, "acme").await, 2);
        server.gql_as(Some(&ada.token), IMPORT, json!({ "ws": "acme" })).await.assert_error("BAD_USER_INPUT", Some("INVALID_INPUT"));
    }
}

on_both_backends! {
    /// A 5,000-row file, the largest allowed, is written in one transaction.
    async fn a_five_thousand_row_import_is_written_whole(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let mut csv = String::from("email,role\n");
        for i in 0..5_000 {
            csv.push_str(&format!("user{i}@example.com,viewer\n"));
        }
        let started = std::time::Instant::now();
        let r = server.gql_as(Some(&ada.token), "mutation($csv: String!) { importInvitations(input: { workspaceSlug: \"acme\", csvText: $csv }) { invited errors { code } } }", json!({ "csv": csv })).await;
        let took = started.elapsed();
        assert_eq!(r.data()["importInvitations"]["invited"], 5_000);
        assert_eq!(pending_count(&server, &ada, "acme").await, 5_000);
        eprintln!("{:?}: 5,000-row import in {took:?} (debug build, test load)", server.backend);
        csv.push_str("one.too.many@example.com,viewer\n");
        let over = server.gql_as(Some(&ada.token), "mutation($csv: String!) { importInvitations(input: { workspaceSlug: \"acme\", csvText: $csv }) { errors { line code } } }", json!({ "csv": csv })).await;
        assert_eq!(over.data()["importInvitations"]["errors"], json!([{ "line": 5_002, "code": "TOO_MANY_ROWS" }]));
    }
}

/// A GraphQL multipart request body (graphql-multipart-request-spec) with
/// the given files, each filling `variables.<name>`.
fn multipart_body(operations: &Value, files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "orkesta-test-boundary";
    let mut body = Vec::new();
    let mut part = |headers: String, content: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"operations\"".into(),
        operations.to_string().as_bytes(),
    );
    let map: serde_json::Map<String, Value> = files
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (i.to_string(), json!([format!("variables.{name}")])))
        .collect();
    part(
        "Content-Disposition: form-data; name=\"map\"".into(),
        Value::Object(map).to_string().as_bytes(),
    );
    for (i, (_, content)) in files.iter().enumerate() {
        part(
            format!(
                "Content-Disposition: form-data; name=\"{i}\"; filename=\"people.csv\"\r\nContent-Type: text/csv"
            ),
            content,
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(
    server: &TestServer,
    token: &str,
    preflight: bool,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let mut request = server
        .client
        .post(server.url("/graphql"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body);
    if preflight {
        request = request.header("x-orkesta-preflight", "1");
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

const UPLOAD: &str = "mutation($f: Upload, $t: String) { importInvitations(input: { workspaceSlug: \"acme\", csv: $f, csvText: $t }) { invited errors { line code } } }";

on_both_backends! {
    /// `csv: Upload` over the multipart request spec, only with the
    /// preflight header, within the size and count limits.
    async fn csv_files_upload_as_multipart_with_a_preflight_header(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let operations = json!({ "query": UPLOAD, "variables": { "f": null } });
        let csv = b"email,role\nfile@example.com,viewer\n";
        let (ct, body) = multipart_body(&operations, &[("f", csv)]);
        let (status, answer) = post_multipart(&server, &ada.token, false, &ct, body.clone()).await;
        assert_eq!((status, answer["errors"][0]["extensions"]["reason"].as_str()), (400, Some("PREFLIGHT_REQUIRED")));
        let (status, answer) = post_multipart(&server, &ada.token, true, &ct, body).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["data"]["importInvitations"]["invited"], 1, "{answer}");

        // Exactly one of csv and csvText.
        let both = json!({ "query": UPLOAD, "variables": { "f": null, "t": "email,role\n" } });
        let (ct, body) = multipart_body(&both, &[("f", csv)]);
        let (_, answer) = post_multipart(&server, &ada.token, true, &ct, body).await;
        assert_eq!(answer["errors"][0]["extensions"]["reason"], "INVALID_INPUT");
        server.gql_as(Some(&ada.token), UPLOAD, json!({})).await.assert_error("BAD_USER_INPUT", Some("INVALID_INPUT"));

        // Over 1 MiB but within the upload limit: reported, not refused.
        let mut big = b"email,role\n".to_vec();
        while big.len() <= 1024 * 1024 {
            big.extend_from_slice(b"padding-padding-padding@example.com,viewer\n");
        }
        let (ct, body) = multipart_body(&operations, &[("f", &big)]);
        let (_, answer) = post_multipart(&server, &ada.token, true, &ct, body).await;
        assert_eq!(answer["data"]["importInvitations"]["errors"], json!([{ "line": 0, "code": "FILE_TOO_LARGE" }]));

        // Too many files.
        let many = json!({ "query": "mutation($a: Upload, $b: Upload, $c: Upload, $d: Upload, $e: Upload) { __typename }", "variables": { "a": null, "b": null, "c": null, "d": null, "e": null } });
        let (ct, body) = multipart_body(&many, &[("a", csv), ("b", csv), ("c", csv), ("d", csv), ("e", csv)]);
        assert_eq!(post_multipart(&server, &ada.token, true, &ct, body).await.0, 413);
    }
}

#[tokio::test]
async fn multipart_bodies_over_the_upload_limit_are_413() {
    let server = TestServer::start_with(
        orkesta_tests::Backend::Sqlite,
        &[("ORKESTA_MAX_UPLOAD_BYTES", "4096")],
    )
    .await;
    let ada = server.person("ada").await;
    let operations = json!({ "query": UPLOAD, "variables": { "f": null } });
    let (ct, body) = multipart_body(&operations, &[("f", &vec![b'a'; 8192])]);
    assert_eq!(
        post_multipart(&server, &ada.token, true, &ct, body).await.0,
        413
    );
}
