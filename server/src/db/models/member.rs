//! Workspace members: a user, a workspace and the user's workspace role.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::role::Role;
use super::user::User;
use crate::db::schema::{roles, users, workspace_members};
use crate::db::sql_types::{MemberId, RoleId, UserId, WorkspaceId};
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = workspace_members)]
pub struct Member {
    pub id: MemberId,
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub role_id: RoleId,
    pub joined_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = workspace_members)]
pub struct NewMember {
    pub id: MemberId,
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub role_id: RoleId,
    pub joined_at: NaiveDateTime,
}

impl NewMember {
    /// A user already in the workspace is a unique violation on
    /// `workspace_members_workspace_id_user_id_key`.
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<Member> {
        with_conn!(conn, c => diesel::insert_into(workspace_members::table).values(self).returning(Member::as_returning()).get_result(c).await)
    }
}

/// Filters of `Workspace.members`.
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    pub role_id: Option<RoleId>,
    /// Case-insensitive substring of the email or name.
    pub search: Option<String>,
}

impl Member {
    pub async fn find(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        user_id: UserId,
    ) -> QueryResult<Option<(Member, Role)>> {
        with_conn!(conn, c => workspace_members::table
            .inner_join(roles::table)
            .filter(workspace_members::workspace_id.eq(workspace_id))
            .filter(workspace_members::user_id.eq(user_id))
            .select((Member::as_select(), Role::as_select()))
            .first(c)
            .await
            .optional())
    }

    /// A page of members with their users, ordered by user id.
    pub async fn page(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        filter: &MemberFilter,
        after: Option<UserId>,
        limit: i64,
    ) -> QueryResult<Vec<(Member, User)>> {
        let pattern = filter
            .search
            .as_ref()
            .map(|s| format!("%{}%", escape_like(&s.to_lowercase())));
        with_conn!(conn, c => {
            let mut query = workspace_members::table
                .inner_join(users::table)
                .filter(workspace_members::workspace_id.eq(workspace_id))
                .select((Member::as_select(), User::as_select()))
                .order(workspace_members::user_id.asc())
                .limit(limit)
                .into_boxed();
            if let Some(role_id) = filter.role_id {
                query = query.filter(workspace_members::role_id.eq(role_id));
            }
            if let Some(pattern) = &pattern {
                query = query.filter(users::email_normalized.like(pattern.clone()).escape('\\').or(diesel::dsl::sql::<diesel::sql_types::Bool>("lower(users.name) LIKE ").bind::<diesel::sql_types::Text, _>(pattern.clone()).sql(" ESCAPE '\\'")));
            }
            if let Some(after) = after {
                query = query.filter(workspace_members::user_id.gt(after));
            }
            query.load(c).await
        })
    }

    pub async fn count(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        filter: &MemberFilter,
    ) -> QueryResult<i64> {
        let pattern = filter
            .search
            .as_ref()
            .map(|s| format!("%{}%", escape_like(&s.to_lowercase())));
        with_conn!(conn, c => {
            let mut query = workspace_members::table
                .inner_join(users::table)
                .filter(workspace_members::workspace_id.eq(workspace_id))
                .count()
                .into_boxed();
            if let Some(role_id) = filter.role_id {
                query = query.filter(workspace_members::role_id.eq(role_id));
            }
            if let Some(pattern) = &pattern {
                query = query.filter(users::email_normalized.like(pattern.clone()).escape('\\').or(diesel::dsl::sql::<diesel::sql_types::Bool>("lower(users.name) LIKE ").bind::<diesel::sql_types::Text, _>(pattern.clone()).sql(" ESCAPE '\\'")));
            }
            query.get_result(c).await
        })
    }

    /// Members holding `role_id` (the Admin count for the last-Admin rule).
    pub async fn count_with_role(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        role_id: RoleId,
    ) -> QueryResult<i64> {
        with_conn!(conn, c => workspace_members::table
            .filter(workspace_members::workspace_id.eq(workspace_id))
            .filter(workspace_members::role_id.eq(role_id))
            .count()
            .get_result(c)
            .await)
    }

    /// The built-in Admins of the workspaces.
    pub async fn admins_of(
        conn: &mut DbConn<'_>,
        workspace_ids: &[WorkspaceId],
    ) -> QueryResult<Vec<Member>> {
        with_conn!(conn, c => workspace_members::table
            .inner_join(roles::table)
            .filter(workspace_members::workspace_id.eq_any(workspace_ids))
            .filter(roles::builtin.eq(true))
            .filter(roles::key.eq(orkesta_core::BuiltinRole::Admin.key()))
            .select(Member::as_select())
            .load(c)
            .await)
    }

    /// The memberships of `user_ids` in any of `workspace_ids`.
    pub async fn of_users_in(
        conn: &mut DbConn<'_>,
        workspace_ids: &[WorkspaceId],
        user_ids: &[UserId],
    ) -> QueryResult<Vec<Member>> {
        with_conn!(conn, c => workspace_members::table
            .filter(workspace_members::workspace_id.eq_any(workspace_ids))
            .filter(workspace_members::user_id.eq_any(user_ids))
            .select(Member::as_select())
            .load(c)
            .await)
    }

    /// Members of the workspace with these normalised emails.
    pub async fn emails_in(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        emails: &[String],
    ) -> QueryResult<Vec<String>> {
        let mut out = Vec::new();
        for chunk in emails.chunks(1_000) {
            let found: Vec<String> = with_conn!(conn, c => workspace_members::table
                .inner_join(users::table)
                .filter(workspace_members::workspace_id.eq(workspace_id))
                .filter(users::email_normalized.eq_any(chunk))
                .select(users::email_normalized)
                .load(c)
                .await)?;
            out.extend(found);
        }
        Ok(out)
    }

    /// Whether two users are members of at least one common workspace.
    pub async fn share_a_workspace(
        conn: &mut DbConn<'_>,
        a: UserId,
        b: UserId,
    ) -> QueryResult<bool> {
        let of_a: Vec<WorkspaceId> = with_conn!(conn, c => workspace_members::table.filter(workspace_members::user_id.eq(a)).select(workspace_members::workspace_id).load(c).await)?;
        let count: i64 = with_conn!(conn, c => workspace_members::table
            .filter(workspace_members::user_id.eq(b))
            .filter(workspace_members::workspace_id.eq_any(&of_a))
            .count()
            .get_result(c)
            .await)?;
        Ok(count > 0)
    }

    /// Members by id.
    pub async fn find_many(conn: &mut DbConn<'_>, ids: &[MemberId]) -> QueryResult<Vec<Member>> {
        with_conn!(conn, c => workspace_members::table.filter(workspace_members::id.eq_any(ids)).select(Member::as_select()).load(c).await)
    }

    pub async fn set_role(
        conn: &mut DbConn<'_>,
        id: MemberId,
        role_id: RoleId,
    ) -> QueryResult<Member> {
        with_conn!(conn, c => diesel::update(workspace_members::table.find(id))
            .set(workspace_members::role_id.eq(role_id))
            .returning(Member::as_returning())
            .get_result(c)
            .await)
    }

    /// Removes the membership; its project assignments go with it (the
    /// composite foreign key cascades).
    pub async fn delete(conn: &mut DbConn<'_>, id: MemberId) -> QueryResult<()> {
        with_conn!(conn, c => diesel::delete(workspace_members::table.find(id)).execute(c).await)?;
        Ok(())
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
