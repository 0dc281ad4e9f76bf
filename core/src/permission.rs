//! Fine-grained permissions and sets of them.
//!
//! A [`PermissionSet`] is a bitset: roles, API keys and escalation checks
//! compare sets with [`PermissionSet::is_subset_of`], never by role rank.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One permission. `WORKSPACE_*`, `BILLING_*`, `MEMBERS_*`, `ROLES_*`,
/// `API_KEYS_*`, `AUDIT_LOG_*` and `PROJECTS_CREATE` are evaluated against the
/// workspace role; `PROJECT_*` against the effective role in a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Permission {
    WorkspaceRead,
    WorkspaceSettingsManage,
    WorkspaceSecurityManage,
    BillingRead,
    BillingManage,
    MembersRead,
    MembersManage,
    RolesManage,
    ApiKeysManage,
    AuditLogRead,
    ProjectsCreate,
    ProjectRead,
    ProjectWrite,
    ProjectMembersManage,
    ProjectDelete,
}

impl Permission {
    /// Every permission, in the contract's order.
    pub const ALL: [Permission; 15] = [
        Permission::WorkspaceRead,
        Permission::WorkspaceSettingsManage,
        Permission::WorkspaceSecurityManage,
        Permission::BillingRead,
        Permission::BillingManage,
        Permission::MembersRead,
        Permission::MembersManage,
        Permission::RolesManage,
        Permission::ApiKeysManage,
        Permission::AuditLogRead,
        Permission::ProjectsCreate,
        Permission::ProjectRead,
        Permission::ProjectWrite,
        Permission::ProjectMembersManage,
        Permission::ProjectDelete,
    ];

    /// The GraphQL / wire name, e.g. `"PROJECT_WRITE"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Permission::WorkspaceRead => "WORKSPACE_READ",
            Permission::WorkspaceSettingsManage => "WORKSPACE_SETTINGS_MANAGE",
            Permission::WorkspaceSecurityManage => "WORKSPACE_SECURITY_MANAGE",
            Permission::BillingRead => "BILLING_READ",
            Permission::BillingManage => "BILLING_MANAGE",
            Permission::MembersRead => "MEMBERS_READ",
            Permission::MembersManage => "MEMBERS_MANAGE",
            Permission::RolesManage => "ROLES_MANAGE",
            Permission::ApiKeysManage => "API_KEYS_MANAGE",
            Permission::AuditLogRead => "AUDIT_LOG_READ",
            Permission::ProjectsCreate => "PROJECTS_CREATE",
            Permission::ProjectRead => "PROJECT_READ",
            Permission::ProjectWrite => "PROJECT_WRITE",
            Permission::ProjectMembersManage => "PROJECT_MEMBERS_MANAGE",
            Permission::ProjectDelete => "PROJECT_DELETE",
        }
    }

    /// `PROJECT_*` permissions come from the effective role in a project;
    /// all others from the workspace role.
    pub const fn is_project_scoped(self) -> bool {
        matches!(
            self,
            Permission::ProjectRead
                | Permission::ProjectWrite
                | Permission::ProjectMembersManage
                | Permission::ProjectDelete
        )
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A permission name that is not one of [`Permission::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown permission `{0}`")]
pub struct UnknownPermission(pub String);

impl FromStr for Permission {
    type Err = UnknownPermission;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Permission::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPermission(s.to_owned()))
    }
}

/// A set of permissions. Iterates in the contract's order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(type = "Permission[]"))]
#[serde(into = "Vec<Permission>", from = "Vec<Permission>")]
pub struct PermissionSet(u16);

impl PermissionSet {
    pub const EMPTY: PermissionSet = PermissionSet(0);
    pub const ALL: PermissionSet = PermissionSet::from_slice(&Permission::ALL);

    /// Only the `PROJECT_*` permissions.
    pub const PROJECT_SCOPED: PermissionSet = PermissionSet::from_slice(&[
        Permission::ProjectRead,
        Permission::ProjectWrite,
        Permission::ProjectMembersManage,
        Permission::ProjectDelete,
    ]);

    pub const fn from_slice(permissions: &[Permission]) -> PermissionSet {
        let mut bits = 0;
        let mut i = 0;
        while i < permissions.len() {
            bits |= permissions[i].bit();
            i += 1;
        }
        PermissionSet(bits)
    }

    pub const fn contains(self, permission: Permission) -> bool {
        self.0 & permission.bit() != 0
    }

    pub const fn union(self, other: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 | other.0)
    }

    pub const fn intersection(self, other: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 & other.0)
    }

    /// Permissions of `self` that `other` lacks.
    pub const fn difference(self, other: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 & !other.0)
    }

    pub const fn is_subset_of(self, other: PermissionSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The `PROJECT_*` part of this set.
    pub const fn project_part(self) -> PermissionSet {
        self.intersection(PermissionSet::PROJECT_SCOPED)
    }

    /// Everything but the `PROJECT_*` part.
    pub const fn workspace_part(self) -> PermissionSet {
        self.difference(PermissionSet::PROJECT_SCOPED)
    }

    pub fn insert(&mut self, permission: Permission) {
        self.0 |= permission.bit();
    }

    pub fn iter(self) -> impl Iterator<Item = Permission> {
        Permission::ALL
            .into_iter()
            .filter(move |p| self.contains(*p))
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
}

impl fmt::Debug for PermissionSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        let mut set = PermissionSet::EMPTY;
        for p in iter {
            set.insert(p);
        }
        set
    }
}

impl From<Vec<Permission>> for PermissionSet {
    fn from(v: Vec<Permission>) -> Self {
        v.into_iter().collect()
    }
}

impl From<PermissionSet> for Vec<Permission> {
    fn from(s: PermissionSet) -> Self {
        s.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_round_trips_through_its_wire_name() {
        for p in Permission::ALL {
            assert_eq!(p.as_str().parse::<Permission>(), Ok(p));
        }
        assert!("project_write".parse::<Permission>().is_err());
    }

    #[test]
    fn project_and_workspace_parts_partition_the_full_set() {
        let all = PermissionSet::ALL;
        assert_eq!(all.len(), 15);
        assert_eq!(all.project_part().len(), 4);
        assert_eq!(all.project_part().union(all.workspace_part()), all);
        assert!(
            all.project_part()
                .intersection(all.workspace_part())
                .is_empty()
        );
        for p in all.project_part().iter() {
            assert!(p.is_project_scoped());
        }
    }

    #[test]
    fn subset_and_difference_behave_as_sets() {
        let a = PermissionSet::from_slice(&[Permission::ProjectRead, Permission::MembersRead]);
        let b = PermissionSet::from_slice(&[Permission::ProjectRead]);
        assert!(b.is_subset_of(a));
        assert!(!a.is_subset_of(b));
        assert_eq!(
            a.difference(b).iter().collect::<Vec<_>>(),
            vec![Permission::MembersRead]
        );
    }

    #[test]
    fn sets_iterate_in_contract_order_whatever_the_insertion_order() {
        let s = PermissionSet::from_slice(&[Permission::ProjectWrite, Permission::WorkspaceRead]);
        let names: Vec<_> = s.iter().map(Permission::as_str).collect();
        assert_eq!(names, vec!["WORKSPACE_READ", "PROJECT_WRITE"]);
    }
}
