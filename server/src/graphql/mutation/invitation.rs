//! `inviteMember`, `resendInvitation`, `revokeInvitation`,
//! `acceptInvitation`.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Upload};
use orkesta_core::policy::Op;

use crate::authz::{WorkspaceScope, require_user};
use crate::db::sql_types::InvitationId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, decode};
use crate::graphql::types::invitation::Invitation;
use crate::graphql::types::member::WorkspaceMember;
use crate::graphql::types::workspace::Workspace;
use crate::service::import;
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
pub struct ImportInvitationsInput {
    pub workspace_slug: String,
    /// CSV file: header `email,role[,projects]`; see DESIGN.md. Exactly one of csv / csvText.
    pub csv: Option<Upload>,
    pub csv_text: Option<String>,
    #[graphql(default_with = "Some(false)")]
    pub dry_run: Option<bool>,
}

/// One problem in a CSV import, tied to its line in the file (1 = header).
#[derive(Debug, SimpleObject)]
pub struct ImportRowError {
    pub line: i32,
    pub column: Option<String>,
    pub code: String,
    pub message: String,
}

#[derive(Debug, SimpleObject)]
pub struct InvitationImportReport {
    /// True when the input asked for a dry run (nothing is written then).
    pub dry_run: bool,
    pub rows_read: i32,
    /// Rows that create or update a pending invitation (on dryRun: that would). 0 when there are errors.
    pub invited: i32,
    /// Rows skipped: already a member, or a pending invitation with the same role and projects.
    pub skipped: i32,
    /// Every problem found; when non-empty, nothing was written.
    pub errors: Vec<ImportRowError>,
    /// The invitations created or updated; empty on dryRun or errors.
    pub invitations: Vec<Invitation>,
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

    /// Invites everyone in a CSV file; see ImportInvitationsInput.
    async fn import_invitations(
        &self,
        ctx: &Context<'_>,
        input: ImportInvitationsInput,
    ) -> ApiResult<InvitationImportReport> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::ManageMembers).await?;
        let csv: Vec<u8> = match (input.csv, input.csv_text) {
            (Some(upload), None) => upload
                .value(ctx)
                .map_err(ApiError::internal)?
                .content
                .to_vec(),
            (None, Some(text)) => text.into_bytes(),
            _ => {
                return Err(ApiError::bad_input(
                    "INVALID_INPUT",
                    "give exactly one of csv (a file upload) and csvText",
                ));
            }
        };
        let report = import::import(state, &scope, &csv, input.dry_run.unwrap_or(false)).await?;
        let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(InvitationImportReport {
            dry_run: report.dry_run,
            rows_read: count(report.rows_read),
            invited: if report.errors.is_empty() {
                count(report.invited)
            } else {
                0
            },
            skipped: if report.errors.is_empty() {
                count(report.skipped)
            } else {
                0
            },
            errors: report
                .errors
                .into_iter()
                .map(|p| ImportRowError {
                    line: count(p.line),
                    column: p.column.map(|c| c.as_str().to_owned()),
                    code: p.code.as_str().to_owned(),
                    message: p.message,
                })
                .collect(),
            invitations: report
                .invitations
                .into_iter()
                .map(|row| Invitation {
                    row,
                    viewer: Some(scope.clone()),
                })
                .collect(),
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
