//! Authorization: the one place where the caller's access to a workspace or
//! project is established and where `orkesta-core`'s policy decides.
//!
//! A [`WorkspaceScope`] exists only for a caller who can see the workspace
//! (a member or a key of it); a [`ProjectScope`] only for a project the
//! caller can see (rules 1–3). Whatever the caller cannot see is reported
//! exactly like what does not exist. Service functions take a scope whose
//! check has passed, so a resolver cannot skip it; nested fields check
//! through the guards in `graphql::guards`, which call [`WorkspaceScope::check`]
//! and [`ProjectScope::check`].

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use futures_util::FutureExt;
use orkesta_core::access::{
    ApiKeyAccess, EffectiveRole, ProjectAssignment, RoleSource, effective_role, project_permissions,
};
use orkesta_core::policy::{Caller, Denied, Op, Rule};
use orkesta_core::role::RoleDefinition;
use orkesta_core::{PermissionSet, RoleLike};
use tokio::sync::OnceCell;

use crate::auth::Principal;
use crate::db::models::api_key::ApiKey;
use crate::db::models::member::Member;
use crate::db::models::project::{Project, ProjectFilter};
use crate::db::models::project_member::ProjectMember;
use crate::db::models::role::Role;
use crate::db::models::user::User;
use crate::db::models::workspace::Workspace;
use crate::db::sql_types::{ApiKeyId, ProjectId, RoleId, UserId};
use crate::error::{ApiError, ApiResult, Code};
use crate::graphql::context::RequestState;

/// Who acts, for audit events.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub api_key_id: Option<ApiKeyId>,
    pub ip: IpAddr,
}

/// The signed-in user: UNAUTHENTICATED without credentials, FORBIDDEN
/// `INSUFFICIENT_SCOPE` for an API key.
pub async fn require_user(state: &RequestState) -> ApiResult<User> {
    state
        .auth
        .require_user(&state.db)
        .await
        .map(|(user, _)| user)
}

fn denied(denied: Denied) -> ApiError {
    match denied {
        Denied::InsufficientScope => {
            ApiError::forbidden("INSUFFICIENT_SCOPE", "an API key cannot do this")
        }
        Denied::MissingPermission(Some(p)) => ApiError::new(
            Code::Forbidden,
            None,
            format!("this needs the {p} permission"),
        ),
        Denied::MissingPermission(None) => {
            ApiError::new(Code::Forbidden, None, "only a workspace Admin can do this")
        }
    }
}

/// The caller's access to one workspace it can see.
#[derive(Debug)]
pub struct WorkspaceScope {
    pub workspace: Workspace,
    pub caller: Caller<RoleDefinition>,
    /// The caller's membership and role row (signed-in members).
    pub membership: Option<(Member, Role)>,
    pub actor: Actor,
    roles: OnceCell<Arc<Vec<Role>>>,
    assignments: OnceCell<Arc<HashMap<ProjectId, ProjectMember>>>,
}

impl WorkspaceScope {
    /// The scope of a signed-in member.
    pub fn for_member(
        workspace: Workspace,
        member: Member,
        role: Role,
        ip: IpAddr,
    ) -> WorkspaceScope {
        let actor = Actor {
            user_id: Some(member.user_id),
            api_key_id: None,
            ip,
        };
        WorkspaceScope {
            workspace,
            caller: Caller::Member(role.definition()),
            membership: Some((member, role)),
            actor,
            roles: OnceCell::new(),
            assignments: OnceCell::new(),
        }
    }

    /// The scope of an API key in its own workspace.
    pub fn for_key(workspace: Workspace, key: &ApiKey, ip: IpAddr) -> WorkspaceScope {
        let access = ApiKeyAccess::from_str_opt(&key.access).unwrap_or(ApiKeyAccess::ReadOnly);
        let actor = Actor {
            user_id: None,
            api_key_id: Some(key.id),
            ip,
        };
        WorkspaceScope {
            workspace,
            caller: Caller::ApiKey(access),
            membership: None,
            actor,
            roles: OnceCell::new(),
            assignments: OnceCell::new(),
        }
    }

