//! `createApiKey`, `revokeApiKey`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use orkesta_core::policy::Op;

use crate::authz::WorkspaceScope;
use crate::db::sql_types::ApiKeyId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, decode};
use crate::graphql::scalars::DateTime;
use crate::graphql::types::api_key::{ApiKey, ApiKeyAccess};
use crate::service::api_key as service;

#[derive(Debug, InputObject)]
pub struct CreateApiKeyInput {
    pub workspace_slug: String,
    pub name: String,
    pub access: ApiKeyAccess,
    pub expires_at: Option<DateTime>,
}

#[derive(Debug, SimpleObject)]
pub struct CreateApiKeyPayload {
    pub api_key: ApiKey,
    /// The full key. Returned exactly once; only a hash is stored.
    pub secret: String,
}

#[derive(Debug, InputObject)]
pub struct RevokeApiKeyInput {
    pub workspace_slug: String,
    pub api_key_id: ID,
}

#[derive(Debug, SimpleObject)]
pub struct ApiKeyPayload {
    pub api_key: ApiKey,
}

#[derive(Debug, Default)]
pub struct ApiKeyMutation;

#[Object]
impl ApiKeyMutation {
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        input: CreateApiKeyInput,
    ) -> ApiResult<CreateApiKeyPayload> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::ManageApiKeys).await?;
        let (key, token) = service::create(
            state,
            &scope,
            &input.name,
            input.access.into(),
            input.expires_at.map(|t| t.0),
        )
        .await?;
        Ok(CreateApiKeyPayload {
            api_key: ApiKey(key),
            secret: token.expose_secret().to_owned(),
        })
    }

    async fn revoke_api_key(
        &self,
        ctx: &Context<'_>,
        input: RevokeApiKeyInput,
    ) -> ApiResult<ApiKeyPayload> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::ManageApiKeys).await?;
        let id = decode(NodeKind::ApiKey, &input.api_key_id)
            .map(ApiKeyId)
            .ok_or_else(|| ApiError::not_found("API key"))?;
        Ok(ApiKeyPayload {
            api_key: ApiKey(service::revoke(state, &scope, id).await?),
        })
    }
}
