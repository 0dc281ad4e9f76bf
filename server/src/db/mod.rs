//! Storage: one handle over PostgreSQL or SQLite, and the single code path
//! both backends share.
//!
//! Queries are written once, as ordinary diesel code inside [`with_conn!`],
//! which the compiler instantiates for each backend. Every database
//! operation runs on its own task: a request that is cancelled (client gone,
//! time limit) never leaves a connection mid-statement or a transaction
//! half-open; the operation finishes or rolls back on its own.
//!
//! SQLite allows one writer at a time, so write transactions take a
//! process-wide lock and begin with `BEGIN IMMEDIATE`; readers run beside
//! them (WAL). PostgreSQL runs everything concurrently and relies on unique
//! indexes and row locks.

pub mod migrate;
pub mod models;
pub mod schema;
pub mod sql_types;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::{Connection, SqliteConnection};
use diesel_async::pooled_connection::deadpool::{Pool, PoolError};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use tokio::sync::Mutex;

use crate::metrics::{Metrics, StatementSource};

pub type SqliteConn = SyncConnectionWrapper<SqliteConnection>;

/// A borrowed connection of either backend; storage functions take
/// `&mut DbConn<'_>` and use [`with_conn!`] to run one query for both.
pub enum DbConn<'c> {
    Pg(&'c mut AsyncPgConnection),
    Sqlite(&'c mut SqliteConn),
}

impl fmt::Debug for DbConn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DbConn::Pg(_) => "DbConn::Pg",
            DbConn::Sqlite(_) => "DbConn::Sqlite",
        })
    }
}

/// Runs `$body` with `$c` bound to the concrete connection of whichever
/// backend `$conn` (a `&mut DbConn<'_>`) holds. The body is plain diesel code
/// and is compiled once per backend.
#[macro_export]
macro_rules! with_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::DbConn::Pg(inner) => {
                let $c: &mut diesel_async::AsyncPgConnection = &mut **inner;
                $body
            }
            $crate::db::DbConn::Sqlite(inner) => {
                let $c: &mut $crate::db::SqliteConn = &mut **inner;
                $body
            }
        }
    };
}
pub use crate::with_conn;

/// Inserts `$rows` (a slice of insertable values) into `$table` in one
/// transaction's connection: multi-row statements of at most 1,000 rows on
/// PostgreSQL, one statement a row on SQLite (diesel's async SQLite wrapper
/// has no multi-row insert; inside a transaction the difference is small).
/// Evaluates to `QueryResult<()>`.
#[macro_export]
macro_rules! insert_many {
    ($conn:expr, $table:expr, $rows:expr) => {{
        async {
            match $conn {
                $crate::db::DbConn::Pg(c) => {
                    for chunk in $rows.chunks(1_000) {
                        diesel::insert_into($table)
                            .values(chunk)
                            .execute(&mut **c)
                            .await?;
                    }
                }
                $crate::db::DbConn::Sqlite(c) => {
                    for row in $rows {
                        diesel::insert_into($table)
                            .values(row)
                            .execute(&mut **c)
                            .await?;
                    }
                }
            }
            diesel::QueryResult::Ok(())
        }
        .await
    }};
}
pub use crate::insert_many;

/// Which database a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgres(String),
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    /// `postgres://…` / `postgresql://…` is PostgreSQL; `sqlite://path`,
    /// `sqlite:path` or a bare path is a SQLite file.
    pub fn parse(url: &str) -> DatabaseUrl {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return DatabaseUrl::Postgres(url.to_owned());
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        DatabaseUrl::Sqlite(PathBuf::from(path))
    }

    /// For logs: the backend and where, without credentials.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(scheme_end), Some(at)) if at > scheme_end => {
                    format!("{}://…@{}", &url[..scheme_end], &url[at + 1..])
                }
                _ => url.clone(),
            },
            DatabaseUrl::Sqlite(path) => format!("sqlite:{}", path.display()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// Pool and session settings.
#[derive(Debug, Clone)]
pub struct DbConfig {
    pub url: DatabaseUrl,
    pub max_connections: usize,
    /// How long a request waits for a free connection before failing.
    pub acquire_timeout: Duration,
    /// How long opening a new connection may take.
    pub connect_timeout: Duration,
    /// PostgreSQL `statement_timeout`; SQLite's busy timeout.
    pub statement_timeout: Duration,
}

/// Storage failures below the domain level.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error("a database task ended unexpectedly")]
    TaskFailed,
}

impl From<PoolError> for DbError {
    fn from(e: PoolError) -> Self {
        match e {
            PoolError::Timeout(_) => {
                DbError::Unavailable("timed out waiting for a database connection".into())
            }
            PoolError::Backend(e) => DbError::Unavailable(e.to_string()),
            other => DbError::Unavailable(other.to_string()),
        }
    }
}

