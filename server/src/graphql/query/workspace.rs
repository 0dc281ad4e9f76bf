//! `workspace(slug)` and `node(id)`.

use std::sync::Arc;

use async_graphql::{Context, ID, Object};
use futures_util::FutureExt;

use crate::authz::{ProjectScope, WorkspaceScope};
use crate::db::models::api_key::ApiKey as ApiKeyRow;
use crate::db::models::invitation::Invitation as InvitationRow;
use crate::db::models::member::Member;
use crate::db::models::project::Project as ProjectRow;
use crate::db::models::user::User as UserRow;
use crate::db::models::workspace::Workspace as WorkspaceRow;
use crate::db::sql_types::{
    ApiKeyId, InvitationId, MemberId, ProjectId, RoleId, UserId, WorkspaceId,
};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::{ContextExt, RequestState};
use crate::graphql::ids::{NodeKind, decode, decode_pair, kind_of};
use crate::graphql::types::api_key::ApiKey;
use crate::graphql::types::invitation::Invitation;
use crate::graphql::types::member::WorkspaceMember;
use crate::graphql::types::node::Node;
use crate::graphql::types::project::Project;
use crate::graphql::types::project_member::ProjectMember;
use crate::graphql::types::role::Role;
use crate::graphql::types::user::User;
use crate::graphql::types::workspace::Workspace;

#[derive(Debug, Default)]
pub struct WorkspaceQuery;

#[Object]
impl WorkspaceQuery {
    /// null when it does not exist OR the caller may not see it (no difference is revealed).
    async fn workspace(&self, ctx: &Context<'_>, slug: String) -> ApiResult<Option<Workspace>> {
        Ok(WorkspaceScope::load(ctx.state(), &slug)
            .await?
            .map(Workspace))
    }

