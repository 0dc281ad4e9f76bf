//! Races: uniqueness and the last-Admin rule hold under concurrent
//! requests, and the unique indexes themselves reject duplicates that skip
//! every check.

use futures_util::FutureExt;
use orkesta_server::db::models::member::NewMember;
use orkesta_server::db::models::project::NewProject;
use orkesta_server::db::models::role::Role;
use orkesta_server::db::models::user::NewUser;
use orkesta_server::db::models::workspace::NewWorkspace;
use orkesta_server::db::sql_types::{MemberId, ProjectId, UserId, WorkspaceId};
use orkesta_server::db::{DbError, is_unique_violation, now};
use orkesta_tests::on_both_backends;
use serde_json::json;

const ROUNDS: usize = 50;

on_both_backends! {
    /// 8 concurrent createWorkspace with one slug: one success, seven
    /// CONFLICT SLUG_TAKEN, every round.
    async fn concurrent_creates_of_one_slug_leave_one_workspace(server: TestServer) {
        let mut people = Vec::new();
        for i in 0..8 {
            people.push(server.person(&format!("racer{i}")).await);
        }
        for round in 0..ROUNDS {
            let slug = format!("race-{round}");
            let attempts = people.iter().map(|p| {
                server.gql_as(Some(&p.token), "mutation($s: String!) { createWorkspace(input: { slug: $s, name: \"Race\" }) { workspace { id } } }", json!({ "s": slug }))
            });
            let results = futures_util::future::join_all(attempts).await;
            let ok = results.iter().filter(|r| r.body.get("errors").is_none()).count();
            let taken = results.iter().filter(|r| r.body.get("errors").is_some() && r.code() == "CONFLICT" && r.reason() == Some("SLUG_TAKEN")).count();
            assert_eq!((ok, taken), (1, 7), "round {round}: {:?}", results.iter().map(|r| &r.body).collect::<Vec<_>>());
        }
    }
}

on_both_backends! {
    /// Two Admins demoting each other at once: one succeeds; the other is
    /// refused, with LAST_ADMIN when both got past authorization, or
    /// FORBIDDEN when its caller was already demoted; one Admin is always
    /// left.
    async fn admins_demoting_each_other_always_leave_one_admin(server: TestServer) {
        let ada = server.person("ada").await;
        let bob = server.person("bob").await;
        let demote = "mutation($ws: String!, $u: ID!) { updateMemberRole(input: { workspaceSlug: $ws, userId: $u, roleKey: \"member\" }) { member { id } } }";
        let mut refusals = std::collections::BTreeMap::new();
        for round in 0..ROUNDS {
            let ws = format!("duel-{round}");
            server.workspace(&ada, &ws).await;
            server.add_member(&ws, &bob, "admin").await;
            let (a, b) = tokio::join!(
                server.gql_as(Some(&ada.token), demote, json!({ "ws": ws, "u": bob.id })),
                server.gql_as(Some(&bob.token), demote, json!({ "ws": ws, "u": ada.id })),
            );
            let outcomes = [&a, &b].map(|r| if r.body.get("errors").is_none() { "ok".to_owned() } else { format!("{}:{}", r.code(), r.reason().unwrap_or("")) });
            let mut sorted = outcomes.clone();
            sorted.sort();
            assert_eq!(sorted[1], "ok", "round {round}: {outcomes:?}");
            assert!(["CONFLICT:LAST_ADMIN", "FORBIDDEN:"].contains(&sorted[0].as_str()), "round {round}: {outcomes:?}");
            *refusals.entry(sorted[0].clone()).or_insert(0) += 1;
            assert_eq!(server.admin_count(&ws).await, 1, "round {round}");
        }
        eprintln!("{:?}: {ROUNDS} duels, refusals {refusals:?}", server.backend);
    }
}

