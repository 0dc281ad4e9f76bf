//! `me`.

use async_graphql::{Context, Object};

use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::types::me::Me;

#[derive(Debug, Default)]
pub struct MeQuery;

#[Object]
impl MeQuery {
    /// The caller. Works without credentials (then `user` is null); a
    /// presented but invalid token is UNAUTHENTICATED.
    async fn me(&self, ctx: &Context<'_>) -> ApiResult<Me> {
        let state = ctx.state();
        Ok(Me(state.auth.principal(&state.db).await?))
    }
}
