//! Crash safety: the server killed with SIGKILL while an import's
//! transaction is open leaves all of it or none of it, and never a mail
//! without its invitation.

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use orkesta_server::db::schema::{invitations, mail_outbox};
use orkesta_server::db::{DbConn, DbError};
use orkesta_server::with_conn;
use orkesta_tests::{Backend, TestServer};
use serde_json::json;

const ROWS: usize = 5_000;

/// (invitations, outbox rows, outbox rows without their invitation).
async fn counts(server: &TestServer) -> (i64, i64, i64) {
    let db = orkesta_tests::server::storage(server).await;
    db.read::<_, DbError>(|mut conn| {
        Box::pin(async move {
            let invited: i64 = with_conn!(&mut conn, c => invitations::table.count().get_result(c).await)?;
            let mail: i64 = with_conn!(&mut conn, c => mail_outbox::table.count().get_result(c).await)?;
            let linked: Vec<orkesta_server::db::sql_types::InvitationId> = with_conn!(&mut conn, c => invitations::table.select(invitations::id).load(c).await)?;
            let orphans: i64 = with_conn!(&mut conn, c => mail_outbox::table.filter(mail_outbox::invitation_id.is_not_null()).filter(diesel::dsl::not(mail_outbox::invitation_id.assume_not_null().eq_any(&linked))).count().get_result(c).await)?;
            Ok((invited, mail, orphans))
        })
    })
    .await
    .unwrap()
}

/// Whether a write transaction is open right now: on PostgreSQL a backend
/// of the server's database inside a transaction; on SQLite the write lock
/// is held (an immediate transaction cannot start).
async fn transaction_open(server: &TestServer) -> bool {
    let db = orkesta_tests::server::storage(server).await;
    db.read::<_, DbError>(|conn| {
        Box::pin(async move {
            match conn {
                DbConn::Pg(c) => {
                    let n: i64 = diesel::sql_query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (state = 'idle in transaction' OR (state = 'active' AND query ILIKE 'INSERT%'))")
                        .get_result::<Count>(c)
                        .await?
                        .n;
                    Ok(n > 0)
                }
                DbConn::Sqlite(c) => {
                    use diesel_async::SimpleAsyncConnection;
                    c.batch_execute("PRAGMA busy_timeout = 0").await?;
                    let locked = c.batch_execute("BEGIN IMMEDIATE").await.is_err();
                    if !locked {
                        c.batch_execute("ROLLBACK").await?;
                    }
                    c.batch_execute("PRAGMA busy_timeout = 5000").await?;
                    Ok(locked)
                }
            }
        })
    })
    .await
    .unwrap()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

async fn kill_mid_import(backend: Backend) {
    let mut outcomes = Vec::new();
    // Kill at four moments once the transaction is open: at once, a little
    // later, later still, and late enough that the import has usually
    // committed (then all of it must be there).
    for delay_ms in [0u64, 100, 250, 3_000] {
        let server = TestServer::start(backend).await;
        let ada = server.person("ada").await;
        server.workspace(&ada, "acme").await;
        let mut csv = String::from("email,role\n");
        for i in 0..ROWS {
            csv.push_str(&format!("user{i}@example.com,viewer\n"));
        }
        let before = counts(&server).await;
        let client = server.client.clone();
        let url = server.url("/graphql");
        let token = ada.token.clone();
        let import = tokio::spawn(async move {
            let body = json!({ "query": "mutation($csv: String!) { importInvitations(input: { workspaceSlug: \"acme\", csvText: $csv }) { invited } }", "variables": { "csv": csv } });
            let _ = client.post(url).bearer_auth(token).json(&body).send().await;
        });
        let mut seen = false;
        for _ in 0..400 {
            if transaction_open(&server).await {
                seen = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(seen, "the import's transaction was never seen open");
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        let (backend, url, dir) = (
            server.backend,
            server.database_url.clone(),
            server.dir().clone(),
        );
        server.kill();
        import.abort();
        let restarted = TestServer::start_on(backend, url, dir, &[]).await;
        let (invited, mail, orphans) = counts(&restarted).await;
        assert_eq!(orphans, 0, "no mail without its invitation");
        let written = invited - before.0;
        assert!(
            written == 0 || written == ROWS as i64,
            "{written} invitations: a part of the import survived"
        );
        assert_eq!(mail - before.1, written, "one mail per invitation");
        outcomes.push((delay_ms, written));
    }
    eprintln!(
        "{backend:?}: SIGKILL during the import (delay after the transaction opened → invitations kept): {outcomes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_an_import_keeps_all_or_nothing_on_sqlite() {
    kill_mid_import(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_an_import_keeps_all_or_nothing_on_postgres() {
    kill_mid_import(Backend::Postgres).await;
}
