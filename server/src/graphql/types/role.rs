//! `Role`.

use async_graphql::{ID, Object};

use super::enums::{Permission, permission_list};
use crate::db::models::role::Role as RoleRow;
use crate::graphql::ids::{NodeKind, encode};

#[derive(Debug, Clone)]
pub struct Role(pub RoleRow);

#[Object]
impl Role {
    pub async fn id(&self) -> ID {
        encode(NodeKind::Role, self.0.id.0)
    }

    /// "admin", "member", "viewer" for built-in roles; the custom role's key otherwise.
    async fn key(&self) -> &str {
        &self.0.key
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    async fn builtin(&self) -> bool {
        self.0.builtin
    }

    async fn permissions(&self) -> Vec<Permission> {
        permission_list(self.0.permissions())
    }
}
