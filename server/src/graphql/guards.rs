//! Field guards: the adapters between async-graphql's `guard` attribute and
//! the checks of `crate::authz`. Every guarded field of a workspace or
//! project names its [`Op`] here, next to its signature.

use async_graphql::{Context, Guard, Result};
use orkesta_core::policy::Op;

use crate::authz::{ProjectScope, WorkspaceScope};
use crate::error::ApiError;

/// Guard: the caller may do `op` in this workspace.
#[derive(Debug)]
pub struct InWorkspace<'a>(pub &'a WorkspaceScope, pub Op);

impl Guard for InWorkspace<'_> {
    async fn check(&self, _ctx: &Context<'_>) -> Result<()> {
        self.0.check(self.1).map_err(ApiError::into)
    }
}

/// Guard: the caller may do `op` in this project.
#[derive(Debug)]
pub struct InProject<'a>(pub &'a ProjectScope, pub Op);

impl Guard for InProject<'_> {
    async fn check(&self, _ctx: &Context<'_>) -> Result<()> {
        self.0.check(self.1).map_err(ApiError::into)
    }
}
