//! Value rules of DESIGN §3: slugs, names, descriptions, emails, passwords and
//! time zones. Each rule returns the normalised value or a [`ValueError`]
//! whose [`Reason`] is the API's `extensions.reason`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a value was refused. The wire name ([`Reason::as_str`]) is part of the
/// public API: clients branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Reason {
    InvalidSlug,
    ReservedSlug,
    InvalidName,
    InvalidDescription,
    InvalidEmail,
    WeakPassword,
    InvalidTimezone,
    InvalidCidr,
    TooManyEntries,
    InvalidAmount,
    InvalidCurrency,
}

impl Reason {
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::InvalidSlug => "INVALID_SLUG",
            Reason::ReservedSlug => "RESERVED_SLUG",
            Reason::InvalidName => "INVALID_NAME",
            Reason::InvalidDescription => "INVALID_DESCRIPTION",
            Reason::InvalidEmail => "INVALID_EMAIL",
            Reason::WeakPassword => "WEAK_PASSWORD",
            Reason::InvalidTimezone => "INVALID_TIMEZONE",
            Reason::InvalidCidr => "INVALID_CIDR",
            Reason::TooManyEntries => "TOO_MANY_ENTRIES",
            Reason::InvalidAmount => "INVALID_AMOUNT",
            Reason::InvalidCurrency => "INVALID_CURRENCY",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused value: the reason code and a message meant for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[error("{message}")]
pub struct ValueError {
    pub reason: Reason,
    pub message: String,
}

impl ValueError {
    pub fn new(reason: Reason, message: impl Into<String>) -> ValueError {
        ValueError {
            reason,
            message: message.into(),
        }
    }
}

/// What a slug names; each kind has its own reserved words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum SlugKind {
    Workspace,
    Project,
    RoleKey,
}

/// Workspace slugs that would collide with routes or confuse people.
pub const RESERVED_WORKSPACE_SLUGS: [&str; 12] = [
    "api", "graphql", "admin", "www", "app", "auth", "login", "signup", "settings", "static",
    "assets", "new",
];

/// Custom-role keys may not shadow the built-in roles.
pub const RESERVED_ROLE_KEYS: [&str; 3] = ["admin", "member", "viewer"];

pub const SLUG_MIN_LEN: usize = 3;
pub const SLUG_MAX_LEN: usize = 40;

/// Checks a slug: 3–40 characters of `^[a-z0-9]+(-[a-z0-9]+)*$`, then the
/// reserved words of its kind. Input is never lowercased for the caller.
pub fn validate_slug(slug: &str, kind: SlugKind) -> Result<(), ValueError> {
    let len = slug.chars().count();
    if !(SLUG_MIN_LEN..=SLUG_MAX_LEN).contains(&len) {
        return Err(ValueError::new(
            Reason::InvalidSlug,
            format!("must be {SLUG_MIN_LEN}–{SLUG_MAX_LEN} characters long (got {len})"),
        ));
    }
    let syntax_ok = slug.split('-').all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    if !syntax_ok {
        return Err(ValueError::new(
            Reason::InvalidSlug,
            "may contain only lowercase letters, digits and single hyphens between them",
        ));
    }
    let reserved: &[&str] = match kind {
        SlugKind::Workspace => &RESERVED_WORKSPACE_SLUGS,
        SlugKind::RoleKey => &RESERVED_ROLE_KEYS,
        SlugKind::Project => &[],
    };
    if reserved.contains(&slug) {
        return Err(ValueError::new(
            Reason::ReservedSlug,
            format!("`{slug}` is reserved"),
        ));
    }
    Ok(())
}

pub const NAME_MAX_LEN: usize = 200;
pub const DESCRIPTION_MAX_LEN: usize = 2_000;