on_both_backends! {
    /// 20 concurrent identical invitations all succeed and leave one
    /// pending invitation, every round.
    async fn concurrent_identical_invitations_leave_one(server: TestServer) {
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let invite = "mutation($e: String!) { inviteMember(input: { workspaceSlug: \"acme\", email: $e, roleKey: \"viewer\" }) { invitation { id } } }";
        for round in 0..ROUNDS {
            let email = format!("same-{round}@example.com");
            let attempts = (0..20).map(|_| server.gql_as(Some(&ada.token), invite, json!({ "e": email })));
            let results = futures_util::future::join_all(attempts).await;
            let ids: std::collections::BTreeSet<String> = results.iter().map(|r| r.data()["inviteMember"]["invitation"]["id"].as_str().unwrap().to_owned()).collect();
            assert_eq!(ids.len(), 1, "round {round}: {ids:?}");
        }
        let pending = server.gql_as(Some(&ada.token), "{ workspace(slug: \"acme\") { invitations(status: PENDING) { totalCount } } }", json!({})).await;
        assert_eq!(pending.data()["workspace"]["invitations"]["totalCount"], ROUNDS);
    }
}

on_both_backends! {
    /// The database enforces uniqueness by itself: inserting duplicates
    /// through the storage layer, past every API check, fails on the index.
    async fn unique_indexes_reject_duplicates_that_skip_every_check(server: TestServer) {
        let db = orkesta_tests::server::storage(&server).await;
        db.write::<_, DbError>(|mut conn| {
            async move {
                let at = now();
                let user = |id, email: &'static str| NewUser { id, email, email_normalized: email, name: "U", password_hash: "x", created_at: at };
                let first = user(UserId::new(), "dup@example.com").insert(&mut conn).await?;
                let e = user(UserId::new(), "dup@example.com").insert(&mut conn).await.unwrap_err();
                assert!(is_unique_violation(&e), "users.email_normalized: {e}");
                Ok::<_, DbError>(first)
            }
            .boxed()
        })
        .await
        .map(drop)
        .unwrap_or_else(|e| panic!("{e}"));

        // Each duplicate in its own transaction (a failed statement aborts a
        // PostgreSQL transaction).
        let (workspace_id, user_id, admin_role) = db
            .write::<_, DbError>(|mut conn| {
                async move {
                    let at = now();
                    let ws = NewWorkspace { id: WorkspaceId::new(), slug: "unique", name: "U", timezone: "UTC", created_at: at }.insert(&mut conn).await?;
                    let roles = Role::insert_builtins(&mut conn, ws.id, at).await?;
                    let user = NewUser { id: UserId::new(), email: "m@example.com", email_normalized: "m@example.com", name: "M", password_hash: "x", created_at: at }.insert(&mut conn).await?;
                    NewMember { id: MemberId::new(), workspace_id: ws.id, user_id: user.id, role_id: roles[0].id, joined_at: at }.insert(&mut conn).await?;
                    NewProject { id: ProjectId::new(), workspace_id: ws.id, slug: "web", name: "W", description: None, environment: "PRODUCTION", created_at: at }.insert(&mut conn).await?;
                    Ok((ws.id, user.id, roles[0].id))
                }
                .boxed()
            })
            .await
            .unwrap_or_else(|e| panic!("{e}"));

        let duplicate_workspace = db.write::<_, DbError>(|mut conn| async move { NewWorkspace { id: WorkspaceId::new(), slug: "unique", name: "U", timezone: "UTC", created_at: now() }.insert(&mut conn).await.map(drop).map_err(DbError::from) }.boxed()).await;
        let duplicate_member = db.write::<_, DbError>(move |mut conn| async move { NewMember { id: MemberId::new(), workspace_id, user_id, role_id: admin_role, joined_at: now() }.insert(&mut conn).await.map(drop).map_err(DbError::from) }.boxed()).await;
        let duplicate_project = db.write::<_, DbError>(move |mut conn| async move { NewProject { id: ProjectId::new(), workspace_id, slug: "web", name: "W", description: None, environment: "PRODUCTION", created_at: now() }.insert(&mut conn).await.map(drop).map_err(DbError::from) }.boxed()).await;
        for (what, result) in [("workspaces.slug", duplicate_workspace), ("workspace_members(workspace_id, user_id)", duplicate_member), ("projects(workspace_id, slug)", duplicate_project)] {
            match result {
                Err(DbError::Query(e)) => assert!(is_unique_violation(&e), "{what}: {e}"),
                other => panic!("{what}: expected a unique violation, got {other:?}"),
            }
        }
    }
}
