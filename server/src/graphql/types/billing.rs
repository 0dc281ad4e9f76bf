//! `WorkspaceBilling`.

use async_graphql::SimpleObject;

#[derive(Debug, SimpleObject)]
pub struct WorkspaceBilling {
    pub plan: String,
    pub billing_email: Option<String>,
    /// Seats in use = members + pending invitations.
    pub seats_used: i32,
    pub seat_limit: Option<i32>,
}
