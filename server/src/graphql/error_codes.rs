//! Gives every error of a response an `extensions.code`.
//!
//! Errors raised by our resolvers already carry one (see `crate::error`).
//! Errors raised by async-graphql itself do not, so they are tagged here, at
//! the stage they come from: parsing (`GRAPHQL_PARSE_FAILED`), validation
//! and limits (`GRAPHQL_VALIDATION_FAILED`, with reason `QUERY_TOO_DEEP`,
//! `QUERY_TOO_COMPLEX` or `TOO_MANY_DIRECTIVES`), and argument values that
//! fail to coerce during execution (`BAD_USER_INPUT`).

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Value, Variables};

use crate::error::Code;

#[derive(Debug, Clone, Copy)]
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

fn has_code(error: &ServerError) -> bool {
    error
        .extensions
        .as_ref()
        .is_some_and(|e| e.get("code").is_some())
}

fn tag(error: &mut ServerError, code: Code, reason: Option<&str>) {
    if has_code(error) {
        return;
    }
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", code.as_str());
    if let Some(reason) = reason {
        extensions.set("reason", Value::String(reason.to_owned()));
    }
}

/// Limit errors are recognised by async-graphql's wording (pinned by tests).
fn limit_reason(message: &str) -> Option<&'static str> {
    if message.starts_with("Query is nested too deep")
        || message.starts_with("The recursion depth of the query")
    {
        Some("QUERY_TOO_DEEP")
    } else if message.starts_with("Query is too complex") {
        Some("QUERY_TOO_COMPLEX")
    } else if message.starts_with("The number of directives on the field") {
        Some("TOO_MANY_DIRECTIVES")
    } else {
        None
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables).await.map_err(|mut e| {
            match limit_reason(&e.message) {
                Some(reason) => tag(&mut e, Code::GraphqlValidationFailed, Some(reason)),
                None => tag(&mut e, Code::GraphqlParseFailed, None),
            }
            e
        })
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|mut errors| {
            for e in &mut errors {
                let reason = limit_reason(&e.message);
                tag(e, Code::GraphqlValidationFailed, reason);
            }
            errors
        })
    }

    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for e in &mut response.errors {
            // Without a path the error is about the request as a whole
            // (unknown or missing operation name); with one, a value that
            // failed to coerce into an argument's type.
            let code = if e.path.is_empty() {
                Code::GraphqlValidationFailed
            } else {
                Code::BadUserInput
            };
            tag(e, code, None);
        }
        response
    }
}
