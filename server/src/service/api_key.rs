//! Workspace API keys: create (the secret is shown once) and revoke.

use chrono::NaiveDateTime;
use futures_util::FutureExt;
use orkesta_core::access::{ApiKeyAccess, may_grant_in_workspace};
use orkesta_core::api_key::{Token, TokenKind};
use orkesta_core::validate::normalize_name;
use serde_json::json;

use super::audit::{Target, record};
use crate::auth::secret;
use crate::authz::WorkspaceScope;
use crate::db::models::api_key::{ApiKey, NewApiKey};
use crate::db::now;
use crate::db::sql_types::ApiKeyId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::RequestState;
use crate::graphql::ids::NodeKind;

/// Creates a key of the caller's workspace. A caller can create only a key
/// whose access set it holds itself.
pub async fn create(
    state: &RequestState,
    scope: &WorkspaceScope,
    name: &str,
    access: ApiKeyAccess,
    expires_at: Option<NaiveDateTime>,
) -> ApiResult<(ApiKey, Token)> {
    let name = normalize_name(name).map_err(|e| ApiError::invalid_value("name", e))?;
    if expires_at.is_some_and(|at| at <= now()) {
        return Err(
            ApiError::bad_input("INVALID_EXPIRY", "expiresAt must be in the future")
                .on("expiresAt"),
        );
    }
    if !scope
        .caller_role()
        .is_some_and(|role| may_grant_in_workspace(role, access.permissions()))
    {
        return Err(ApiError::forbidden(
            "ESCALATION",
            "a key may hold only permissions you hold yourself",
        ));
    }
    let token = secret::generate(TokenKind::ApiKey);
    let (hash, prefix) = (
        secret::hash(token.expose_secret()),
        token.display_prefix().to_owned(),
    );
    let (workspace_id, actor) = (scope.workspace.id, scope.actor.clone());
    let key = state
        .db
        .write(move |mut conn| {
            async move {
                let at = now();
                let new = NewApiKey {
                    id: ApiKeyId::new(),
                    workspace_id,
                    name: &name,
                    prefix: &prefix,
                    token_hash: &hash,
                    access: access.as_str(),
                    created_by_user_id: actor.user_id,
                    created_at: at,
                    expires_at,
                };
                let key = new.insert(&mut conn).await?;
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "api_key.created",
                    Some(Target::new(NodeKind::ApiKey, key.id.0)),
                    json!({ "name": key.name, "access": key.access }),
                    at,
                )
                .await?;
                Ok::<_, ApiError>(key)
            }
            .boxed()
        })
        .await?;
    Ok((key, token))
}

/// Revokes a key of the workspace; it stops working on the next request.
pub async fn revoke(
    state: &RequestState,
    scope: &WorkspaceScope,
    id: ApiKeyId,
) -> ApiResult<ApiKey> {
    let (workspace_id, actor) = (scope.workspace.id, scope.actor.clone());
    state
        .db
        .write(move |mut conn| {
            async move {
                ApiKey::find_in_workspace(&mut conn, workspace_id, id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("API key"))?;
                let at = now();
                let key = ApiKey::revoke(&mut conn, id, at).await?;
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "api_key.revoked",
                    Some(Target::new(NodeKind::ApiKey, id.0)),
                    json!({ "name": key.name }),
                    at,
                )
                .await?;
                Ok::<_, ApiError>(key)
            }
            .boxed()
        })
        .await
}
