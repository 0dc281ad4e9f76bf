//! Members and project access: role changes, removal, leaving, the last
//! Admin, project assignments, effective roles and where they come from.

use orkesta_tests::on_both_backends;
use serde_json::{Value, json};

const UPDATE_ROLE: &str = "mutation($ws: String!, $u: ID!, $r: String!) { updateMemberRole(input: { workspaceSlug: $ws, userId: $u, roleKey: $r }) { member { user { email } role { key } } } }";
const REMOVE: &str = "mutation($ws: String!, $u: ID!) { removeMember(input: { workspaceSlug: $ws, userId: $u }) { deletedId } }";
const SET_PM: &str = "mutation($ws: String!, $p: String!, $u: ID!, $r: String) { setProjectMember(input: { workspaceSlug: $ws, projectSlug: $p, userId: $u, roleKey: $r }) { projectMember { id user { email } projectRole { key } workspaceRole { key } effectiveRole { key } roleSource } } }";
const REMOVE_PM: &str = "mutation($ws: String!, $p: String!, $u: ID!) { removeProjectMember(input: { workspaceSlug: $ws, projectSlug: $p, userId: $u }) { deletedId } }";
const PROJECT_MEMBERS: &str = "query($ws: String!, $p: String!) { workspace(slug: $ws) { project(slug: $p) { members { totalCount nodes { id user { email } projectRole { key } workspaceRole { key } effectiveRole { key } roleSource addedAt } } } } }";

