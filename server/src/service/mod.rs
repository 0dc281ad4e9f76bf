//! Domain operations: each validates its input with `orkesta-core`, runs its
//! writes (and their audit events) in one transaction through the storage
//! layer, and maps storage outcomes to API errors. Resolvers call these and
//! stay thin; access is established before, in `crate::authz`, and the
//! scope it hands out is what these functions act within.

pub mod api_key;
pub mod audit;
pub mod identity;
pub mod import;
pub mod invitation;
pub mod member;
pub mod project;
pub mod role;
pub mod workspace;

use crate::db::is_unique_violation;
use crate::error::ApiError;

/// A unique violation on a slug (or key) index is CONFLICT `SLUG_TAKEN` on
/// `field`; anything else is what it is.
pub(crate) fn slug_taken(e: diesel::result::Error, field: &'static str, message: &str) -> ApiError {
    if is_unique_violation(&e) {
        ApiError::conflict("SLUG_TAKEN", message.to_owned()).on(field)
    } else {
        ApiError::from(e)
    }
}
