//! `Workspace`: every field needs the caller to see the workspace (the scope
//! exists only then); member lists need MEMBERS_READ.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use futures_util::FutureExt;
use orkesta_core::policy::Op;

use super::api_key::ApiKey;
use super::billing::WorkspaceBilling;
use super::enums::{Permission, ProjectEnvironment, permission_list};
use super::invitation::{Invitation, InvitationStatus};
use super::member::WorkspaceMember;
use super::project::Project;
use super::role::Role;
use crate::authz::WorkspaceScope;
use crate::db::models::api_key::ApiKey as ApiKeyRow;
use crate::db::models::invitation::{Invitation as InvitationRow, StatusFilter};
use crate::db::models::member::{Member, MemberFilter};
use crate::db::models::project::Project as ProjectRow;
use crate::db::models::workspace::Workspace as WorkspaceRow;
use crate::db::now;
use crate::db::sql_types::{ApiKeyId, InvitationId, ProjectId, UserId};
use crate::error::{ApiError, ApiResult};
use crate::graphql::connection::{Page, PageArgs, list_complexity, page};
use crate::graphql::context::ContextExt;
use crate::graphql::guards::InWorkspace;
use crate::graphql::ids::{NodeKind, decode, encode};
use crate::graphql::scalars::DateTime;

#[derive(Debug, Clone)]
pub struct Workspace(pub Arc<WorkspaceScope>);

#[Object]
impl Workspace {
    pub async fn id(&self) -> ID {
        encode(NodeKind::Workspace, self.0.workspace.id.0)
    }

    async fn slug(&self) -> &str {
        &self.0.workspace.slug
    }

    async fn name(&self) -> &str {
        &self.0.workspace.name
    }