enum Pools {
    Pg(Pool<AsyncPgConnection>),
    Sqlite {
        pool: Pool<SqliteConn>,
        write_lock: Arc<Mutex<()>>,
    },
}

struct Inner {
    pools: Pools,
    metrics: Metrics,
}

/// The storage handle. Cheap to clone; each clone counts its statements
/// under its own [`StatementSource`].
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
    source: StatementSource,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend())
            .field("source", &self.source)
            .finish()
    }
}

/// Counts every statement a connection runs, under one source.
struct StatementCounter {
    metrics: Metrics,
    source: StatementSource,
}

impl Instrumentation for StatementCounter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::FinishQuery { query, .. } = event {
            self.metrics.count_statement(self.source);
            tracing::trace!(source = ?self.source, sql = %query, "statement");
        }
    }
}

/// Database operations take this: a function of a connection returning a
/// boxed future that borrows it.
pub trait DbOp<T, E>:
    for<'c> FnOnce(DbConn<'c>) -> BoxFuture<'c, Result<T, E>> + Send + 'static
{
}
impl<T, E, F> DbOp<T, E> for F where
    F: for<'c> FnOnce(DbConn<'c>) -> BoxFuture<'c, Result<T, E>> + Send + 'static
{
}

impl Db {
    /// Builds the pool and opens one connection, so a bad URL or an
    /// unreachable server fails here, at start, with a clear error.
    pub async fn connect(config: &DbConfig, metrics: Metrics) -> Result<Db, DbError> {
        let pools = match &config.url {
            DatabaseUrl::Postgres(url) => {
                let connect_timeout = config.connect_timeout;
                let statement_timeout_ms = config.statement_timeout.as_millis();
                let mut manager_config = ManagerConfig::<AsyncPgConnection>::default();
                manager_config.recycling_method = RecyclingMethod::Fast;
                manager_config.custom_setup = Box::new(move |url| {
                    let url = url.to_owned();
                    async move {
                        let mut conn = tokio::time::timeout(connect_timeout, establish_pg(&url))
                            .await
                            .map_err(|_| {
                                diesel::ConnectionError::BadConnection(format!(
                                    "no answer within {}s",
                                    connect_timeout.as_secs()
                                ))
                            })??;
                        conn.batch_execute(&format!(
                            "SET statement_timeout = {statement_timeout_ms}; SET TIME ZONE 'UTC'"
                        ))
                        .await
                        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                        Ok(conn)
                    }
                    .boxed()
                });
                let manager =
                    AsyncDieselConnectionManager::new_with_config(url.clone(), manager_config);
                Pools::Pg(build_pool(manager, config)?)
            }
            DatabaseUrl::Sqlite(path) => {
                let busy_ms = config.statement_timeout.as_millis();
                let mut manager_config = ManagerConfig::<SqliteConn>::default();
                manager_config.recycling_method = RecyclingMethod::Fast;
                manager_config.custom_setup = Box::new(move |path| {
                    let path = path.to_owned();
                    async move {
                        tokio::task::spawn_blocking(move || open_sqlite(&path, busy_ms))
                            .await
                            .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?
                            .map(SyncConnectionWrapper::new)
                    }
                    .boxed()
                });
                let manager = AsyncDieselConnectionManager::new_with_config(
                    path.to_string_lossy(),
                    manager_config,
                );
                Pools::Sqlite {
                    pool: build_pool(manager, config)?,
                    write_lock: Arc::new(Mutex::new(())),
                }
            }
        };
        let db = Db {
            inner: Arc::new(Inner { pools, metrics }),
            source: StatementSource::Background,
        };
        db.ping().await?;
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        match self.inner.pools {
            Pools::Pg(_) => Backend::Postgres,
            Pools::Sqlite { .. } => Backend::Sqlite,
        }
    }

    /// The same storage, counting statements under `source`.
    pub fn with_source(&self, source: StatementSource) -> Db {
        Db {
            inner: self.inner.clone(),
            source,
        }
    }

