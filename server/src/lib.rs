//! Orkesta's GraphQL server as a library: the `orkesta` binary is a thin
//! wrapper around [`app::run`], and the black-box tests use the storage
//! layer directly for fixtures.

pub mod app;
pub mod auth;
pub mod authz;
pub mod config;
pub mod db;
pub mod error;
pub mod graphql;
pub mod http;
pub mod mail;
pub mod metrics;
pub mod service;
pub mod telemetry;
