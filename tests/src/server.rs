//! One `orkesta` process per test, with its own database.

#![expect(
    clippy::expect_used,
    reason = "test harness: a failed set-up step must fail the test at once"
)]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use serde_json::{Value, json};
use tokio::process::{Child, Command};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server and where its data lives.
#[derive(Debug)]
pub struct TestServer {
    child: Child,
    pub backend: Backend,
    /// `http://127.0.0.1:<port>`
    pub base_url: String,
    /// What the server was given as `DATABASE_URL`.
    pub database_url: String,
    pub client: reqwest::Client,
    dir: PathBuf,
    storage: tokio::sync::OnceCell<orkesta_server::db::Db>,
}

/// The `orkesta` binary built beside this test executable.
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("ORKESTA_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/blackbox-… → target/<profile>/orkesta
    let path = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target directory")
        .join("orkesta");
    assert!(
        path.exists(),
        "{} is missing: build it first with `cargo build -p orkesta-server --bin orkesta`",
        path.display()
    );
    path
}

/// A fresh, empty directory under the system temp dir.
pub fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orkesta-test-{label}-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind an ephemeral port")
        .local_addr()
        .expect("local addr")
        .port()
}

/// The server's own storage layer on a test server's database, for
/// fixtures and for checking rows the API does not expose. One pool per
/// test server.
pub async fn storage(server: &TestServer) -> orkesta_server::db::Db {
    use orkesta_server::db::{DatabaseUrl, Db, DbConfig};
    server
        .storage
        .get_or_init(|| async {
            let config = DbConfig {
                url: DatabaseUrl::parse(&server.database_url),
                max_connections: 4,
                acquire_timeout: Duration::from_secs(10),
                connect_timeout: Duration::from_secs(5),
                statement_timeout: Duration::from_secs(10),
            };
            Db::connect(&config, orkesta_server::metrics::Metrics::default())
                .await
                .expect("connect to the test database")
        })
        .await
        .clone()
}

/// Actions of every workspace-scoped audit event, oldest first.
pub async fn audit_actions(server: &TestServer) -> Vec<String> {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use orkesta_server::db::schema::audit_events;
    use orkesta_server::with_conn;
    let db = storage(server).await;
    db.read::<_, orkesta_server::db::DbError>(|mut conn| {
        Box::pin(async move {
            Ok(with_conn!(&mut conn, c => audit_events::table
                .filter(audit_events::workspace_id.is_not_null())
                .order(audit_events::id.asc())
                .select(audit_events::action)
                .load::<String>(c)
                .await)?)
        })
    })
    .await
    .expect("read audit events")
}

/// A new, empty PostgreSQL database on the test cluster.
pub async fn fresh_postgres_database() -> String {
    let admin = std::env::var("ORKESTA_TEST_POSTGRES_URL").expect(
        "ORKESTA_TEST_POSTGRES_URL is not set: PostgreSQL tests need a throwaway cluster (scripts/test.sh starts one)",
    );
    let name = format!("orkesta_{}", uuid::Uuid::now_v7().simple());
    let mut conn = AsyncPgConnection::establish(&admin)
        .await
        .expect("connect to the test cluster");
    conn.batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create a test database");
    let (base, _) = admin.rsplit_once('/').expect("database URL has a path");
    format!("{base}/{name}")
}

impl TestServer {
    pub async fn start(backend: Backend) -> TestServer {
        TestServer::start_with(backend, &[]).await
    }

    /// Starts a server with extra environment (flags of `orkesta`).
    pub async fn start_with(backend: Backend, env: &[(&str, &str)]) -> TestServer {
        let dir = temp_dir("server");
        let database_url = match backend {
            Backend::Sqlite => dir.join("orkesta.db").to_string_lossy().into_owned(),
            Backend::Postgres => fresh_postgres_database().await,
        };
        TestServer::start_on(backend, database_url, dir, env).await
    }

    /// Starts a server on an existing database (e.g. after a restart).
    pub async fn start_on(
        backend: Backend,
        database_url: String,
        dir: PathBuf,
        env: &[(&str, &str)],
    ) -> TestServer {
        let port = free_port();
        let base_url = format!("http://127.0.0.1:{port}");
        let log = std::fs::File::create(dir.join(format!("server-{port}.log"))).expect("log file");
        let mut command = Command::new(binary());
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", &database_url)
            .env("ORKESTA_LISTEN", format!("127.0.0.1:{port}"))
            .env("ORKESTA_LOG", "info")
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .kill_on_drop(true);
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("start orkesta");
        let server = TestServer {
            child,
            backend,
            base_url,
            database_url,
            client: reqwest::Client::new(),
            dir,
            storage: tokio::sync::OnceCell::new(),
        };
        server.wait_until_ready().await;
        server
    }

