//! `ProjectMember`: one user's access to one project, and why.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use orkesta_core::access::{ProjectAssignment, effective_role};

use super::enums::RoleSource;
use super::project::Project;
use super::role::Role;
use super::user::User;
use crate::authz::ProjectScope;
use crate::db::models::member::Member;
use crate::db::models::project_member::ProjectMember as AssignmentRow;
use crate::db::models::role::Role as RoleRow;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, encode_pair};
use crate::graphql::scalars::DateTime;

/// A user's access to a project: a workspace Admin (rule 1) or a stored
/// assignment (rules 2–3).
#[derive(Debug, Clone)]
pub struct ProjectMember {
    pub project: Arc<ProjectScope>,
    pub member: Member,
    pub assignment: Option<AssignmentRow>,
}

impl ProjectMember {
    async fn role(
        &self,
        ctx: &Context<'_>,
        id: crate::db::sql_types::RoleId,
    ) -> ApiResult<RoleRow> {
        let roles = self.project.workspace.roles(ctx.state()).await?;
        roles
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("role"))
    }

    async fn effective(&self, ctx: &Context<'_>) -> ApiResult<(RoleRow, orkesta_core::RoleSource)> {
        let workspace_role = self.role(ctx, self.member.role_id).await?;
        let project_role = match self.assignment.as_ref().and_then(|a| a.role_id) {
            Some(id) => Some(self.role(ctx, id).await?),
            None => None,
        };
        let (ws_def, project_def) = (
            workspace_role.definition(),
            project_role.as_ref().map(RoleRow::definition),
        );
        let assignment = match (&self.assignment, &project_def) {
            (None, _) => ProjectAssignment::None,
            (Some(_), None) => ProjectAssignment::Inherit,
            (Some(_), Some(def)) => ProjectAssignment::Role(def),
        };
        let effective = effective_role(&ws_def, assignment)
            .ok_or_else(|| ApiError::not_found("project member"))?;
        let role = if effective.role.key == workspace_role.key {
            workspace_role
        } else {
            project_role.unwrap_or(workspace_role)
        };
        Ok((role, effective.source))
    }
}

#[Object]
impl ProjectMember {
    /// Derived from the project and the user, so it is the same for a
    /// workspace Admin with or without a stored assignment.
    pub async fn id(&self) -> ID {
        encode_pair(
            NodeKind::ProjectMember,
            self.project.project.id.0,
            self.member.user_id.0,
        )
    }

    async fn user(&self, ctx: &Context<'_>) -> ApiResult<User> {
        let user = ctx
            .state()
            .loaders
            .users
            .load_one(self.member.user_id)
            .await?;
        user.map(User).ok_or_else(|| ApiError::not_found("user"))
    }

    async fn project(&self) -> Project {
        Project(self.project.clone())
    }

    /// The project-level role (DESIGN §5 rule 2); null = inherits the workspace role. For a workspace Admin it shows a kept assignment that does not apply (roleSource WORKSPACE_ADMIN).
    async fn project_role(&self, ctx: &Context<'_>) -> ApiResult<Option<Role>> {
        match self.assignment.as_ref().and_then(|a| a.role_id) {
            Some(id) => Ok(Some(Role(self.role(ctx, id).await?))),
            None => Ok(None),
        }
    }

    async fn workspace_role(&self, ctx: &Context<'_>) -> ApiResult<Role> {
        Ok(Role(self.role(ctx, self.member.role_id).await?))
    }

    async fn effective_role(&self, ctx: &Context<'_>) -> ApiResult<Role> {
        Ok(Role(self.effective(ctx).await?.0))
    }

    /// Which rule of DESIGN §5 produced effectiveRole: answers "why does this person have this access".
    async fn role_source(&self, ctx: &Context<'_>) -> ApiResult<RoleSource> {
        Ok(self.effective(ctx).await?.1.into())
    }

    /// For a workspace Admin, the later of joining the workspace and the
    /// project's creation; otherwise when the assignment was made.
    async fn added_at(&self, ctx: &Context<'_>) -> ApiResult<DateTime> {
        let (_, source) = self.effective(ctx).await?;
        Ok(DateTime(match (source, &self.assignment) {
            (orkesta_core::RoleSource::WorkspaceAdmin, _) | (_, None) => {
                self.member.joined_at.max(self.project.project.created_at)
            }
            (_, Some(assignment)) => assignment.added_at,
        }))
    }
}
