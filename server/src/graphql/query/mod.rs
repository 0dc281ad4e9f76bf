//! Root query fields, one module per domain, merged into [`Query`].

mod me;
mod workspace;

use async_graphql::MergedObject;

#[derive(Debug, Default, MergedObject)]
pub struct Query(me::MeQuery, workspace::WorkspaceQuery);
