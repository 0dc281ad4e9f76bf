//! Start-up and shutdown: what `orkesta serve`, `migrate` and
//! `print-schema` do. Every failure here is a one-line [`StartupError`].

use std::sync::Arc;

use tokio::net::TcpListener;

use crate::config::{Cli, Command, Config};
use crate::db::{Db, DbError, migrate};
use crate::graphql::{build_schema, sdl};
use crate::http::{AppState, router};
use crate::mail::{Outbox, Transport, run_sender};
use crate::metrics::{Metrics, StatementSource};

/// Why the server could not start. Displayed as one line.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot use the database {target}: {reason}")]
    Database { target: String, reason: String },
    #[error("cannot listen on {addr}: {reason}")]
    Listen { addr: String, reason: String },
    #[error("cannot send mail: {0}")]
    Mail(String),
    #[error("server error: {0}")]
    Serve(String),
}

impl StartupError {
    fn database(config: &Config, e: DbError) -> StartupError {
        StartupError::Database {
            target: config.database().url.redacted(),
            reason: one_line(&e.to_string()),
        }
    }
}

/// Collapses a multi-line message (PostgreSQL errors have several) to one.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub async fn run(cli: Cli) -> Result<(), StartupError> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::PrintSchema => {
            print_schema(&cli.config);
            Ok(())
        }
        Command::Migrate => {
            let db = connect(&cli.config, Metrics::default()).await?;
            drop(db);
            Ok(())
        }
        Command::Serve => serve(cli.config).await,
    }
}

#[expect(
    clippy::print_stdout,
    reason = "print-schema writes the SDL to standard output"
)]
fn print_schema(config: &Config) {
    print!("{}", sdl(&build_schema(&config.limits)));
}

/// Connects (failing fast when the database is unreachable or unwritable)
/// and applies pending migrations.
async fn connect(config: &Config, metrics: Metrics) -> Result<Db, StartupError> {
    let db_config = config.database();
    let db = Db::connect(&db_config, metrics)
        .await
        .map_err(|e| StartupError::database(config, e))?;
    let applied = migrate::run(&db_config.url)
        .await
        .map_err(|e| StartupError::database(config, e))?;
    tracing::info!(database = %db_config.url.redacted(), applied = applied.len(), "database ready");
    Ok(db)
}

async fn serve(config: Config) -> Result<(), StartupError> {
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| StartupError::Listen {
            addr: config.listen.to_string(),
            reason: e.to_string(),
        })?;
    let metrics = Metrics::default();
    let db = connect(&config, metrics.clone()).await?;
    let transport = Transport::from_config(config.smtp_url.as_deref(), &config.mail_from)
        .map_err(StartupError::Mail)?;
    let outbox = Outbox::new(&config.public_url());
    tokio::spawn(run_sender(
        db.with_source(StatementSource::Background),
        outbox.clone(),
        transport,
    ));
    let state = AppState {
        schema: build_schema(&config.limits),
        db,
        metrics,
        limits: Arc::new(config.limits.clone()),
        outbox,
    };
    let app = router(state, &config.cors_origins);
    let addr = listener.local_addr().map_err(|e| StartupError::Listen {
        addr: config.listen.to_string(),
        reason: e.to_string(),
    })?;
    tracing::info!(%addr, graphiql = %format!("http://{addr}/"), "serving");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| StartupError::Serve(e.to_string()))?;
    tracing::info!("stopped");
    Ok(())
}

/// SIGINT (Ctrl-C) or SIGTERM (what service managers send).
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
