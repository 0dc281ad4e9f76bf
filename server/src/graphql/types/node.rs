//! The `Node` interface: every object with a global id.

use async_graphql::{ID, Interface};

use super::api_key::ApiKey;
use super::invitation::Invitation;
use super::member::WorkspaceMember;
use super::project::Project;
use super::project_member::ProjectMember;
use super::role::Role;
use super::user::User;
use super::workspace::Workspace;

#[derive(Debug, Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Opaque, type-tagged, globally unique ID. Stable for the life of the object."
))]
pub enum Node {
    User(User),
    Workspace(Workspace),
    Project(Project),
    Role(Role),
    WorkspaceMember(WorkspaceMember),
    ProjectMember(ProjectMember),
    ApiKey(ApiKey),
    Invitation(Invitation),
}
