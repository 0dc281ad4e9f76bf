//! `ApiKey`: a workspace key as listed (never its secret).

use async_graphql::{Context, Enum, ID, Object};

use super::user::User;
use crate::db::models::api_key::ApiKey as ApiKeyRow;
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, encode};
use crate::graphql::scalars::DateTime;

#[derive(Debug, Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "ApiKeyAccess", remote = "orkesta_core::ApiKeyAccess")]
pub enum ApiKeyAccess {
    ReadOnly,
    ReadWrite,
}

#[derive(Debug, Clone)]
pub struct ApiKey(pub ApiKeyRow);

#[Object]
impl ApiKey {
    pub async fn id(&self) -> ID {
        encode(NodeKind::ApiKey, self.0.id.0)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The first characters of the secret, safe to display (e.g. "ork_7Hq2").
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }

    async fn access(&self) -> ApiKeyAccess {
        orkesta_core::ApiKeyAccess::from_str_opt(&self.0.access)
            .unwrap_or(orkesta_core::ApiKeyAccess::ReadOnly)
            .into()
    }

    /// The member who created it; null once that account is gone (keys outlive their creators).
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        match self.0.created_by_user_id {
            Some(id) => Ok(ctx.state().loaders.users.load_one(id).await?.map(User)),
            None => Ok(None),
        }
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    async fn expires_at(&self) -> Option<DateTime> {
        self.0.expires_at.map(DateTime)
    }

    async fn last_used_at(&self) -> Option<DateTime> {
        self.0.last_used_at.map(DateTime)
    }

    async fn last_used_ip(&self) -> Option<&str> {
        self.0.last_used_ip.as_deref()
    }

    async fn revoked_at(&self) -> Option<DateTime> {
        self.0.revoked_at.map(DateTime)
    }
}
