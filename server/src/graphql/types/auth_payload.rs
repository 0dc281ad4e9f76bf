//! `AuthPayload`: the answer to `signUp` and `signIn`.

use async_graphql::SimpleObject;

use super::user::User;
use crate::graphql::scalars::DateTime;
use crate::service::identity::IssuedSession;

#[derive(Debug, SimpleObject)]
pub struct AuthPayload {
    /// Session token for `Authorization: Bearer <token>`. Shown once.
    pub token: String,
    pub user: User,
    pub expires_at: DateTime,
}

impl From<IssuedSession> for AuthPayload {
    fn from(s: IssuedSession) -> Self {
        AuthPayload {
            token: s.token.expose_secret().to_owned(),
            user: User(s.user),
            expires_at: DateTime(s.expires_at),
        }
    }
}
