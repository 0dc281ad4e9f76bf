//! Schema migrations, embedded in the binary: `migrations/postgres` and
//! `migrations/sqlite` hold the same schema for each backend. They run at
//! start and with `orkesta migrate`.

use diesel::connection::SimpleConnection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DatabaseUrl, DbError, open_sqlite};

const POSTGRES: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// Serialises migrations of replicas starting together on one PostgreSQL.
const PG_MIGRATION_LOCK: i64 = 0x6f726b_6d6967; // "orkmig"

/// Applies pending migrations; returns the versions applied.
pub async fn run(url: &DatabaseUrl) -> Result<Vec<String>, DbError> {
    let url = url.clone();
    tokio::task::spawn_blocking(move || match url {
        DatabaseUrl::Postgres(url) => {
            use diesel::Connection;
            let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url)
                .map_err(|e| DbError::Unavailable(e.to_string()))?;
            conn.batch_execute(&format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))?;
            let applied = apply(&mut conn, POSTGRES);
            conn.batch_execute(&format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"))?;
            applied
        }
        DatabaseUrl::Sqlite(path) => {
            let mut conn = open_sqlite(&path.to_string_lossy(), 5_000)
                .map_err(|e| DbError::Unavailable(e.to_string()))?;
            apply(&mut conn, SQLITE)
        }
    })
    .await
    .map_err(|_| DbError::TaskFailed)?
}

fn apply<C>(conn: &mut C, migrations: EmbeddedMigrations) -> Result<Vec<String>, DbError>
where
    C: MigrationHarness<C::Backend> + diesel::Connection,
{
    conn.run_pending_migrations(migrations)
        .map(|versions| versions.into_iter().map(|v| v.to_string()).collect())
        .map_err(|e| DbError::Unavailable(format!("migration failed: {e}")))
}
