//! The one error type of the API and its stable codes.
//!
//! Every error a client sees carries `extensions.code` (one of [`Code`]), and
//! where DESIGN names one, `extensions.reason` and `extensions.field`.
//! Internal failures are logged with their cause and reach the client only as
//! `INTERNAL_SERVER_ERROR`: no SQL, paths or stack traces. Resolvers return
//! `Result<T, ApiError>`; nothing converts a raw library error into a GraphQL
//! error by its `Display` text. `ApiError` deliberately implements neither
//! `Display` nor `Error`: async-graphql turns any `Display` type into an error
//! message, and this way the only path to the client is [`From<ApiError>`],
//! which sets the extensions.

use std::fmt;

use async_graphql::ErrorExtensions;
use orkesta_core::ValueError;

use crate::db::DbError;

/// `extensions.code` values. Part of the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    RateLimited,
    Timeout,
    InternalServerError,
    GraphqlParseFailed,
    GraphqlValidationFailed,
}

impl Code {
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::Forbidden => "FORBIDDEN",
            Code::NotFound => "NOT_FOUND",
            Code::BadUserInput => "BAD_USER_INPUT",
            Code::Conflict => "CONFLICT",
            Code::RateLimited => "RATE_LIMITED",
            Code::Timeout => "TIMEOUT",
            Code::InternalServerError => "INTERNAL_SERVER_ERROR",
            Code::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            Code::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error for the client: code, optional reason and field, and a message.
/// `Internal` keeps its cause for the log only.
#[derive(Debug, Clone)]
pub enum ApiError {
    Client {
        code: Code,
        reason: Option<&'static str>,
        field: Option<&'static str>,
        message: String,
    },
    Internal(std::sync::Arc<dyn std::error::Error + Send + Sync>),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: Code, reason: Option<&'static str>, message: impl Into<String>) -> ApiError {
        ApiError::Client {
            code,
            reason,
            field: None,
            message: message.into(),
        }
    }

    /// Attributes the error to one input field (its GraphQL name).
    pub fn on(self, input_field: &'static str) -> ApiError {
        match self {
            ApiError::Client {
                code,
                reason,
                message,
                ..
            } => ApiError::Client {
                code,
                reason,
                field: Some(input_field),
                message,
            },
            internal => internal,
        }
    }

    pub fn unauthenticated(reason: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(Code::Unauthenticated, Some(reason), message)
    }

    pub fn forbidden(reason: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(Code::Forbidden, Some(reason), message)
    }

    /// For objects that do not exist and for those the caller may not see:
    /// the two are indistinguishable on purpose.
    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(Code::NotFound, None, format!("{what} not found"))
    }

    pub fn bad_input(reason: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(Code::BadUserInput, Some(reason), message)
    }

    pub fn conflict(reason: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(Code::Conflict, Some(reason), message)
    }

    /// A value rule of `orkesta-core` failed for `input_field`.
    pub fn invalid_value(input_field: &'static str, error: ValueError) -> ApiError {
        ApiError::bad_input(
            error.reason.as_str(),
            format!("{input_field}: {}", error.message),
        )
        .on(input_field)
    }

    pub fn internal(cause: impl std::error::Error + Send + Sync + 'static) -> ApiError {
        ApiError::Internal(std::sync::Arc::new(cause))
    }

    pub fn code(&self) -> Code {
        match self {
            ApiError::Client { code, .. } => *code,
            ApiError::Internal(_) => Code::InternalServerError,
        }
    }

    /// The message the client sees.
    pub fn message(&self) -> &str {
        match self {
            ApiError::Client { message, .. } => message,
            ApiError::Internal(_) => "internal server error",
        }
    }

    pub fn reason(&self) -> Option<&'static str> {
        match self {
            ApiError::Client { reason, .. } => *reason,
            ApiError::Internal(_) => None,
        }
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Query(e) => ApiError::from(e),
            DbError::Unavailable(why) if why.starts_with("timed out") => ApiError::new(
                Code::Timeout,
                Some("DATABASE_BUSY"),
                "the database is busy; try again",
            ),
            other => ApiError::internal(other),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => ApiError::not_found("object"),
            other => ApiError::internal(other),
        }
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let ApiError::Internal(cause) = self {
            // The cause goes to the log, never to the client.
            tracing::error!(error = %cause, "internal error");
        }
        async_graphql::Error::new(self.message()).extend_with(|_, ext| {
            ext.set("code", self.code().as_str());
            if let ApiError::Client {
                reason: Some(reason),
                ..
            } = self
            {
                ext.set("reason", *reason);
            }
            if let ApiError::Client {
                field: Some(field), ..
            } = self
            {
                ext.set("field", *field);
            }
        })
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        e.extend()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_cause() {
        let e = ApiError::from(diesel::result::Error::QueryBuilderError(
            "relation \"users\" does not exist".into(),
        ));
        let gql = e.extend();
        assert_eq!(gql.message, "internal server error");
        let ext = format!("{:?}", gql.extensions);
        assert!(ext.contains("INTERNAL_SERVER_ERROR"));
        assert!(!ext.contains("users"));
    }

    #[test]
    fn value_errors_carry_reason_and_field() {
        let e = ApiError::invalid_value(
            "slug",
            ValueError::new(orkesta_core::Reason::InvalidSlug, "bad"),
        );
        assert_eq!(e.code(), Code::BadUserInput);
        assert_eq!(e.reason(), Some("INVALID_SLUG"));
        let ext = format!("{:?}", e.extend().extensions);
        assert!(ext.contains("\"field\"") && ext.contains("slug"));
    }
}
