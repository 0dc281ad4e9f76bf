//! Fixtures that set up state the API deliberately has no shortcut for
//! (people join workspaces only by accepting invitations), written straight
//! into the test database through the server's storage layer.

#![expect(
    clippy::expect_used,
    reason = "test fixtures: a failed set-up step must fail the test at once"
)]

use futures_util::FutureExt;
use orkesta_server::db::DbError;
use orkesta_server::db::models::member::{Member, NewMember};
use orkesta_server::db::models::project::Project;
use orkesta_server::db::models::project_member::NewProjectMember;
use orkesta_server::db::models::role::Role;
use orkesta_server::db::models::user::User;
use orkesta_server::db::models::workspace::Workspace;
use orkesta_server::db::now;
use orkesta_server::db::sql_types::{MemberId, ProjectMemberId};
use serde_json::json;

use crate::server::{TestServer, storage};

/// A signed-up user.
#[derive(Debug, Clone)]
pub struct Person {
    pub email: String,
    pub token: String,
    /// The user's GraphQL id.
    pub id: String,
}

impl TestServer {
    /// Signs up `name`@example.com and returns the person.
    pub async fn person(&self, name: &str) -> Person {
        let email = format!("{name}@example.com");
        let r = self
            .gql(
                "mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }",
                json!({ "input": { "email": email, "password": "correct horse battery", "name": name } }),
            )
            .await;
        let payload = &r.data()["signUp"];
        Person {
            email,
            token: payload["token"].as_str().expect("token").to_owned(),
            id: payload["user"]["id"].as_str().expect("id").to_owned(),
        }
    }

    /// Creates a workspace as `owner` (its first Admin).
    pub async fn workspace(&self, owner: &Person, slug: &str) {
        self.gql_as(Some(&owner.token), "mutation($slug: String!) { createWorkspace(input: { slug: $slug, name: $slug }) { workspace { id } } }", json!({ "slug": slug })).await.data();
    }

    /// Creates a project as `by`.
    pub async fn project(&self, by: &Person, workspace: &str, slug: &str) {
        self.gql_as(
            Some(&by.token),
            "mutation($ws: String!, $slug: String!) { createProject(input: { workspaceSlug: $ws, slug: $slug, name: $slug }) { project { id } } }",
            json!({ "ws": workspace, "slug": slug }),
        )
        .await
        .data();
    }

    /// Sets `who`'s project role (`None` = inherit) as `by`.
    pub async fn assign(
        &self,
        by: &Person,
        workspace: &str,
        project: &str,
        who: &Person,
        role: Option<&str>,
    ) {
        self.gql_as(
            Some(&by.token),
            "mutation($ws: String!, $p: String!, $u: ID!, $r: String) { setProjectMember(input: { workspaceSlug: $ws, projectSlug: $p, userId: $u, roleKey: $r }) { projectMember { id } } }",
            json!({ "ws": workspace, "p": project, "u": who.id, "r": role }),
        )
        .await
        .data();
    }

    /// Makes `who` a member of `workspace` with `role_key`, without an
    /// invitation (fixture only).
    pub async fn add_member(&self, workspace: &str, who: &Person, role_key: &str) {
        self.add_members(workspace, &[(who, role_key)]).await;
    }

    /// Several memberships in one transaction (fixture only).
    pub async fn add_members(&self, workspace: &str, members: &[(&Person, &str)]) {
        let db = storage(self).await;
        let workspace = workspace.to_owned();
        let members: Vec<(String, String)> = members
            .iter()
            .map(|(p, r)| (p.email.clone(), (*r).to_owned()))
            .collect();
        db.write::<_, DbError>(move |mut conn| {
            async move {
                let ws = Workspace::find_by_slug(&mut conn, &workspace)
                    .await?
                    .expect("workspace exists");
                let roles = Role::for_workspaces(&mut conn, &[ws.id]).await?;
                for (email, role_key) in members {
                    let user = User::find_by_email(&mut conn, &email)
                        .await?
                        .expect("user exists");
                    let role = roles
                        .iter()
                        .find(|r| r.key == role_key)
                        .expect("role exists");
                    NewMember {
                        id: MemberId::new(),
                        workspace_id: ws.id,
                        user_id: user.id,
                        role_id: role.id,
                        joined_at: now(),
                    }
                    .insert(&mut conn)
                    .await?;
                }
                Ok(())
            }
            .boxed()
        })
        .await
        .expect("add members");
    }

    /// Assigns every person to every project (inheriting), in one
    /// transaction (fixture only, for large worlds).
    pub async fn assign_all(&self, workspace: &str, projects: &[String], people: &[Person]) {
        let db = storage(self).await;
        let (workspace, projects) = (workspace.to_owned(), projects.to_vec());
        let emails: Vec<String> = people.iter().map(|p| p.email.clone()).collect();
        db.write::<_, DbError>(move |mut conn| {
            async move {
                let ws = Workspace::find_by_slug(&mut conn, &workspace)
                    .await?
                    .expect("workspace exists");
                for slug in &projects {
                    let project = Project::find_by_slug(&mut conn, ws.id, slug)
                        .await?
                        .expect("project exists");
                    for email in &emails {
                        let user = User::find_by_email(&mut conn, email)
                            .await?
                            .expect("user exists");
                        NewProjectMember {
                            id: ProjectMemberId::new(),
                            workspace_id: ws.id,
                            project_id: project.id,
                            user_id: user.id,
                            role_id: None,
                            added_at: now(),
                        }
                        .upsert(&mut conn)
                        .await?;
                    }
                }
                Ok(())
            }
            .boxed()
        })
        .await
        .expect("assign people to projects");
    }

    /// Restricts whom invitations may go to (fixture until the security
    /// settings land in the API).
    pub async fn allow_email_domains(&self, workspace: &str, domains: &[&str]) {
        let db = storage(self).await;
        let (workspace, domains) = (
            workspace.to_owned(),
            domains.iter().map(|d| (*d).to_owned()).collect::<Vec<_>>(),
        );
        db.write::<_, DbError>(move |mut conn| {
            async move {
                let ws = Workspace::find_by_slug(&mut conn, &workspace)
                    .await?
                    .expect("workspace exists");
                Ok(Workspace::set_allowed_email_domains(&mut conn, ws.id, &domains).await?)
            }
            .boxed()
        })
        .await
        .expect("set allowed domains");
    }

    /// Moves every invitation to `email` past its expiry (fixture: ages the
    /// row instead of waiting seven days).
    pub async fn expire_invitations_to(&self, email: &str) {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        use orkesta_server::db::schema::invitations;
        use orkesta_server::with_conn;
        let db = storage(self).await;
        let email = email.to_lowercase();
        db.write::<_, DbError>(move |mut conn| {
            async move {
                let past = now() - chrono::Duration::minutes(1);
                with_conn!(&mut conn, c => diesel::update(invitations::table.filter(invitations::email_normalized.eq(&email))).set(invitations::expires_at.eq(past)).execute(c).await)?;
                Ok(())
            }
            .boxed()
        })
        .await
        .expect("age invitations");
    }

    /// Number of Admins of a workspace, read from the database.
    pub async fn admin_count(&self, workspace: &str) -> i64 {
        let db = storage(self).await;
        let workspace = workspace.to_owned();
        db.read::<_, DbError>(move |mut conn| {
            async move {
                let ws = Workspace::find_by_slug(&mut conn, &workspace)
                    .await?
                    .expect("workspace exists");
                Ok(Member::admins_of(&mut conn, &[ws.id]).await?.len() as i64)
            }
            .boxed()
        })
        .await
        .expect("count admins")
    }
}
