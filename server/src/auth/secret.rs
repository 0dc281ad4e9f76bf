//! Random secrets in the `orkesta-core` token format, and their stored hash.

use orkesta_core::api_key::{RANDOM_BYTES, Token, TokenKind};
use sha2::{Digest, Sha256};

/// A fresh token of `kind` from the operating system's randomness.
pub fn generate(kind: TokenKind) -> Token {
    let mut random = [0u8; RANDOM_BYTES];
    // Without OS randomness no secret can be issued safely; this only fails
    // on a broken platform, where refusing to run is the right outcome.
    #[expect(
        clippy::expect_used,
        reason = "no safe fallback for missing OS randomness"
    )]
    getrandom::fill(&mut random).expect("the operating system's random source failed");
    Token::generate(kind, &random)
}

/// What the database stores and looks secrets up by.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Compares two hashes in time that depends only on their length.
pub fn same_hash(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_are_distinct_and_parse() {
        let a = generate(TokenKind::Session);
        let b = generate(TokenKind::Session);
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert!(Token::parse(TokenKind::Session, a.expose_secret()).is_ok());
        assert_eq!(hash(a.expose_secret()).len(), 32);
    }

    #[test]
    fn hashes_compare_by_content() {
        assert!(same_hash(&[1, 2, 3], &[1, 2, 3]));
        assert!(!same_hash(&[1, 2, 3], &[1, 2, 4]));
        assert!(!same_hash(&[1, 2], &[1, 2, 3]));
    }
}