fn members_of(r: &orkesta_tests::Gql) -> Vec<(String, String, String)> {
    r.data()["workspace"]["project"]["members"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["user"]["email"].as_str().unwrap().to_owned(),
                n["effectiveRole"]["key"].as_str().unwrap().to_owned(),
                n["roleSource"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

on_both_backends! {
    async fn admins_change_roles_and_lesser_roles_cannot_escalate(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        server.workspace(&ada, "acme").await;
        server.add_member("acme", &bob, "viewer").await;
        let r = server.gql_as(Some(&ada.token), UPDATE_ROLE, json!({ "ws": "acme", "u": bob.id, "r": "member" })).await;
        assert_eq!(r.data()["updateMemberRole"]["member"]["role"]["key"], "member");
        // A Member lacks MEMBERS_MANAGE.
        server.gql_as(Some(&bob.token), UPDATE_ROLE, json!({ "ws": "acme", "u": bob.id, "r": "admin" })).await.assert_error("FORBIDDEN", None);
        for (vars, code, reason) in [
            (json!({ "ws": "acme", "u": bob.id, "r": "ghost" }), "BAD_USER_INPUT", Some("UNKNOWN_ROLE")),
            (json!({ "ws": "acme", "u": "not-an-id", "r": "viewer" }), "NOT_FOUND", None),
            (json!({ "ws": "nope", "u": bob.id, "r": "viewer" }), "NOT_FOUND", None),
        ] {
            server.gql_as(Some(&ada.token), UPDATE_ROLE, vars).await.assert_error(code, reason);
        }
    }
}

on_both_backends! {
    async fn a_custom_member_manager_cannot_grant_or_touch_more_than_it_holds(server: TestServer) {
        let ada = server.person("ada").await;
        let hr = server.person("hr").await;
        let bob = server.person("bob").await;
        server.workspace(&ada, "acme").await;
        server.gql_as(Some(&ada.token), "mutation { createRole(input: { workspaceSlug: \"acme\", key: \"people\", name: \"People\", permissions: [WORKSPACE_READ, MEMBERS_READ, MEMBERS_MANAGE, PROJECT_READ] }) { role { key } } }", json!({})).await.data();
        server.add_member("acme", &hr, "people").await;
        server.add_member("acme", &bob, "viewer").await;
        server.gql_as(Some(&hr.token), UPDATE_ROLE, json!({ "ws": "acme", "u": bob.id, "r": "admin" })).await.assert_error("FORBIDDEN", Some("ESCALATION"));
        server.gql_as(Some(&hr.token), UPDATE_ROLE, json!({ "ws": "acme", "u": bob.id, "r": "member" })).await.assert_error("FORBIDDEN", Some("ESCALATION"));
        // Demoting or removing an Admin would lock people out.
        server.gql_as(Some(&hr.token), UPDATE_ROLE, json!({ "ws": "acme", "u": ada.id, "r": "viewer" })).await.assert_error("FORBIDDEN", Some("ESCALATION"));
        server.gql_as(Some(&hr.token), REMOVE, json!({ "ws": "acme", "u": ada.id })).await.assert_error("FORBIDDEN", Some("ESCALATION"));
        // What it holds, it may manage.
        server.gql_as(Some(&hr.token), REMOVE, json!({ "ws": "acme", "u": bob.id })).await.data();
    }
}

on_both_backends! {
    async fn the_last_admin_cannot_leave_be_removed_or_demoted(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        server.workspace(&ada, "acme").await;
        server.add_member("acme", &bob, "member").await;
        server.gql_as(Some(&ada.token), REMOVE, json!({ "ws": "acme", "u": ada.id })).await.assert_error("CONFLICT", Some("LAST_ADMIN"));
        server.gql_as(Some(&ada.token), UPDATE_ROLE, json!({ "ws": "acme", "u": ada.id, "r": "viewer" })).await.assert_error("CONFLICT", Some("LAST_ADMIN"));
        // With a second Admin, leaving works.
        server.gql_as(Some(&ada.token), UPDATE_ROLE, json!({ "ws": "acme", "u": bob.id, "r": "admin" })).await.data();
        let r = server.gql_as(Some(&ada.token), REMOVE, json!({ "ws": "acme", "u": ada.id })).await;
        assert!(r.data()["removeMember"]["deletedId"].is_string());
        let gone = server.gql_as(Some(&ada.token), "{ workspace(slug: \"acme\") { id } }", json!({})).await;
        assert_eq!(gone.data()["workspace"], Value::Null);
        assert_eq!(server.admin_count("acme").await, 1);
        let actions = orkesta_tests::server::audit_actions(&server).await;
        assert!(actions.contains(&"member.left".to_owned()) && actions.contains(&"member.role_changed".to_owned()), "{actions:?}");
    }
}

on_both_backends! {
    async fn any_member_may_leave_and_removal_takes_project_assignments(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.add_member("acme", &bob, "viewer").await;
        server.assign(&ada, "acme", "web", &bob, Some("member")).await;
        server.gql_as(Some(&bob.token), REMOVE, json!({ "ws": "acme", "u": bob.id })).await.data();
        let r = server.gql_as(Some(&ada.token), PROJECT_MEMBERS, json!({ "ws": "acme", "p": "web" })).await;
        assert_eq!(members_of(&r), [("ada@example.com".to_owned(), "admin".to_owned(), "WORKSPACE_ADMIN".to_owned())]);
        server.gql_as(Some(&ada.token), REMOVE, json!({ "ws": "acme", "u": bob.id })).await.assert_error("NOT_FOUND", None);
    }
}

on_both_backends! {
    /// The effective-role table, end to end: rules 1–3 and precedence in
    /// both directions.
    async fn effective_roles_follow_the_rules_and_say_why(server: TestServer) {
        let ada = server.person("ada").await;
        let val = server.person("val").await; // workspace Viewer, project Admin
        let mia = server.person("mia").await; // workspace Member, project Viewer
        let ian = server.person("ian").await; // workspace Member, inherits
        let out = server.person("out").await; // workspace Member, not in the project
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.add_member("acme", &val, "viewer").await;
        for p in [&mia, &ian, &out] {
            server.add_member("acme", p, "member").await;
        }
        server.assign(&ada, "acme", "web", &val, Some("admin")).await;
        server.assign(&ada, "acme", "web", &mia, Some("viewer")).await;
        server.assign(&ada, "acme", "web", &ian, None).await;

        let r = server.gql_as(Some(&ada.token), PROJECT_MEMBERS, json!({ "ws": "acme", "p": "web" })).await;
        let mut got = members_of(&r);
        got.sort();
        let expected = [
            ("ada@example.com", "admin", "WORKSPACE_ADMIN"),
            ("ian@example.com", "member", "WORKSPACE_INHERITED"),
            ("mia@example.com", "viewer", "PROJECT_ASSIGNMENT"),
            ("val@example.com", "admin", "PROJECT_ASSIGNMENT"),
        ];
        assert_eq!(got, expected.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned())));

        // What each sees of the project.
        let server = &server;
        let viewer_of = |token: String| async move {
            server.gql_as(Some(&token), "{ workspace(slug: \"acme\") { project(slug: \"web\") { viewerRole { key } viewerPermissions } projects { totalCount } } }", json!({})).await
        };
        let v = viewer_of(val.token.clone()).await;
        assert_eq!(v.data()["workspace"]["project"]["viewerRole"]["key"], "admin");
        assert!(v.data()["workspace"]["project"]["viewerPermissions"].as_array().unwrap().contains(&json!("PROJECT_DELETE")));
        assert!(!v.data()["workspace"]["project"]["viewerPermissions"].as_array().unwrap().contains(&json!("MEMBERS_MANAGE")));
        let m = viewer_of(mia.token.clone()).await;
        assert_eq!(m.data()["workspace"]["project"]["viewerRole"]["key"], "viewer");
        let o = viewer_of(out.token.clone()).await;
        assert_eq!(o.data()["workspace"]["project"], Value::Null, "rule 4: invisible");
        assert_eq!(o.data()["workspace"]["projects"]["totalCount"], 0);
    }
}

on_both_backends! {
    async fn project_members_rules_admin_full_access_and_escalation(server: TestServer) {
        let ada = server.person("ada").await;
        let boss = server.person("boss").await;
        let val = server.person("val").await;
        let bob = server.person("bob").await;
        let eve = server.person("eve").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.add_member("acme", &boss, "admin").await;
        server.add_member("acme", &val, "viewer").await;
        server.add_member("acme", &bob, "viewer").await;
        // An Admin's project role would not apply.
        let r = server.gql_as(Some(&ada.token), SET_PM, json!({ "ws": "acme", "p": "web", "u": boss.id, "r": "viewer" })).await;
        r.assert_error("BAD_USER_INPUT", Some("ADMIN_HAS_FULL_ACCESS"));
        // Not a workspace member.
        server.gql_as(Some(&ada.token), SET_PM, json!({ "ws": "acme", "p": "web", "u": eve.id, "r": null })).await.assert_error("NOT_FOUND", None);
        server.gql_as(Some(&ada.token), SET_PM, json!({ "ws": "acme", "p": "web", "u": bob.id, "r": "ghost" })).await.assert_error("BAD_USER_INPUT", Some("UNKNOWN_ROLE"));

        // val: project Admin on web manages web's members…
        server.assign(&ada, "acme", "web", &val, Some("admin")).await;
        let r = server.gql_as(Some(&val.token), SET_PM, json!({ "ws": "acme", "p": "web", "u": bob.id, "r": "member" })).await;
        let pm = &r.data()["setProjectMember"]["projectMember"];
        assert_eq!((pm["projectRole"]["key"].as_str(), pm["workspaceRole"]["key"].as_str(), pm["effectiveRole"]["key"].as_str(), pm["roleSource"].as_str()), (Some("member"), Some("viewer"), Some("member"), Some("PROJECT_ASSIGNMENT")));
        // …but a project Member may not grant project Admin.
        server.assign(&ada, "acme", "web", &val, Some("member")).await;
        server.gql_as(Some(&val.token), SET_PM, json!({ "ws": "acme", "p": "web", "u": bob.id, "r": "admin" })).await.assert_error("FORBIDDEN", None);

        // Removing: stored assignments only; an unassigned Admin is not found.
        server.gql_as(Some(&ada.token), REMOVE_PM, json!({ "ws": "acme", "p": "web", "u": boss.id })).await.assert_error("NOT_FOUND", None);
        let r = server.gql_as(Some(&ada.token), REMOVE_PM, json!({ "ws": "acme", "p": "web", "u": bob.id })).await;
        assert_eq!(r.data()["removeProjectMember"]["deletedId"], pm["id"]);
    }
}

on_both_backends! {
    async fn admins_keep_a_stored_assignment_that_does_not_apply(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.add_member("acme", &bob, "member").await;
        server.assign(&ada, "acme", "web", &bob, Some("viewer")).await;
        server.gql_as(Some(&ada.token), UPDATE_ROLE, json!({ "ws": "acme", "u": bob.id, "r": "admin" })).await.data();
        let r = server.gql_as(Some(&ada.token), PROJECT_MEMBERS, json!({ "ws": "acme", "p": "web" })).await;
        let nodes = r.data()["workspace"]["project"]["members"]["nodes"].as_array().unwrap().clone();
        let bob_entry = nodes.iter().find(|n| n["user"]["email"] == "bob@example.com").unwrap();
        assert_eq!(bob_entry["projectRole"]["key"], "viewer", "kept");
        assert_eq!(bob_entry["effectiveRole"]["key"], "admin", "but not applied");
        assert_eq!(bob_entry["roleSource"], "WORKSPACE_ADMIN");
        assert_eq!(nodes.len(), 2);
    }
}

on_both_backends! {
    async fn member_lists_filter_and_show_each_members_projects(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        let cy = server.person("cy").await;
        server.workspace(&ada, "acme").await;
        server.project(&ada, "acme", "web").await;
        server.project(&ada, "acme", "api").await;
        server.add_member("acme", &bob, "viewer").await;
        server.add_member("acme", &cy, "member").await;
        server.assign(&ada, "acme", "web", &bob, None).await;
        server.assign(&ada, "acme", "api", &cy, None).await;
        let q = "query($role: String, $search: String) { workspace(slug: \"acme\") { members(roleKey: $role, search: $search) { totalCount nodes { user { email } role { key } projects { totalCount nodes { project { slug } } } } } } }";
        let all = server.gql_as(Some(&ada.token), q, json!({})).await;
        assert_eq!(all.data()["workspace"]["members"]["totalCount"], 3);
        let viewers = server.gql_as(Some(&ada.token), q, json!({ "role": "viewer" })).await;
        let node = &viewers.data()["workspace"]["members"]["nodes"][0];
        assert_eq!((node["user"]["email"].as_str(), node["projects"]["nodes"][0]["project"]["slug"].as_str()), (Some("bob@example.com"), Some("web")));
        let found = server.gql_as(Some(&ada.token), q, json!({ "search": "CY@" })).await;
        assert_eq!(found.data()["workspace"]["members"]["totalCount"], 1);
        server.gql_as(Some(&ada.token), q, json!({ "role": "ghost" })).await.assert_error("BAD_USER_INPUT", Some("UNKNOWN_ROLE"));
        // Bob sees only the projects he can see in cy's assignments: none.
        let as_bob = server.gql_as(Some(&bob.token), q, json!({ "search": "cy" })).await;
        assert_eq!(as_bob.data()["workspace"]["members"]["nodes"][0]["projects"]["totalCount"], 0);
        let member = server.gql_as(Some(&ada.token), "query($u: ID!) { workspace(slug: \"acme\") { member(userId: $u) { user { email } } } }", json!({ "u": cy.id })).await;
        assert_eq!(member.data()["workspace"]["member"]["user"]["email"], "cy@example.com");
        let none = server.gql_as(Some(&ada.token), "query($u: ID!) { workspace(slug: \"acme\") { member(userId: $u) { user { email } } } }", json!({ "u": "garbage" })).await;
        assert_eq!(none.data()["workspace"]["member"], Value::Null);
    }
}
