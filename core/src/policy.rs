//! Who may do what (DESIGN §5, "Who may do what"): every guarded operation
//! and field of the API, the rule it needs, and the decision for a caller.
//!
//! Visibility comes first and is decided elsewhere: a workspace the caller
//! neither belongs to nor holds a key of, or a project outside its rules
//! 1–3, is reported as not found before any rule here is asked.

use serde::{Deserialize, Serialize};

use crate::access::ApiKeyAccess;
use crate::permission::{Permission, PermissionSet};
use crate::role::RoleLike;

/// A guarded operation or field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Op {
    /// `workspace(slug)`, scalar fields, `roles`, `projects`, `project(slug)`.
    ReadWorkspace,
    /// `Workspace.members`, `member`.
    ReadMembers,
    /// Invitations, `updateMemberRole`, `removeMember` of others.
    ManageMembers,
    /// `removeMember` of oneself.
    LeaveWorkspace,
    /// `Workspace.apiKeys`, `createApiKey`, `revokeApiKey`.
    ManageApiKeys,
    /// `Workspace.security`, `updateWorkspaceSecurity`.
    ManageSecurity,
    ReadBilling,
    ManageBilling,
    /// `Workspace.auditLog`, `workspaceEvents`.
    ReadAuditLog,
    /// `updateWorkspace`.
    UpdateWorkspace,
    /// `deleteWorkspace`.
    DeleteWorkspace,
    /// `createRole`, `updateRole`, `deleteRole`.
    ManageRoles,
    /// `createProject`.
    CreateProject,
    /// `Project` fields, `members`, `settings`, `payments`.
    ReadProject,
    /// `updateProject`, `setProjectSetting`, payments.
    WriteProject,
    /// `archiveProject`, `deleteProject`.
    DeleteProject,
    /// `setProjectMember`, `removeProjectMember`.
    ManageProjectMembers,
}

/// What an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Any member, or a key of the workspace.
    AnyMember,
    /// A permission of the workspace role (or the key's access set).
    Workspace(Permission),
    /// A permission of the workspace role, and a signed-in user.
    WorkspaceSession(Permission),
    /// Any member, signed in (not a key).
    MemberSession,
    /// The built-in Admin role, signed in.
    BuiltinAdminSession,
    /// A permission in the caller's effective role in the project.
    Project(Permission),
}

impl Op {
    pub const fn rule(self) -> Rule {
        use Permission as P;
        match self {
            Op::ReadWorkspace => Rule::AnyMember,
            Op::ReadMembers => Rule::Workspace(P::MembersRead),
            Op::ManageMembers => Rule::Workspace(P::MembersManage),
            Op::LeaveWorkspace => Rule::MemberSession,
            Op::ManageApiKeys => Rule::WorkspaceSession(P::ApiKeysManage),
            Op::ManageSecurity => Rule::WorkspaceSession(P::WorkspaceSecurityManage),
            Op::ReadBilling => Rule::Workspace(P::BillingRead),
            Op::ManageBilling => Rule::Workspace(P::BillingManage),
            Op::ReadAuditLog => Rule::Workspace(P::AuditLogRead),
            Op::UpdateWorkspace => Rule::Workspace(P::WorkspaceSettingsManage),
            Op::DeleteWorkspace => Rule::BuiltinAdminSession,
            Op::ManageRoles => Rule::Workspace(P::RolesManage),
            Op::CreateProject => Rule::Workspace(P::ProjectsCreate),
            Op::ReadProject => Rule::Project(P::ProjectRead),
            Op::WriteProject => Rule::Project(P::ProjectWrite),
            Op::DeleteProject => Rule::Project(P::ProjectDelete),
            Op::ManageProjectMembers => Rule::Project(P::ProjectMembersManage),
        }
    }
}

/// A caller that can see the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller<R> {
    /// A signed-in member with this workspace role.
    Member(R),
    /// An API key of this workspace.
    ApiKey(ApiKeyAccess),
}

/// Why a visible operation is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// An API key asked for a session-only operation or one outside its
    /// access set: FORBIDDEN `INSUFFICIENT_SCOPE`.
    InsufficientScope,
    /// A member lacks the permission: FORBIDDEN.
    MissingPermission(Option<Permission>),
}

impl<R: RoleLike> Caller<R> {
    /// Permissions at workspace scope: the workspace role's, or the key's
    /// access set.
    pub fn workspace_permissions(&self) -> PermissionSet {
        match self {
            Caller::Member(role) => role.permissions(),
            Caller::ApiKey(access) => access.permissions(),
        }
    }

