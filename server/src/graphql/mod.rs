//! The GraphQL schema: roots merged from one module per domain, one module
//! per output type, the limits of DESIGN §10, and the error-code extension.
//! The schema knows nothing of HTTP; `http::graphql` executes it.

pub mod connection;
pub mod context;
mod error_codes;
mod guards;
pub mod ids;
pub mod loaders;
mod mutation;
mod query;
pub mod scalars;
pub mod types;

use async_graphql::{EmptySubscription, Schema, SchemaBuilder};

use crate::config::Limits;

pub use mutation::Mutation;
pub use query::Query;

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// Builds the schema with every limit set explicitly: async-graphql's own
/// defaults are unlimited.
pub fn build_schema(limits: &Limits) -> AppSchema {
    let mut builder: SchemaBuilder<Query, Mutation, EmptySubscription> =
        Schema::build(Query::default(), Mutation::default(), EmptySubscription)
            .limit_depth(limits.max_depth)
            .limit_complexity(limits.max_complexity)
            .limit_recursive_depth(limits.max_recursive_depth)
            .limit_directives(limits.max_directives)
            .extension(error_codes::ErrorCodes);
    if !limits.introspection {
        builder = builder.disable_introspection();
    }
    if !limits.suggestions {
        builder = builder.disable_suggestions();
    }
    builder.finish()
}

/// The SDL that `orkesta print-schema` prints and `schema.graphql` holds.
pub fn sdl(schema: &AppSchema) -> String {
    schema.sdl()
}
