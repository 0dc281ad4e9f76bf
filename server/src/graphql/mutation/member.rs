//! `updateMemberRole`, `removeMember`, `setProjectMember`,
//! `removeProjectMember`.

use async_graphql::{Context, ID, InputObject, Object};
use orkesta_core::policy::Op;

use crate::authz::{ProjectScope, WorkspaceScope};
use crate::db::sql_types::UserId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, decode, encode, encode_pair};
use crate::graphql::types::member::WorkspaceMember;
use crate::graphql::types::payloads::{
    DeletePayload, ProjectMemberPayload, WorkspaceMemberPayload,
};
use crate::graphql::types::project_member::ProjectMember;
use crate::service::member as service;

#[derive(Debug, InputObject)]
pub struct UpdateMemberRoleInput {
    pub workspace_slug: String,
    pub user_id: ID,
    pub role_key: String,
}

#[derive(Debug, InputObject)]
pub struct RemoveMemberInput {
    pub workspace_slug: String,
    pub user_id: ID,
}

#[derive(Debug, InputObject)]
pub struct SetProjectMemberInput {
    pub workspace_slug: String,
    pub project_slug: String,
    pub user_id: ID,
    /// null = belongs to the project with the inherited workspace role.
    pub role_key: Option<String>,
}

#[derive(Debug, InputObject)]
pub struct RemoveProjectMemberInput {
    pub workspace_slug: String,
    pub project_slug: String,
    pub user_id: ID,
}

/// A user id argument; malformed or foreign ids are simply not found.
fn user_id(id: &ID) -> ApiResult<UserId> {
    decode(NodeKind::User, id)
        .map(UserId)
        .ok_or_else(|| ApiError::not_found("member"))
}

#[derive(Debug, Default)]
pub struct MemberMutation;

#[Object]
impl MemberMutation {
    async fn update_member_role(
        &self,
        ctx: &Context<'_>,
        input: UpdateMemberRoleInput,
    ) -> ApiResult<WorkspaceMemberPayload> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::ManageMembers).await?;
        let member =
            service::update_role(state, &scope, user_id(&input.user_id)?, &input.role_key).await?;
        Ok(WorkspaceMemberPayload {
            member: WorkspaceMember { scope, member },
        })
    }

    /// Removes a member, or with one's own id, leaves the workspace.
    async fn remove_member(
        &self,
        ctx: &Context<'_>,
        input: RemoveMemberInput,
    ) -> ApiResult<DeletePayload> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::ReadWorkspace).await?;
        let id = service::remove(state, &scope, user_id(&input.user_id)?).await?;
        Ok(DeletePayload {
            deleted_id: encode(NodeKind::WorkspaceMember, id.0),
        })
    }

    async fn set_project_member(
        &self,
        ctx: &Context<'_>,
        input: SetProjectMemberInput,
    ) -> ApiResult<ProjectMemberPayload> {
        let state = ctx.state();
        let scope = ProjectScope::require(
            state,
            &input.workspace_slug,
            &input.project_slug,
            Op::ManageProjectMembers,
        )
        .await?;
        let (member, assignment) = service::set_project_member(
            state,
            &scope,
            user_id(&input.user_id)?,
            input.role_key.as_deref(),
        )
        .await?;
        Ok(ProjectMemberPayload {
            project_member: ProjectMember {
                project: scope,
                member,
                assignment: Some(assignment),
            },
        })
    }

    async fn remove_project_member(
        &self,
        ctx: &Context<'_>,
        input: RemoveProjectMemberInput,
    ) -> ApiResult<DeletePayload> {
        let state = ctx.state();
        let scope = ProjectScope::require(
            state,
            &input.workspace_slug,
            &input.project_slug,
            Op::ManageProjectMembers,
        )
        .await?;
        let user = user_id(&input.user_id)?;
        service::remove_project_member(state, &scope, user).await?;
        Ok(DeletePayload {
            deleted_id: encode_pair(NodeKind::ProjectMember, scope.project.id.0, user.0),
        })
    }
}