    /// The caller's scope in the workspace with `slug`, or `None` when it
    /// does not exist or the caller cannot see it. Anonymous callers are
    /// UNAUTHENTICATED.
    pub async fn load(state: &RequestState, slug: &str) -> ApiResult<Option<Arc<WorkspaceScope>>> {
        let principal = state.auth.principal(&state.db).await?;
        let slug = slug.to_owned();
        match &*principal {
            Principal::Anonymous => Err(ApiError::unauthenticated(
                "AUTHENTICATION_REQUIRED",
                "sign in first",
            )),
            Principal::User { user, .. } => {
                let user_id = user.id;
                let found = state
                    .db
                    .read(move |mut conn| {
                        async move {
                            let Some(workspace) = Workspace::find_by_slug(&mut conn, &slug).await?
                            else {
                                return Ok(None);
                            };
                            let membership = Member::find(&mut conn, workspace.id, user_id).await?;
                            Ok::<_, ApiError>(membership.map(|m| (workspace, m)))
                        }
                        .boxed()
                    })
                    .await?;
                Ok(found.map(|(workspace, (member, role))| {
                    Arc::new(WorkspaceScope::for_member(
                        workspace,
                        member,
                        role,
                        state.client_ip,
                    ))
                }))
            }
            Principal::ApiKey { key, .. } => {
                // A key sees its own workspace and nothing else.
                let found = state
                    .db
                    .read(move |mut conn| {
                        async move {
                            Ok::<_, ApiError>(Workspace::find_by_slug(&mut conn, &slug).await?)
                        }
                        .boxed()
                    })
                    .await?;
                Ok(found.filter(|w| w.id == key.workspace_id).map(|workspace| {
                    Arc::new(WorkspaceScope::for_key(workspace, key, state.client_ip))
                }))
            }
        }
    }

    /// Like [`WorkspaceScope::load`], for an operation on the workspace:
    /// NOT_FOUND when invisible, FORBIDDEN when `op` is not allowed.
    pub async fn require(
        state: &RequestState,
        slug: &str,
        op: Op,
    ) -> ApiResult<Arc<WorkspaceScope>> {
        let scope = WorkspaceScope::load(state, slug)
            .await?
            .ok_or_else(|| ApiError::not_found("workspace"))?;
        scope.check(op)?;
        Ok(scope)
    }

    /// Checks a workspace-level operation.
    pub fn check(&self, op: Op) -> ApiResult<()> {
        debug_assert!(
            !matches!(op.rule(), Rule::Project(_)),
            "project operations are checked on a ProjectScope"
        );
        self.caller.authorize(op, None).map_err(denied)
    }

    /// Whether the caller is a workspace Admin (sees and holds everything).
    pub fn is_admin(&self) -> bool {
        matches!(&self.caller, Caller::Member(role) if role.is_builtin_admin())
    }

    pub fn caller_user(&self) -> Option<UserId> {
        self.membership.as_ref().map(|(m, _)| m.user_id)
    }

    /// The caller's workspace role definition (members only).
    pub fn caller_role(&self) -> Option<&RoleDefinition> {
        match &self.caller {
            Caller::Member(role) => Some(role),
            Caller::ApiKey(_) => None,
        }
    }

    /// Every role of the workspace, loaded once per scope (batched across
    /// sibling workspaces).
    pub async fn roles(&self, state: &RequestState) -> ApiResult<Arc<Vec<Role>>> {
        let id = self.workspace.id;
        self.roles
            .get_or_try_init(|| async {
                Ok::<_, ApiError>(Arc::new(
                    state.loaders.roles.load_one(id).await?.unwrap_or_default(),
                ))
            })
            .await
            .cloned()
    }

    /// The caller's own project assignments in this workspace, loaded once.
    async fn caller_assignments(
        &self,
        state: &RequestState,
    ) -> ApiResult<Arc<HashMap<ProjectId, ProjectMember>>> {
        let Some(user) = self.caller_user() else {
            return Ok(Arc::default());
        };
        let workspace_id = self.workspace.id;
        self.assignments
            .get_or_try_init(|| async {
                let rows = state
                    .db
                    .read(move |mut conn| {
                        async move {
                            Ok::<_, ApiError>(
                                ProjectMember::for_users(&mut conn, workspace_id, &[user]).await?,
                            )
                        }
                        .boxed()
                    })
                    .await?;
                Ok::<_, ApiError>(Arc::new(
                    rows.into_iter().map(|r| (r.project_id, r)).collect(),
                ))
            })
            .await
            .cloned()
    }

    /// Roles by id.
    pub async fn roles_by_id(&self, state: &RequestState) -> ApiResult<HashMap<RoleId, Role>> {
        Ok(self
            .roles(state)
            .await?
            .iter()
            .map(|r| (r.id, r.clone()))
            .collect())
    }

    /// The role with `key`, or `UNKNOWN_ROLE` on `field`.
    pub async fn role_by_key(
        &self,
        state: &RequestState,
        key: &str,
        field: &'static str,
    ) -> ApiResult<Role> {
        self.roles(state)
            .await?
            .iter()
            .find(|r| r.key == key)
            .cloned()
            .ok_or_else(|| {
                ApiError::bad_input(
                    "UNKNOWN_ROLE",
                    format!("no role with key `{key}` in this workspace"),
                )
                .on(field)
            })
    }

    /// The built-in Admin role of this workspace.
    pub async fn admin_role(&self, state: &RequestState) -> ApiResult<Role> {
        self.roles(state)
            .await?
            .iter()
            .find(|r| r.definition().is_builtin_admin())
            .cloned()
            .ok_or_else(|| {
                ApiError::internal(std::io::Error::other("workspace without an Admin role"))
            })
    }

