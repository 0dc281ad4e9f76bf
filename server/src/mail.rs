//! Mail: messages are queued in the outbox in the same transaction as what
//! they announce, and a background sender delivers them, retrying with
//! backoff. A crash loses nothing: a message leased by a sender that died
//! becomes due again when its lease ends (at-least-once delivery).
//!
//! Without an SMTP server configured, messages (with their links) are
//! written to the log, so someone trying Orkesta locally can follow them.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use futures_util::FutureExt;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::db::models::outbox::{NewOutboxMessage, OutboxMessage};
use crate::db::sql_types::{InvitationId, OutboxId, UserId, WorkspaceId};
use crate::db::{Db, DbError, now};

/// How long a sender holds a message before another may try it.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
/// Messages taken per round.
const BATCH: i64 = 20;
/// How often the sender looks for due messages when nobody wakes it.
const POLL: Duration = Duration::from_secs(2);

/// What the request side needs: where links point, and a way to wake the
/// sender after a commit.
#[derive(Debug, Clone)]
pub struct Outbox {
    pub public_url: Arc<str>,
    wake: Arc<Notify>,
}

impl Outbox {
    pub fn new(public_url: &str) -> Outbox {
        Outbox {
            public_url: Arc::from(public_url.trim_end_matches('/')),
            wake: Arc::new(Notify::new()),
        }
    }

    /// Call after committing new messages.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// The invitation email: an accept link for a frontend page that calls
    /// `acceptInvitation` (following it never consumes the token).
    pub fn invitation(
        &self,
        to: &str,
        workspace_name: &str,
        token: &str,
        at: NaiveDateTime,
    ) -> NewOutboxMessage {
        let link = format!("{}/invitations/accept?token={token}", self.public_url);
        let body = format!(
            "You have been invited to join the workspace \"{workspace_name}\" on Orkesta.\n\nAccept the invitation:\n{link}\n\nThe link expires in 7 days. If you did not expect this invitation, ignore this email.\n"
        );
        message(
            to,
            &format!("You are invited to {workspace_name} on Orkesta"),
            body,
            at,
        )
    }

    /// The email-verification email.
    pub fn verification(&self, to: &str, token: &str, at: NaiveDateTime) -> NewOutboxMessage {
        let link = format!("{}/verify-email?token={token}", self.public_url);
        let body = format!(
            "Confirm your email address for Orkesta:\n{link}\n\nThe link expires in 24 hours.\n"
        );
        message(to, "Confirm your email address", body, at)
    }
}

fn message(to: &str, subject: &str, body: String, at: NaiveDateTime) -> NewOutboxMessage {
    NewOutboxMessage {
        id: OutboxId::new(),
        workspace_id: None,
        invitation_id: None,
        user_id: None,
        recipient: to.to_owned(),
        subject: subject.to_owned(),
        body: Some(body),
        created_at: at,
        next_attempt_at: at,
    }
}

impl NewOutboxMessage {
    pub fn for_invitation(
        mut self,
        workspace_id: WorkspaceId,
        invitation_id: InvitationId,
    ) -> Self {
        self.workspace_id = Some(workspace_id);
        self.invitation_id = Some(invitation_id);
        self
    }

    pub fn for_user(mut self, user_id: UserId) -> Self {
        self.user_id = Some(user_id);
        self
    }
}

/// How messages leave the server.
#[derive(Clone)]
pub enum Transport {
    /// Written to the log (no SMTP server configured).
    Log,
    /// Sent to an SMTP server.
    Smtp {
        mailer: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Mailbox,
    },
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Transport::Log => "Transport::Log",
            Transport::Smtp { .. } => "Transport::Smtp",
        })
    }
}

impl Transport {
    /// SMTP when `smtp_url` is given (`smtp://…`, `smtps://…`), else the log.
    pub fn from_config(smtp_url: Option<&str>, from: &str) -> Result<Transport, String> {
        let Some(url) = smtp_url else {
            return Ok(Transport::Log);
        };
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("ORKESTA_MAIL_FROM is not a valid address: {e}"))?;
        let mailer = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL is not a valid SMTP URL: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Transport::Smtp {
            mailer: Box::new(mailer),
            from,
        })
    }

    async fn send(&self, message: &OutboxMessage) -> Result<(), String> {
        match self {
            Transport::Smtp { mailer, from } => {
                let to: Mailbox = message
                    .recipient
                    .parse()
                    .map_err(|e| format!("bad recipient: {e}"))?;
                let email = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(message.subject.clone())
                    .header(ContentType::TEXT_PLAIN)
                    .body(message.body.clone().unwrap_or_default())
                    .map_err(|e| e.to_string())?;
                mailer
                    .send(email)
                    .await
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
            Transport::Log => {
                tracing::info!(to = %message.recipient, subject = %message.subject, body = message.body.as_deref().unwrap_or(""), "mail (no SMTP_URL configured; logged instead of sent)");
                Ok(())
            }
        }
    }
}

/// Delay before retry `attempts` (1, 2, …): 10 s doubling, at most an hour.
fn backoff(attempts: i32) -> chrono::Duration {
    let exponent = u32::try_from(attempts.clamp(1, 12) - 1).unwrap_or(0);
    chrono::Duration::seconds((10i64 << exponent).min(3600))
}

/// Delivers due messages until the process ends.
pub async fn run_sender(db: Db, outbox: Outbox, transport: Transport) {
    loop {
        match deliver_due(&db, &transport).await {
            Ok(0) => {
                tokio::select! {
                    () = outbox.wake.notified() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "mail sender: cannot read the outbox; retrying");
                tokio::time::sleep(POLL).await;
            }
        }
    }
}

/// One round: lease due messages, send them, record each outcome.
async fn deliver_due(db: &Db, transport: &Transport) -> Result<usize, DbError> {
    let at = now();
    let due = db
        .write(move |mut conn| {
            async move {
                Ok::<_, DbError>(OutboxMessage::lease_due(&mut conn, at, at + LEASE, BATCH).await?)
            }
            .boxed()
        })
        .await?;
    let count = due.len();
    for message in due {
        let id = message.id;
        match transport.send(&message).await {
            Ok(()) => {
                db.write(move |mut conn| {
                    async move {
                        Ok::<_, DbError>(OutboxMessage::mark_delivered(&mut conn, id, now()).await?)
                    }
                    .boxed()
                })
                .await?;
            }
            Err(error) => {
                tracing::warn!(to = %message.recipient, %error, attempt = message.attempts + 1, "mail delivery failed; will retry");
                let retry_at = now() + backoff(message.attempts + 1);
                db.write(move |mut conn| {
                    async move {
                        Ok::<_, DbError>(
                            OutboxMessage::mark_failed(&mut conn, id, &error, retry_at).await?,
                        )
                    }
                    .boxed()
                })
                .await?;
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_ten_seconds_to_an_hour() {
        assert_eq!(backoff(1), chrono::Duration::seconds(10));
        assert_eq!(backoff(2), chrono::Duration::seconds(20));
        assert_eq!(backoff(9), chrono::Duration::seconds(2560));
        assert_eq!(backoff(10), chrono::Duration::seconds(3600));
        assert_eq!(backoff(100), chrono::Duration::seconds(3600));
    }

    #[test]
    fn invitation_mail_carries_the_accept_link() {
        let outbox = Outbox::new("https://app.example/");
        let m = outbox.invitation("a@example.com", "Acme", "orki_TOKEN", now());
        assert!(
            m.body
                .unwrap()
                .contains("https://app.example/invitations/accept?token=orki_TOKEN")
        );
    }
}
