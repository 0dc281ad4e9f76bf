//! Orkesta's client SDK (npm package `@orkesta/sdk`), compiled to
//! WebAssembly for browsers and Node.
//!
//! The SDK validates exactly as the server does because both use
//! `orkesta-core`; these are the rules a client needs before it sends a
//! request. The JavaScript bindings and the typed GraphQL client are built
//! on top of them.

pub use orkesta_core::access::{
    ApiKeyAccess, EffectiveRole, ProjectAssignment, RoleSource, effective_role,
};
pub use orkesta_core::invitation_csv::{CsvContext, ParsedInvitationCsv, parse_invitation_csv};
pub use orkesta_core::permission::{Permission, PermissionSet};
pub use orkesta_core::validate::{SlugKind, ValueError, parse_email, validate_slug};
