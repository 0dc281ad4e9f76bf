//! Root mutation fields, one module per domain, merged into [`Mutation`].

mod identity;

use async_graphql::MergedObject;

#[derive(Debug, Default, MergedObject)]
pub struct Mutation(identity::IdentityMutation);