    async fn wait_until_ready(&self) {
        for _ in 0..300 {
            if let Ok(r) = self.client.get(self.url("/readyz")).send().await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("orkesta did not become ready; log:\n{}", self.log());
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub fn dir(&self) -> &PathBuf {
        &self.dir
    }

    /// Everything the server logged so far.
    pub fn log(&self) -> String {
        let mut out = String::new();
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().ends_with(".log") {
                    out.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
                }
            }
        }
        out
    }

    /// The token of the latest link mailed to `email` (`orki_` for
    /// invitations, `orkv_` for email verification), read from the log the
    /// server writes mail to when no SMTP server is configured.
    pub async fn mailed_token(&self, email: &str, prefix: &str) -> String {
        self.mailed_token_other_than(email, prefix, "").await
    }

    /// The latest token mailed so far, without waiting.
    pub fn latest_mailed_token(&self, email: &str, prefix: &str) -> Option<String> {
        let (recipient, needle) = (format!("to={email}"), format!("token={prefix}"));
        self.log()
            .lines()
            .filter(|l| l.contains(&recipient))
            .filter_map(|l| {
                l.find(&needle).map(|i| {
                    l[i + "token=".len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect::<String>()
                })
            })
            .next_back()
    }

    /// Like [`TestServer::mailed_token`], waiting for a token other than
    /// `previous` (mail is delivered in the background).
    pub async fn mailed_token_other_than(
        &self,
        email: &str,
        prefix: &str,
        previous: &str,
    ) -> String {
        for _ in 0..100 {
            if let Some(token) = self
                .latest_mailed_token(email, prefix)
                .filter(|t| t != previous)
            {
                return token;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no mail with a {prefix} token to {email}; log:\n{}",
            self.log()
        );
    }

    /// POSTs a GraphQL request as `application/json`, anonymous.
    pub async fn gql(&self, query: &str, variables: Value) -> Gql {
        self.gql_as(None, query, variables).await
    }

    /// POSTs a GraphQL request with `Authorization: Bearer <token>`.
    pub async fn gql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Gql {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("POST /graphql");
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("a JSON body");
        Gql { status, body }
    }

    /// `orkesta_db_statements_total{source="request"}` from `/metrics`.
    pub async fn request_statements(&self) -> u64 {
        let text = self
            .client
            .get(self.url("/metrics"))
            .send()
            .await
            .expect("GET /metrics")
            .text()
            .await
            .expect("text");
        text.lines()
            .find_map(|l| l.strip_prefix("orkesta_db_statements_total{source=\"request\"} "))
            .and_then(|n| n.trim().parse().ok())
            .expect("the request statement counter")
    }

    /// Signs up a user and returns its session token.
    pub async fn sign_up(&self, email: &str, name: &str) -> String {
        let r = self
            .gql(
                "mutation($input: SignUpInput!) { signUp(input: $input) { token } }",
                json!({ "input": { "email": email, "password": "correct horse battery", "name": name } }),
            )
            .await;
        r.data()["signUp"]["token"]
            .as_str()
            .unwrap_or_else(|| panic!("signUp failed: {}", r.body))
            .to_owned()
    }

    /// Kills the process with SIGKILL (no chance to clean up) and waits.
    pub fn kill(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
        }
        let _ = self.child.start_kill();
    }

    /// Sends SIGTERM and waits for the exit status.
    pub async fn stop(mut self) -> std::process::ExitStatus {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .status();
        }
        tokio::time::timeout(Duration::from_secs(20), self.child.wait())
            .await
            .expect("orkesta stops within 20 s")
            .expect("exit status")
    }
}

/// A GraphQL answer: HTTP status and JSON body.
#[derive(Debug, Clone)]
pub struct Gql {
    pub status: u16,
    pub body: Value,
}

impl Gql {
    /// `data`, after checking there are no errors.
    pub fn data(&self) -> &Value {
        assert!(
            self.body.get("errors").is_none(),
            "unexpected errors: {}",
            self.body
        );
        &self.body["data"]
    }

    /// The first error's `extensions.code`.
    pub fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.body))
    }

    /// The first error's `extensions.reason`.
    pub fn reason(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["reason"].as_str()
    }

    /// The first error's `extensions.field`.
    pub fn field(&self) -> Option<&str> {
        self.body["errors"][0]["extensions"]["field"].as_str()
    }

    /// Asserts the first error's code and reason.
    #[track_caller]
    pub fn assert_error(&self, code: &str, reason: Option<&str>) {
        assert_eq!(
            (self.code(), self.reason()),
            (code, reason),
            "body: {}",
            self.body
        );
    }
}
