//! createRole, updateRole, deleteRole and the limits on custom roles.

use orkesta_tests::on_both_backends;
use serde_json::json;

const CREATE: &str = "mutation($input: CreateRoleInput!) { createRole(input: $input) { role { id key name description builtin permissions } } }";
const UPDATE: &str = "mutation($input: UpdateRoleInput!) { updateRole(input: $input) { role { key name description permissions } } }";
const DELETE: &str =
    "mutation($input: DeleteRoleInput!) { deleteRole(input: $input) { deletedId } }";

on_both_backends! {
    async fn custom_roles_are_created_changed_and_deleted(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let r = server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": "billing", "name": "Billing", "description": "Money", "permissions": ["BILLING_MANAGE", "BILLING_READ"] } })).await;
        let role = &r.data()["createRole"]["role"];
        assert_eq!(role["builtin"], false);
        assert_eq!(role["permissions"], json!(["BILLING_READ", "BILLING_MANAGE"]));
        let r = server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "key": "billing", "name": "Finance", "permissions": ["BILLING_READ"] } })).await;
        assert_eq!(r.data()["updateRole"]["role"], json!({ "key": "billing", "name": "Finance", "description": "Money", "permissions": ["BILLING_READ"] }));
        let r = server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "key": "billing" } })).await;
        assert_eq!(r.data()["deleteRole"]["deletedId"], role["id"]);
        server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "key": "billing" } })).await.assert_error("NOT_FOUND", None);
    }
}

on_both_backends! {
    async fn role_keys_are_validated_reserved_and_unique(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let create = |key: &str| server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": key, "name": "R", "permissions": [] } }));
        create("ops").await.data();
        for (key, code, reason) in [("viewer", "BAD_USER_INPUT", "RESERVED_SLUG"), ("Ops", "BAD_USER_INPUT", "INVALID_SLUG"), ("ops", "CONFLICT", "SLUG_TAKEN")] {
            let r = create(key).await;
            r.assert_error(code, Some(reason));
            assert_eq!(r.field(), Some("key"));
        }
    }
}

on_both_backends! {
    async fn builtin_roles_cannot_be_changed_or_deleted(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "key": "viewer", "name": "Reader" } })).await.assert_error("BAD_USER_INPUT", Some("BUILTIN_ROLE_IMMUTABLE"));
        server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "key": "admin" } })).await.assert_error("BAD_USER_INPUT", Some("BUILTIN_ROLE_IMMUTABLE"));
        server.gql_as(Some(&ada.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "key": "ghost", "name": "G" } })).await.assert_error("NOT_FOUND", None);
    }
}

on_both_backends! {
    async fn a_role_in_use_cannot_be_deleted(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": "held", "name": "Held", "permissions": ["WORKSPACE_READ"] } })).await.data();
        server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": "assigned", "name": "Assigned", "permissions": ["PROJECT_READ"] } })).await.data();
        server.add_member("acme", &bob, "held").await;
        server.assign(&ada, "acme", "web", &bob, Some("assigned")).await;
        for key in ["held", "assigned"] {
            server.gql_as(Some(&ada.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "key": key } })).await.assert_error("CONFLICT", Some("ROLE_IN_USE"));
        }
    }
}

on_both_backends! {
    async fn the_fifty_first_custom_role_is_refused(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        for i in 0..50 {
            server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": format!("role-{i}"), "name": "R", "permissions": [] } })).await.data();
        }
        let r = server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": "role-50", "name": "R", "permissions": [] } })).await;
        r.assert_error("CONFLICT", Some("ROLE_LIMIT"));
    }
}

on_both_backends! {
    async fn roles_grant_only_what_the_caller_holds(server: TestServer) {
        let ada = server.person("ada").await;
        let rita = server.person("rita").await;
        server.workspace(&ada, "acme").await;
        server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": "role-admin", "name": "Role admin", "permissions": ["ROLES_MANAGE", "WORKSPACE_READ", "MEMBERS_READ"] } })).await.data();
        server.add_member("acme", &rita, "role-admin").await;
        let r = server.gql_as(Some(&rita.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": "boss", "name": "Boss", "permissions": ["MEMBERS_MANAGE"] } })).await;
        r.assert_error("FORBIDDEN", Some("ESCALATION"));
        let ok = server.gql_as(Some(&rita.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": "reader", "name": "Reader", "permissions": ["MEMBERS_READ"] } })).await;
        ok.data();
        let r = server.gql_as(Some(&rita.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "key": "reader", "permissions": ["BILLING_MANAGE"] } })).await;
        r.assert_error("FORBIDDEN", Some("ESCALATION"));
        // Nor edit or delete a role stronger than itself.
        server.gql_as(Some(&ada.token), CREATE, json!({ "input": { "workspaceSlug": "acme", "key": "finance", "name": "Finance", "permissions": ["BILLING_MANAGE"] } })).await.data();
        server.gql_as(Some(&rita.token), UPDATE, json!({ "input": { "workspaceSlug": "acme", "key": "finance", "name": "F" } })).await.assert_error("FORBIDDEN", Some("ESCALATION"));
        server.gql_as(Some(&rita.token), DELETE, json!({ "input": { "workspaceSlug": "acme", "key": "finance" } })).await.assert_error("FORBIDDEN", Some("ESCALATION"));
    }
}
