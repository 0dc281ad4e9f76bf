//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1
//! lane), off the async threads and with bounded concurrency so a burst of
//! sign-ins cannot exhaust memory or CPU.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// At most this many hashes run at once.
const CONCURRENT_HASHES: usize = 4;

fn hasher() -> Argon2<'static> {
    // The documented OWASP minimum for argon2id.
    #[expect(clippy::expect_used, reason = "constant, valid parameters")]
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(CONCURRENT_HASHES))
}

async fn run_limited<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let _permit = permits().acquire().await.map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiError::internal)
}

/// The PHC string of a new argon2id hash.
pub async fn hash(password: String) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| internal(&e))?;
    run_limited(move || {
        let salt = SaltString::encode_b64(&salt)?;
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|e| internal(&e))
}

fn internal(e: &dyn std::fmt::Display) -> ApiError {
    ApiError::internal(std::io::Error::other(e.to_string()))
}

/// Whether `password` matches `phc`. With `phc = None` (no such account) a
/// hash is still verified, so the answer takes as long either way and does
/// not reveal which emails have accounts.
pub async fn verify(password: String, phc: Option<String>) -> Result<bool, ApiError> {
    let phc = match phc {
        Some(phc) => phc,
        None => decoy_hash().await?,
    };
    // The decoy's password is a random 192-bit secret, so it never matches.
    run_limited(move || {
        PasswordHash::new(&phc)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
}

/// A hash of a random password, computed once, for unknown accounts.
async fn decoy_hash() -> Result<String, ApiError> {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_try_init(|| async {
            let random = crate::auth::secret::generate(orkesta_core::api_key::TokenKind::Session);
            hash(random.expose_secret().to_owned()).await
        })
        .await
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let phc = hash("correct horse".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("correct horse".into(), Some(phc.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse".into(), Some(phc)).await.unwrap());
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify() {
        assert!(!verify("anything at all".into(), None).await.unwrap());
    }
}
