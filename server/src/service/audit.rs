//! Workspace-scoped audit events, written in the caller's transaction.

use chrono::NaiveDateTime;

use crate::authz::Actor;
use crate::db::DbConn;
use crate::db::models::audit::NewAuditEvent;
use crate::db::sql_types::{AuditEventId, JsonValue, WorkspaceId};
use crate::error::ApiResult;
use crate::graphql::ids::NodeKind;

/// What an event is about: its GraphQL type and global id.
#[derive(Debug, Clone)]
pub struct Target {
    pub kind: NodeKind,
    pub id: String,
}

impl Target {
    pub fn new(kind: NodeKind, id: uuid::Uuid) -> Target {
        Target {
            kind,
            id: crate::graphql::ids::encode(kind, id).0,
        }
    }
}

/// The row of a workspace-scoped event, for callers writing many at once.
pub fn audit_event<'a>(
    actor: &Actor,
    workspace_id: WorkspaceId,
    action: &'a str,
    target: Option<Target>,
    metadata: serde_json::Value,
    at: NaiveDateTime,
) -> NewAuditEvent<'a> {
    NewAuditEvent {
        id: AuditEventId::new(),
        workspace_id: Some(workspace_id),
        user_id: None,
        actor_user_id: actor.user_id,
        actor_api_key_id: actor.api_key_id,
        action,
        target_type: target.as_ref().map(|t| t.kind.as_str()),
        target_id: target.map(|t| t.id),
        metadata: JsonValue(metadata),
        ip: Some(actor.ip.to_canonical().to_string()),
        created_at: at,
    }
}

pub async fn record(
    conn: &mut DbConn<'_>,
    actor: &Actor,
    workspace_id: WorkspaceId,
    action: &str,
    target: Option<Target>,
    metadata: serde_json::Value,
    at: NaiveDateTime,
) -> ApiResult<()> {
    audit_event(actor, workspace_id, action, target, metadata, at)
        .insert(conn)
        .await?;
    Ok(())
}
