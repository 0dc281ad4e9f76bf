//! `inviteMember`, `resendInvitation`, `revokeInvitation`,
//! `acceptInvitation`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use orkesta_core::policy::Op;

use crate::authz::{WorkspaceScope, require_user};
use crate::db::sql_types::InvitationId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, decode};
use crate::graphql::types::invitation::Invitation;
use crate::graphql::types::member::WorkspaceMember;
use crate::graphql::types::workspace::Workspace;
use crate::service::invitation::{self as service, InviteProject};

#[derive(Debug, InputObject)]
pub struct InviteProjectInput {
    pub project_slug: String,
    /// null = inherit the workspace role.
    pub role_key: Option<String>,
}

#[derive(Debug, InputObject)]
pub struct InviteMemberInput {
    pub workspace_slug: String,
    pub email: String,
    pub role_key: String,
    pub projects: Option<Vec<InviteProjectInput>>,
}

#[derive(Debug, InputObject)]
pub struct InvitationRefInput {
    pub invitation_id: ID,
}

#[derive(Debug, InputObject)]
pub struct AcceptInvitationInput {
    pub token: String,
}

#[derive(Debug, SimpleObject)]
pub struct InvitationPayload {
    pub invitation: Invitation,
}

#[derive(Debug, SimpleObject)]
pub struct AcceptInvitationPayload {
    pub member: WorkspaceMember,
    pub workspace: Workspace,
}

/// The workspace of an invitation id, for the access check: malformed ids
/// and ids of invisible invitations are all NOT_FOUND.
async fn invitation_scope(
    ctx: &Context<'_>,
    id: &ID,
) -> ApiResult<(std::sync::Arc<WorkspaceScope>, InvitationId)> {
    let state = ctx.state();
    let not_found = || ApiError::not_found("invitation");
    let id = decode(NodeKind::Invitation, id)
        .map(InvitationId)
        .ok_or_else(not_found)?;
    let row = state
        .db
        .read(move |mut conn| {
            use futures_util::FutureExt;
            async move {
                Ok::<_, ApiError>(
                    crate::db::models::invitation::Invitation::find_many(&mut conn, &[id])
                        .await?
                        .pop(),
                )
            }
            .boxed()
        })
        .await?
        .ok_or_else(not_found)?;
    let slug = state
        .loaders
        .workspaces
        .load_one(row.workspace_id)
        .await?
        .ok_or_else(not_found)?
        .slug;
    let scope = WorkspaceScope::load(state, &slug)
        .await?
        .ok_or_else(not_found)?;
    scope.check(Op::ManageMembers)?;
    Ok((scope, id))
}

#[derive(Debug, Default)]
pub struct InvitationMutation;

#[Object]
impl InvitationMutation {
    /// Invites someone by email; a pending invitation to the same email is updated and gets a fresh token.
    async fn invite_member(
        &self,
        ctx: &Context<'_>,
        input: InviteMemberInput,
    ) -> ApiResult<InvitationPayload> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::ManageMembers).await?;
        let projects: Vec<InviteProject> = input
            .projects
            .unwrap_or_default()
            .into_iter()
            .map(|p| InviteProject {
                slug: p.project_slug,
                role_key: p.role_key,
            })
            .collect();
        let row = service::invite(state, &scope, &input.email, &input.role_key, &projects).await?;
        Ok(InvitationPayload {
            invitation: Invitation {
                row,
                viewer: Some(scope),
            },
        })
    }

    /// Sends the invitation again with a fresh token and a fresh 7-day expiry.
    async fn resend_invitation(
        &self,
        ctx: &Context<'_>,
        input: InvitationRefInput,
    ) -> ApiResult<InvitationPayload> {
        let (scope, id) = invitation_scope(ctx, &input.invitation_id).await?;
        let row = service::resend(ctx.state(), &scope, id).await?;
        Ok(InvitationPayload {
            invitation: Invitation {
                row,
                viewer: Some(scope),
            },
        })
    }

    async fn revoke_invitation(
        &self,
        ctx: &Context<'_>,
        input: InvitationRefInput,
    ) -> ApiResult<InvitationPayload> {
        let (scope, id) = invitation_scope(ctx, &input.invitation_id).await?;
        let row = service::revoke(ctx.state(), &scope, id).await?;
        Ok(InvitationPayload {
            invitation: Invitation {
                row,
                viewer: Some(scope),
            },
        })
    }

    /// Joins the workspace as the signed-in user, whose email must match the invitation.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        input: AcceptInvitationInput,
    ) -> ApiResult<AcceptInvitationPayload> {
        let state = ctx.state();
        let user = require_user(state).await?;
        let scope = service::accept(state, user, &input.token).await?;
        let member = scope
            .membership
            .as_ref()
            .map(|(m, _)| m.clone())
            .ok_or_else(|| ApiError::not_found("member"))?;
        Ok(AcceptInvitationPayload {
            member: WorkspaceMember {
                scope: scope.clone(),
                member,
            },
            workspace: Workspace(scope),
        })
    }
}
