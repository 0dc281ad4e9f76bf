//! Creating, changing and deleting workspaces.

use std::sync::Arc;

use futures_util::FutureExt;
use orkesta_core::validate::{SlugKind, normalize_name, validate_slug, validate_timezone};
use serde_json::json;

use super::audit::{Target, record};
use crate::authz::{Actor, WorkspaceScope};
use crate::db::models::member::NewMember;
use crate::db::models::role::Role;
use crate::db::models::user::User;
use crate::db::models::workspace::{NewWorkspace, Workspace, WorkspaceChanges};
use crate::db::now;
use crate::db::sql_types::{MemberId, WorkspaceId};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::RequestState;
use crate::graphql::ids::NodeKind;

fn slug_taken(e: diesel::result::Error, field: &'static str) -> ApiError {
    super::slug_taken(e, field, "this slug is taken")
}

/// Creates a workspace; the creator becomes its Admin.
pub async fn create(
    state: &RequestState,
    user: User,
    slug: String,
    name: String,
    timezone: Option<String>,
) -> ApiResult<Arc<WorkspaceScope>> {
    validate_slug(&slug, SlugKind::Workspace).map_err(|e| ApiError::invalid_value("slug", e))?;
    let name = normalize_name(&name).map_err(|e| ApiError::invalid_value("name", e))?;
    let timezone = timezone.unwrap_or_else(|| "UTC".to_owned());
    validate_timezone(&timezone).map_err(|e| ApiError::invalid_value("timezone", e))?;
    let actor = Actor {
        user_id: Some(user.id),
        api_key_id: None,
        ip: state.client_ip,
    };
    let ip = state.client_ip;
    let (workspace, member, admin) = state
        .db
        .write(move |mut conn| {
            async move {
                let at = now();
                let new = NewWorkspace {
                    id: WorkspaceId::new(),
                    slug: &slug,
                    name: &name,
                    timezone: &timezone,
                    created_at: at,
                };
                let workspace = new
                    .insert(&mut conn)
                    .await
                    .map_err(|e| slug_taken(e, "slug"))?;
                let roles = Role::insert_builtins(&mut conn, workspace.id, at).await?;
                let admin = roles
                    .into_iter()
                    .find(|r| r.builtin_role() == Some(orkesta_core::BuiltinRole::Admin))
                    .ok_or_else(|| ApiError::internal(std::io::Error::other("no Admin role")))?;
                let member = NewMember {
                    id: MemberId::new(),
                    workspace_id: workspace.id,
                    user_id: user.id,
                    role_id: admin.id,
                    joined_at: at,
                }
                .insert(&mut conn)
                .await?;
                record(
                    &mut conn,
                    &actor,
                    workspace.id,
                    "workspace.created",
                    Some(Target::new(NodeKind::Workspace, workspace.id.0)),
                    json!({ "slug": workspace.slug }),
                    at,
                )
                .await?;
                Ok::<_, ApiError>((workspace, member, admin))
            }
            .boxed()
        })
        .await?;
    Ok(Arc::new(WorkspaceScope::for_member(
        workspace, member, admin, ip,
    )))
}

/// Renames, re-slugs or changes the time zone of a workspace.
pub async fn update(
    state: &RequestState,
    scope: &WorkspaceScope,
    name: Option<String>,
    timezone: Option<String>,
    new_slug: Option<String>,
) -> ApiResult<Workspace> {
    if let Some(slug) = &new_slug {
        validate_slug(slug, SlugKind::Workspace)
            .map_err(|e| ApiError::invalid_value("newSlug", e))?;
    }
    let name = name
        .map(|n| normalize_name(&n))
        .transpose()
        .map_err(|e| ApiError::invalid_value("name", e))?;
    if let Some(tz) = &timezone {
        validate_timezone(tz).map_err(|e| ApiError::invalid_value("timezone", e))?;
    }
    let (id, actor) = (scope.workspace.id, scope.actor.clone());
    state
        .db
        .write(move |mut conn| {
            async move {
                let changes = WorkspaceChanges { slug: new_slug.as_deref(), name: name.as_deref(), timezone: timezone.as_deref() };
                let workspace = Workspace::update(&mut conn, id, &changes).await.map_err(|e| slug_taken(e, "newSlug"))?;
                let metadata = json!({ "name": changes.name, "timezone": changes.timezone, "slug": changes.slug });
                record(&mut conn, &actor, id, "workspace.updated", Some(Target::new(NodeKind::Workspace, id.0)), metadata, now()).await?;
                Ok::<_, ApiError>(workspace)
            }
            .boxed()
        })
        .await
}

/// Deletes a workspace and everything in it. `confirm_slug` must repeat its
/// slug. The audit event outlives the workspace.
pub async fn delete(
    state: &RequestState,
    scope: &WorkspaceScope,
    confirm_slug: &str,
) -> ApiResult<WorkspaceId> {
    if confirm_slug != scope.workspace.slug {
        return Err(ApiError::bad_input(
            "CONFIRMATION_MISMATCH",
            "confirmSlug must equal the workspace's slug",
        )
        .on("confirmSlug"));
    }
    let (id, slug, actor) = (
        scope.workspace.id,
        scope.workspace.slug.clone(),
        scope.actor.clone(),
    );
    state
        .db
        .write(move |mut conn| {
            async move {
                record(
                    &mut conn,
                    &actor,
                    id,
                    "workspace.deleted",
                    Some(Target::new(NodeKind::Workspace, id.0)),
                    json!({ "slug": slug }),
                    now(),
                )
                .await?;
                Workspace::delete(&mut conn, id).await?;
                Ok::<_, ApiError>(id)
            }
            .boxed()
        })
        .await
}
