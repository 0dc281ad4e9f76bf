//! Email verification links: single use, 24 hours, only the hash stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::schema::email_verifications;
use crate::db::sql_types::{EmailVerificationId, UserId};
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = email_verifications)]
pub struct EmailVerification {
    pub id: EmailVerificationId,
    pub user_id: UserId,
    pub token_hash: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = email_verifications)]
pub struct NewEmailVerification<'a> {
    pub id: EmailVerificationId,
    pub user_id: UserId,
    pub token_hash: &'a [u8],
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

impl NewEmailVerification<'_> {
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<()> {
        with_conn!(conn, c => diesel::insert_into(email_verifications::table).values(self).execute(c).await)?;
        Ok(())
    }
}

impl EmailVerification {
    /// Uses the unused, unexpired link with this hash; returns its user.
    pub async fn consume(
        conn: &mut DbConn<'_>,
        token_hash: &[u8],
        now: NaiveDateTime,
    ) -> QueryResult<Option<UserId>> {
        let found: Option<EmailVerification> = with_conn!(conn, c => email_verifications::table
            .filter(email_verifications::token_hash.eq(token_hash))
            .filter(email_verifications::used_at.is_null())
            .filter(email_verifications::expires_at.gt(now))
            .select(EmailVerification::as_select())
            .first(c)
            .await
            .optional())?;
        let Some(found) = found else { return Ok(None) };
        let updated = with_conn!(conn, c => diesel::update(email_verifications::table.find(found.id).filter(email_verifications::used_at.is_null()))
            .set(email_verifications::used_at.eq(now))
            .execute(c)
            .await)?;
        Ok((updated == 1).then_some(found.user_id))
    }
}
