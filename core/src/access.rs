//! Who holds which permissions where: the effective role of a user in a
//! project (DESIGN §5, rules 1–4), API-key access sets (§6) and the
//! no-escalation rule.

use serde::{Deserialize, Serialize};

use crate::permission::{Permission, PermissionSet};
use crate::role::RoleLike;

/// Which rule produced an effective role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RoleSource {
    /// Rule 1: workspace Admins are Admin in every project.
    WorkspaceAdmin,
    /// Rule 2: a project-level role assignment.
    ProjectAssignment,
    /// Rule 3: a project member inheriting the workspace role.
    WorkspaceInherited,
}

/// A user's stored relation to one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectAssignment<R> {
    /// Not assigned to the project.
    None,
    /// Belongs to the project with the inherited workspace role.
    Inherit,
    /// Belongs to the project with this project-level role.
    Role(R),
}

/// The role a user acts with in one project, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectiveRole<R> {
    pub role: R,
    pub source: RoleSource,
}

/// Effective role of a user in a project (DESIGN §5):
/// 1. workspace Admin → Admin;
/// 2. a project-level role → that role (in both directions);
/// 3. a project member without a project role → the workspace role;
/// 4. otherwise no access (`None`: the project is invisible).
///
/// A stored assignment of a workspace Admin is kept but does not apply.
pub fn effective_role<R: RoleLike + Clone>(
    workspace_role: &R,
    assignment: ProjectAssignment<&R>,
) -> Option<EffectiveRole<R>> {
    if workspace_role.is_builtin_admin() {
        return Some(EffectiveRole {
            role: workspace_role.clone(),
            source: RoleSource::WorkspaceAdmin,
        });
    }
    match assignment {
        ProjectAssignment::Role(role) => Some(EffectiveRole {
            role: role.clone(),
            source: RoleSource::ProjectAssignment,
        }),
        ProjectAssignment::Inherit => Some(EffectiveRole {
            role: workspace_role.clone(),
            source: RoleSource::WorkspaceInherited,
        }),
        ProjectAssignment::None => None,
    }
}

/// Permissions a user holds in a project: the workspace-level permissions of
/// the workspace role plus the `PROJECT_*` permissions of the effective role.
pub fn project_permissions<R: RoleLike>(workspace_role: &R, effective: &R) -> PermissionSet {
    workspace_role
        .permissions()
        .workspace_part()
        .union(effective.permissions().project_part())
}

/// Access level of an API key (DESIGN §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ApiKeyAccess {
    ReadOnly,
    ReadWrite,
}

const READ_ONLY: PermissionSet = PermissionSet::from_slice(&[
    Permission::WorkspaceRead,
    Permission::BillingRead,
    Permission::MembersRead,
    Permission::AuditLogRead,
    Permission::ProjectRead,
]);

impl ApiKeyAccess {
    /// The key's access set, the same in the workspace and in all its
    /// projects. A key never manages people, keys, security or billing and
    /// never archives or deletes.
    pub const fn permissions(self) -> PermissionSet {
        match self {
            ApiKeyAccess::ReadOnly => READ_ONLY,
            ApiKeyAccess::ReadWrite => READ_ONLY.union(PermissionSet::from_slice(&[
                Permission::ProjectWrite,
                Permission::ProjectsCreate,
            ])),
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            ApiKeyAccess::ReadOnly => "READ_ONLY",
            ApiKeyAccess::ReadWrite => "READ_WRITE",
        }
    }

