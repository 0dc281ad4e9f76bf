//! Invitations to a workspace and the projects they assign. EXPIRED is not
//! stored: it is a PENDING invitation past `expires_at`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::project::Project;
use crate::db::schema::{invitation_projects, invitations, projects};
use crate::db::sql_types::{InvitationId, ProjectId, RoleId, UserId, WorkspaceId};
use crate::db::{DbConn, insert_many, with_conn};

pub const PENDING: &str = "PENDING";
pub const ACCEPTED: &str = "ACCEPTED";
pub const REVOKED: &str = "REVOKED";

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: InvitationId,
    pub workspace_id: WorkspaceId,
    /// As entered (trimmed).
    pub email: String,
    pub email_normalized: String,
    pub role_id: RoleId,
    /// `PENDING`, `ACCEPTED` or `REVOKED`.
    pub status: String,
    pub token_hash: Vec<u8>,
    pub invited_by_user_id: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub accepted_by_user_id: Option<UserId>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl Invitation {
    pub fn is_pending_at(&self, at: NaiveDateTime) -> bool {
        self.status == PENDING && self.expires_at > at
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = invitations)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewInvitation<'a> {
    pub id: InvitationId,
    pub workspace_id: WorkspaceId,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub role_id: RoleId,
    pub status: &'a str,
    pub token_hash: &'a [u8],
    pub invited_by_user_id: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = invitation_projects)]
#[diesel(treat_none_as_default_value = false)]
pub struct InvitationProject {
    pub invitation_id: InvitationId,
    pub workspace_id: WorkspaceId,
    pub project_id: ProjectId,
    /// `None`: inherit the invited workspace role.
    pub role_id: Option<RoleId>,
}

/// Most keys one `IN (…)` list carries (SQLite binds at most 32,766
/// parameters per statement).
const INSERT_CHUNK: usize = 1_000;

impl NewInvitation<'_> {
    /// A second pending invitation for one email is a unique violation on
    /// `invitations_one_pending_per_email`.
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<Invitation> {
        with_conn!(conn, c => diesel::insert_into(invitations::table).values(self).returning(Invitation::as_returning()).get_result(c).await)
    }

    /// Inserts many invitations (see [`insert_many!`]).
    pub async fn insert_many(conn: &mut DbConn<'_>, rows: &[NewInvitation<'_>]) -> QueryResult<()> {
        insert_many!(conn, invitations::table, rows)
    }
}

/// Filters of `Workspace.invitations`; the status filter is applied with the
/// clock, since EXPIRED is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// Applies a status filter (EXPIRED is PENDING past `expires_at`) to a
/// boxed query on `invitations`.
macro_rules! with_status {
    ($query:expr, $status:expr, $now:expr) => {
        match $status {
            Some(StatusFilter::Pending) => $query
                .filter(invitations::status.eq(PENDING))
                .filter(invitations::expires_at.gt($now)),
            Some(StatusFilter::Expired) => $query
                .filter(invitations::status.eq(PENDING))
                .filter(invitations::expires_at.le($now)),
            Some(StatusFilter::Accepted) => $query.filter(invitations::status.eq(ACCEPTED)),
            Some(StatusFilter::Revoked) => $query.filter(invitations::status.eq(REVOKED)),
            None => $query,
        }
    };
}

impl Invitation {
    pub async fn find_by_token_hash(
        conn: &mut DbConn<'_>,
        hash: &[u8],
    ) -> QueryResult<Option<Invitation>> {
        with_conn!(conn, c => invitations::table.filter(invitations::token_hash.eq(hash)).select(Invitation::as_select()).first(c).await.optional())
    }

    pub async fn find_in_workspace(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        id: InvitationId,
    ) -> QueryResult<Option<Invitation>> {
        with_conn!(conn, c => invitations::table
            .filter(invitations::workspace_id.eq(workspace_id))
            .filter(invitations::id.eq(id))
            .select(Invitation::as_select())
            .first(c)
            .await
            .optional())
    }

    pub async fn find_many(
        conn: &mut DbConn<'_>,
        ids: &[InvitationId],
    ) -> QueryResult<Vec<Invitation>> {
        with_conn!(conn, c => invitations::table.filter(invitations::id.eq_any(ids)).select(Invitation::as_select()).load(c).await)
    }

