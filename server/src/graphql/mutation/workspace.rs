//! `createWorkspace`, `updateWorkspace`, `deleteWorkspace`.

use async_graphql::{Context, InputObject, Object};
use orkesta_core::policy::Op;

use crate::authz::{WorkspaceScope, require_user};
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, encode};
use crate::graphql::types::payloads::{DeletePayload, WorkspacePayload};
use crate::graphql::types::workspace::Workspace;
use crate::service::workspace as service;

#[derive(Debug, InputObject)]
pub struct CreateWorkspaceInput {
    pub slug: String,
    pub name: String,
    pub timezone: Option<String>,
}

#[derive(Debug, InputObject)]
pub struct UpdateWorkspaceInput {
    pub workspace_slug: String,
    pub name: Option<String>,
    pub timezone: Option<String>,
    /// Rename the slug (old slug stops resolving).
    pub new_slug: Option<String>,
}

#[derive(Debug, InputObject)]
pub struct DeleteWorkspaceInput {
    pub workspace_slug: String,
    /// Must equal workspaceSlug: a guard against accidents.
    pub confirm_slug: String,
}

#[derive(Debug, Default)]
pub struct WorkspaceMutation;

#[Object]
impl WorkspaceMutation {
    /// Creates a workspace; the caller becomes its Admin.
    async fn create_workspace(
        &self,
        ctx: &Context<'_>,
        input: CreateWorkspaceInput,
    ) -> ApiResult<WorkspacePayload> {
        let state = ctx.state();
        let user = require_user(state).await?;
        let scope = service::create(state, user, input.slug, input.name, input.timezone).await?;
        Ok(WorkspacePayload {
            workspace: Workspace(scope),
        })
    }

    async fn update_workspace(
        &self,
        ctx: &Context<'_>,
        input: UpdateWorkspaceInput,
    ) -> ApiResult<WorkspacePayload> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::UpdateWorkspace).await?;
        let workspace =
            service::update(state, &scope, input.name, input.timezone, input.new_slug).await?;
        let scope = WorkspaceScope::require(state, &workspace.slug, Op::ReadWorkspace).await?;
        Ok(WorkspacePayload {
            workspace: Workspace(scope),
        })
    }

    /// Deletes the workspace and everything in it.
    async fn delete_workspace(
        &self,
        ctx: &Context<'_>,
        input: DeleteWorkspaceInput,
    ) -> ApiResult<DeletePayload> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::DeleteWorkspace).await?;
        let id = service::delete(state, &scope, &input.confirm_slug).await?;
        Ok(DeletePayload {
            deleted_id: encode(NodeKind::Workspace, id.0),
        })
    }
}