    /// Runs `op` on a pooled connection, outside a transaction.
    pub async fn read<T, E>(&self, op: impl DbOp<T, E>) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let db = self.clone();
        self.spawn(async move {
            match &db.inner.pools {
                Pools::Pg(pool) => {
                    let mut conn = pool.get().await.map_err(DbError::from)?;
                    conn.set_instrumentation(db.statement_counter());
                    op(DbConn::Pg(&mut conn)).await
                }
                Pools::Sqlite { pool, .. } => {
                    let mut conn = pool.get().await.map_err(DbError::from)?;
                    conn.set_instrumentation(db.statement_counter());
                    op(DbConn::Sqlite(&mut conn)).await
                }
            }
        })
        .await
    }

    /// Runs `op` in one transaction: committed when it returns `Ok`, rolled
    /// back when it returns `Err`, whatever happens to the caller meanwhile.
    pub async fn write<T, E>(&self, op: impl DbOp<T, E>) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        let db = self.clone();
        self.spawn(async move {
            match &db.inner.pools {
                Pools::Pg(pool) => {
                    let mut conn = pool.get().await.map_err(DbError::from)?;
                    conn.set_instrumentation(db.statement_counter());
                    conn.transaction(async move |c| op(DbConn::Pg(c)).await)
                        .await
                }
                Pools::Sqlite { pool, write_lock } => {
                    let _writer = write_lock.clone().lock_owned().await;
                    let mut conn = pool.get().await.map_err(DbError::from)?;
                    conn.set_instrumentation(db.statement_counter());
                    conn.immediate_transaction(async move |c| op(DbConn::Sqlite(c)).await)
                        .await
                }
            }
        })
        .await
    }

    /// One trivial statement: is the database reachable?
    pub async fn ping(&self) -> Result<(), DbError> {
        self.read(|mut conn| {
            async move {
                with_conn!(&mut conn, c => c.batch_execute("SELECT 1").await).map_err(DbError::from)
            }
            .boxed()
        })
        .await
    }

    /// Idle and busy connections, for `/metrics`.
    pub fn pool_status(&self) -> (usize, usize) {
        let status = match &self.inner.pools {
            Pools::Pg(pool) => pool.status(),
            Pools::Sqlite { pool, .. } => pool.status(),
        };
        (
            status.available,
            status.size.saturating_sub(status.available),
        )
    }

    async fn spawn<T, E>(
        &self,
        work: impl Future<Output = Result<T, E>> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        tokio::spawn(work).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "database task failed");
            Err(E::from(DbError::TaskFailed))
        })
    }

    fn statement_counter(&self) -> StatementCounter {
        StatementCounter {
            metrics: self.inner.metrics.clone(),
            source: self.source,
        }
    }
}

fn build_pool<C>(
    manager: AsyncDieselConnectionManager<C>,
    config: &DbConfig,
) -> Result<Pool<C>, DbError>
where
    AsyncDieselConnectionManager<C>: deadpool::managed::Manager,
{
    Pool::builder(manager)
        .max_size(config.max_connections)
        .wait_timeout(Some(config.acquire_timeout))
        .create_timeout(Some(config.connect_timeout + Duration::from_secs(1)))
        .recycle_timeout(Some(config.acquire_timeout))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .map_err(|e| DbError::Unavailable(e.to_string()))
}

/// Connects to PostgreSQL, keeping the cause of a failure in its message
/// ("error connecting to server: Connection refused"), which
/// `AsyncPgConnection::establish` drops.
async fn establish_pg(url: &str) -> Result<AsyncPgConnection, diesel::ConnectionError> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .map_err(|e| {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                message.push_str(": ");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            diesel::ConnectionError::BadConnection(message)
        })?;
    AsyncPgConnection::try_from_client_and_connection(client, connection).await
}

/// Opens a SQLite file with the settings every connection needs: WAL (readers
/// beside one writer), foreign keys enforced, and a busy timeout instead of
/// an immediate "database is locked".
pub(crate) fn open_sqlite(
    path: &str,
    busy_timeout_ms: u128,
) -> Result<SqliteConnection, diesel::ConnectionError> {
    let mut conn = SqliteConnection::establish(path)?;
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {busy_timeout_ms}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
    ))
    .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
    Ok(conn)
}

/// The current time as stored: UTC, truncated to microseconds so both
/// backends keep exactly the same value.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

/// Whether a statement failed on a unique index (both backends report it
/// the same way through diesel).
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_pick_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u:p@h/db"),
            DatabaseUrl::Postgres("postgres://u:p@h/db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://h/db"),
            DatabaseUrl::Postgres("postgresql://h/db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/o.db"),
            DatabaseUrl::Sqlite("data/o.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:o.db"),
            DatabaseUrl::Sqlite("o.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("./orkesta.db"),
            DatabaseUrl::Sqlite("./orkesta.db".into())
        );
    }

    #[test]
    fn redacted_urls_hide_credentials() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u:secret@db:5432/x").redacted(),
            "postgres://…@db:5432/x"
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://db/x").redacted(),
            "postgres://db/x"
        );
    }

    #[test]
    fn now_is_truncated_to_microseconds() {
        use chrono::Timelike;
        assert_eq!(now().nanosecond() % 1_000, 0);
    }
}
