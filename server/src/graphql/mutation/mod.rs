//! Root mutation fields, one module per domain, merged into [`Mutation`].

mod api_key;
mod identity;
mod invitation;
mod member;
mod project;
mod role;
mod workspace;

use async_graphql::MergedObject;

#[derive(Debug, Default, MergedObject)]
pub struct Mutation(
    identity::IdentityMutation,
    workspace::WorkspaceMutation,
    project::ProjectMutation,
    member::MemberMutation,
    role::RoleMutation,
    api_key::ApiKeyMutation,
    invitation::InvitationMutation,
);
