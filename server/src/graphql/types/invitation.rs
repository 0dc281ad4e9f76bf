//! `Invitation`, `InvitationProject`, `InvitationStatus`.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object};

use super::project::Project;
use super::role::Role;
use super::user::User;
use super::workspace::Workspace;
use crate::authz::WorkspaceScope;
use crate::db::models::invitation::{ACCEPTED, Invitation as InvitationRow, REVOKED};
use crate::db::models::project::Project as ProjectRow;
use crate::db::models::role::Role as RoleRow;
use crate::db::now;
use crate::db::sql_types::RoleId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::{ContextExt, RequestState};
use crate::graphql::ids::{NodeKind, encode};
use crate::graphql::scalars::DateTime;

#[derive(Debug, Enum, Clone, Copy, PartialEq, Eq)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// An invitation, seen by `viewer` (the caller's scope in its workspace,
/// when the caller can see the workspace; an invitee cannot).
#[derive(Debug, Clone)]
pub struct Invitation {
    pub row: InvitationRow,
    pub viewer: Option<Arc<WorkspaceScope>>,
}

async fn role(state: &RequestState, row: &InvitationRow, id: RoleId) -> ApiResult<RoleRow> {
    let roles = state
        .loaders
        .roles
        .load_one(row.workspace_id)
        .await?
        .unwrap_or_default();
    roles
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ApiError::not_found("role"))
}

#[Object]
impl Invitation {
    pub async fn id(&self) -> ID {
        encode(NodeKind::Invitation, self.row.id.0)
    }

    async fn email(&self) -> &str {
        &self.row.email
    }

    async fn role(&self, ctx: &Context<'_>) -> ApiResult<Role> {
        Ok(Role(role(ctx.state(), &self.row, self.row.role_id).await?))
    }

    async fn projects(&self, ctx: &Context<'_>) -> ApiResult<Vec<InvitationProject>> {
        let state = ctx.state();
        let rows = state
            .loaders
            .invitation_projects
            .load_one(self.row.id)
            .await?
            .unwrap_or_default();
        let mut out = Vec::with_capacity(rows.len());
        for (assignment, project) in rows {
            let role = match assignment.role_id {
                Some(id) => Some(role(state, &self.row, id).await?),
                None => None,
            };
            out.push(InvitationProject {
                project,
                role,
                viewer: self.viewer.clone(),
            });
        }
        Ok(out)
    }

    async fn status(&self) -> InvitationStatus {
        match self.row.status.as_str() {
            ACCEPTED => InvitationStatus::Accepted,
            REVOKED => InvitationStatus::Revoked,
            _ if self.row.expires_at <= now() => InvitationStatus::Expired,
            _ => InvitationStatus::Pending,
        }
    }

    async fn invited_by(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        match self.row.invited_by_user_id {
            Some(id) => Ok(ctx.state().loaders.users.load_one(id).await?.map(User)),
            None => Ok(None),
        }
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.row.created_at)
    }

    async fn expires_at(&self) -> DateTime {
        DateTime(self.row.expires_at)
    }

    async fn accepted_at(&self) -> Option<DateTime> {
        self.row.accepted_at.map(DateTime)
    }

    async fn workspace_slug(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let workspace = ctx
            .state()
            .loaders
            .workspaces
            .load_one(self.row.workspace_id)
            .await?;
        workspace
            .map(|w| w.slug)
            .ok_or_else(|| ApiError::not_found("workspace"))
    }

    async fn workspace_name(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let workspace = ctx
            .state()
            .loaders
            .workspaces
            .load_one(self.row.workspace_id)
            .await?;
        workspace
            .map(|w| w.name)
            .ok_or_else(|| ApiError::not_found("workspace"))
    }

    /// null unless the caller can see the workspace (an invitee who has not accepted cannot).
    async fn workspace(&self) -> Option<Workspace> {
        self.viewer.clone().map(Workspace)
    }
}

/// One project an invitation assigns.
#[derive(Debug, Clone)]
pub struct InvitationProject {
    project: ProjectRow,
    role: Option<RoleRow>,
    viewer: Option<Arc<WorkspaceScope>>,
}

#[Object]
impl InvitationProject {
    async fn project_slug(&self) -> &str {
        &self.project.slug
    }

    async fn project_name(&self) -> &str {
        &self.project.name
    }

    /// null unless the caller can see the project.
    async fn project(&self, ctx: &Context<'_>) -> ApiResult<Option<Project>> {
        let Some(viewer) = &self.viewer else {
            return Ok(None);
        };
        Ok(viewer
            .project(ctx.state(), self.project.clone())
            .await?
            .map(Project))
    }

    /// null = inherit the invited workspace role.
    async fn role(&self) -> Option<Role> {
        self.role.clone().map(Role)
    }
}
