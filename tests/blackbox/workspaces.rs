//! createWorkspace, updateWorkspace, deleteWorkspace, workspace(slug),
//! viewerRole / viewerPermissions, roles, Me.workspaces.

use orkesta_tests::on_both_backends;
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) { workspace { id slug name timezone createdAt viewerRole { key builtin } viewerPermissions roles { key name builtin } } } }";
const UPDATE: &str = "mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { slug name timezone } } }";
const DELETE: &str =
    "mutation($input: DeleteWorkspaceInput!) { deleteWorkspace(input: $input) { deletedId } }";
const BY_SLUG: &str = "query($slug: String!) { workspace(slug: $slug) { id slug name } }";

on_both_backends! {
    async fn creator_becomes_admin_with_builtin_roles(server: TestServer) {
        let ada = server.person("ada").await;
        let r = server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "slug": "acme", "name": "  Acme Inc  " } })).await;
        let ws = &r.data()["createWorkspace"]["workspace"];
        assert_eq!(ws["slug"], "acme");
        assert_eq!(ws["name"], "Acme Inc");
        assert_eq!(ws["timezone"], "UTC");
        assert_eq!(ws["viewerRole"], json!({ "key": "admin", "builtin": true }));
        assert_eq!(ws["viewerPermissions"].as_array().unwrap().len(), 15);
        let keys: Vec<&str> = ws["roles"].as_array().unwrap().iter().map(|r| r["key"].as_str().unwrap()).collect();
        assert_eq!(keys, ["admin", "member", "viewer"]);

        let mine = server.gql_as(Some(&ada.token), "{ me { workspaces { totalCount nodes { slug } } } }", json!({})).await;
        assert_eq!(mine.data()["me"]["workspaces"], json!({ "totalCount": 1, "nodes": [{ "slug": "acme" }] }));
    }
}

on_both_backends! {
    async fn create_refuses_bad_slugs_names_and_timezones(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "taken").await;
        let cases = [
            (json!({ "slug": "Acme", "name": "A" }), "BAD_USER_INPUT", "INVALID_SLUG", "slug"),
            (json!({ "slug": "ab", "name": "A" }), "BAD_USER_INPUT", "INVALID_SLUG", "slug"),
            (json!({ "slug": "graphql", "name": "A" }), "BAD_USER_INPUT", "RESERVED_SLUG", "slug"),
            (json!({ "slug": "fine", "name": " " }), "BAD_USER_INPUT", "INVALID_NAME", "name"),
            (json!({ "slug": "fine", "name": "A", "timezone": "Mars/Base" }), "BAD_USER_INPUT", "INVALID_TIMEZONE", "timezone"),
            (json!({ "slug": "taken", "name": "A" }), "CONFLICT", "SLUG_TAKEN", "slug"),
        ];
        for (input, code, reason, field) in cases {
            let r = server.gql_as(Some(&ada.token), CREATE, json!({ "input": input })).await;
            r.assert_error(code, Some(reason));
            assert_eq!(r.field(), Some(field), "{}", r.body);
        }
        let r = server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "slug": "fine", "name": "Fine", "timezone": "Europe/Istanbul" } })).await;
        assert_eq!(r.data()["createWorkspace"]["workspace"]["timezone"], "Europe/Istanbul");
    }
}

on_both_backends! {
    async fn anonymous_callers_are_unauthenticated_and_outsiders_see_nothing(server: TestServer) {
        let ada = server.person("ada").await;
        let eve = server.person("eve").await;
        server.workspace(&ada, "acme").await;
        server.gql(CREATE, json!({ "input": { "slug": "anon", "name": "A" } })).await.assert_error("UNAUTHENTICATED", Some("AUTHENTICATION_REQUIRED"));
        server.gql(BY_SLUG, json!({ "slug": "acme" })).await.assert_error("UNAUTHENTICATED", Some("AUTHENTICATION_REQUIRED"));
        // A non-member sees exactly what a missing workspace looks like.
        let hidden = server.gql_as(Some(&eve.token), BY_SLUG, json!({ "slug": "acme" })).await;
        let missing = server.gql_as(Some(&eve.token), BY_SLUG, json!({ "slug": "nope-nope" })).await;
        assert_eq!(hidden.body, json!({ "data": { "workspace": null } }));
        assert_eq!(hidden.body, missing.body);
        // Lookups never validate syntax: an impossible slug is just not found.
        let impossible = server.gql_as(Some(&eve.token), BY_SLUG, json!({ "slug": "NOT A SLUG" })).await;
        assert_eq!(impossible.body, missing.body);
        let r = server.gql_as(Some(&eve.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "name": "Pwned" } })).await;
        r.assert_error("NOT_FOUND", None);
    }
}

on_both_backends! {
    async fn update_renames_and_the_old_slug_stops_resolving(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.workspace(&ada, "other").await;
        let r = server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "newSlug": "acme-two", "name": "Acme 2", "timezone": "Asia/Tokyo" } })).await;
        assert_eq!(r.data()["updateWorkspace"]["workspace"], json!({ "slug": "acme-two", "name": "Acme 2", "timezone": "Asia/Tokyo" }));
        let old = server.gql_as(Some(&ada.token), BY_SLUG, json!({ "slug": "acme" })).await;
        assert_eq!(old.data()["workspace"], Value::Null);
        let taken = server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme-two", "newSlug": "other" } })).await;
        taken.assert_error("CONFLICT", Some("SLUG_TAKEN"));
        assert_eq!(taken.field(), Some("newSlug"));
        for (input, reason, field) in [
            (json!({ "workspaceSlug": "acme-two", "newSlug": "Bad" }), "INVALID_SLUG", "newSlug"),
            (json!({ "workspaceSlug": "acme-two", "newSlug": "admin" }), "RESERVED_SLUG", "newSlug"),
            (json!({ "workspaceSlug": "acme-two", "name": "" }), "INVALID_NAME", "name"),
            (json!({ "workspaceSlug": "acme-two", "timezone": "utc" }), "INVALID_TIMEZONE", "timezone"),
        ] {
            let r = server.gql_as(Some(&ada.token), UPDATE, json!({ "input": input })).await;
            r.assert_error("BAD_USER_INPUT", Some(reason));
            assert_eq!(r.field(), Some(field));
        }
    }
}

on_both_backends! {
    async fn delete_needs_the_confirmation_and_removes_everything(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        let r = server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "confirmSlug": "acme-typo" } })).await;
        r.assert_error("BAD_USER_INPUT", Some("CONFIRMATION_MISMATCH"));
        assert_eq!(r.field(), Some("confirmSlug"));
        let id = server.gql_as(Some(&ada.token), BY_SLUG, json!({ "slug": "acme" })).await.data()["workspace"]["id"].clone();
        let r = server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "confirmSlug": "acme" } })).await;
        assert_eq!(r.data()["deleteWorkspace"]["deletedId"], id);
        assert_eq!(server.gql_as(Some(&ada.token), BY_SLUG, json!({ "slug": "acme" })).await.data()["workspace"], Value::Null);
        // The slug is free again.
        server.workspace(&ada, "acme").await;
    }
}

on_both_backends! {
    async fn workspace_mutations_record_audit_events_and_delete_keeps_its_own(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "name": "Renamed" } })).await.data();
        server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "confirmSlug": "acme" } })).await.data();
        let actions = orkesta_tests::server::audit_actions(&server).await;
        for expected in ["workspace.created", "workspace.updated", "workspace.deleted"] {
            assert!(actions.iter().any(|a| a == expected), "{expected} missing from {actions:?}");
        }
    }
}
