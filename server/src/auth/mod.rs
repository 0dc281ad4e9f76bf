//! Authentication: who is calling. Secrets (session tokens, later API keys
//! and invitation tokens) are generated here from OS randomness, stored only
//! as SHA-256, and resolved lazily once per request.

pub mod password;
pub mod principal;
pub mod secret;

pub use principal::{Auth, Principal};