    /// The stored-PENDING invitations of a workspace for these emails
    /// (expired ones included: they are revived by a new invitation).
    pub async fn pending_for_emails(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        emails: &[String],
    ) -> QueryResult<Vec<Invitation>> {
        let mut out = Vec::new();
        for chunk in emails.chunks(INSERT_CHUNK) {
            let rows: Vec<Invitation> = with_conn!(conn, c => invitations::table
                .filter(invitations::workspace_id.eq(workspace_id))
                .filter(invitations::status.eq(PENDING))
                .filter(invitations::email_normalized.eq_any(chunk))
                .select(Invitation::as_select())
                .load(c)
                .await)?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Pending, unexpired invitations addressed to an email, in any workspace.
    pub async fn pending_for_email(
        conn: &mut DbConn<'_>,
        email_normalized: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Vec<Invitation>> {
        with_conn!(conn, c => invitations::table
            .filter(invitations::email_normalized.eq(email_normalized))
            .filter(invitations::status.eq(PENDING))
            .filter(invitations::expires_at.gt(now))
            .order(invitations::id.asc())
            .select(Invitation::as_select())
            .load(c)
            .await)
    }

    pub async fn page(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        status: Option<StatusFilter>,
        now: NaiveDateTime,
        after: Option<InvitationId>,
        limit: i64,
    ) -> QueryResult<Vec<Invitation>> {
        with_conn!(conn, c => {
            let mut query = with_status!(invitations::table.filter(invitations::workspace_id.eq(workspace_id)).select(Invitation::as_select()).into_boxed(), status, now);
            if let Some(after) = after {
                query = query.filter(invitations::id.gt(after));
            }
            query.order(invitations::id.asc()).limit(limit).load(c).await
        })
    }

    pub async fn count(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        status: Option<StatusFilter>,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        with_conn!(conn, c => {
            with_status!(invitations::table.filter(invitations::workspace_id.eq(workspace_id)).count().into_boxed(), status, now).get_result(c).await
        })
    }

    /// Changes a pending invitation's role and replaces its token and
    /// expiry (re-invite, resend).
    pub async fn renew(
        conn: &mut DbConn<'_>,
        id: InvitationId,
        role_id: RoleId,
        token_hash: &[u8],
        expires_at: NaiveDateTime,
    ) -> QueryResult<Invitation> {
        with_conn!(conn, c => diesel::update(invitations::table.find(id))
            .set((invitations::role_id.eq(role_id), invitations::token_hash.eq(token_hash), invitations::expires_at.eq(expires_at)))
            .returning(Invitation::as_returning())
            .get_result(c)
            .await)
    }

    /// Marks a pending invitation accepted; `false` when it no longer was
    /// pending (a concurrent accept won).
    pub async fn mark_accepted(
        conn: &mut DbConn<'_>,
        id: InvitationId,
        by: UserId,
        at: NaiveDateTime,
    ) -> QueryResult<bool> {
        let updated = with_conn!(conn, c => diesel::update(invitations::table.find(id).filter(invitations::status.eq(PENDING)))
            .set((invitations::status.eq(ACCEPTED), invitations::accepted_at.eq(at), invitations::accepted_by_user_id.eq(by)))
            .execute(c)
            .await)?;
        Ok(updated == 1)
    }

    pub async fn mark_revoked(
        conn: &mut DbConn<'_>,
        id: InvitationId,
        at: NaiveDateTime,
    ) -> QueryResult<Invitation> {
        with_conn!(conn, c => diesel::update(invitations::table.find(id))
            .set((invitations::status.eq(REVOKED), invitations::revoked_at.eq(at)))
            .returning(Invitation::as_returning())
            .get_result(c)
            .await)
    }

    /// Pending, unexpired invitations of a workspace (seats in use).
    pub async fn count_pending(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        now: NaiveDateTime,
    ) -> QueryResult<i64> {
        Invitation::count(conn, workspace_id, Some(StatusFilter::Pending), now).await
    }
}

impl InvitationProject {
    /// Replaces an invitation's project assignments.
    pub async fn replace(
        conn: &mut DbConn<'_>,
        invitation_id: InvitationId,
        rows: &[InvitationProject],
    ) -> QueryResult<()> {
        with_conn!(conn, c => diesel::delete(invitation_projects::table.filter(invitation_projects::invitation_id.eq(invitation_id))).execute(c).await)?;
        InvitationProject::insert_many(conn, rows).await
    }

    pub async fn insert_many(conn: &mut DbConn<'_>, rows: &[InvitationProject]) -> QueryResult<()> {
        insert_many!(conn, invitation_projects::table, rows)
    }

    /// Assignments of the invitations with their projects.
    pub async fn for_invitations(
        conn: &mut DbConn<'_>,
        ids: &[InvitationId],
    ) -> QueryResult<Vec<(InvitationProject, Project)>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(INSERT_CHUNK) {
            let rows: Vec<(InvitationProject, Project)> = with_conn!(conn, c => invitation_projects::table
                .inner_join(projects::table)
                .filter(invitation_projects::invitation_id.eq_any(chunk))
                .order((invitation_projects::invitation_id.asc(), projects::slug.asc()))
                .select((InvitationProject::as_select(), Project::as_select()))
                .load(c)
                .await)?;
            out.extend(rows);
        }
        Ok(out)
    }
}
