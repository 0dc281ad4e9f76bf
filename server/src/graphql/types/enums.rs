//! Enums of the contract, mirrored from `orkesta-core` where it owns them.

use async_graphql::Enum;

/// Fine-grained permissions. Built-in roles are fixed sets of these; custom roles
/// are any set. WORKSPACE_* / BILLING_* / MEMBERS_* / ROLES_* / API_KEYS_* /
/// AUDIT_LOG_* / PROJECTS_CREATE are evaluated against the caller's WORKSPACE
/// role. PROJECT_* are evaluated against the caller's EFFECTIVE role in that
/// project.
#[derive(Debug, Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Permission", remote = "orkesta_core::Permission")]
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

pub fn permission_list(set: orkesta_core::PermissionSet) -> Vec<Permission> {
    set.iter().map(Permission::from).collect()
}

/// Which rule of DESIGN §5 produced an effective role.
#[derive(Debug, Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "RoleSource", remote = "orkesta_core::RoleSource")]
pub enum RoleSource {
    /// Rule 1: workspace Admins are Admin in every project.
    WorkspaceAdmin,
    /// Rule 2: a project-level role assignment.
    ProjectAssignment,
    /// Rule 3: project member inheriting the workspace role.
    WorkspaceInherited,
}

#[derive(Debug, Enum, Clone, Copy, PartialEq, Eq)]
pub enum ProjectEnvironment {
    Production,
    Staging,
    Development,
}

impl ProjectEnvironment {
    /// The stored value.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProjectEnvironment::Production => "PRODUCTION",
            ProjectEnvironment::Staging => "STAGING",
            ProjectEnvironment::Development => "DEVELOPMENT",
        }
    }

    pub fn from_stored(value: &str) -> ProjectEnvironment {
        match value {
            "STAGING" => ProjectEnvironment::Staging,
            "DEVELOPMENT" => ProjectEnvironment::Development,
            _ => ProjectEnvironment::Production,
        }
    }
}
