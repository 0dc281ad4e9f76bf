//! `Me`: who is calling.

use async_graphql::Object;

use super::user::User;
use crate::auth::Principal;

/// Who is calling: a signed-in user, or an API key (then `user` is null).
#[derive(Debug)]
pub struct Me(pub std::sync::Arc<Principal>);

#[Object]
impl Me {
    async fn user(&self) -> Option<User> {
        self.0.user().cloned().map(User)
    }
}
