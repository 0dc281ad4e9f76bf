//! Accounts and sessions: sign up, sign in, sign out (DESIGN §4).

use std::net::IpAddr;

use chrono::{Duration, NaiveDateTime};
use futures_util::FutureExt;
use orkesta_core::api_key::{Token, TokenKind};
use orkesta_core::validate::{normalize_name, parse_email, validate_password};

use crate::auth::{password, secret};
use crate::db::models::audit::NewAuditEvent;
use crate::db::models::email_verification::{EmailVerification, NewEmailVerification};
use crate::db::models::outbox::NewOutboxMessage;
use crate::db::models::session::{NewSession, Session};
use crate::db::models::user::{NewUser, User};
use crate::db::sql_types::{AuditEventId, EmailVerificationId, JsonValue, SessionId, UserId};
use crate::db::{Db, DbConn, is_unique_violation, now};
use crate::error::{ApiError, ApiResult};
use crate::graphql::ids::{NodeKind, encode};

/// How long a session lasts unless a workspace asks for less.
pub const SESSION_LIFETIME: Duration = Duration::days(14);

/// A new session: the token is shown to the client once.
#[derive(Debug)]
pub struct IssuedSession {
    pub token: Token,
    pub user: User,
    pub expires_at: NaiveDateTime,
}

/// Creates an account and signs it in. A taken email is CONFLICT `EMAIL_TAKEN`.
pub async fn sign_up(
    db: &Db,
    email: &str,
    password: &str,
    name: &str,
    ip: IpAddr,
) -> ApiResult<IssuedSession> {
    let email = parse_email(email).map_err(|e| ApiError::invalid_value("email", e))?;
    validate_password(password).map_err(|e| ApiError::invalid_value("password", e))?;
    let name = normalize_name(name).map_err(|e| ApiError::invalid_value("name", e))?;
    let password_hash = password::hash(password.to_owned()).await?;
    let token = secret::generate(TokenKind::Session);
    let token_hash = secret::hash(token.expose_secret());
    let (user, expires_at) = db
        .write(move |mut conn| {
            async move {
                let created_at = now();
                let new_user = NewUser {
                    id: UserId::new(),
                    email: &email.as_entered,
                    email_normalized: &email.normalized,
                    name: &name,
                    password_hash: &password_hash,
                    created_at,
                };
                let user = new_user.insert(&mut conn).await.map_err(|e| {
                    if is_unique_violation(&e) {
                        ApiError::conflict(
                            "EMAIL_TAKEN",
                            "an account with this email already exists",
                        )
                        .on("email")
                    } else {
                        ApiError::from(e)
                    }
                })?;
                let expires_at = start_session(&mut conn, &user, &token_hash, created_at).await?;
                record(&mut conn, &user, "user.signed_up", ip, created_at).await?;
                Ok::<_, ApiError>((user, expires_at))
            }
            .boxed()
        })
        .await?;
    Ok(IssuedSession {
        token,
        user,
        expires_at,
    })
}

