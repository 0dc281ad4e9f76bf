//! Built-in roles and the trait every role (built-in or custom) offers to the
//! permission rules.

use serde::{Deserialize, Serialize};

use crate::permission::{Permission, PermissionSet};

/// The three built-in roles. They cannot be edited or deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuiltinRole {
    Admin,
    Member,
    Viewer,
}

const READ: PermissionSet = PermissionSet::from_slice(&[
    Permission::WorkspaceRead,
    Permission::MembersRead,
    Permission::ProjectRead,
]);

impl BuiltinRole {
    pub const ALL: [BuiltinRole; 3] =
        [BuiltinRole::Admin, BuiltinRole::Member, BuiltinRole::Viewer];

    /// The role key: `"admin"`, `"member"` or `"viewer"`. Custom roles may
    /// not use these keys.
    pub const fn key(self) -> &'static str {
        match self {
            BuiltinRole::Admin => "admin",
            BuiltinRole::Member => "member",
            BuiltinRole::Viewer => "viewer",
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            BuiltinRole::Admin => "Admin",
            BuiltinRole::Member => "Member",
            BuiltinRole::Viewer => "Viewer",
        }
    }

    pub const fn description(self) -> &'static str {
        match self {
            BuiltinRole::Admin => "Full access to the workspace and every project in it.",
            BuiltinRole::Member => "Reads the workspace and its members; reads and edits projects.",
            BuiltinRole::Viewer => "Reads the workspace, its members and its projects.",
        }
    }

    /// DESIGN §5: Admin has everything; Member reads and writes projects;
    /// Viewer reads.
    pub const fn permissions(self) -> PermissionSet {
        match self {
            BuiltinRole::Admin => PermissionSet::ALL,
            BuiltinRole::Member => {
                READ.union(PermissionSet::from_slice(&[Permission::ProjectWrite]))
            }
            BuiltinRole::Viewer => READ,
        }
    }

    pub fn from_key(key: &str) -> Option<BuiltinRole> {
        BuiltinRole::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// What the permission rules need to know about a role, built-in or custom.
pub trait RoleLike {
    fn permissions(&self) -> PermissionSet;
    /// Whether this is the built-in Admin role (rule 1 of the effective role,
    /// `deleteWorkspace`, "a built-in Admin can grant anything").
    fn is_builtin_admin(&self) -> bool;
}

impl RoleLike for BuiltinRole {
    fn permissions(&self) -> PermissionSet {
        BuiltinRole::permissions(*self)
    }
    fn is_builtin_admin(&self) -> bool {
        *self == BuiltinRole::Admin
    }
}

impl<R: RoleLike + ?Sized> RoleLike for &R {
    fn permissions(&self) -> PermissionSet {
        (**self).permissions()
    }
    fn is_builtin_admin(&self) -> bool {
        (**self).is_builtin_admin()
    }
}

/// A role as stored: built-in, or a custom role with its own permission set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RoleDefinition {
    pub key: String,
    pub builtin: bool,
    pub permissions: PermissionSet,
}

impl RoleDefinition {
    pub fn builtin(role: BuiltinRole) -> RoleDefinition {
        RoleDefinition {
            key: role.key().to_owned(),
            builtin: true,
            permissions: role.permissions(),
        }
    }

    pub fn custom(key: impl Into<String>, permissions: PermissionSet) -> RoleDefinition {
        RoleDefinition {
            key: key.into(),
            builtin: false,
            permissions,
        }
    }
}

impl RoleLike for RoleDefinition {
    fn permissions(&self) -> PermissionSet {
        self.permissions
    }
    fn is_builtin_admin(&self) -> bool {
        self.builtin && self.key == BuiltinRole::Admin.key()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_permissions_match_the_design_table() {
        use Permission::*;
        let member: Vec<_> = BuiltinRole::Member.permissions().iter().collect();
        assert_eq!(
            member,
            vec![WorkspaceRead, MembersRead, ProjectRead, ProjectWrite]
        );
        let viewer: Vec<_> = BuiltinRole::Viewer.permissions().iter().collect();
        assert_eq!(viewer, vec![WorkspaceRead, MembersRead, ProjectRead]);
        assert_eq!(BuiltinRole::Admin.permissions(), PermissionSet::ALL);
    }

    #[test]
    fn only_the_builtin_admin_counts_as_admin() {
        assert!(RoleDefinition::builtin(BuiltinRole::Admin).is_builtin_admin());
        assert!(!RoleDefinition::builtin(BuiltinRole::Member).is_builtin_admin());
        // A custom role holding every permission is still not the built-in Admin.
        assert!(!RoleDefinition::custom("admin", PermissionSet::ALL).is_builtin_admin());
    }

    #[test]
    fn keys_round_trip() {
        for r in BuiltinRole::ALL {
            assert_eq!(BuiltinRole::from_key(r.key()), Some(r));
        }
        assert_eq!(BuiltinRole::from_key("Admin"), None);
    }
}
