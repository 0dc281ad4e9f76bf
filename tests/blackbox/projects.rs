//! createProject, updateProject, archiveProject, deleteProject,
//! setProjectSetting, Workspace.projects (filters), project(slug).

use orkesta_tests::on_both_backends;
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateProjectInput!) { createProject(input: $input) { project { id slug name description environment createdAt archivedAt viewerRole { key } viewerPermissions workspace { slug } } } }";
const UPDATE: &str = "mutation($input: UpdateProjectInput!) { updateProject(input: $input) { project { slug name description environment } } }";
const ARCHIVE: &str = "mutation($input: ProjectRefInput!) { archiveProject(input: $input) { project { slug archivedAt } } }";
const DELETE: &str =
    "mutation($input: ProjectRefInput!) { deleteProject(input: $input) { deletedId } }";
const SETTING: &str = "mutation($input: SetProjectSettingInput!) { setProjectSetting(input: $input) { project { settings { key value updatedAt } } } }";
const LIST: &str = "query($ws: String!, $env: ProjectEnvironment, $archived: Boolean, $first: Int, $after: String) { workspace(slug: $ws) { projects(environment: $env, includeArchived: $archived, first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { slug } } } }";

fn slugs(r: &orkesta_tests::Gql) -> Vec<String> {
    r.data()["workspace"]["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap().to_owned())
        .collect()
}

on_both_backends! {
    async fn create_defaults_to_production_and_validates(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let r = server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "slug": "web", "name": " Web ", "description": "  Front  " } })).await;
        let p = &r.data()["createProject"]["project"];
        assert_eq!((p["slug"].as_str(), p["name"].as_str(), p["description"].as_str(), p["environment"].as_str()), (Some("web"), Some("Web"), Some("Front"), Some("PRODUCTION")));
        assert_eq!(p["archivedAt"], Value::Null);
        assert_eq!(p["viewerRole"]["key"], "admin");
        assert_eq!(p["workspace"]["slug"], "acme");
        for (input, code, reason, field) in [
            (json!({ "workspaceSlug": "acme", "slug": "web", "name": "W" }), "CONFLICT", "SLUG_TAKEN", "slug"),
            (json!({ "workspaceSlug": "acme", "slug": "We b", "name": "W" }), "BAD_USER_INPUT", "INVALID_SLUG", "slug"),
            (json!({ "workspaceSlug": "acme", "slug": "webx", "name": "" }), "BAD_USER_INPUT", "INVALID_NAME", "name"),
            (json!({ "workspaceSlug": "acme", "slug": "webx", "name": "W", "description": "d".repeat(2001) }), "BAD_USER_INPUT", "INVALID_DESCRIPTION", "description"),
        ] {
            let r = server.gql_as(Some(&ada.token), CREATE, json!({ "input": input })).await;
            r.assert_error(code, Some(reason));
            assert_eq!(r.field(), Some(field));
        }
        // "admin" is reserved for workspaces only.
        server.project(&ada, "acme", "admin").await;
        let missing = server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "nope", "slug": "web", "name": "W" } })).await;
        missing.assert_error("NOT_FOUND", None);
    }
}

on_both_backends! {
    async fn update_changes_fields_and_slug(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.project(&ada, "acme", "api").await;
        let r = server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "web", "name": "Website", "description": "new", "environment": "STAGING", "newSlug": "site" } })).await;
        assert_eq!(r.data()["updateProject"]["project"], json!({ "slug": "site", "name": "Website", "description": "new", "environment": "STAGING" }));
        let r = server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "site", "newSlug": "api" } })).await;
        r.assert_error("CONFLICT", Some("SLUG_TAKEN"));
        assert_eq!(r.field(), Some("newSlug"));
        let r = server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "web", "name": "x" } })).await;
        r.assert_error("NOT_FOUND", None);
        for (input, reason, field) in [
            (json!({ "workspaceSlug": "acme", "projectSlug": "site", "name": "  " }), "INVALID_NAME", "name"),
            (json!({ "workspaceSlug": "acme", "projectSlug": "site", "description": "d".repeat(2001) }), "INVALID_DESCRIPTION", "description"),
            (json!({ "workspaceSlug": "acme", "projectSlug": "site", "newSlug": "-bad" }), "INVALID_SLUG", "newSlug"),
        ] {
            let r = server.gql_as(Some(&ada.token), UPDATE, json!({ "input": input })).await;
            r.assert_error("BAD_USER_INPUT", Some(reason));
            assert_eq!(r.field(), Some(field));
        }
    }
}