    /// IANA time zone name, e.g. "Europe/Istanbul". Default "UTC".
    async fn timezone(&self) -> &str {
        &self.0.workspace.timezone
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.workspace.created_at)
    }

    /// The caller's workspace role; null for API keys.
    async fn viewer_role(&self) -> Option<Role> {
        self.0
            .membership
            .as_ref()
            .map(|(_, role)| Role(role.clone()))
    }

    async fn viewer_permissions(&self) -> Vec<Permission> {
        permission_list(self.0.caller.workspace_permissions())
    }

    /// Projects the caller can see: all of them for workspace Admins and API keys, otherwise those the caller belongs to.
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        environment: Option<ProjectEnvironment>,
        #[graphql(default_with = "Some(false)")] include_archived: Option<bool>,
    ) -> ApiResult<Page<Project>> {
        let args = PageArgs::new(first, after)?;
        let state = ctx.state();
        let filter = self.0.project_filter(
            environment.map(|e| e.as_str().to_owned()),
            include_archived.unwrap_or(false),
        );
        let workspace_id = self.0.workspace.id;
        let (rows, total) = state
            .db
            .read(move |mut conn| {
                async move {
                    let rows = ProjectRow::page(
                        &mut conn,
                        workspace_id,
                        &filter,
                        args.after.map(ProjectId),
                        args.fetch(),
                    )
                    .await?;
                    let total = ProjectRow::count(&mut conn, workspace_id, &filter).await?;
                    Ok::<_, ApiError>((rows, total))
                }
                .boxed()
            })
            .await?;
        let scopes = self.0.projects(state, rows).await?;
        Ok(page(
            args,
            scopes
                .into_iter()
                .map(|s| (s.project.id.0, Project(s)))
                .collect(),
            total,
        ))
    }

    /// The project with this slug, when the caller can see it.
    async fn project(&self, ctx: &Context<'_>, slug: String) -> ApiResult<Option<Project>> {
        Ok(self.0.find_project(ctx.state(), &slug).await?.map(Project))
    }

    #[graphql(
        guard = "InWorkspace(&self.0, Op::ReadMembers)",
        complexity = "list_complexity(first, child_complexity)"
    )]
    async fn members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        role_key: Option<String>,
        search: Option<String>,
    ) -> ApiResult<Page<WorkspaceMember>> {
        let args = PageArgs::new(first, after)?;
        let state = ctx.state();
        let role_id = match role_key {
            Some(key) => Some(self.0.role_by_key(state, &key, "roleKey").await?.id),
            None => None,
        };
        let filter = MemberFilter {
            role_id,
            search: search
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty()),
        };
        let workspace_id = self.0.workspace.id;
        let (rows, total) = state
            .db
            .read(move |mut conn| {
                async move {
                    let rows = Member::page(
                        &mut conn,
                        workspace_id,
                        &filter,
                        args.after.map(UserId),
                        args.fetch(),
                    )
                    .await?;
                    let total = Member::count(&mut conn, workspace_id, &filter).await?;
                    Ok::<_, ApiError>((rows, total))
                }
                .boxed()
            })
            .await?;
        let nodes = rows
            .into_iter()
            .map(|(member, _user)| {
                (
                    member.user_id.0,
                    WorkspaceMember {
                        scope: self.0.clone(),
                        member,
                    },
                )
            })
            .collect();
        Ok(page(args, nodes, total))
    }

    #[graphql(guard = "InWorkspace(&self.0, Op::ReadMembers)")]
    async fn member(&self, ctx: &Context<'_>, user_id: ID) -> ApiResult<Option<WorkspaceMember>> {
        let Some(user) = decode(NodeKind::User, &user_id) else {
            return Ok(None);
        };
        let workspace_id = self.0.workspace.id;
        let found = ctx
            .state()
            .db
            .read(move |mut conn| {
                async move {
                    Ok::<_, ApiError>(Member::find(&mut conn, workspace_id, UserId(user)).await?)
                }
                .boxed()
            })
            .await?;
        Ok(found.map(|(member, _)| WorkspaceMember {
            scope: self.0.clone(),
            member,
        }))
    }

    #[graphql(
        guard = "InWorkspace(&self.0, Op::ManageApiKeys)",
        complexity = "list_complexity(first, child_complexity)"
    )]
    async fn api_keys(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(default_with = "Some(false)")] include_revoked: Option<bool>,
    ) -> ApiResult<Page<ApiKey>> {
        let args = PageArgs::new(first, after)?;
        let (workspace_id, include_revoked) =
            (self.0.workspace.id, include_revoked.unwrap_or(false));
        let (rows, total) = ctx
            .state()
            .db
            .read(move |mut conn| {
                async move {
                    let rows = ApiKeyRow::page(
                        &mut conn,
                        workspace_id,
                        include_revoked,
                        args.after.map(ApiKeyId),
                        args.fetch(),
                    )
                    .await?;
                    let total = ApiKeyRow::count(&mut conn, workspace_id, include_revoked).await?;
                    Ok::<_, ApiError>((rows, total))
                }
                .boxed()
            })
            .await?;
        Ok(page(
            args,
            rows.into_iter().map(|k| (k.id.0, ApiKey(k))).collect(),
            total,
        ))
    }

    #[graphql(
        guard = "InWorkspace(&self.0, Op::ManageMembers)",
        complexity = "list_complexity(first, child_complexity)"
    )]
    async fn invitations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        status: Option<InvitationStatus>,
    ) -> ApiResult<Page<Invitation>> {
        let args = PageArgs::new(first, after)?;
        let status = status.map(|s| match s {
            InvitationStatus::Pending => StatusFilter::Pending,
            InvitationStatus::Accepted => StatusFilter::Accepted,
            InvitationStatus::Revoked => StatusFilter::Revoked,
            InvitationStatus::Expired => StatusFilter::Expired,
        });
        let workspace_id = self.0.workspace.id;
        let (rows, total) = ctx
            .state()
            .db
            .read(move |mut conn| {
                async move {
                    let at = now();
                    let rows = InvitationRow::page(
                        &mut conn,
                        workspace_id,
                        status,
                        at,
                        args.after.map(InvitationId),
                        args.fetch(),
                    )
                    .await?;
                    let total = InvitationRow::count(&mut conn, workspace_id, status, at).await?;
                    Ok::<_, ApiError>((rows, total))
                }
                .boxed()
            })
            .await?;
        Ok(page(
            args,
            rows.into_iter()
                .map(|row| {
                    (
                        row.id.0,
                        Invitation {
                            row,
                            viewer: Some(self.0.clone()),
                        },
                    )
                })
                .collect(),
            total,
        ))
    }

    #[graphql(guard = "InWorkspace(&self.0, Op::ReadBilling)")]
    async fn billing(&self, ctx: &Context<'_>) -> ApiResult<WorkspaceBilling> {
        let workspace_id = self.0.workspace.id;
        ctx.state()
            .db
            .read(move |mut conn| {
                async move {
                    let billing = WorkspaceRow::billing(&mut conn, workspace_id).await?;
                    let seats = WorkspaceRow::count_members(&mut conn, workspace_id).await?
                        + InvitationRow::count_pending(&mut conn, workspace_id, now()).await?;
                    Ok::<_, ApiError>(WorkspaceBilling {
                        plan: billing.plan,
                        billing_email: billing.billing_email,
                        seats_used: i32::try_from(seats).unwrap_or(i32::MAX),
                        seat_limit: billing.seat_limit,
                    })
                }
                .boxed()
            })
            .await
    }

    async fn roles(&self, ctx: &Context<'_>) -> ApiResult<Vec<Role>> {
        Ok(self
            .0
            .roles(ctx.state())
            .await?
            .iter()
            .cloned()
            .map(Role)
            .collect())
    }
}
