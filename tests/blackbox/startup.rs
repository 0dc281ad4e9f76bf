//! Bad configuration ends with a one-line error and a non-zero exit, never
//! a panic or a hang.

use std::process::Stdio;
use std::time::Duration;

use orkesta_tests::server::{binary, free_port, temp_dir};

/// Runs `orkesta` with `env` and returns (success, stderr).
async fn run_orkesta(env: &[(&str, &str)]) -> (bool, String) {
    let dir = temp_dir("startup");
    let mut command = tokio::process::Command::new(binary());
    command
        .env_clear()
        .env("ORKESTA_LOG", "error")
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in env {
        command.env(k, v);
    }
    let output = tokio::time::timeout(Duration::from_secs(30), command.output())
        .await
        .expect("orkesta exits instead of hanging")
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[track_caller]
fn assert_one_line_error(stderr: &str, expected: &str) {
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("orkesta: ") && last.contains(expected),
        "stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
}

#[tokio::test]
async fn unreachable_postgres_fails_fast_with_one_line() {
    let url = format!("postgres://postgres@127.0.0.1:{}/orkesta", free_port());
    let (ok, stderr) = run_orkesta(&[
        ("DATABASE_URL", &url),
        ("ORKESTA_LISTEN", &format!("127.0.0.1:{}", free_port())),
    ])
    .await;
    assert!(!ok);
    assert_one_line_error(&stderr, "cannot use the database postgres://");
    assert!(
        stderr.contains("127.0.0.1") && stderr.contains("refused"),
        "says where and why: {stderr}"
    );
}

#[tokio::test]
async fn a_postgres_that_never_answers_times_out() {
    // Accepts TCP connections and never speaks.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "postgres://postgres@{}/orkesta",
        silent.local_addr().unwrap()
    );
    let started = std::time::Instant::now();
    let (ok, stderr) = run_orkesta(&[
        ("DATABASE_URL", &url),
        ("ORKESTA_DB_CONNECT_TIMEOUT", "1"),
        ("ORKESTA_LISTEN", &format!("127.0.0.1:{}", free_port())),
    ])
    .await;
    assert!(!ok);
    assert_one_line_error(&stderr, "cannot use the database");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    drop(silent);
}

#[tokio::test]
async fn unwritable_sqlite_paths_fail_with_one_line() {
    for path in ["/nonexistent-orkesta-dir/orkesta.db", "/proc/orkesta.db"] {
        let (ok, stderr) = run_orkesta(&[
            ("DATABASE_URL", path),
            ("ORKESTA_LISTEN", &format!("127.0.0.1:{}", free_port())),
        ])
        .await;
        assert!(!ok, "{path}");
        assert_one_line_error(&stderr, &format!("cannot use the database sqlite:{path}"));
    }
}

#[tokio::test]
async fn a_port_in_use_fails_with_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = temp_dir("port");
    let db = dir.join("o.db");
    let (ok, stderr) = run_orkesta(&[
        ("DATABASE_URL", db.to_str().unwrap()),
        ("ORKESTA_LISTEN", &addr),
    ])
    .await;
    assert!(!ok);
    assert_one_line_error(&stderr, &format!("cannot listen on {addr}"));
}

#[tokio::test]
async fn invalid_flags_are_explained_not_panicked() {
    let (ok, stderr) = run_orkesta(&[("ORKESTA_LISTEN", "not-an-address")]).await;
    assert!(!ok);
    assert!(
        stderr.contains("ORKESTA_LISTEN") || stderr.contains("--listen"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[tokio::test]
async fn an_invalid_smtp_url_fails_with_one_line() {
    let dir = temp_dir("smtp-url");
    let db = dir.join("o.db");
    let (ok, stderr) = run_orkesta(&[
        ("DATABASE_URL", db.to_str().unwrap()),
        ("ORKESTA_LISTEN", &format!("127.0.0.1:{}", free_port())),
        ("SMTP_URL", "mail.example.com:25"),
    ])
    .await;
    assert!(!ok);
    assert_one_line_error(
        &stderr,
        "cannot send mail: SMTP_URL is not a valid SMTP URL",
    );
}
