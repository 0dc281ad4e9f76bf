//! Audit events: written in the same transaction as the change they record.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::schema::audit_events;
use crate::db::sql_types::{ApiKeyId, AuditEventId, JsonValue, UserId, WorkspaceId};
use crate::db::{DbConn, insert_many, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    pub id: AuditEventId,
    pub workspace_id: Option<WorkspaceId>,
    pub user_id: Option<UserId>,
    pub actor_user_id: Option<UserId>,
    pub actor_api_key_id: Option<ApiKeyId>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub metadata: JsonValue,
    pub ip: Option<String>,
    pub created_at: NaiveDateTime,
}

/// An event to record. Workspace-scoped events set `workspace_id`; account
/// events set `user_id`.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewAuditEvent<'a> {
    pub id: AuditEventId,
    pub workspace_id: Option<WorkspaceId>,
    pub user_id: Option<UserId>,
    pub actor_user_id: Option<UserId>,
    pub actor_api_key_id: Option<ApiKeyId>,
    pub action: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<String>,
    pub metadata: JsonValue,
    pub ip: Option<String>,
    pub created_at: NaiveDateTime,
}

impl NewAuditEvent<'_> {
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<()> {
        with_conn!(conn, c => diesel::insert_into(audit_events::table).values(self).execute(c).await)?;
        Ok(())
    }

    /// Many events in few statements (PostgreSQL) or one a row (SQLite).
    pub async fn insert_many(conn: &mut DbConn<'_>, rows: &[NewAuditEvent<'_>]) -> QueryResult<()> {
        insert_many!(conn, audit_events::table, rows)
    }
}

impl AuditEvent {
    /// Account events of one user, newest first (for tests and the future
    /// security log).
    pub async fn for_user(
        conn: &mut DbConn<'_>,
        user_id: UserId,
        limit: i64,
    ) -> QueryResult<Vec<AuditEvent>> {
        with_conn!(conn, c => audit_events::table
            .filter(audit_events::user_id.eq(user_id))
            .order(audit_events::id.desc())
            .limit(limit)
            .select(AuditEvent::as_select())
            .load(c)
            .await)
    }
}
