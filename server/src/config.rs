//! Command line and environment configuration.
//!
//! Every setting is a flag with an environment variable beside it; the
//! defaults run a complete server on `127.0.0.1:8080` with `./orkesta.db`.

use std::net::SocketAddr;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::db::{DatabaseUrl, DbConfig};

#[derive(Debug, Parser)]
#[command(
    name = "orkesta",
    version,
    about = "Orkesta: workspaces, projects, members, roles and API keys over GraphQL."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Apply migrations and serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL) to standard output and exit.
    PrintSchema,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// `postgres://user:password@host:port/db` for PostgreSQL; a file path
    /// (or `sqlite://path`) for SQLite.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "./orkesta.db",
        global = true
    )]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(
        long,
        env = "ORKESTA_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,

    /// Public base URL of the frontend, used in links sent by email.
    /// Default: `http://<listen>`.
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// SMTP server that delivers mail, e.g. `smtp://user:password@host:587?tls=required`
    /// (`smtps://` for implicit TLS). Without it, mail is written to the log.
    #[arg(long, env = "SMTP_URL", global = true)]
    pub smtp_url: Option<String>,

    /// Sender of the mail Orkesta sends.
    #[arg(
        long,
        env = "ORKESTA_MAIL_FROM",
        default_value = "Orkesta <no-reply@localhost>",
        global = true
    )]
    pub mail_from: String,

    /// Log filter, e.g. `info` or `orkesta_server=debug,info`.
    #[arg(long, env = "ORKESTA_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log format.
    #[arg(long, env = "ORKESTA_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// Origins allowed to call the API from browsers, comma-separated; `*`
    /// allows any. Default: same origin only.
    #[arg(
        long,
        env = "ORKESTA_CORS_ORIGINS",
        value_delimiter = ',',
        global = true
    )]
    pub cors_origins: Vec<String>,

    /// Most database connections held at once.
    #[arg(
        long,
        env = "ORKESTA_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub db_max_connections: usize,

    /// Seconds a request waits for a free database connection.
    #[arg(
        long,
        env = "ORKESTA_DB_ACQUIRE_TIMEOUT",
        default_value_t = 5,
        global = true
    )]
    pub db_acquire_timeout: u64,

    /// Seconds allowed to open a database connection.
    #[arg(
        long,
        env = "ORKESTA_DB_CONNECT_TIMEOUT",
        default_value_t = 5,
        global = true
    )]
    pub db_connect_timeout: u64,

    #[command(flatten)]
    pub limits: Limits,
}

/// Limits on what one request may ask for (DESIGN §10). async-graphql's own
/// defaults are unlimited, so each is set explicitly.
#[derive(Debug, Clone, Args)]
pub struct Limits {
    /// Deepest selection nesting.
    #[arg(long, env = "ORKESTA_MAX_DEPTH", default_value_t = 16, global = true)]
    pub max_depth: usize,
    /// Highest query cost; list fields cost `first × child`.
    #[arg(
        long,
        env = "ORKESTA_MAX_COMPLEXITY",
        default_value_t = 50_000,
        global = true
    )]
    pub max_complexity: usize,
    /// Deepest recursion while parsing and validating (fragments, values).
    #[arg(
        long,
        env = "ORKESTA_MAX_RECURSIVE_DEPTH",
        default_value_t = 32,
        global = true
    )]
    pub max_recursive_depth: usize,
    /// Most directives on one field.
    #[arg(
        long,
        env = "ORKESTA_MAX_DIRECTIVES",
        default_value_t = 5,
        global = true
    )]
    pub max_directives: usize,
    /// Largest JSON request body, in bytes.
    #[arg(long, env = "ORKESTA_MAX_BODY_BYTES", default_value_t = 2 * 1024 * 1024, global = true)]
    pub max_body_bytes: usize,
    /// Largest multipart request body, in bytes.
    #[arg(long, env = "ORKESTA_MAX_UPLOAD_BYTES", default_value_t = 5 * 1024 * 1024, global = true)]
    pub max_upload_bytes: usize,
    /// Seconds one request may run.
    #[arg(
        long,
        env = "ORKESTA_REQUEST_TIMEOUT",
        default_value_t = 10,
        global = true
    )]
    pub request_timeout_secs: u64,
    /// Answer introspection queries (GraphiQL needs them).
    #[arg(long, env = "ORKESTA_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub introspection: bool,
    /// Suggest field names in validation errors ("did you mean …").
    #[arg(long, env = "ORKESTA_SUGGESTIONS", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub suggestions: bool,
}

impl Limits {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

impl Config {
    pub fn database(&self) -> DbConfig {
        let statement_timeout = self.limits.request_timeout();
        DbConfig {
            url: DatabaseUrl::parse(&self.database_url),
            max_connections: self.db_max_connections.max(1),
            acquire_timeout: Duration::from_secs(self.db_acquire_timeout),
            connect_timeout: Duration::from_secs(self.db_connect_timeout.max(1)),
            statement_timeout,
        }
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_owned()
    }
}
