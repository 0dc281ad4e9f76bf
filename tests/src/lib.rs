//! Test harness: starts the real `orkesta` binary on a free port against a
//! fresh SQLite file or a fresh PostgreSQL database, and talks to it over
//! HTTP like any client. Fixtures write what the API has no shortcut for.
//!
//! PostgreSQL tests need `ORKESTA_TEST_POSTGRES_URL`, a superuser URL of a
//! throwaway cluster (`scripts/test.sh` starts one). Without it they fail:
//! a PostgreSQL test that silently skipped would prove nothing.

pub mod fixtures;
pub mod server;

pub use fixtures::Person;
pub use server::{Backend, Gql, TestServer};

/// Defines one test per backend: `mod $name { sqlite, postgres }`.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($server:ident: TestServer) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($server: $crate::TestServer) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::TestServer::start($crate::Backend::Sqlite).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::TestServer::start($crate::Backend::Postgres).await).await;
            }
        }
    };
}
