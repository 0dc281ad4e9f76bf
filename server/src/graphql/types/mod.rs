//! GraphQL output types, one module per type.

pub mod auth_payload;
pub mod me;
pub mod user;
