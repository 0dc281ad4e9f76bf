//! `createRole`, `updateRole`, `deleteRole`.

use async_graphql::{Context, InputObject, Object};
use orkesta_core::PermissionSet;
use orkesta_core::policy::Op;

use crate::authz::WorkspaceScope;
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, encode};
use crate::graphql::types::enums::Permission;
use crate::graphql::types::payloads::{DeletePayload, RolePayload};
use crate::graphql::types::role::Role;
use crate::service::role as service;

#[derive(Debug, InputObject)]
pub struct CreateRoleInput {
    pub workspace_slug: String,
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub permissions: Vec<Permission>,
}

#[derive(Debug, InputObject)]
pub struct UpdateRoleInput {
    pub workspace_slug: String,
    pub key: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub permissions: Option<Vec<Permission>>,
}

#[derive(Debug, InputObject)]
pub struct DeleteRoleInput {
    pub workspace_slug: String,
    pub key: String,
}

fn set(permissions: Vec<Permission>) -> PermissionSet {
    permissions
        .into_iter()
        .map(orkesta_core::Permission::from)
        .collect()
}

#[derive(Debug, Default)]
pub struct RoleMutation;

#[Object]
impl RoleMutation {
    async fn create_role(
        &self,
        ctx: &Context<'_>,
        input: CreateRoleInput,
    ) -> ApiResult<RolePayload> {
        let state = ctx.state();
        let scope = WorkspaceScope::require(state, &input.workspace_slug, Op::ManageRoles).await?;
        let role = service::create(
            state,
            &scope,
            input.key,
            input.name,
            input.description,
            set(input.permissions),
        )
        .await?;
        Ok(RolePayload { role: Role(role) })
    }

    async fn update_role(
        &self,
        ctx: &Context<'_>,
        input: UpdateRoleInput,
    ) -> ApiResult<RolePayload> {
        let state = ctx.state();
        let scope = WorkspaceScope::require(state, &input.workspace_slug, Op::ManageRoles).await?;
        let role = service::update(
            state,
            &scope,
            &input.key,
            input.name,
            input.description,
            input.permissions.map(set),
        )
        .await?;
        Ok(RolePayload { role: Role(role) })
    }

    async fn delete_role(
        &self,
        ctx: &Context<'_>,
        input: DeleteRoleInput,
    ) -> ApiResult<DeletePayload> {
        let state = ctx.state();
        let scope = WorkspaceScope::require(state, &input.workspace_slug, Op::ManageRoles).await?;
        let id = service::delete(state, &scope, &input.key).await?;
        Ok(DeletePayload {
            deleted_id: encode(NodeKind::Role, id.0),
        })
    }
}
