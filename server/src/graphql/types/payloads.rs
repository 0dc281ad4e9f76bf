//! Mutation payloads.

use async_graphql::{ID, SimpleObject};

use super::member::WorkspaceMember;
use super::project::Project;
use super::project_member::ProjectMember;
use super::role::Role;
use super::workspace::Workspace;

#[derive(Debug, SimpleObject)]
pub struct WorkspacePayload {
    pub workspace: Workspace,
}

#[derive(Debug, SimpleObject)]
pub struct ProjectPayload {
    pub project: Project,
}

#[derive(Debug, SimpleObject)]
pub struct WorkspaceMemberPayload {
    pub member: WorkspaceMember,
}

#[derive(Debug, SimpleObject)]
pub struct ProjectMemberPayload {
    pub project_member: ProjectMember,
}

#[derive(Debug, SimpleObject)]
pub struct RolePayload {
    pub role: Role,
}

#[derive(Debug, SimpleObject)]
pub struct DeletePayload {
    pub deleted_id: ID,
}
