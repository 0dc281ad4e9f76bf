//! Black-box tests: each starts the real `orkesta` binary and talks HTTP.
//! Tests that touch storage run once on SQLite and once on PostgreSQL
//! (`…::sqlite` / `…::postgres` in the output).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed step must fail the test at once"
)]

mod api_keys;
mod concurrency;
mod crash;
mod foundation;
mod identity;
mod invitations;
mod matrix;
mod members;
mod node;
mod projects;
mod query_count;
mod roles;
mod schema_drift;
mod smtp;
mod startup;
mod storage;
mod transport;
mod workspaces;
