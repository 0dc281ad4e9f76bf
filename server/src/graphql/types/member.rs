//! `WorkspaceMember`: a user's membership of a workspace.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};

use super::project_member::ProjectMember;
use super::role::Role;
use super::user::User;
use crate::authz::WorkspaceScope;
use crate::db::models::member::Member;
use crate::error::{ApiError, ApiResult};
use crate::graphql::connection::{Page, PageArgs, list_complexity, page_in_memory};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, encode};
use crate::graphql::scalars::DateTime;

#[derive(Debug, Clone)]
pub struct WorkspaceMember {
    pub scope: Arc<WorkspaceScope>,
    pub member: Member,
}

#[Object]
impl WorkspaceMember {
    pub async fn id(&self) -> ID {
        encode(NodeKind::WorkspaceMember, self.member.id.0)
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

    async fn role(&self, ctx: &Context<'_>) -> ApiResult<Role> {
        let roles = self.scope.roles(ctx.state()).await?;
        roles
            .iter()
            .find(|r| r.id == self.member.role_id)
            .cloned()
            .map(Role)
            .ok_or_else(|| ApiError::not_found("role"))
    }

    async fn joined_at(&self) -> DateTime {
        DateTime(self.member.joined_at)
    }

    /// This member's project assignments in the workspace.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<ProjectMember>> {
        let args = PageArgs::new(first, after)?;
        let state = ctx.state();
        let assignments = state
            .loaders
            .member_assignments
            .load_one((self.member.workspace_id, self.member.user_id))
            .await?
            .unwrap_or_default();
        let (assignments, projects): (Vec<_>, Vec<_>) = assignments.into_iter().unzip();
        // Only projects the caller can see.
        let visible = self.scope.projects(state, projects).await?;
        let nodes = visible
            .into_iter()
            .filter_map(|project| {
                let assignment = assignments
                    .iter()
                    .find(|a| a.project_id == project.project.id)
                    .cloned()?;
                Some((
                    project.project.id.0,
                    ProjectMember {
                        project,
                        member: self.member.clone(),
                        assignment: Some(assignment),
                    },
                ))
            })
            .collect();
        Ok(page_in_memory(args, nodes))
    }
}
