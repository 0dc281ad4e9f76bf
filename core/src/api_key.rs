//! Secret token format (DESIGN §4, §6, §7): a distinctive prefix, base62
//! randomness and a CRC32 checksum in base62.
//!
//! `ork_` API keys, `orks_` session tokens, `orki_` invitation tokens and
//! `orkv_` email-verification tokens share the layout
//! `<prefix><33 base62 chars: 192 random bits><6 base62 chars: CRC32>`.
//! The checksum lets the server refuse a typo or a made-up value before any
//! database read, and lets secret scanners recognise a leaked key. The core
//! does no I/O: callers pass the random bytes in.

use std::fmt;

/// What a token is for; each kind has its own prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    ApiKey,
    Session,
    Invitation,
    EmailVerification,
}

impl TokenKind {
    pub const fn prefix(self) -> &'static str {
        match self {
            TokenKind::ApiKey => "ork_",
            TokenKind::Session => "orks_",
            TokenKind::Invitation => "orki_",
            TokenKind::EmailVerification => "orkv_",
        }
    }
}

/// Random bytes a token carries.
pub const RANDOM_BYTES: usize = 24;
const RANDOM_CHARS: usize = 33; // 62^33 > 2^192
const CHECKSUM_CHARS: usize = 6; // 62^6 > 2^32
/// Characters of an API key shown in listings (`ork_` plus four).
pub const DISPLAY_PREFIX_LEN: usize = 8;

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A well-formed token whose checksum verified.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    kind: TokenKind,
    text: String,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secret.
        f.debug_struct("Token")
            .field("kind", &self.kind)
            .field("prefix", &self.display_prefix())
            .finish()
    }
}

/// Why a string is not a token of the expected kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token does not have the expected format")]
    Malformed,
    #[error("the token's checksum does not match")]
    BadChecksum,
}

impl Token {
    /// Builds a token from caller-supplied random bytes (the server passes OS
    /// randomness).
    pub fn generate(kind: TokenKind, random: &[u8; RANDOM_BYTES]) -> Token {
        let mut text = String::with_capacity(kind.prefix().len() + RANDOM_CHARS + CHECKSUM_CHARS);
        text.push_str(kind.prefix());
        text.push_str(&base62_fixed(random, RANDOM_CHARS));
        let crc = crc32fast::hash(text.as_bytes());
        text.push_str(&base62_fixed(&crc.to_be_bytes(), CHECKSUM_CHARS));
        Token { kind, text }
    }

    /// Parses and checks a token of `kind`: prefix, length, alphabet and
    /// checksum. No database is involved.
    pub fn parse(kind: TokenKind, text: &str) -> Result<Token, TokenError> {
        let body = text
            .strip_prefix(kind.prefix())
            .ok_or(TokenError::Malformed)?;
        if body.len() != RANDOM_CHARS + CHECKSUM_CHARS
            || !body.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(TokenError::Malformed);
        }
        let (signed, checksum) = text.split_at(text.len() - CHECKSUM_CHARS);
        let expected = u64::from(crc32fast::hash(signed.as_bytes()));
        if base62_value(checksum) != Some(expected) {
            return Err(TokenError::BadChecksum);
        }
        Ok(Token {
            kind,
            text: text.to_owned(),
        })
    }

    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The full secret. Show it once; store only its hash.
    pub fn expose_secret(&self) -> &str {
        &self.text
    }

    /// The first characters, safe to display (e.g. `ork_7Hq2`).
    pub fn display_prefix(&self) -> &str {
        &self.text[..DISPLAY_PREFIX_LEN.min(self.text.len())]
    }
}

/// Big-endian bytes as a base62 number of exactly `width` digits.
fn base62_fixed(bytes: &[u8], width: usize) -> String {
    let mut number: Vec<u8> = bytes.to_vec();
    let mut digits = vec![b'0'; width];
    for slot in digits.iter_mut().rev() {
        let mut remainder: u32 = 0;
        for byte in number.iter_mut() {
            let acc = (remainder << 8) | u32::from(*byte);
            *byte = (acc / 62) as u8;
            remainder = acc % 62;
        }
        *slot = ALPHABET[remainder as usize];
    }
    String::from_utf8(digits).unwrap_or_default()
}