/// Signs in with email and password. A wrong email and a wrong password get
/// the same UNAUTHENTICATED `INVALID_CREDENTIALS`, after the same work.
pub async fn sign_in(db: &Db, email: &str, password: &str, ip: IpAddr) -> ApiResult<IssuedSession> {
    let normalized = parse_email(email).map(|e| e.normalized).ok();
    let user = match normalized {
        Some(normalized) => {
            db.read(move |mut conn| {
                async move {
                    User::find_by_email(&mut conn, &normalized)
                        .await
                        .map_err(ApiError::from)
                }
                .boxed()
            })
            .await?
        }
        None => None,
    };
    let matches = password::verify(
        password.to_owned(),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let Some(user) = user.filter(|_| matches) else {
        return Err(ApiError::unauthenticated(
            "INVALID_CREDENTIALS",
            "the email or the password is wrong",
        ));
    };
    let token = secret::generate(TokenKind::Session);
    let token_hash = secret::hash(token.expose_secret());
    let signed_in = user.clone();
    let expires_at = db
        .write(move |mut conn| {
            async move {
                let at = now();
                let expires_at = start_session(&mut conn, &signed_in, &token_hash, at).await?;
                record(&mut conn, &signed_in, "user.signed_in", ip, at).await?;
                Ok::<_, ApiError>(expires_at)
            }
            .boxed()
        })
        .await?;
    Ok(IssuedSession {
        token,
        user,
        expires_at,
    })
}

/// Ends the calling session at once.
pub async fn sign_out(db: &Db, user: User, session_id: SessionId, ip: IpAddr) -> ApiResult<()> {
    db.write(move |mut conn| {
        async move {
            let at = now();
            Session::revoke(&mut conn, session_id, at).await?;
            record(&mut conn, &user, "user.signed_out", ip, at).await
        }
        .boxed()
    })
    .await
}

async fn start_session(
    conn: &mut DbConn<'_>,
    user: &User,
    token_hash: &[u8],
    at: NaiveDateTime,
) -> ApiResult<NaiveDateTime> {
    let expires_at = at + SESSION_LIFETIME;
    NewSession {
        id: SessionId::new(),
        user_id: user.id,
        token_hash,
        created_at: at,
        expires_at,
    }
    .insert(conn)
    .await?;
    Ok(expires_at)
}

/// A user-scoped security event, in the caller's transaction.
async fn record(
    conn: &mut DbConn<'_>,
    user: &User,
    action: &str,
    ip: IpAddr,
    at: NaiveDateTime,
) -> ApiResult<()> {
    NewAuditEvent {
        id: AuditEventId::new(),
        workspace_id: None,
        user_id: Some(user.id),
        actor_user_id: Some(user.id),
        actor_api_key_id: None,
        action,
        target_type: Some(NodeKind::User.as_str()),
        target_id: Some(encode(NodeKind::User, user.id.0).0),
        metadata: JsonValue(serde_json::json!({})),
        ip: Some(ip.to_canonical().to_string()),
        created_at: at,
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// How long an email-verification link lives.
pub const VERIFICATION_LIFETIME: Duration = Duration::hours(24);

/// Sends a verification link to the user's email; nothing to do when the
/// email is already verified.
pub async fn request_email_verification(
    db: &Db,
    outbox: &crate::mail::Outbox,
    user: User,
    ip: IpAddr,
) -> ApiResult<()> {
    if user.email_verified_at.is_some() {
        return Ok(());
    }
    let token = secret::generate(TokenKind::EmailVerification);
    let mail_outbox = outbox.clone();
    db.write(move |mut conn| {
        async move {
            let at = now();
            let hash = secret::hash(token.expose_secret());
            NewEmailVerification {
                id: EmailVerificationId::new(),
                user_id: user.id,
                token_hash: &hash,
                created_at: at,
                expires_at: at + VERIFICATION_LIFETIME,
            }
            .insert(&mut conn)
            .await?;
            let mail = mail_outbox
                .verification(&user.email, token.expose_secret(), at)
                .for_user(user.id);
            NewOutboxMessage::insert_many(&mut conn, &[mail]).await?;
            record(
                &mut conn,
                &user,
                "user.email_verification_requested",
                ip,
                at,
            )
            .await
        }
        .boxed()
    })
    .await?;
    outbox.wake();
    Ok(())
}

/// Confirms the email with a link's token: single use, 24 hours, and only
/// for the signed-in user it was sent to. Anything else is `INVALID_TOKEN`.
pub async fn verify_email(db: &Db, user: User, token: &str, ip: IpAddr) -> ApiResult<User> {
    let invalid = || {
        ApiError::bad_input(
            "INVALID_TOKEN",
            "this verification link is not valid, used or expired",
        )
        .on("token")
    };
    let token = Token::parse(TokenKind::EmailVerification, token.trim()).map_err(|_| invalid())?;
    let hash = secret::hash(token.expose_secret());
    db.write(move |mut conn| {
        async move {
            let at = now();
            match EmailVerification::consume(&mut conn, &hash, at).await? {
                Some(owner) if owner == user.id => {}
                _ => return Err(invalid()),
            }
            User::mark_verified(&mut conn, user.id, at).await?;
            record(&mut conn, &user, "user.email_verified", ip, at).await?;
            let verified = User::find_many(&mut conn, &[user.id])
                .await?
                .pop()
                .ok_or_else(|| ApiError::not_found("user"))?;
            Ok(verified)
        }
        .boxed()
    })
    .await
}
