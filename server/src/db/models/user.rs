//! Users: accounts identified by email, with a password hash.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::schema::users;
use crate::db::sql_types::UserId;
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    /// As entered at sign-up, trimmed.
    pub email: String,
    /// Lowercased; carries the unique index.
    pub email_normalized: String,
    pub name: String,
    pub password_hash: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: UserId,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub created_at: NaiveDateTime,
}

impl NewUser<'_> {
    /// Inserts the user. A taken email is a unique violation on
    /// `users_email_normalized_key`.
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<User> {
        with_conn!(conn, c => diesel::insert_into(users::table).values(self).returning(User::as_returning()).get_result(c).await)
    }
}

impl User {
    pub async fn find_by_email(
        conn: &mut DbConn<'_>,
        email_normalized: &str,
    ) -> QueryResult<Option<User>> {
        with_conn!(conn, c => users::table
            .filter(users::email_normalized.eq(email_normalized))
            .select(User::as_select())
            .first(c)
            .await
            .optional())
    }

    /// Marks the email verified (keeps the first verification time).
    pub async fn mark_verified(
        conn: &mut DbConn<'_>,
        id: UserId,
        at: NaiveDateTime,
    ) -> QueryResult<()> {
        with_conn!(conn, c => diesel::update(users::table.find(id).filter(users::email_verified_at.is_null())).set(users::email_verified_at.eq(at)).execute(c).await)?;
        Ok(())
    }

    pub async fn find_many(conn: &mut DbConn<'_>, ids: &[UserId]) -> QueryResult<Vec<User>> {
        with_conn!(conn, c => users::table.filter(users::id.eq_any(ids)).select(User::as_select()).load(c).await)
    }
}
