//! The caller of a request, resolved at most once from its `Authorization`
//! header, and only when a field needs it: `signUp` and `signIn` never look
//! at the header, so a stale token cannot lock anyone out of signing in.

use std::net::IpAddr;
use std::sync::Arc;

use futures_util::FutureExt;
use orkesta_core::api_key::{Token, TokenKind};
use tokio::sync::OnceCell;

use crate::auth::secret;
use crate::db::models::api_key::ApiKey;
use crate::db::models::session::Session;
use crate::db::models::user::User;
use crate::db::models::workspace::Workspace;
use crate::db::sql_types::SessionId;
use crate::db::{Db, now};
use crate::error::{ApiError, ApiResult};

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Principal {
    Anonymous,
    User {
        user: User,
        session_id: SessionId,
    },
    /// An API key of one workspace.
    ApiKey {
        key: ApiKey,
        workspace: Workspace,
    },
}

impl Principal {
    pub fn user(&self) -> Option<&User> {
        match self {
            Principal::User { user, .. } => Some(user),
            Principal::Anonymous | Principal::ApiKey { .. } => None,
        }
    }

    pub fn api_key(&self) -> Option<&ApiKey> {
        match self {
            Principal::ApiKey { key, .. } => Some(key),
            Principal::Anonymous | Principal::User { .. } => None,
        }
    }
}

/// Why a presented credential was refused. Deliberately coarse: malformed,
/// unknown, expired and revoked tokens all look the same to the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    InvalidToken,
}

/// Per-request authentication state.
#[derive(Debug)]
pub struct Auth {
    bearer: Option<String>,
    client_ip: IpAddr,
    resolved: OnceCell<Result<Arc<Principal>, Refused>>,
}

impl Auth {
    /// From the raw `Authorization` header value, if any. Only the `Bearer`
    /// scheme is accepted; anything else is an invalid credential.
    pub fn from_header(header: Option<&str>, client_ip: IpAddr) -> Auth {
        let bearer = header.map(|value| {
            let value = value.trim();
            match value.split_once(' ') {
                Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
                    token.trim().to_owned()
                }
                // Not a bearer credential: keep something that never parses.
                _ => String::new(),
            }
        });
        Auth {
            bearer,
            client_ip,
            resolved: OnceCell::new(),
        }
    }

    /// The caller. A presented but invalid credential is UNAUTHENTICATED,
    /// decided without a database read when its format or checksum is wrong.
    pub async fn principal(&self, db: &Db) -> ApiResult<Arc<Principal>> {
        let resolved = self.resolved.get_or_try_init(|| self.resolve(db)).await?;
        resolved.clone().map_err(|Refused::InvalidToken| {
            ApiError::unauthenticated(
                "INVALID_TOKEN",
                "the access token is invalid, expired or revoked",
            )
        })
    }

    /// The signed-in user: UNAUTHENTICATED without credentials, FORBIDDEN
    /// `INSUFFICIENT_SCOPE` for an API key (session-only operations).
    pub async fn require_user(&self, db: &Db) -> ApiResult<(User, SessionId)> {
        match &*self.principal(db).await? {
            Principal::User { user, session_id } => Ok((user.clone(), *session_id)),
            Principal::Anonymous => Err(ApiError::unauthenticated(
                "AUTHENTICATION_REQUIRED",
                "sign in first",
            )),
            Principal::ApiKey { .. } => Err(ApiError::forbidden(
                "INSUFFICIENT_SCOPE",
                "this needs a signed-in user, not an API key",
            )),
        }
    }

    async fn resolve(&self, db: &Db) -> ApiResult<Result<Arc<Principal>, Refused>> {
        let Some(bearer) = &self.bearer else {
            return Ok(Ok(Arc::new(Principal::Anonymous)));
        };
        if bearer.starts_with(TokenKind::ApiKey.prefix()) {
            return self.resolve_api_key(db, bearer).await;
        }
        let Ok(token) = Token::parse(TokenKind::Session, bearer) else {
            return Ok(Err(Refused::InvalidToken));
        };
        let hash = secret::hash(token.expose_secret());
        let found = db
            .read(move |mut conn| {
                async move {
                    Session::find_active(&mut conn, &hash, now())
                        .await
                        .map_err(ApiError::from)
                }
                .boxed()
            })
            .await?;
        Ok(match found {
            Some((session, user)) => Ok(Arc::new(Principal::User {
                user,
                session_id: session.id,
            })),
            None => Err(Refused::InvalidToken),
        })
    }
}

impl Auth {
    /// A key with a wrong format or checksum is refused without a database
    /// read; a live one records its use at most once a minute.
    async fn resolve_api_key(
        &self,
        db: &Db,
        bearer: &str,
    ) -> ApiResult<Result<Arc<Principal>, Refused>> {
        let Ok(token) = Token::parse(TokenKind::ApiKey, bearer) else {
            return Ok(Err(Refused::InvalidToken));
        };
        let hash = secret::hash(token.expose_secret());
        let lookup = hash.clone();
        let found = db
            .read(move |mut conn| {
                async move {
                    ApiKey::find_active(&mut conn, &lookup, now())
                        .await
                        .map_err(ApiError::from)
                }
                .boxed()
            })
            .await?;
        let Some((key, workspace)) =
            found.filter(|(key, _)| secret::same_hash(&key.token_hash, &hash))
        else {
            return Ok(Err(Refused::InvalidToken));
        };
        let at = now();
        if key
            .last_used_at
            .is_none_or(|last| last <= at - chrono::Duration::minutes(1))
        {
            let (id, ip) = (key.id, self.client_ip.to_string());
            db.write(move |mut conn| {
                async move {
                    ApiKey::touch(&mut conn, id, at, &ip)
                        .await
                        .map_err(ApiError::from)
                }
                .boxed()
            })
            .await?;
        }
        Ok(Ok(Arc::new(Principal::ApiKey { key, workspace })))
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    fn bearer(header: Option<&str>) -> Option<String> {
        Auth::from_header(header, IpAddr::V4(Ipv4Addr::LOCALHOST)).bearer
    }

    #[test]
    fn only_bearer_credentials_are_read() {
        assert_eq!(bearer(Some("Bearer abc")).as_deref(), Some("abc"));
        assert_eq!(bearer(Some("bearer   abc ")).as_deref(), Some("abc"));
        assert_eq!(bearer(Some("Basic abc")).as_deref(), Some(""));
        assert_eq!(bearer(Some("abc")).as_deref(), Some(""));
        assert_eq!(bearer(None), None);
    }
}
