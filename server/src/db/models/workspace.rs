//! Workspaces and their one-to-one settings rows (security, billing).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::member::Member;
use super::role::Role;
use crate::db::schema::{
    roles, workspace_billing, workspace_members, workspace_security, workspaces,
};
use crate::db::sql_types::{JsonValue, UserId, WorkspaceId};
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = workspaces)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub created_at: NaiveDateTime,
}

/// Billing settings of a workspace.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = workspace_billing)]
pub struct WorkspaceBilling {
    pub workspace_id: WorkspaceId,
    pub plan: String,
    pub billing_email: Option<String>,
    pub seat_limit: Option<i32>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = workspaces)]
pub struct NewWorkspace<'a> {
    pub id: WorkspaceId,
    pub slug: &'a str,
    pub name: &'a str,
    pub timezone: &'a str,
    pub created_at: NaiveDateTime,
}

/// Fields `updateWorkspace` may change; `None` keeps the value.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = workspaces)]
pub struct WorkspaceChanges<'a> {
    pub slug: Option<&'a str>,
    pub name: Option<&'a str>,
    pub timezone: Option<&'a str>,
}

impl NewWorkspace<'_> {
    /// Inserts the workspace with default security and billing rows. A taken
    /// slug is a unique violation on `workspaces_slug_key`.
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<Workspace> {
        let workspace = with_conn!(conn, c => diesel::insert_into(workspaces::table).values(self).returning(Workspace::as_returning()).get_result(c).await)?;
        let security = (
            workspace_security::workspace_id.eq(workspace.id),
            workspace_security::ip_allowlist.eq(JsonValue(serde_json::json!([]))),
            workspace_security::allowed_email_domains.eq(JsonValue(serde_json::json!([]))),
            workspace_security::sso_domains.eq(JsonValue(serde_json::json!([]))),
        );
        with_conn!(conn, c => diesel::insert_into(workspace_security::table).values(security).execute(c).await)?;
        with_conn!(conn, c => diesel::insert_into(workspace_billing::table).values(workspace_billing::workspace_id.eq(workspace.id)).execute(c).await)?;
        Ok(workspace)
    }
}

impl Workspace {
    pub async fn find_by_slug(conn: &mut DbConn<'_>, slug: &str) -> QueryResult<Option<Workspace>> {
        with_conn!(conn, c => workspaces::table.filter(workspaces::slug.eq(slug)).select(Workspace::as_select()).first(c).await.optional())
    }

    pub async fn find_many(
        conn: &mut DbConn<'_>,
        ids: &[WorkspaceId],
    ) -> QueryResult<Vec<Workspace>> {
        with_conn!(conn, c => workspaces::table.filter(workspaces::id.eq_any(ids)).select(Workspace::as_select()).load(c).await)
    }

    pub async fn find(conn: &mut DbConn<'_>, id: WorkspaceId) -> QueryResult<Option<Workspace>> {
        with_conn!(conn, c => workspaces::table.find(id).select(Workspace::as_select()).first(c).await.optional())
    }

    /// Re-reads the workspace inside a write transaction, taking its row lock
    /// on PostgreSQL (SQLite's writer already holds the database lock). Used
    /// to serialise changes to the set of Admins.
    pub async fn lock(conn: &mut DbConn<'_>, id: WorkspaceId) -> QueryResult<Workspace> {
        match conn {
            DbConn::Pg(c) => {
                workspaces::table
                    .find(id)
                    .select(Workspace::as_select())
                    .for_update()
                    .first(&mut **c)
                    .await
            }
            DbConn::Sqlite(c) => {
                workspaces::table
                    .find(id)
                    .select(Workspace::as_select())
                    .first(&mut **c)
                    .await
            }
        }
    }

    pub async fn update(
        conn: &mut DbConn<'_>,
        id: WorkspaceId,
        changes: &WorkspaceChanges<'_>,
    ) -> QueryResult<Workspace> {
        if changes.slug.is_none() && changes.name.is_none() && changes.timezone.is_none() {
            return Workspace::lock(conn, id).await;
        }
        with_conn!(conn, c => diesel::update(workspaces::table.find(id)).set(changes).returning(Workspace::as_returning()).get_result(c).await)
    }

    /// Deletes the workspace; everything it owns goes with it (foreign keys
    /// cascade, and role references are checked at the end of the statement,
    /// when members and roles are both gone).
    pub async fn delete(conn: &mut DbConn<'_>, id: WorkspaceId) -> QueryResult<()> {
        with_conn!(conn, c => diesel::delete(workspaces::table.find(id)).execute(c).await)?;
        Ok(())
    }

    /// The workspaces `user` belongs to, with the user's role in each,
    /// ordered by id, after `after`, at most `limit`.
    pub async fn page_for_user(
        conn: &mut DbConn<'_>,
        user: UserId,
        after: Option<WorkspaceId>,
        limit: i64,
    ) -> QueryResult<Vec<(Workspace, Member, Role)>> {
        with_conn!(conn, c => {
            let mut query = workspaces::table
                .inner_join(workspace_members::table.inner_join(roles::table))
                .filter(workspace_members::user_id.eq(user))
                .select((Workspace::as_select(), Member::as_select(), Role::as_select()))
                .order(workspaces::id.asc())
                .limit(limit)
                .into_boxed();
            if let Some(after) = after {
                query = query.filter(workspaces::id.gt(after));
            }
            query.load(c).await
        })
    }

    /// Email domains invitations may go to (empty: any).
    pub async fn allowed_email_domains(
        conn: &mut DbConn<'_>,
        id: WorkspaceId,
    ) -> QueryResult<Vec<String>> {
        let value: JsonValue = with_conn!(conn, c => workspace_security::table.find(id).select(workspace_security::allowed_email_domains).first(c).await)?;
        Ok(value
            .0
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_str().map(str::to_lowercase))
            .collect())
    }

    /// Sets the allowed email domains (fixtures until the security settings
    /// land in the API).
    pub async fn set_allowed_email_domains(
        conn: &mut DbConn<'_>,
        id: WorkspaceId,
        domains: &[String],
    ) -> QueryResult<()> {
        let value = JsonValue(serde_json::json!(domains));
        with_conn!(conn, c => diesel::update(workspace_security::table.find(id)).set(workspace_security::allowed_email_domains.eq(value)).execute(c).await)?;
        Ok(())
    }

    pub async fn billing(conn: &mut DbConn<'_>, id: WorkspaceId) -> QueryResult<WorkspaceBilling> {
        with_conn!(conn, c => workspace_billing::table.find(id).select(WorkspaceBilling::as_select()).first(c).await)
    }

    pub async fn count_members(conn: &mut DbConn<'_>, id: WorkspaceId) -> QueryResult<i64> {
        with_conn!(conn, c => workspace_members::table.filter(workspace_members::workspace_id.eq(id)).count().get_result(c).await)
    }

    pub async fn count_for_user(conn: &mut DbConn<'_>, user: UserId) -> QueryResult<i64> {
        with_conn!(conn, c => workspace_members::table.filter(workspace_members::user_id.eq(user)).count().get_result(c).await)
    }
}
