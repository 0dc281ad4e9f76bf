//! Mail over SMTP: a real local SMTP server (aiosmtpd) receives the
//! invitation, whose accept link works; delivery is retried until the SMTP
//! server answers, also across a restart, and the stored body (which holds
//! the token) is erased once delivered.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use orkesta_server::db::DbError;
use orkesta_server::db::schema::mail_outbox;
use orkesta_server::with_conn;
use orkesta_tests::server::{free_port, temp_dir};
use orkesta_tests::{Backend, TestServer};
use serde_json::json;
use tokio::process::{Child, Command};

/// A local SMTP server writing what it receives into a maildir.
struct SmtpSink {
    _child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpSink {
    async fn start_on(port: u16) -> SmtpSink {
        let python = std::env::var("ORKESTA_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let maildir = temp_dir("maildir").join("mail");
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox", maildir.to_str().unwrap()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start aiosmtpd with {python} ({e}); scripts/test.sh installs it and sets ORKESTA_TEST_PYTHON"));
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpSink {
                    _child: child,
                    port,
                    maildir,
                };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("aiosmtpd did not listen on {port} (is it installed for {python}?)");
    }

    /// Every message received so far, raw.
    fn messages(&self) -> Vec<String> {
        read_all(&self.maildir.join("new"))
    }

    /// Waits for a message to `to`; returns it (headers and body).
    async fn wait_for(&self, to: &str, timeout: Duration) -> String {
        let deadline = std::time::Instant::now() + timeout;
        while std::time::Instant::now() < deadline {
            if let Some(m) = self
                .messages()
                .into_iter()
                .find(|m| m.contains(&format!("To: {to}")))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no mail to {to} within {timeout:?}");
    }
}

fn read_all(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The accept link's token in a received message (quoted-printable aware).
fn accept_token(message: &str, public_url: &str) -> String {
    let unfolded = message
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let link = format!("{public_url}/invitations/accept?token=");
    let start = unfolded
        .find(&link)
        .unwrap_or_else(|| panic!("no accept link in:\n{message}"))
        + link.len();
    unfolded[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

async fn outbox_state(server: &TestServer) -> Vec<(Option<String>, bool, i32)> {
    let db = orkesta_tests::server::storage(server).await;
    db.read::<_, DbError>(|mut conn| {
        Box::pin(async move {
            Ok(with_conn!(&mut conn, c => mail_outbox::table
                .select((mail_outbox::body, mail_outbox::delivered_at.is_not_null(), mail_outbox::attempts))
                .load::<(Option<String>, bool, i32)>(c)
                .await)?)
        })
    })
    .await
    .unwrap()
}

const PUBLIC_URL: &str = "https://app.example";

async fn invite_flow(backend: Backend) {
    let sink = SmtpSink::start_on(free_port()).await;
    let smtp_url = format!("smtp://127.0.0.1:{}", sink.port);
    let server = TestServer::start_with(
        backend,
        &[
            ("SMTP_URL", &smtp_url),
            ("PUBLIC_URL", PUBLIC_URL),
            ("ORKESTA_MAIL_FROM", "Acme Team <team@app.example>"),
        ],
    )
    .await;
    let ada = server.person("ada").await;
    server.workspace(&ada, "acme").await;
    server.gql_as(Some(&ada.token), "mutation { inviteMember(input: { workspaceSlug: \"acme\", email: \"zoe@example.com\", roleKey: \"member\" }) { invitation { id } } }", json!({})).await.data();
    let message = sink
        .wait_for("zoe@example.com", Duration::from_secs(20))
        .await;
    assert!(
        message.contains("Acme Team") && message.contains("<team@app.example>"),
        "{message}"
    );
    let token = accept_token(&message, PUBLIC_URL);
    let zoe = server.person("zoe").await;
    let r = server.gql_as(Some(&zoe.token), "mutation($t: String!) { acceptInvitation(input: { token: $t }) { workspace { slug } } }", json!({ "t": token })).await;
    assert_eq!(r.data()["acceptInvitation"]["workspace"]["slug"], "acme");
    let state = outbox_state(&server).await;
    assert!(
        state
            .iter()
            .all(|(body, delivered, _)| *delivered && body.is_none()),
        "delivered mail keeps no body: {state:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_received_invitation_email_carries_a_working_accept_link_on_sqlite() {
    invite_flow(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_received_invitation_email_carries_a_working_accept_link_on_postgres() {
    invite_flow(Backend::Postgres).await;
}

/// The SMTP server is down: the message waits in the outbox with its error,
/// survives a restart of Orkesta, and is delivered once SMTP answers.
async fn retry_flow(backend: Backend) {
    let port = free_port();
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let env = [("SMTP_URL", smtp_url.as_str()), ("PUBLIC_URL", PUBLIC_URL)];
    let server = TestServer::start_with(backend, &env).await;
    let ada = server.person("ada").await;
    server.workspace(&ada, "acme").await;
    server.gql_as(Some(&ada.token), "mutation { inviteMember(input: { workspaceSlug: \"acme\", email: \"max@example.com\", roleKey: \"viewer\" }) { invitation { id } } }", json!({})).await.data();
    for _ in 0..100 {
        if outbox_state(&server)
            .await
            .iter()
            .any(|(_, _, attempts)| *attempts > 0)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let failed = outbox_state(&server).await;
    assert!(
        failed
            .iter()
            .all(|(body, delivered, attempts)| !delivered && body.is_some() && *attempts >= 1),
        "{failed:?}"
    );

    let (url, dir) = (server.database_url.clone(), server.dir().clone());
    assert!(server.stop().await.success());
    let sink = SmtpSink::start_on(port).await;
    let restarted = TestServer::start_on(backend, url, dir, &env).await;
    let message = sink
        .wait_for("max@example.com", Duration::from_secs(40))
        .await;
    assert!(message.contains("/invitations/accept?token="));
    let state = outbox_state(&restarted).await;
    assert!(
        state
            .iter()
            .all(|(body, delivered, _)| *delivered && body.is_none()),
        "{state:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undeliverable_mail_is_retried_across_a_restart_on_sqlite() {
    retry_flow(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undeliverable_mail_is_retried_across_a_restart_on_postgres() {
    retry_flow(Backend::Postgres).await;
}
