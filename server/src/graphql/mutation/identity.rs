//! `signUp`, `signIn`, `signOut`.

use async_graphql::{Context, InputObject, Object};

use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::types::auth_payload::AuthPayload;
use crate::graphql::types::user::User;
use crate::service::identity;

#[derive(Debug, InputObject)]
pub struct SignUpInput {
    pub email: String,
    pub password: String,
    pub name: String,
}

#[derive(Debug, InputObject)]
pub struct SignInInput {
    pub email: String,
    pub password: String,
}

#[derive(Debug, InputObject)]
pub struct VerifyEmailInput {
    pub token: String,
}

#[derive(Debug, Default)]
pub struct IdentityMutation;

#[Object]
impl IdentityMutation {
    /// Creates an account and signs it in. Ignores any Authorization header.
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> ApiResult<AuthPayload> {
        let state = ctx.state();
        identity::sign_up(
            &state.db,
            &input.email,
            &input.password,
            &input.name,
            state.client_ip,
        )
        .await
        .map(AuthPayload::from)
    }

    /// Starts a session. Ignores any Authorization header.
    async fn sign_in(&self, ctx: &Context<'_>, input: SignInInput) -> ApiResult<AuthPayload> {
        let state = ctx.state();
        identity::sign_in(&state.db, &input.email, &input.password, state.client_ip)
            .await
            .map(AuthPayload::from)
    }

    /// Ends the calling session.
    async fn sign_out(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let state = ctx.state();
        let (user, session_id) = state.auth.require_user(&state.db).await?;
        identity::sign_out(&state.db, user, session_id, state.client_ip).await?;
        Ok(true)
    }

    /// Sends a verification email to the signed-in user (no-op when already verified).
    async fn request_email_verification(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let state = ctx.state();
        let (user, _) = state.auth.require_user(&state.db).await?;
        identity::request_email_verification(&state.db, &state.outbox, user, state.client_ip)
            .await?;
        Ok(true)
    }

    async fn verify_email(&self, ctx: &Context<'_>, input: VerifyEmailInput) -> ApiResult<User> {
        let state = ctx.state();
        let (user, _) = state.auth.require_user(&state.db).await?;
        identity::verify_email(&state.db, user, &input.token, state.client_ip)
            .await
            .map(User)
    }
}