    /// Which projects a listing of this caller may show.
    pub fn project_filter(
        &self,
        environment: Option<String>,
        include_archived: bool,
    ) -> ProjectFilter {
        let assigned_to = if self.is_admin() || matches!(self.caller, Caller::ApiKey(_)) {
            None
        } else {
            self.caller_user()
        };
        ProjectFilter {
            environment,
            include_archived,
            assigned_to,
        }
    }

    /// Scopes for projects of this workspace, dropping those the caller
    /// cannot see. One query for the caller's assignments, whatever the count.
    pub async fn projects(
        self: &Arc<Self>,
        state: &RequestState,
        projects: Vec<Project>,
    ) -> ApiResult<Vec<Arc<ProjectScope>>> {
        let (assignments, roles) = if self.caller_user().is_some() && !self.is_admin() {
            (
                self.caller_assignments(state).await?,
                self.roles_by_id(state).await?,
            )
        } else {
            (Arc::default(), HashMap::new())
        };
        Ok(projects
            .into_iter()
            .filter_map(|project| {
                let assignment = assignments.get(&project.id);
                self.project_scope(project, assignment, &roles)
            })
            .map(Arc::new)
            .collect())
    }

    /// The caller's scope in one project, or `None` when invisible.
    pub async fn project(
        self: &Arc<Self>,
        state: &RequestState,
        project: Project,
    ) -> ApiResult<Option<Arc<ProjectScope>>> {
        Ok(self.projects(state, vec![project]).await?.pop())
    }

    fn project_scope(
        self: &Arc<Self>,
        project: Project,
        assignment: Option<&ProjectMember>,
        roles: &HashMap<RoleId, Role>,
    ) -> Option<ProjectScope> {
        match &self.caller {
            Caller::ApiKey(access) => Some(ProjectScope {
                workspace: self.clone(),
                project,
                effective: None,
                permissions: access.permissions(),
            }),
            Caller::Member(workspace_role) => {
                let project_role = assignment
                    .and_then(|a| a.role_id)
                    .and_then(|id| roles.get(&id))
                    .map(Role::definition);
                let assigned = match (assignment, &project_role) {
                    (None, _) => ProjectAssignment::None,
                    (Some(_), None) => ProjectAssignment::Inherit,
                    (Some(_), Some(role)) => ProjectAssignment::Role(role),
                };
                let effective = effective_role(workspace_role, assigned)?;
                let permissions = project_permissions(workspace_role, &effective.role);
                Some(ProjectScope {
                    workspace: self.clone(),
                    project,
                    effective: Some(effective),
                    permissions,
                })
            }
        }
    }
}

/// The caller's access to one project it can see.
#[derive(Debug)]
pub struct ProjectScope {
    pub workspace: Arc<WorkspaceScope>,
    pub project: Project,
    /// The caller's effective role (members; `None` for API keys).
    pub effective: Option<EffectiveRole<RoleDefinition>>,
    /// Workspace-level permissions of the workspace role plus the
    /// `PROJECT_*` permissions of the effective role (a key's access set).
    pub permissions: PermissionSet,
}

impl ProjectScope {
    /// The caller's scope in the project `slug` of the workspace
    /// `workspace_slug`: NOT_FOUND when either is invisible, FORBIDDEN when
    /// `op` is not allowed.
    pub async fn require(
        state: &RequestState,
        workspace_slug: &str,
        slug: &str,
        op: Op,
    ) -> ApiResult<Arc<ProjectScope>> {
        let workspace = WorkspaceScope::load(state, workspace_slug)
            .await?
            .ok_or_else(|| ApiError::not_found("project"))?;
        let scope = workspace
            .find_project(state, slug)
            .await?
            .ok_or_else(|| ApiError::not_found("project"))?;
        scope.check(op)?;
        Ok(scope)
    }

    pub fn check(&self, op: Op) -> ApiResult<()> {
        match op.rule() {
            Rule::Project(_) => self
                .workspace
                .caller
                .authorize(op, Some(self.permissions))
                .map_err(denied),
            _ => self.workspace.check(op),
        }
    }

    pub fn role_source(&self) -> Option<RoleSource> {
        self.effective.as_ref().map(|e| e.source)
    }
}

impl WorkspaceScope {
    /// The project with `slug`, if it exists and the caller can see it.
    pub async fn find_project(
        self: &Arc<Self>,
        state: &RequestState,
        slug: &str,
    ) -> ApiResult<Option<Arc<ProjectScope>>> {
        let workspace_id = self.workspace.id;
        let slug = slug.to_owned();
        let project = state
            .db
            .read(move |mut conn| {
                async move {
                    Ok::<_, ApiError>(Project::find_by_slug(&mut conn, workspace_id, &slug).await?)
                }
                .boxed()
            })
            .await?;
        match project {
            Some(project) => self.project(state, project).await,
            None => Ok(None),
        }
    }
}