    /// May this caller do `op`? `project_permissions` are the caller's
    /// permissions in the project at hand (see
    /// [`crate::access::project_permissions`]; a key's access set for keys)
    /// and are required for project rules.
    pub fn authorize(
        &self,
        op: Op,
        project_permissions: Option<PermissionSet>,
    ) -> Result<(), Denied> {
        let holds = |set: PermissionSet, p: Permission| {
            if set.contains(p) {
                Ok(())
            } else if matches!(self, Caller::ApiKey(_)) {
                Err(Denied::InsufficientScope)
            } else {
                Err(Denied::MissingPermission(Some(p)))
            }
        };
        match (op.rule(), self) {
            (Rule::AnyMember, _) => Ok(()),
            (Rule::Workspace(p), _) => holds(self.workspace_permissions(), p),
            (
                Rule::WorkspaceSession(_) | Rule::MemberSession | Rule::BuiltinAdminSession,
                Caller::ApiKey(_),
            ) => Err(Denied::InsufficientScope),
            (Rule::WorkspaceSession(p), Caller::Member(_)) => {
                holds(self.workspace_permissions(), p)
            }
            (Rule::MemberSession, Caller::Member(_)) => Ok(()),
            (Rule::BuiltinAdminSession, Caller::Member(role)) => {
                if role.is_builtin_admin() {
                    Ok(())
                } else {
                    Err(Denied::MissingPermission(None))
                }
            }
            (Rule::Project(p), _) => holds(project_permissions.unwrap_or(PermissionSet::EMPTY), p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::project_permissions;
    use crate::role::{BuiltinRole, RoleDefinition};

    fn member(role: BuiltinRole) -> Caller<RoleDefinition> {
        Caller::Member(RoleDefinition::builtin(role))
    }

    #[test]
    fn viewers_read_but_do_not_write() {
        let viewer = member(BuiltinRole::Viewer);
        let perms = BuiltinRole::Viewer.permissions();
        assert_eq!(viewer.authorize(Op::ReadMembers, None), Ok(()));
        assert_eq!(viewer.authorize(Op::ReadProject, Some(perms)), Ok(()));
        assert_eq!(
            viewer.authorize(Op::WriteProject, Some(perms)),
            Err(Denied::MissingPermission(Some(Permission::ProjectWrite)))
        );
        assert_eq!(
            viewer.authorize(Op::CreateProject, None),
            Err(Denied::MissingPermission(Some(Permission::ProjectsCreate)))
        );
    }

    #[test]
    fn only_the_builtin_admin_deletes_workspaces() {
        assert_eq!(
            member(BuiltinRole::Admin).authorize(Op::DeleteWorkspace, None),
            Ok(())
        );
        let all = Caller::Member(RoleDefinition::custom("everything", PermissionSet::ALL));
        assert_eq!(
            all.authorize(Op::DeleteWorkspace, None),
            Err(Denied::MissingPermission(None))
        );
    }

    #[test]
    fn keys_are_refused_session_only_and_out_of_scope_operations() {
        let rw: Caller<RoleDefinition> = Caller::ApiKey(ApiKeyAccess::ReadWrite);
        let rw_perms = Some(ApiKeyAccess::ReadWrite.permissions());
        assert_eq!(rw.authorize(Op::ReadWorkspace, None), Ok(()));
        assert_eq!(rw.authorize(Op::CreateProject, None), Ok(()));
        assert_eq!(rw.authorize(Op::WriteProject, rw_perms), Ok(()));
        for op in [
            Op::ManageApiKeys,
            Op::ManageSecurity,
            Op::DeleteWorkspace,
            Op::LeaveWorkspace,
            Op::ManageMembers,
            Op::ManageRoles,
            Op::ManageBilling,
        ] {
            assert_eq!(
                rw.authorize(op, rw_perms),
                Err(Denied::InsufficientScope),
                "{op:?}"
            );
        }
        assert_eq!(
            rw.authorize(Op::DeleteProject, rw_perms),
            Err(Denied::InsufficientScope)
        );
        let ro: Caller<RoleDefinition> = Caller::ApiKey(ApiKeyAccess::ReadOnly);
        assert_eq!(
            ro.authorize(Op::WriteProject, Some(ApiKeyAccess::ReadOnly.permissions())),
            Err(Denied::InsufficientScope)
        );
        assert_eq!(ro.authorize(Op::ReadAuditLog, None), Ok(()));
    }

    #[test]
    fn project_rules_use_the_effective_role() {
        // Workspace Viewer with project Admin on P1 manages P1's members.
        let viewer = member(BuiltinRole::Viewer);
        let p1 = project_permissions(
            &RoleDefinition::builtin(BuiltinRole::Viewer),
            &RoleDefinition::builtin(BuiltinRole::Admin),
        );
        assert_eq!(viewer.authorize(Op::ManageProjectMembers, Some(p1)), Ok(()));
        assert_eq!(viewer.authorize(Op::DeleteProject, Some(p1)), Ok(()));
        // Workspace Member with project Viewer cannot write there.
        let m = member(BuiltinRole::Member);
        let p = project_permissions(
            &RoleDefinition::builtin(BuiltinRole::Member),
            &RoleDefinition::builtin(BuiltinRole::Viewer),
        );
        assert!(m.authorize(Op::WriteProject, Some(p)).is_err());
    }
}
