//! `Me`: who is calling.

use std::sync::Arc;

use async_graphql::{Context, Object};
use futures_util::FutureExt;

use super::api_key::ApiKey;
use super::invitation::Invitation;
use super::user::User;
use super::workspace::Workspace;
use crate::auth::Principal;
use crate::authz::WorkspaceScope;
use crate::db::models::invitation::Invitation as InvitationRow;
use crate::db::models::workspace::Workspace as WorkspaceRow;
use crate::db::now;
use crate::db::sql_types::WorkspaceId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::connection::{Page, PageArgs, list_complexity, page};
use crate::graphql::context::ContextExt;

/// Who is calling: a signed-in user, or an API key (then `user` is null).
#[derive(Debug)]
pub struct Me(pub Arc<Principal>);

#[Object]
impl Me {
    async fn user(&self) -> Option<User> {
        self.0.user().cloned().map(User)
    }

    /// The calling API key; null for signed-in users.
    async fn api_key(&self) -> Option<ApiKey> {
        self.0.api_key().cloned().map(ApiKey)
    }

    /// Pending invitations addressed to the signed-in user's email; empty until the email is verified.
    async fn invitations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Invitation>> {
        let Some(user) = self.0.user().filter(|u| u.email_verified_at.is_some()) else {
            return Ok(Vec::new());
        };
        let email = user.email_normalized.clone();
        let rows = ctx
            .state()
            .db
            .read(move |mut conn| {
                async move {
                    Ok::<_, ApiError>(
                        InvitationRow::pending_for_email(&mut conn, &email, now()).await?,
                    )
                }
                .boxed()
            })
            .await?;
        // The invitee is not a member yet: the workspace stays hidden.
        Ok(rows
            .into_iter()
            .map(|row| Invitation { row, viewer: None })
            .collect())
    }

    /// Workspaces the caller belongs to (an API key sees exactly its own workspace).
    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn workspaces(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<Workspace>> {
        let args = PageArgs::new(first, after)?;
        let state = ctx.state();
        if let Principal::ApiKey { key, workspace } = &*self.0 {
            let own = Workspace(Arc::new(WorkspaceScope::for_key(
                workspace.clone(),
                key,
                state.client_ip,
            )));
            let nodes = if args.after.is_some_and(|after| after >= workspace.id.0) {
                Vec::new()
            } else {
                vec![(workspace.id.0, own)]
            };
            return Ok(page(args, nodes, 1));
        }
        let Some(user) = self.0.user() else {
            return Ok(page(args, Vec::new(), 0));
        };
        let user_id = user.id;
        let (rows, total) = state
            .db
            .read(move |mut conn| {
                async move {
                    let rows = WorkspaceRow::page_for_user(
                        &mut conn,
                        user_id,
                        args.after.map(WorkspaceId),
                        args.fetch(),
                    )
                    .await?;
                    let total = WorkspaceRow::count_for_user(&mut conn, user_id).await?;
                    Ok::<_, ApiError>((rows, total))
                }
                .boxed()
            })
            .await?;
        let nodes = rows
            .into_iter()
            .map(|(workspace, member, role)| {
                (
                    workspace.id.0,
                    Workspace(Arc::new(WorkspaceScope::for_member(
                        workspace,
                        member,
                        role,
                        state.client_ip,
                    ))),
                )
            })
            .collect();
        Ok(page(args, nodes, total))
    }
}