/// Trims a name and checks it has 1–200 characters. Returns the trimmed name.
pub fn normalize_name(name: &str) -> Result<String, ValueError> {
    let trimmed = name.trim();
    let len = trimmed.chars().count();
    if len == 0 || len > NAME_MAX_LEN {
        return Err(ValueError::new(
            Reason::InvalidName,
            format!("must be 1–{NAME_MAX_LEN} characters after trimming (got {len})"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Checks a description is at most 2,000 characters. Returns it trimmed;
/// an empty description becomes `None`.
pub fn normalize_description(description: &str) -> Result<Option<String>, ValueError> {
    let trimmed = description.trim();
    let len = trimmed.chars().count();
    if len > DESCRIPTION_MAX_LEN {
        return Err(ValueError::new(
            Reason::InvalidDescription,
            format!("must be at most {DESCRIPTION_MAX_LEN} characters (got {len})"),
        ));
    }
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

pub const EMAIL_MAX_LEN: usize = 254;

/// An email address as entered (trimmed) and in its normalised form
/// (lowercased), which is what uniqueness and comparisons use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Email {
    pub as_entered: String,
    pub normalized: String,
}

impl Email {
    /// The domain part of the normalised address.
    pub fn domain(&self) -> &str {
        self.normalized.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

/// Trims an email and checks it: at most 254 characters, exactly one `@`
/// with something before it, and a domain with a dot between non-empty
/// labels. No spaces or control characters.
pub fn parse_email(email: &str) -> Result<Email, ValueError> {
    let trimmed = email.trim();
    let invalid = |why: &str| {
        Err(ValueError::new(
            Reason::InvalidEmail,
            format!("not a valid email address: {why}"),
        ))
    };
    if trimmed.is_empty() {
        return invalid("it is empty");
    }
    if trimmed.chars().count() > EMAIL_MAX_LEN {
        return invalid("longer than 254 characters");
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return invalid("it contains spaces or control characters");
    }
    let mut parts = trimmed.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return invalid("it must contain exactly one @");
    };
    if local.is_empty() {
        return invalid("nothing before the @");
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return invalid("the domain needs a dot between non-empty parts");
    }
    Ok(Email {
        as_entered: trimmed.to_owned(),
        normalized: trimmed.to_lowercase(),
    })
}

/// Normalises an email for comparison, or `None` when it is not valid.
pub fn normalize_email(email: &str) -> Option<String> {
    parse_email(email).ok().map(|e| e.normalized)
}

pub const PASSWORD_MIN_LEN: usize = 8;
pub const PASSWORD_MAX_LEN: usize = 128;

/// Passwords are 8–128 characters. They are not trimmed.
pub fn validate_password(password: &str) -> Result<(), ValueError> {
    let len = password.chars().count();
    if !(PASSWORD_MIN_LEN..=PASSWORD_MAX_LEN).contains(&len) {
        return Err(ValueError::new(
            Reason::WeakPassword,
            format!("must be {PASSWORD_MIN_LEN}–{PASSWORD_MAX_LEN} characters long"),
        ));
    }
    Ok(())
}

/// The IANA name of a time zone, exactly as the tz database spells it.
pub fn validate_timezone(name: &str) -> Result<(), ValueError> {
    chrono_tz::Tz::from_str(name).map(|_| ()).map_err(|_| {
        ValueError::new(
            Reason::InvalidTimezone,
            format!("`{name}` is not an IANA time zone name"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason<T: fmt::Debug>(r: Result<T, ValueError>) -> Reason {
        r.unwrap_err().reason
    }

    #[test]
    fn slugs_accept_lowercase_digits_and_single_inner_hyphens() {
        for ok in ["acme", "a1b", "acme-corp", "a-b-c", "123", &"x".repeat(40)] {
            assert_eq!(validate_slug(ok, SlugKind::Workspace), Ok(()), "{ok}");
        }
    }

    #[test]
    fn slugs_reject_bad_length_and_syntax_before_reserved_words() {
        for bad in [
            "ab",
            "",
            "Acme",
            "acme_",
            "-acme",
            "acme-",
            "ac--me",
            "acmé",
            "ac me",
            &"x".repeat(41),
        ] {
            assert_eq!(
                reason(validate_slug(bad, SlugKind::Workspace)),
                Reason::InvalidSlug,
                "{bad:?}"
            );
        }
        // "API" is reserved lowercased, but uppercase is a syntax error first.
        assert_eq!(
            reason(validate_slug("API", SlugKind::Workspace)),
            Reason::InvalidSlug
        );
    }

    #[test]
    fn reserved_words_depend_on_the_slug_kind() {
        assert_eq!(
            reason(validate_slug("graphql", SlugKind::Workspace)),
            Reason::ReservedSlug
        );
        assert_eq!(validate_slug("graphql", SlugKind::Project), Ok(()));
        assert_eq!(
            reason(validate_slug("viewer", SlugKind::RoleKey)),
            Reason::ReservedSlug
        );
        assert_eq!(validate_slug("viewer", SlugKind::Workspace), Ok(()));
        assert_eq!(validate_slug("admin", SlugKind::Project), Ok(()));
    }

    #[test]
    fn names_are_trimmed_and_counted_in_characters() {
        assert_eq!(normalize_name("  Acme  ").unwrap(), "Acme");
        assert_eq!(reason(normalize_name("   ")), Reason::InvalidName);
        assert!(
            normalize_name(&"ş".repeat(200)).is_ok(),
            "200 two-byte characters fit"
        );
        assert_eq!(
            reason(normalize_name(&"a".repeat(201))),
            Reason::InvalidName
        );
    }

    #[test]
    fn descriptions_allow_two_thousand_characters() {
        assert_eq!(normalize_description("").unwrap(), None);
        assert!(normalize_description(&"ç".repeat(2000)).is_ok());
        assert_eq!(
            reason(normalize_description(&"a".repeat(2001))),
            Reason::InvalidDescription
        );
    }

    #[test]
    fn emails_are_trimmed_kept_as_entered_and_normalised_lowercase() {
        let e = parse_email("  Ada.Lovelace@Example.COM ").unwrap();
        assert_eq!(e.as_entered, "Ada.Lovelace@Example.COM");
        assert_eq!(e.normalized, "ada.lovelace@example.com");
        assert_eq!(e.domain(), "example.com");
    }

    #[test]
    fn emails_need_one_at_and_a_dotted_domain() {
        for bad in [
            "",
            "plain",
            "a@b",
            "@example.com",
            "a@@example.com",
            "a@b@example.com",
            "a@.com",
            "a@example.",
            "a b@example.com",
            "a@exa..mple.com",
        ] {
            assert_eq!(reason(parse_email(bad)), Reason::InvalidEmail, "{bad:?}");
        }
        let long = format!("{}@example.com", "a".repeat(243));
        assert_eq!(long.len(), 255);
        assert_eq!(reason(parse_email(&long)), Reason::InvalidEmail);
        assert!(parse_email(&long[1..]).is_ok());
    }

    #[test]
    fn passwords_need_eight_to_128_characters() {
        assert_eq!(reason(validate_password("1234567")), Reason::WeakPassword);
        assert!(validate_password("12345678").is_ok());
        assert!(validate_password(&"p".repeat(128)).is_ok());
        assert_eq!(
            reason(validate_password(&"p".repeat(129))),
            Reason::WeakPassword
        );
    }

    #[test]
    fn timezones_are_iana_names() {
        for ok in [
            "UTC",
            "Europe/Istanbul",
            "America/Argentina/Buenos_Aires",
            "Asia/Kolkata",
        ] {
            assert!(validate_timezone(ok).is_ok(), "{ok}");
        }
        for bad in ["", "utc", "Mars/Olympus_Mons", "GMT+3 ", "Europe/istanbul"] {
            assert_eq!(
                reason(validate_timezone(bad)),
                Reason::InvalidTimezone,
                "{bad:?}"
            );
        }
    }
}
