//! Workspace membership and project assignments: role changes, removal,
//! leaving, and the last-Admin and no-escalation rules (DESIGN §5).

use futures_util::FutureExt;
use orkesta_core::BuiltinRole;
use orkesta_core::access::{may_grant_in_project, may_grant_in_workspace};
use orkesta_core::policy::Op;
use serde_json::json;

use super::audit::{Target, record};
use crate::authz::{ProjectScope, WorkspaceScope};
use crate::db::models::member::Member;
use crate::db::models::project_member::{NewProjectMember, ProjectMember};
use crate::db::models::role::Role;
use crate::db::models::workspace::Workspace;
use crate::db::sql_types::{MemberId, ProjectMemberId, UserId, WorkspaceId};
use crate::db::{DbConn, now};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::RequestState;
use crate::graphql::ids::NodeKind;

fn escalation(message: &str) -> ApiError {
    ApiError::forbidden("ESCALATION", message.to_owned())
}

/// A caller may act on (re-role, remove) only members whose current role it
/// could have granted: otherwise a lesser role could demote or remove an
/// Admin and lock people out.
fn may_act_on(scope: &WorkspaceScope, target_role: &Role) -> ApiResult<()> {
    match scope.caller_role() {
        Some(caller) if may_grant_in_workspace(caller, target_role.permissions()) => Ok(()),
        _ => Err(escalation("that member holds permissions you do not hold")),
    }
}

async fn find_member(
    state: &RequestState,
    workspace_id: WorkspaceId,
    user_id: UserId,
) -> ApiResult<(Member, Role)> {
    state
        .db
        .read(move |mut conn| {
            async move {
                Member::find(&mut conn, workspace_id, user_id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("member"))
            }
            .boxed()
        })
        .await
}

/// Fails with CONFLICT `LAST_ADMIN` when removing `member`'s Admin role
/// would leave the workspace without one. Runs inside the transaction,
/// after [`Workspace::lock`], so concurrent changes are serialised.
async fn keep_an_admin(conn: &mut DbConn<'_>, member: &Member, admin: &Role) -> ApiResult<()> {
    if member.role_id == admin.id
        && Member::count_with_role(conn, member.workspace_id, admin.id).await? <= 1
    {
        return Err(ApiError::conflict(
            "LAST_ADMIN",
            "a workspace must keep at least one Admin",
        ));
    }
    Ok(())
}

/// Changes a member's workspace role.
pub async fn update_role(
    state: &RequestState,
    scope: &WorkspaceScope,
    user_id: UserId,
    role_key: &str,
) -> ApiResult<Member> {
    let (target, current_role) = find_member(state, scope.workspace.id, user_id).await?;
    let role = scope.role_by_key(state, role_key, "roleKey").await?;
    may_act_on(scope, &current_role)?;
    if !scope
        .caller_role()
        .is_some_and(|caller| may_grant_in_workspace(caller, role.permissions()))
    {
        return Err(escalation(
            "you cannot grant a role with permissions you do not hold",
        ));
    }
    let admin = scope.admin_role(state).await?;
    let (workspace_id, actor) = (scope.workspace.id, scope.actor.clone());
    state
        .db
        .write(move |mut conn| {
            async move {
                Workspace::lock(&mut conn, workspace_id).await?;
                // Re-read under the lock: a concurrent change may have won.
                let (target, _) = Member::find(&mut conn, workspace_id, target.user_id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("member"))?;
                if role.id != admin.id {
                    keep_an_admin(&mut conn, &target, &admin).await?;
                }
                let updated = Member::set_role(&mut conn, target.id, role.id).await?;
                let metadata = json!({ "from": current_role.key, "to": role.key });
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "member.role_changed",
                    Some(Target::new(NodeKind::User, target.user_id.0)),
                    metadata,
                    now(),
                )
                .await?;
                Ok::<_, ApiError>(updated)
            }
            .boxed()
        })
        .await
}

