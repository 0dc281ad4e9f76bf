//! GraphQL output types, one module per type.

pub mod api_key;
pub mod auth_payload;
pub mod billing;
pub mod enums;
pub mod invitation;
pub mod me;
pub mod member;
pub mod node;
pub mod payloads;
pub mod project;
pub mod project_member;
pub mod role;
pub mod user;
pub mod workspace;