    pub fn from_str_opt(s: &str) -> Option<ApiKeyAccess> {
        [ApiKeyAccess::ReadOnly, ApiKeyAccess::ReadWrite]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// May a member holding `granter_role` grant `granted` at workspace scope
/// (invite with a role, assign a workspace role, define a custom role, give an
/// API key its access set)? Only permissions the granter holds may be given;
/// a built-in Admin may grant anything.
pub fn may_grant_in_workspace<R: RoleLike>(granter_role: &R, granted: PermissionSet) -> bool {
    granter_role.is_builtin_admin() || granted.is_subset_of(granter_role.permissions())
}

/// May a member grant a project-level role with `granted` permissions in a
/// project where they hold `granter_project_permissions` (see
/// [`project_permissions`])? Only the `PROJECT_*` parts are compared.
pub fn may_grant_in_project<R: RoleLike>(
    granter_workspace_role: &R,
    granter_project_permissions: PermissionSet,
    granted: PermissionSet,
) -> bool {
    granter_workspace_role.is_builtin_admin()
        || granted
            .project_part()
            .is_subset_of(granter_project_permissions.project_part())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::role::{BuiltinRole, RoleDefinition};

    fn admin() -> RoleDefinition {
        RoleDefinition::builtin(BuiltinRole::Admin)
    }
    fn member() -> RoleDefinition {
        RoleDefinition::builtin(BuiltinRole::Member)
    }
    fn viewer() -> RoleDefinition {
        RoleDefinition::builtin(BuiltinRole::Viewer)
    }

    #[test]
    fn workspace_admin_is_admin_everywhere_even_with_a_kept_viewer_assignment() {
        let v = viewer();
        let eff = effective_role(&admin(), ProjectAssignment::Role(&v)).unwrap();
        assert_eq!(eff.role, admin());
        assert_eq!(eff.source, RoleSource::WorkspaceAdmin);
        let eff = effective_role(&admin(), ProjectAssignment::None).unwrap();
        assert_eq!(eff.source, RoleSource::WorkspaceAdmin);
    }

    #[test]
    fn project_role_takes_precedence_in_both_directions() {
        let a = admin();
        let eff = effective_role(&viewer(), ProjectAssignment::Role(&a)).unwrap();
        assert_eq!(
            (eff.role, eff.source),
            (admin(), RoleSource::ProjectAssignment)
        );
        let v = viewer();
        let eff = effective_role(&member(), ProjectAssignment::Role(&v)).unwrap();
        assert_eq!(
            (eff.role, eff.source),
            (viewer(), RoleSource::ProjectAssignment)
        );
    }

    #[test]
    fn unassigned_non_admin_has_no_access_and_inherit_gives_workspace_role() {
        assert_eq!(effective_role(&member(), ProjectAssignment::None), None);
        let eff = effective_role(&member(), ProjectAssignment::Inherit).unwrap();
        assert_eq!(
            (eff.role, eff.source),
            (member(), RoleSource::WorkspaceInherited)
        );
    }

    #[test]
    fn workspace_viewer_with_project_admin_gets_project_permissions_only_in_project_scope() {
        let perms = project_permissions(&viewer(), &admin());
        assert!(perms.contains(Permission::ProjectDelete));
        assert!(perms.contains(Permission::ProjectMembersManage));
        assert!(
            !perms.contains(Permission::MembersManage),
            "workspace part comes from the workspace role"
        );
        assert!(!perms.contains(Permission::ProjectsCreate));
    }

    #[test]
    fn api_key_access_sets_match_design() {
        use Permission::*;
        let ro: Vec<_> = ApiKeyAccess::ReadOnly.permissions().iter().collect();
        assert_eq!(
            ro,
            vec![
                WorkspaceRead,
                BillingRead,
                MembersRead,
                AuditLogRead,
                ProjectRead
            ]
        );
        let rw = ApiKeyAccess::ReadWrite.permissions();
        assert!(rw.contains(ProjectWrite) && rw.contains(ProjectsCreate));
        for never in [
            MembersManage,
            ApiKeysManage,
            RolesManage,
            WorkspaceSecurityManage,
            BillingManage,
            ProjectDelete,
            ProjectMembersManage,
        ] {
            assert!(
                !rw.contains(never),
                "{never} must never be in a key's access set"
            );
        }
    }

    #[test]
    fn member_cannot_grant_admin_but_admin_can_grant_anything() {
        assert!(!may_grant_in_workspace(&member(), PermissionSet::ALL));
        assert!(may_grant_in_workspace(
            &member(),
            BuiltinRole::Viewer.permissions()
        ));
        assert!(may_grant_in_workspace(&admin(), PermissionSet::ALL));
    }

    #[test]
    fn project_scope_compares_only_project_permissions() {
        // Workspace Viewer with project-level Admin on P1 may grant project Admin there.
        let p1 = project_permissions(&viewer(), &admin());
        assert!(may_grant_in_project(
            &viewer(),
            p1,
            BuiltinRole::Admin.permissions()
        ));
        // …but a workspace Member with project Viewer may not grant project Member.
        let p = project_permissions(&member(), &viewer());
        assert!(!may_grant_in_project(
            &member(),
            p,
            BuiltinRole::Member.permissions()
        ));
    }

    fn any_role() -> impl Strategy<Value = RoleDefinition> {
        prop_oneof![
            Just(admin()),
            Just(member()),
            Just(viewer()),
            any::<u16>().prop_map(|bits| {
                let set: PermissionSet = Permission::ALL
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, p)| p)
                    .collect();
                RoleDefinition::custom("custom", set)
            }),
        ]
    }

    #[derive(Debug, Clone)]
    enum Assign {
        None,
        Inherit,
        Role(RoleDefinition),
    }

    fn any_assignment() -> impl Strategy<Value = Assign> {
        prop_oneof![
            Just(Assign::None),
            Just(Assign::Inherit),
            any_role().prop_map(Assign::Role)
        ]
    }

    proptest! {
        /// The whole effective-role table: every workspace role × every kind
        /// of assignment, checked against rules 1–4 written independently.
        #[test]
        fn effective_role_follows_rules_one_to_four(ws in any_role(), assign in any_assignment()) {
            let assignment = match &assign {
                Assign::None => ProjectAssignment::None,
                Assign::Inherit => ProjectAssignment::Inherit,
                Assign::Role(r) => ProjectAssignment::Role(r),
            };
            let got = effective_role(&ws, assignment);
            let expected = if ws.builtin && ws.key == "admin" {
                Some((ws.clone(), RoleSource::WorkspaceAdmin))
            } else {
                match assign {
                    Assign::Role(r) => Some((r, RoleSource::ProjectAssignment)),
                    Assign::Inherit => Some((ws.clone(), RoleSource::WorkspaceInherited)),
                    Assign::None => None,
                }
            };
            prop_assert_eq!(got.map(|e| (e.role, e.source)), expected);
        }

        /// Project permissions never carry workspace permissions the workspace
        /// role lacks, nor project permissions the effective role lacks.
        #[test]
        fn project_permissions_split_by_scope(ws in any_role(), eff in any_role()) {
            let perms = project_permissions(&ws, &eff);
            prop_assert_eq!(perms.workspace_part(), ws.permissions.workspace_part());
            prop_assert_eq!(perms.project_part(), eff.permissions.project_part());
        }

        /// No escalation: a non-Admin can never grant a set it does not hold.
        #[test]
        fn non_admin_grants_only_subsets(granter in any_role(), granted in any::<u16>()) {
            let granted: PermissionSet = Permission::ALL.into_iter().enumerate()
                .filter(|(i, _)| granted & (1 << i) != 0).map(|(_, p)| p).collect();
            let allowed = may_grant_in_workspace(&granter, granted);
            if !granter.is_builtin_admin() {
                prop_assert_eq!(allowed, granted.is_subset_of(granter.permissions));
            } else {
                prop_assert!(allowed);
            }
        }
    }
}