fn base62_value(text: &str) -> Option<u64> {
    text.bytes().try_fold(0u64, |acc, b| {
        let digit = ALPHABET.iter().position(|a| *a == b)? as u64;
        acc.checked_mul(62)?.checked_add(digit)
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const KINDS: [TokenKind; 4] = [
        TokenKind::ApiKey,
        TokenKind::Session,
        TokenKind::Invitation,
        TokenKind::EmailVerification,
    ];

    #[test]
    fn api_keys_have_prefix_fixed_length_and_display_prefix() {
        let t = Token::generate(TokenKind::ApiKey, &[7; RANDOM_BYTES]);
        let s = t.expose_secret();
        assert!(s.starts_with("ork_"));
        assert_eq!(s.len(), 4 + 33 + 6);
        assert_eq!(t.display_prefix(), &s[..8]);
        assert_eq!(Token::parse(TokenKind::ApiKey, s), Ok(t.clone()));
        assert!(
            !format!("{t:?}").contains(&s[8..]),
            "Debug must not print the secret"
        );
    }

    #[test]
    fn a_token_of_one_kind_is_not_accepted_as_another() {
        let session = Token::generate(TokenKind::Session, &[1; RANDOM_BYTES]);
        assert_eq!(
            Token::parse(TokenKind::ApiKey, session.expose_secret()),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn garbage_is_malformed() {
        for bad in [
            "",
            "ork_",
            "ork_short",
            "Bearer ork_x",
            &format!("ork_{}", "!".repeat(39)),
        ] {
            assert_eq!(
                Token::parse(TokenKind::ApiKey, bad),
                Err(TokenError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn base62_is_fixed_width_and_big_endian() {
        assert_eq!(base62_fixed(&[0, 0, 0, 61], 6), "00000z");
        assert_eq!(base62_fixed(&[0, 0, 0, 62], 6), "000010");
        assert_eq!(base62_value("000010"), Some(62));
        assert_eq!(base62_fixed(&[0xff; 4], 6), "4gfFC3");
    }

    proptest! {
        #[test]
        fn generated_tokens_parse(random in any::<[u8; RANDOM_BYTES]>(), k in 0usize..4) {
            let t = Token::generate(KINDS[k], &random);
            prop_assert_eq!(Token::parse(KINDS[k], t.expose_secret()), Ok(t));
        }

        /// Any single-character change anywhere in the token is rejected.
        #[test]
        fn any_single_character_change_is_rejected(random in any::<[u8; RANDOM_BYTES]>(), pos in 0usize..43, replacement in any::<char>()) {
            let t = Token::generate(TokenKind::ApiKey, &random);
            let original = t.expose_secret();
            let mut chars: Vec<char> = original.chars().collect();
            prop_assume!(chars[pos] != replacement);
            chars[pos] = replacement;
            let changed: String = chars.into_iter().collect();
            prop_assert!(Token::parse(TokenKind::ApiKey, &changed).is_err());
        }

        /// The same, restricted to the base62 alphabet so the checksum (not
        /// the syntax check) is what catches it.
        #[test]
        fn checksum_catches_every_in_alphabet_typo(random in any::<[u8; RANDOM_BYTES]>(), pos in 4usize..43, digit in 0usize..62) {
            let t = Token::generate(TokenKind::ApiKey, &random);
            let mut bytes = t.expose_secret().as_bytes().to_vec();
            prop_assume!(bytes[pos] != ALPHABET[digit]);
            bytes[pos] = ALPHABET[digit];
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(Token::parse(TokenKind::ApiKey, &changed), Err(TokenError::BadChecksum));
        }
    }
}
