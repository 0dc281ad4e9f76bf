//! Orkesta's client SDK (npm package `@orkesta/sdk`), compiled to
//! WebAssembly for browsers and Node.
//!
//! - [`client`]: `OrkestaClient`, its transport and `request`;
//! - [`operations`]: the typed methods and their types, generated at build
//!   time from `sdk-wasm/graphql/*.graphql` checked against `schema.graphql`;
//! - [`error`]: `OrkestaError`, how every failure reaches JavaScript;
//! - `shape`: the shapes of what typed methods take and return, and the
//!   checks that hold arguments and responses to them;
//! - [`helpers`]: client-side rules from `orkesta-core`, identical to the
//!   server's (slugs, emails, the invitation CSV, effective roles).

pub mod client;
mod convert;
pub mod error;
pub mod helpers;
pub mod operations;
mod shape;
mod transport;

pub use client::OrkestaClient;
pub use error::OrkestaError;
