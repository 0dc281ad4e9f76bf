//! What every resolver can reach: the request's storage handle, its
//! caller and where the request came from. Set by the HTTP layer.

use std::net::IpAddr;

use async_graphql::Context;

use crate::auth::Auth;
use crate::db::Db;
use crate::graphql::loaders::Loaders;
use crate::mail::Outbox;

/// Per-request state, attached to each GraphQL request.
#[derive(Debug)]
pub struct RequestState {
    pub db: Db,
    pub auth: Auth,
    /// The client's address, as the HTTP layer determined it.
    pub client_ip: IpAddr,
    pub loaders: Loaders,
    /// Where mail is queued, and the base of the links it carries.
    pub outbox: Outbox,
}

impl RequestState {
    pub fn new(db: Db, auth: Auth, client_ip: IpAddr, outbox: Outbox) -> RequestState {
        let loaders = Loaders::new(&db);
        RequestState {
            db,
            auth,
            client_ip,
            loaders,
            outbox,
        }
    }
}

/// Typed access to [`RequestState`] from a resolver context.
pub trait ContextExt {
    fn state(&self) -> &RequestState;
}

impl ContextExt for Context<'_> {
    fn state(&self) -> &RequestState {
        // The HTTP layer attaches the state to every request it executes; a
        // missing state is a programming error caught by every test.
        #[expect(
            clippy::expect_used,
            reason = "attached to every request by the HTTP layer"
        )]
        self.data::<RequestState>()
            .expect("RequestState is attached to every request")
    }
}
