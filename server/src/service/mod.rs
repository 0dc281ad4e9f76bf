//! Domain operations: each validates its input with `orkesta-core`, runs its
//! writes (and their audit events) in one transaction through the storage
//! layer, and maps storage outcomes to API errors. Resolvers call these and
//! stay thin; permission checks happen before, in the guards.

pub mod identity;
