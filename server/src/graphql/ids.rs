//! Opaque, type-tagged global ids: base64url (no padding) of `Type:<uuid>`.
//! A malformed id and an id of another type both decode to `None`, so
//! callers treat them exactly like ids that do not exist.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The GraphQL types that have global ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    User,
    Workspace,
    Project,
    Role,
    WorkspaceMember,
    ProjectMember,
    Invitation,
    ApiKey,
    Payment,
    AuditEvent,
}

impl NodeKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            NodeKind::User => "User",
            NodeKind::Workspace => "Workspace",
            NodeKind::Project => "Project",
            NodeKind::Role => "Role",
            NodeKind::WorkspaceMember => "WorkspaceMember",
            NodeKind::ProjectMember => "ProjectMember",
            NodeKind::Invitation => "Invitation",
            NodeKind::ApiKey => "ApiKey",
            NodeKind::Payment => "Payment",
            NodeKind::AuditEvent => "AuditEvent",
        }
    }
}

pub fn encode(kind: NodeKind, id: uuid::Uuid) -> async_graphql::ID {
    async_graphql::ID(URL_SAFE_NO_PAD.encode(format!("{}:{}", kind.as_str(), id.hyphenated())))
}

/// The uuid inside `id` when it is a well-formed id of `kind`.
pub fn decode(kind: NodeKind, id: &str) -> Option<uuid::Uuid> {
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (tag, uuid) = text.split_once(':')?;
    (tag == kind.as_str()).then(|| uuid.parse().ok()).flatten()
}

/// An id made of two uuids, for objects identified by a pair (a project
/// member is a project and a user).
pub fn encode_pair(kind: NodeKind, first: uuid::Uuid, second: uuid::Uuid) -> async_graphql::ID {
    async_graphql::ID(URL_SAFE_NO_PAD.encode(format!(
        "{}:{}:{}",
        kind.as_str(),
        first.hyphenated(),
        second.hyphenated()
    )))
}

pub fn decode_pair(kind: NodeKind, id: &str) -> Option<(uuid::Uuid, uuid::Uuid)> {
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let mut parts = text.split(':');
    let (Some(tag), Some(a), Some(b), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    (tag == kind.as_str()).then_some(())?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The kind named in an id, if it is one of ours.
pub fn kind_of(id: &str) -> Option<NodeKind> {
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let tag = text.split(':').next()?;
    ALL_KINDS.into_iter().find(|k| k.as_str() == tag)
}

const ALL_KINDS: [NodeKind; 10] = [
    NodeKind::User,
    NodeKind::Workspace,
    NodeKind::Project,
    NodeKind::Role,
    NodeKind::WorkspaceMember,
    NodeKind::ProjectMember,
    NodeKind::Invitation,
    NodeKind::ApiKey,
    NodeKind::Payment,
    NodeKind::AuditEvent,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_type_tagged() {
        let u = uuid::Uuid::now_v7();
        let id = encode(NodeKind::Workspace, u);
        assert_eq!(decode(NodeKind::Workspace, &id), Some(u));
        assert_eq!(decode(NodeKind::Project, &id), None);
        assert_eq!(decode(NodeKind::Workspace, "not-base64!"), None);
        assert_eq!(
            decode(
                NodeKind::Workspace,
                &URL_SAFE_NO_PAD.encode("Workspace:nope")
            ),
            None
        );
    }
}
