//! Domain operations: each validates its input with `orkesta-core`, runs its
//! writes (and their audit events) in one transaction through the storage
//! layer, and maps storage outcomes to API errors. Resolvers call these and
//! stay thin; access is established before, in `crate::authz`, and the
//! scope it hands out is what these functions act within.

pub mod api_key;
pub mod audit;
pub mod identity;
pub mod invitation;
pub mod member;
pub mod project;
pub mod role;
pub mod workspace;
