//! The caller of a request, resolved at most once from its `Authorization`
//! header, and only when a field needs it: `signUp` and `signIn` never look
//! at the header, so a stale token cannot lock anyone out of signing in.

use std::sync::Arc;

use futures_util::FutureExt;
use orkesta_core::api_key::{Token, TokenKind};
use tokio::sync::OnceCell;

use crate::auth::secret;
use crate::db::models::session::Session;
use crate::db::models::user::User;
use crate::db::sql_types::SessionId;
use crate::db::{Db, now};
use crate::error::{ApiError, ApiResult};

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Principal {
    Anonymous,
    User { user: User, session_id: SessionId },
}

impl Principal {
    pub fn user(&self) -> Option<&User> {
        match self {
            Principal::User { user, .. } => Some(user),
            Principal::Anonymous => None,
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
    resolved: OnceCell<Result<Arc<Principal>, Refused>>,
}

impl Auth {
    /// From the raw `Authorization` header value, if any. Only the `Bearer`
    /// scheme is accepted; anything else is an invalid credential.
    pub fn from_header(header: Option<&str>) -> Auth {
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
            resolved: OnceCell::new(),
        }
    }

    pub fn anonymous() -> Auth {
        Auth::from_header(None)
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

    /// The signed-in user, or UNAUTHENTICATED.
    pub async fn require_user(&self, db: &Db) -> ApiResult<(User, SessionId)> {
        match &*self.principal(db).await? {
            Principal::User { user, session_id } => Ok((user.clone(), *session_id)),
            Principal::Anonymous => Err(ApiError::unauthenticated(
                "AUTHENTICATION_REQUIRED",
                "sign in first",
            )),
        }
    }

    async fn resolve(&self, db: &Db) -> ApiResult<Result<Arc<Principal>, Refused>> {
        let Some(bearer) = &self.bearer else {
            return Ok(Ok(Arc::new(Principal::Anonymous)));
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bearer_credentials_are_read() {
        assert_eq!(
            Auth::from_header(Some("Bearer abc")).bearer.as_deref(),
            Some("abc")
        );
        assert_eq!(
            Auth::from_header(Some("bearer   abc ")).bearer.as_deref(),
            Some("abc")
        );
        assert_eq!(
            Auth::from_header(Some("Basic abc")).bearer.as_deref(),
            Some("")
        );
        assert_eq!(Auth::from_header(Some("abc")).bearer.as_deref(), Some(""));
        assert_eq!(Auth::from_header(None).bearer, None);
    }
}
