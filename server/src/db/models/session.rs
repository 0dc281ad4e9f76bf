//! Sign-in sessions: only the SHA-256 of the bearer token is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::user::User;
use crate::db::schema::{sessions, users};
use crate::db::sql_types::{SessionId, UserId};
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: SessionId,
    pub user_id: UserId,
    pub token_hash: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub id: SessionId,
    pub user_id: UserId,
    pub token_hash: &'a [u8],
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

impl NewSession<'_> {
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<Session> {
        with_conn!(conn, c => diesel::insert_into(sessions::table).values(self).returning(Session::as_returning()).get_result(c).await)
    }
}

impl Session {
    /// The live session with this token hash and its user: not revoked, not
    /// expired at `now`.
    pub async fn find_active(
        conn: &mut DbConn<'_>,
        token_hash: &[u8],
        now: NaiveDateTime,
    ) -> QueryResult<Option<(Session, User)>> {
        with_conn!(conn, c => sessions::table
            .inner_join(users::table)
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::expires_at.gt(now))
            .select((Session::as_select(), User::as_select()))
            .first(c)
            .await
            .optional())
    }

    /// Ends the session at once. Returns whether it was live.
    pub async fn revoke(
        conn: &mut DbConn<'_>,
        id: SessionId,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        let updated = with_conn!(conn, c => diesel::update(sessions::table)
            .filter(sessions::id.eq(id))
            .filter(sessions::revoked_at.is_null())
            .set(sessions::revoked_at.eq(now))
            .execute(c)
            .await)?;
        Ok(updated == 1)
    }
}
