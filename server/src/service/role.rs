//! Custom roles: create, change, delete (built-in roles are immutable).

use futures_util::FutureExt;
use orkesta_core::PermissionSet;
use orkesta_core::access::may_grant_in_workspace;
use orkesta_core::validate::{SlugKind, normalize_description, normalize_name, validate_slug};
use serde_json::json;

use super::audit::{Target, record};
use crate::authz::WorkspaceScope;
use crate::db::models::role::{NewRole, Role, RoleChanges, permissions_to_json};
use crate::db::now;
use crate::db::sql_types::RoleId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::RequestState;
use crate::graphql::ids::NodeKind;

/// At most this many custom roles per workspace.
pub const MAX_CUSTOM_ROLES: i64 = 50;

fn check_grant(scope: &WorkspaceScope, permissions: PermissionSet) -> ApiResult<()> {
    match scope.caller_role() {
        Some(caller) if may_grant_in_workspace(caller, permissions) => Ok(()),
        _ => Err(ApiError::forbidden(
            "ESCALATION",
            "a role may hold only permissions you hold yourself",
        )),
    }
}

/// The custom role with `key`: NOT_FOUND when missing, and
/// `BUILTIN_ROLE_IMMUTABLE` for a built-in one.
async fn custom_role(state: &RequestState, scope: &WorkspaceScope, key: &str) -> ApiResult<Role> {
    let role = scope
        .roles(state)
        .await?
        .iter()
        .find(|r| r.key == key)
        .cloned()
        .ok_or_else(|| ApiError::not_found("role"))?;
    if role.builtin {
        return Err(ApiError::bad_input(
            "BUILTIN_ROLE_IMMUTABLE",
            "built-in roles cannot be changed or deleted",
        )
        .on("key"));
    }
    Ok(role)
}

pub async fn create(
    state: &RequestState,
    scope: &WorkspaceScope,
    key: String,
    name: String,
    description: Option<String>,
    permissions: PermissionSet,
) -> ApiResult<Role> {
    validate_slug(&key, SlugKind::RoleKey).map_err(|e| ApiError::invalid_value("key", e))?;
    let name = normalize_name(&name).map_err(|e| ApiError::invalid_value("name", e))?;
    let description = description
        .map(|d| normalize_description(&d))
        .transpose()
        .map_err(|e| ApiError::invalid_value("description", e))?
        .flatten();
    check_grant(scope, permissions)?;
    let (workspace_id, actor) = (scope.workspace.id, scope.actor.clone());
    state
        .db
        .write(move |mut conn| {
            async move {
                if Role::count_custom(&mut conn, workspace_id).await? >= MAX_CUSTOM_ROLES {
                    return Err(ApiError::conflict(
                        "ROLE_LIMIT",
                        format!("a workspace has at most {MAX_CUSTOM_ROLES} custom roles"),
                    ));
                }
                let at = now();
                let new = NewRole {
                    id: RoleId::new(),
                    workspace_id,
                    key: &key,
                    name: &name,
                    description: description.as_deref(),
                    builtin: false,
                    permissions: permissions_to_json(permissions),
                    created_at: at,
                };
                let role = new
                    .insert(&mut conn)
                    .await
                    .map_err(|e| super::slug_taken(e, "key", "a role with this key exists"))?;
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "role.created",
                    Some(Target::new(NodeKind::Role, role.id.0)),
                    json!({ "key": role.key, "permissions": role.permissions.0 }),
                    at,
                )
                .await?;
                Ok(role)
            }
            .boxed()
        })
        .await
}

pub async fn update(
    state: &RequestState,
    scope: &WorkspaceScope,
    key: &str,
    name: Option<String>,
    description: Option<String>,
    permissions: Option<PermissionSet>,
) -> ApiResult<Role> {
    let role = custom_role(state, scope, key).await?;
    let name = name
        .map(|n| normalize_name(&n))
        .transpose()
        .map_err(|e| ApiError::invalid_value("name", e))?;
    let description_given = description.is_some();
    let description = description
        .map(|d| normalize_description(&d))
        .transpose()
        .map_err(|e| ApiError::invalid_value("description", e))?
        .flatten();
    // Editing a role changes what its holders can do: the caller must hold
    // both what it has and what it would get.
    check_grant(
        scope,
        role.permissions().union(permissions.unwrap_or_default()),
    )?;
    let (workspace_id, actor) = (scope.workspace.id, scope.actor.clone());
    state
        .db
        .write(move |mut conn| {
            async move {
                let changes = RoleChanges {
                    name: name.as_deref(),
                    description: description_given.then_some(description.as_deref()),
                    permissions: permissions.map(permissions_to_json),
                };
                let updated = Role::update(&mut conn, role.id, &changes).await?;
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "role.updated",
                    Some(Target::new(NodeKind::Role, role.id.0)),
                    json!({ "key": updated.key, "permissions": updated.permissions.0 }),
                    now(),
                )
                .await?;
                Ok::<_, ApiError>(updated)
            }
            .boxed()
        })
        .await
}

/// Deletes a custom role nobody refers to (members, assignments,
/// invitations of any status): otherwise CONFLICT `ROLE_IN_USE`.
pub async fn delete(state: &RequestState, scope: &WorkspaceScope, key: &str) -> ApiResult<RoleId> {
    let role = custom_role(state, scope, key).await?;
    check_grant(scope, role.permissions())?;
    let (workspace_id, actor) = (scope.workspace.id, scope.actor.clone());
    let in_use = || {
        ApiError::conflict(
            "ROLE_IN_USE",
            "the role is still held by a member, a project assignment or an invitation",
        )
    };
    state
        .db
        .write(move |mut conn| {
            async move {
                if Role::is_in_use(&mut conn, role.id).await? {
                    return Err(in_use());
                }
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "role.deleted",
                    Some(Target::new(NodeKind::Role, role.id.0)),
                    json!({ "key": role.key }),
                    now(),
                )
                .await?;
                Role::delete(&mut conn, role.id)
                    .await
                    .map_err(|e| match e {
                        // The foreign keys are the last word when a reference appeared meanwhile.
                        diesel::result::Error::DatabaseError(
                            diesel::result::DatabaseErrorKind::ForeignKeyViolation,
                            _,
                        ) => in_use(),
                        other => ApiError::from(other),
                    })?;
                Ok(role.id)
            }
            .boxed()
        })
        .await
}