/// Removes a member (or, for oneself, leaves). Their project assignments go
/// in the same transaction; invitations they sent and keys they created stay.
pub async fn remove(
    state: &RequestState,
    scope: &WorkspaceScope,
    user_id: UserId,
) -> ApiResult<MemberId> {
    let leaving = scope.caller_user() == Some(user_id);
    scope.check(if leaving {
        Op::LeaveWorkspace
    } else {
        Op::ManageMembers
    })?;
    let (target, role) = find_member(state, scope.workspace.id, user_id).await?;
    if !leaving {
        may_act_on(scope, &role)?;
    }
    let admin = scope.admin_role(state).await?;
    let (workspace_id, actor) = (scope.workspace.id, scope.actor.clone());
    state
        .db
        .write(move |mut conn| {
            async move {
                Workspace::lock(&mut conn, workspace_id).await?;
                let (target, _) = Member::find(&mut conn, workspace_id, target.user_id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("member"))?;
                keep_an_admin(&mut conn, &target, &admin).await?;
                Member::delete(&mut conn, target.id).await?;
                let action = if leaving {
                    "member.left"
                } else {
                    "member.removed"
                };
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    action,
                    Some(Target::new(NodeKind::User, target.user_id.0)),
                    json!({ "role": role.key }),
                    now(),
                )
                .await?;
                Ok::<_, ApiError>(target.id)
            }
            .boxed()
        })
        .await
}

/// Puts a workspace member into a project, with a project role or
/// inheriting (`role_key = None`), or changes their project role.
pub async fn set_project_member(
    state: &RequestState,
    scope: &ProjectScope,
    user_id: UserId,
    role_key: Option<&str>,
) -> ApiResult<(Member, ProjectMember)> {
    let workspace = &scope.workspace;
    let (target, target_role) = find_member(state, workspace.workspace.id, user_id).await?;
    let role = match role_key {
        Some(key) => Some(workspace.role_by_key(state, key, "roleKey").await?),
        None => None,
    };
    if role.is_some() && target_role.builtin_role() == Some(BuiltinRole::Admin) {
        return Err(ApiError::bad_input(
            "ADMIN_HAS_FULL_ACCESS",
            "workspace Admins are Admin in every project; a project role would not apply",
        )
        .on("roleKey"));
    }
    // What the target will hold in the project: the project role, or their
    // workspace role when inheriting.
    let granted = role.as_ref().unwrap_or(&target_role).permissions();
    let caller_role = workspace
        .caller_role()
        .ok_or_else(|| escalation("only members grant project access"))?;
    if !may_grant_in_project(caller_role, scope.permissions, granted) {
        return Err(escalation(
            "you cannot grant project permissions you do not hold in this project",
        ));
    }
    let (workspace_id, project_id, actor) = (
        workspace.workspace.id,
        scope.project.id,
        workspace.actor.clone(),
    );
    state
        .db
        .write(move |mut conn| {
            async move {
                let at = now();
                let new = NewProjectMember { id: ProjectMemberId::new(), workspace_id, project_id, user_id: target.user_id, role_id: role.as_ref().map(|r| r.id), added_at: at };
                let assignment = new.upsert(&mut conn).await?;
                let metadata = json!({ "user": crate::graphql::ids::encode(NodeKind::User, target.user_id.0).0, "role": role.as_ref().map(|r| r.key.clone()) });
                record(&mut conn, &actor, workspace_id, "project_member.set", Some(Target::new(NodeKind::Project, project_id.0)), metadata, at).await?;
                Ok::<_, ApiError>((target, assignment))
            }
            .boxed()
        })
        .await
}

/// Removes a stored project assignment. A workspace Admin without one is
/// not a stored member of the project: NOT_FOUND.
pub async fn remove_project_member(
    state: &RequestState,
    scope: &ProjectScope,
    user_id: UserId,
) -> ApiResult<()> {
    let (workspace_id, project_id, actor) = (
        scope.workspace.workspace.id,
        scope.project.id,
        scope.workspace.actor.clone(),
    );
    state
        .db
        .write(move |mut conn| {
            async move {
                if !ProjectMember::delete(&mut conn, project_id, user_id).await? {
                    return Err(ApiError::not_found("project member"));
                }
                let metadata =
                    json!({ "user": crate::graphql::ids::encode(NodeKind::User, user_id.0).0 });
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "project_member.removed",
                    Some(Target::new(NodeKind::Project, project_id.0)),
                    metadata,
                    now(),
                )
                .await?;
                Ok(())
            }
            .boxed()
        })
        .await
}
