//! Mail waiting for delivery. Rows are written in the same transaction as
//! what they announce; the body (which holds a secret link) is erased once
//! the message is delivered.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::schema::mail_outbox;
use crate::db::sql_types::{InvitationId, OutboxId, UserId, WorkspaceId};
use crate::db::{DbConn, insert_many, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxMessage {
    pub id: OutboxId,
    pub workspace_id: Option<WorkspaceId>,
    pub invitation_id: Option<InvitationId>,
    pub user_id: Option<UserId>,
    pub recipient: String,
    pub subject: String,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = mail_outbox)]
#[diesel(treat_none_as_default_value = false)]
pub struct NewOutboxMessage {
    pub id: OutboxId,
    pub workspace_id: Option<WorkspaceId>,
    pub invitation_id: Option<InvitationId>,
    pub user_id: Option<UserId>,
    pub recipient: String,
    pub subject: String,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
    pub next_attempt_at: NaiveDateTime,
}

impl NewOutboxMessage {
    pub async fn insert_many(conn: &mut DbConn<'_>, rows: &[NewOutboxMessage]) -> QueryResult<()> {
        insert_many!(conn, mail_outbox::table, rows)
    }
}

impl OutboxMessage {
    /// Takes up to `limit` due messages and leases them until `lease_until`,
    /// so no other sender picks them meanwhile; a crash mid-delivery makes
    /// them due again when the lease ends (delivered at least once).
    pub async fn lease_due(
        conn: &mut DbConn<'_>,
        now: NaiveDateTime,
        lease_until: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<OutboxMessage>> {
        let due: Vec<OutboxMessage> = match conn {
            DbConn::Pg(c) => {
                mail_outbox::table
                    .filter(mail_outbox::delivered_at.is_null())
                    .filter(mail_outbox::next_attempt_at.le(now))
                    .order(mail_outbox::next_attempt_at.asc())
                    .limit(limit)
                    .select(OutboxMessage::as_select())
                    .for_update()
                    .skip_locked()
                    .load(&mut **c)
                    .await?
            }
            DbConn::Sqlite(c) => {
                mail_outbox::table
                    .filter(mail_outbox::delivered_at.is_null())
                    .filter(mail_outbox::next_attempt_at.le(now))
                    .order(mail_outbox::next_attempt_at.asc())
                    .limit(limit)
                    .select(OutboxMessage::as_select())
                    .load(&mut **c)
                    .await?
            }
        };
        let ids: Vec<OutboxId> = due.iter().map(|m| m.id).collect();
        if !ids.is_empty() {
            with_conn!(conn, c => diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids))).set(mail_outbox::next_attempt_at.eq(lease_until)).execute(c).await)?;
        }
        Ok(due)
    }

    /// Delivered: the body, which holds the secret link, is erased.
    pub async fn mark_delivered(
        conn: &mut DbConn<'_>,
        id: OutboxId,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        with_conn!(conn, c => diesel::update(mail_outbox::table.find(id))
            .set((mail_outbox::delivered_at.eq(at), mail_outbox::body.eq(None::<String>), mail_outbox::attempts.eq(mail_outbox::attempts + 1), mail_outbox::last_error.eq(None::<String>)))
            .execute(c)
            .await)?;
        Ok(())
    }

    pub async fn mark_failed(
        conn: &mut DbConn<'_>,
        id: OutboxId,
        error: &str,
        retry_at: NaiveDateTime,
    ) -> QueryResult<()> {
        with_conn!(conn, c => diesel::update(mail_outbox::table.find(id))
            .set((mail_outbox::attempts.eq(mail_outbox::attempts + 1), mail_outbox::last_error.eq(error), mail_outbox::next_attempt_at.eq(retry_at)))
            .execute(c)
            .await)?;
        Ok(())
    }
}