    /// Any object by its global id, with the visibility of the field that
    /// would otherwise reach it: null when missing or not visible.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Option<Node>> {
        let state = ctx.state();
        let principal = state.auth.principal(&state.db).await?;
        if matches!(&*principal, crate::auth::Principal::Anonymous) {
            return Err(ApiError::unauthenticated(
                "AUTHENTICATION_REQUIRED",
                "sign in first",
            ));
        }
        let Some(kind) = kind_of(&id) else {
            return Ok(None);
        };
        match kind {
            NodeKind::Workspace => {
                let Some(id) = decode(kind, &id) else {
                    return Ok(None);
                };
                Ok(scope_by_id(state, WorkspaceId(id))
                    .await?
                    .map(|s| Node::Workspace(Workspace(s))))
            }
            NodeKind::Project => {
                let Some(id) = decode(kind, &id) else {
                    return Ok(None);
                };
                Ok(project_by_id(state, ProjectId(id))
                    .await?
                    .filter(|p| p.check(orkesta_core::policy::Op::ReadProject).is_ok())
                    .map(|p| Node::Project(Project(p))))
            }
            NodeKind::Role => {
                let Some(id) = decode(kind, &id) else {
                    return Ok(None);
                };
                let role_id = RoleId(id);
                let workspace_id = state
                    .db
                    .read(move |mut conn| {
                        async move {
                            Ok::<_, ApiError>(
                                crate::db::models::role::Role::workspace_of(&mut conn, role_id)
                                    .await?,
                            )
                        }
                        .boxed()
                    })
                    .await?;
                let Some(scope) = (match workspace_id {
                    Some(ws) => scope_by_id(state, ws).await?,
                    None => None,
                }) else {
                    return Ok(None);
                };
                Ok(scope
                    .roles(state)
                    .await?
                    .iter()
                    .find(|r| r.id == role_id)
                    .cloned()
                    .map(|r| Node::Role(Role(r))))
            }
            NodeKind::WorkspaceMember => {
                let Some(id) = decode(kind, &id) else {
                    return Ok(None);
                };
                let member = state
                    .db
                    .read(move |mut conn| {
                        async move {
                            Ok::<_, ApiError>(
                                Member::find_many(&mut conn, &[MemberId(id)]).await?.pop(),
                            )
                        }
                        .boxed()
                    })
                    .await?;
                let Some(member) = member else {
                    return Ok(None);
                };
                let Some(scope) = scope_by_id(state, member.workspace_id).await? else {
                    return Ok(None);
                };
                if scope.check(orkesta_core::policy::Op::ReadMembers).is_err() {
                    return Ok(None);
                }
                Ok(Some(Node::WorkspaceMember(WorkspaceMember {
                    scope,
                    member,
                })))
            }
            NodeKind::ProjectMember => {
                let Some((project_id, user_id)) = decode_pair(kind, &id) else {
                    return Ok(None);
                };
                let Some(project) = project_by_id(state, ProjectId(project_id)).await? else {
                    return Ok(None);
                };
                if project
                    .check(orkesta_core::policy::Op::ReadProject)
                    .is_err()
                {
                    return Ok(None);
                }
                let entries = state
                    .loaders
                    .project_members
                    .load_one((project.project.id, project.project.workspace_id))
                    .await?
                    .unwrap_or_default();
                Ok(entries
                    .into_iter()
                    .find(|(m, _)| m.user_id.0 == user_id)
                    .map(|(member, assignment)| {
                        Node::ProjectMember(ProjectMember {
                            project,
                            member,
                            assignment,
                        })
                    }))
            }
            NodeKind::ApiKey => {
                let Some(id) = decode(kind, &id) else {
                    return Ok(None);
                };
                let key = state
                    .db
                    .read(move |mut conn| {
                        async move {
                            Ok::<_, ApiError>(
                                ApiKeyRow::find_many(&mut conn, &[ApiKeyId(id)])
                                    .await?
                                    .pop(),
                            )
                        }
                        .boxed()
                    })
                    .await?;
                let Some(key) = key else { return Ok(None) };
                let Some(scope) = scope_by_id(state, key.workspace_id).await? else {
                    return Ok(None);
                };
                if scope
                    .check(orkesta_core::policy::Op::ManageApiKeys)
                    .is_err()
                {
                    return Ok(None);
                }
                Ok(Some(Node::ApiKey(ApiKey(key))))
            }
            NodeKind::Invitation => {
                let Some(id) = decode(kind, &id) else {
                    return Ok(None);
                };
                let row = state
                    .db
                    .read(move |mut conn| {
                        async move {
                            Ok::<_, ApiError>(
                                InvitationRow::find_many(&mut conn, &[InvitationId(id)])
                                    .await?
                                    .pop(),
                            )
                        }
                        .boxed()
                    })
                    .await?;
                let Some(row) = row else { return Ok(None) };
                let Some(scope) = scope_by_id(state, row.workspace_id).await? else {
                    return Ok(None);
                };
                if scope
                    .check(orkesta_core::policy::Op::ManageMembers)
                    .is_err()
                {
                    return Ok(None);
                }
                Ok(Some(Node::Invitation(Invitation {
                    row,
                    viewer: Some(scope),
                })))
            }
            NodeKind::User => {
                let Some(id) = decode(kind, &id) else {
                    return Ok(None);
                };
                let target = UserId(id);
                let Some(user) = principal.user().cloned() else {
                    // A key sees users through its workspace's members only.
                    return Ok(None);
                };
                if target == user.id {
                    return Ok(Some(Node::User(User(user))));
                }
                // Visible to those who share a workspace with the user.
                let me = user.id;
                let found = state
                    .db
                    .read(move |mut conn| {
                        async move {
                            if !Member::share_a_workspace(&mut conn, me, target).await? {
                                return Ok::<_, ApiError>(None);
                            }
                            Ok(UserRow::find_many(&mut conn, &[target]).await?.pop())
                        }
                        .boxed()
                    })
                    .await?;
                Ok(found.map(|u| Node::User(User(u))))
            }
            _ => Ok(None),
        }
    }
}

/// The caller's scope in the workspace with this id, if visible.
async fn scope_by_id(
    state: &RequestState,
    id: WorkspaceId,
) -> ApiResult<Option<Arc<WorkspaceScope>>> {
    let slug = state
        .db
        .read(move |mut conn| {
            async move {
                    Ok::<_, ApiError>(WorkspaceRow::find(&mut conn, id).await?.map(|w| w.slug))
                }
                .boxed()
        })
        .await?;
    match slug {
        Some(slug) => WorkspaceScope::load(state, &slug).await,
        None => Ok(None),
    }
}

async fn project_by_id(
    state: &RequestState,
    id: ProjectId,
) -> ApiResult<Option<Arc<ProjectScope>>> {
    let project = state
        .db
        .read(move |mut conn| {
            async move { Ok::<_, ApiError>(ProjectRow::find_many(&mut conn, &[id]).await?.pop()) }
                .boxed()
        })
        .await?;
    let Some(project) = project else {
        return Ok(None);
    };
    match scope_by_id(state, project.workspace_id).await? {
        Some(scope) => scope.project(state, project).await,
        None => Ok(None),
    }
}