on_both_backends! {
    async fn archived_projects_are_hidden_unless_asked_for_and_filters_apply(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        for slug in ["one", "two", "three"] {
            server.project(&ada, "acme", slug).await;
        }
        server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "three", "environment": "DEVELOPMENT" } })).await.data();
        let r = server.gql_as(Some(&ada.token), ARCHIVE, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "two" } })).await;
        let archived_at = r.data()["archiveProject"]["project"]["archivedAt"].clone();
        assert!(archived_at.is_string());
        // Archiving again keeps the first time.
        let again = server.gql_as(Some(&ada.token), ARCHIVE, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "two" } })).await;
        assert_eq!(again.data()["archiveProject"]["project"]["archivedAt"], archived_at);

        let list = |vars: Value| server.gql_as(Some(&ada.token), LIST, vars);
        assert_eq!(slugs(&list(json!({ "ws": "acme" })).await), ["one", "three"]);
        assert_eq!(slugs(&list(json!({ "ws": "acme", "archived": true })).await), ["one", "two", "three"]);
        assert_eq!(slugs(&list(json!({ "ws": "acme", "env": "DEVELOPMENT" })).await), ["three"]);
        let r = list(json!({ "ws": "acme", "archived": true, "first": 2 })).await;
        let conn = &r.data()["workspace"]["projects"];
        assert_eq!((conn["totalCount"].as_i64(), conn["pageInfo"]["hasNextPage"].as_bool()), (Some(3), Some(true)));
        let next = list(json!({ "ws": "acme", "archived": true, "first": 2, "after": conn["pageInfo"]["endCursor"] })).await;
        assert_eq!(slugs(&next), ["three"]);
        assert_eq!(next.data()["workspace"]["projects"]["pageInfo"]["hasPreviousPage"], true);
    }
}

on_both_backends! {
    async fn pagination_arguments_are_validated(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        for (vars, reason, field) in [
            (json!({ "ws": "acme", "first": 0 }), "INVALID_FIRST", "first"),
            (json!({ "ws": "acme", "first": 101 }), "INVALID_FIRST", "first"),
            (json!({ "ws": "acme", "after": "bm90LWEtY3Vyc29y" }), "INVALID_CURSOR", "after"),
        ] {
            let r = server.gql_as(Some(&ada.token), LIST, vars).await;
            r.assert_error("BAD_USER_INPUT", Some(reason));
            assert_eq!(r.field(), Some(field));
        }
        assert!(server.gql_as(Some(&ada.token), LIST, json!({ "ws": "acme", "first": 100 })).await.body.get("errors").is_none());
    }
}

on_both_backends! {
    async fn delete_removes_the_project_and_frees_its_slug(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        let r = server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "web" } })).await;
        assert!(r.data()["deleteProject"]["deletedId"].is_string());
        let gone = server.gql_as(Some(&ada.token), "{ workspace(slug: \"acme\") { project(slug: \"web\") { id } } }", json!({})).await;
        assert_eq!(gone.data()["workspace"]["project"], Value::Null);
        server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "web" } })).await.assert_error("NOT_FOUND", None);
        server.project(&ada, "acme", "web").await;
    }
}

on_both_backends! {
    async fn settings_are_set_replaced_and_removed(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        let set = |key: &str, value: Value| server.gql_as(Some(&ada.token), SETTING, json!({ "input": { "workspaceSlug": "acme", "projectSlug": "web", "key": key, "value": value } }));
        set("theme", json!({ "dark": true, "accent": [1, 2] })).await.data();
        let r = set("theme", json!("light")).await;
        let settings = r.data()["setProjectSetting"]["project"]["settings"].as_array().unwrap().clone();
        assert_eq!(settings.len(), 1);
        assert_eq!(settings[0]["value"], "light");
        set("limits.max", json!(5)).await.data();
        let r = set("theme", Value::Null).await;
        let keys: Vec<&str> = r.data()["setProjectSetting"]["project"]["settings"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
        assert_eq!(keys, ["limits.max"]);
        let bad = set("has space", json!(1)).await;
        bad.assert_error("BAD_USER_INPUT", Some("INVALID_SETTING_KEY"));
        assert_eq!(bad.field(), Some("key"));
        let huge = set("big", json!("x".repeat(70 * 1024))).await;
        huge.assert_error("BAD_USER_INPUT", Some("INVALID_SETTING_VALUE"));
        assert_eq!(huge.field(), Some("value"));
    }
}
