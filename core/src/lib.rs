//! Orkesta's domain rules, shared by the server and the WebAssembly SDK.
//!
//! Everything here is pure: no I/O, no clocks, no randomness of its own (the
//! caller passes random bytes in). That keeps the crate buildable for
//! `wasm32-unknown-unknown`, so a browser validates exactly as the server does.

pub mod access;
pub mod amount;
pub mod api_key;
pub mod cidr;
pub mod invitation_csv;
pub mod permission;
pub mod policy;
pub mod role;
pub mod validate;

pub use access::{ApiKeyAccess, EffectiveRole, ProjectAssignment, RoleSource};
pub use permission::{Permission, PermissionSet};
pub use role::{BuiltinRole, RoleLike};
pub use validate::{Reason, ValueError};
