//! `User`.

use async_graphql::{ID, Object};

use crate::db::models::user::User as UserRow;
use crate::graphql::ids::{NodeKind, encode};
use crate::graphql::scalars::DateTime;

#[derive(Debug, Clone)]
pub struct User(pub UserRow);

#[Object]
impl User {
    pub async fn id(&self) -> ID {
        encode(NodeKind::User, self.0.id.0)
    }

    /// As entered at sign-up (trimmed); compared case-insensitively.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// True once the user proved the mailbox (accepted an invitation or confirmed the verification email).
    async fn email_verified(&self) -> bool {
        self.0.email_verified_at.is_some()
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }
}
