//! Invitations (DESIGN §7): invite, re-invite, resend, revoke, accept.
//! Each writes its invitation, its project assignments, its outbox message
//! and its audit event in one transaction.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Duration, NaiveDateTime};
use futures_util::FutureExt;
use orkesta_core::access::{may_grant_in_project, may_grant_in_workspace};
use orkesta_core::api_key::{Token, TokenKind};
use orkesta_core::validate::{Email, parse_email};
use serde_json::json;

use super::audit::{Target, audit_event, record};
use crate::auth::secret;
use crate::authz::{Actor, WorkspaceScope};
use crate::db::models::audit::NewAuditEvent;
use crate::db::models::invitation::{
    ACCEPTED, Invitation, InvitationProject, NewInvitation, PENDING, REVOKED,
};
use crate::db::models::member::{Member, NewMember};
use crate::db::models::outbox::NewOutboxMessage;
use crate::db::models::project_member::NewProjectMember;
use crate::db::models::role::Role;
use crate::db::models::user::User;
use crate::db::models::workspace::Workspace;
use crate::db::sql_types::{InvitationId, MemberId, ProjectMemberId};
use crate::db::{DbConn, is_unique_violation, now};
use crate::error::{ApiError, ApiResult, Code};
use crate::graphql::context::RequestState;
use crate::graphql::ids::NodeKind;

/// How long an invitation token lives.
pub const LIFETIME: Duration = Duration::days(7);

/// A project assignment asked for by an invitation.
#[derive(Debug, Clone)]
pub struct InviteProject {
    pub slug: String,
    pub role_key: Option<String>,
}

/// An invitation checked against the workspace: role and projects resolved,
/// grants within the inviter's own permissions.
#[derive(Debug, Clone)]
pub struct Checked {
    pub email: Email,
    pub role: Role,
    pub projects: Vec<(crate::db::sql_types::ProjectId, Option<Role>)>,
}

fn escalation(message: String) -> ApiError {
    ApiError::forbidden("ESCALATION", message)
}

/// Resolves and checks what `inviteMember` asks for (DESIGN §5, §7).
async fn check(
    state: &RequestState,
    scope: &Arc<WorkspaceScope>,
    email: &str,
    role_key: &str,
    projects: &[InviteProject],
) -> ApiResult<Checked> {
    let email = parse_email(email).map_err(|e| ApiError::invalid_value("email", e))?;
    let workspace_id = scope.workspace.id;
    let allowed = state
        .db
        .read(move |mut conn| {
            async move {
                Ok::<_, ApiError>(Workspace::allowed_email_domains(&mut conn, workspace_id).await?)
            }
            .boxed()
        })
        .await?;
    if !allowed.is_empty() && !allowed.iter().any(|d| d == email.domain()) {
        return Err(ApiError::bad_input(
            "EMAIL_DOMAIN_NOT_ALLOWED",
            format!(
                "invitations to `{}` are not allowed in this workspace",
                email.domain()
            ),
        )
        .on("email"));
    }
    let role = scope.role_by_key(state, role_key, "roleKey").await?;
    let caller = scope
        .caller_role()
        .ok_or_else(|| escalation("only members invite".into()))?;
    if !may_grant_in_workspace(caller, role.permissions()) {
        return Err(escalation(format!(
            "you cannot invite with role `{}`: it has permissions you do not hold",
            role.key
        )));
    }
    let mut seen = HashSet::new();
    let mut resolved = Vec::with_capacity(projects.len());
    for p in projects {
        if !seen.insert(p.slug.clone()) {
            return Err(ApiError::bad_input(
                "DUPLICATE_PROJECT",
                format!("project `{}` is listed twice", p.slug),
            )
            .on("projects"));
        }
        let project = scope.find_project(state, &p.slug).await?.ok_or_else(|| {
            ApiError::bad_input(
                "UNKNOWN_PROJECT",
                format!("no project with slug `{}`", p.slug),
            )
            .on("projects")
        })?;
        let project_role = match &p.role_key {
            Some(key) => Some(scope.role_by_key(state, key, "projects").await?),
            None => None,
        };
        let granted = project_role.as_ref().unwrap_or(&role).permissions();
        if !may_grant_in_project(caller, project.permissions, granted) {
            return Err(escalation(format!(
                "you cannot grant that role in project `{}`",
                p.slug
            )));
        }
        resolved.push((project.project.id, project_role));
    }
    Ok(Checked {
        email,
        role,
        projects: resolved,
    })
}

/// Writes one checked invitation: a new one, or an update of the pending
/// one for the same email (role, projects, a fresh token and expiry). The
/// outbox message goes in the same transaction. Returns the invitation and
/// whether it was new.
pub async fn write_one(
    conn: &mut DbConn<'_>,
    actor: &Actor,
    workspace: &Workspace,
    outbox: &crate::mail::Outbox,
    checked: &Checked,
    at: NaiveDateTime,
) -> ApiResult<(Invitation, bool)> {
    if !Member::emails_in(
        conn,
        workspace.id,
        std::slice::from_ref(&checked.email.normalized),
    )
    .await?
    .is_empty()
    {
        return Err(ApiError::conflict(
            "ALREADY_MEMBER",
            "this person is already a member of the workspace",
        )
        .on("email"));
    }
    let token = secret::generate(TokenKind::Invitation);
    let hash = secret::hash(token.expose_secret());
    let expires_at = at + LIFETIME;
    let pending = Invitation::pending_for_emails(
        conn,
        workspace.id,
        std::slice::from_ref(&checked.email.normalized),
    )
    .await?
    .pop();
    let (invitation, created) = match pending {
        Some(existing) => (
            Invitation::renew(conn, existing.id, checked.role.id, &hash, expires_at).await?,
            false,
        ),
        None => {
            let new = NewInvitation {
                id: InvitationId::new(),
                workspace_id: workspace.id,
                email: &checked.email.as_entered,
                email_normalized: &checked.email.normalized,
                role_id: checked.role.id,
                status: PENDING,
                token_hash: &hash,
                invited_by_user_id: actor.user_id,
                created_at: at,
                expires_at,
            };
            (new.insert(conn).await?, true)
        }
    };
    let rows: Vec<InvitationProject> = checked
        .projects
        .iter()
        .map(|(project_id, role)| InvitationProject {
            invitation_id: invitation.id,
            workspace_id: workspace.id,
            project_id: *project_id,
            role_id: role.as_ref().map(|r| r.id),
        })
        .collect();
    InvitationProject::replace(conn, invitation.id, &rows).await?;
    let mail = outbox
        .invitation(
            &invitation.email,
            &workspace.name,
            token.expose_secret(),
            at,
        )
        .for_invitation(workspace.id, invitation.id);
    NewOutboxMessage::insert_many(conn, &[mail]).await?;
    let action = if created {
        "invitation.created"
    } else {
        "invitation.updated"
    };
    record(
        conn,
        actor,
        workspace.id,
        action,
        Some(Target::new(NodeKind::Invitation, invitation.id.0)),
        json!({ "email": invitation.email, "role": checked.role.key }),
        at,
    )
    .await?;
    Ok((invitation, created))
}

/// Writes many new invitations (no pending one exists for their emails) in
/// a few multi-row statements: invitations, their projects, their mail and
/// their audit events. Used by the CSV import, where per-row statements
/// would make a 5,000-row file slow.
pub async fn write_new_many(
    conn: &mut DbConn<'_>,
    actor: &Actor,
    workspace: &Workspace,
    outbox: &crate::mail::Outbox,
    rows: &[Checked],
    at: NaiveDateTime,
) -> ApiResult<Vec<Invitation>> {
    let expires_at = at + LIFETIME;
    let tokens: Vec<Token> = rows
        .iter()
        .map(|_| secret::generate(TokenKind::Invitation))
        .collect();
    let hashes: Vec<Vec<u8>> = tokens
        .iter()
        .map(|t| secret::hash(t.expose_secret()))
        .collect();
    let ids: Vec<InvitationId> = rows.iter().map(|_| InvitationId::new()).collect();
    let new: Vec<NewInvitation<'_>> = rows
        .iter()
        .zip(&hashes)
        .zip(&ids)
        .map(|((c, hash), id)| NewInvitation {
            id: *id,
            workspace_id: workspace.id,
            email: &c.email.as_entered,
            email_normalized: &c.email.normalized,
            role_id: c.role.id,
            status: PENDING,
            token_hash: hash,
            invited_by_user_id: actor.user_id,
            created_at: at,
            expires_at,
        })
        .collect();
    NewInvitation::insert_many(conn, &new).await?;
    let projects: Vec<InvitationProject> = rows
        .iter()
        .zip(&ids)
        .flat_map(|(c, id)| {
            c.projects
                .iter()
                .map(|(project_id, role)| InvitationProject {
                    invitation_id: *id,
                    workspace_id: workspace.id,
                    project_id: *project_id,
                    role_id: role.as_ref().map(|r| r.id),
                })
        })
        .collect();
    InvitationProject::insert_many(conn, &projects).await?;
    let mail: Vec<NewOutboxMessage> = rows
        .iter()
        .zip(&tokens)
        .zip(&ids)
        .map(|((c, token), id)| {
            outbox
                .invitation(
                    &c.email.as_entered,
                    &workspace.name,
                    token.expose_secret(),
                    at,
                )
                .for_invitation(workspace.id, *id)
        })
        .collect();
    NewOutboxMessage::insert_many(conn, &mail).await?;
    let events: Vec<NewAuditEvent<'_>> = rows
        .iter()
        .zip(&ids)
        .map(|(c, id)| {
            audit_event(
                actor,
                workspace.id,
                "invitation.created",
                Some(Target::new(NodeKind::Invitation, id.0)),
                json!({ "email": c.email.as_entered, "role": c.role.key, "via": "import" }),
                at,
            )
        })
        .collect();
    NewAuditEvent::insert_many(conn, &events).await?;
    Ok(new
        .iter()
        .map(|n| Invitation {
            id: n.id,
            workspace_id: n.workspace_id,
            email: n.email.to_owned(),
            email_normalized: n.email_normalized.to_owned(),
            role_id: n.role_id,
            status: PENDING.to_owned(),
            token_hash: n.token_hash.to_vec(),
            invited_by_user_id: n.invited_by_user_id,
            created_at: at,
            expires_at,
            accepted_at: None,
            accepted_by_user_id: None,
            revoked_at: None,
        })
        .collect())
}

/// Invites someone, or updates their pending invitation. Concurrent
/// identical invitations all succeed and leave one invitation: the one that
/// loses the race on the unique index retries and updates the winner's.
pub async fn invite(
    state: &RequestState,
    scope: &Arc<WorkspaceScope>,
    email: &str,
    role_key: &str,
    projects: &[InviteProject],
) -> ApiResult<Invitation> {
    let checked = check(state, scope, email, role_key, projects).await?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (checked, actor, workspace, outbox) = (
            checked.clone(),
            scope.actor.clone(),
            scope.workspace.clone(),
            state.outbox.clone(),
        );
        let result = state
            .db
            .write(move |mut conn| {
                async move {
                    write_one(&mut conn, &actor, &workspace, &outbox, &checked, now())
                        .await
                        .map(|(i, _)| i)
                }
                .boxed()
            })
            .await;
        match result {
            Err(ApiError::Internal(cause))
                if attempt < 3
                    && cause
                        .downcast_ref::<diesel::result::Error>()
                        .is_some_and(is_unique_violation) =>
            {
                continue;
            }
            other => {
                if other.is_ok() {
                    state.outbox.wake();
                }
                return other;
            }
        }
    }
}

/// Issues a fresh token and a fresh 7-day expiry (an EXPIRED invitation is
/// PENDING again) and sends the email once more.
pub async fn resend(
    state: &RequestState,
    scope: &WorkspaceScope,
    id: InvitationId,
) -> ApiResult<Invitation> {
    let (actor, workspace, outbox) = (
        scope.actor.clone(),
        scope.workspace.clone(),
        state.outbox.clone(),
    );
    let invitation = state
        .db
        .write(move |mut conn| {
            async move {
                let existing = Invitation::find_in_workspace(&mut conn, workspace.id, id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("invitation"))?;
                if existing.status != PENDING {
                    return Err(ApiError::conflict(
                        "INVITATION_NOT_PENDING",
                        format!("the invitation is {}", existing.status.to_lowercase()),
                    ));
                }
                let at = now();
                let token = secret::generate(TokenKind::Invitation);
                let renewed = Invitation::renew(
                    &mut conn,
                    id,
                    existing.role_id,
                    &secret::hash(token.expose_secret()),
                    at + LIFETIME,
                )
                .await?;
                let mail = outbox
                    .invitation(&renewed.email, &workspace.name, token.expose_secret(), at)
                    .for_invitation(workspace.id, id);
                NewOutboxMessage::insert_many(&mut conn, &[mail]).await?;
                record(
                    &mut conn,
                    &actor,
                    workspace.id,
                    "invitation.resent",
                    Some(Target::new(NodeKind::Invitation, id.0)),
                    json!({ "email": renewed.email }),
                    at,
                )
                .await?;
                Ok(renewed)
            }
            .boxed()
        })
        .await?;
    state.outbox.wake();
    Ok(invitation)
}

/// Ends a pending invitation.
pub async fn revoke(
    state: &RequestState,
    scope: &WorkspaceScope,
    id: InvitationId,
) -> ApiResult<Invitation> {
    let (actor, workspace_id) = (scope.actor.clone(), scope.workspace.id);
    state
        .db
        .write(move |mut conn| {
            async move {
                let existing = Invitation::find_in_workspace(&mut conn, workspace_id, id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("invitation"))?;
                if existing.status != PENDING {
                    return Err(ApiError::conflict(
                        "INVITATION_NOT_PENDING",
                        format!("the invitation is {}", existing.status.to_lowercase()),
                    ));
                }
                let at = now();
                let revoked = Invitation::mark_revoked(&mut conn, id, at).await?;
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "invitation.revoked",
                    Some(Target::new(NodeKind::Invitation, id.0)),
                    json!({ "email": revoked.email }),
                    at,
                )
                .await?;
                Ok(revoked)
            }
            .boxed()
        })
        .await
}

/// Accepts an invitation as the signed-in `user`, whose email must match.
/// Membership, project assignments and the verified email are written in
/// one transaction.
pub async fn accept(
    state: &RequestState,
    user: User,
    token: &str,
) -> ApiResult<Arc<WorkspaceScope>> {
    let invalid = || {
        ApiError::bad_input(
            "INVITATION_INVALID",
            "this invitation link is not valid (it may have been replaced by a newer one)",
        )
        .on("token")
    };
    let token = Token::parse(TokenKind::Invitation, token.trim()).map_err(|_| invalid())?;
    let hash = secret::hash(token.expose_secret());
    let ip = state.client_ip;
    let (workspace, member, role) = state
        .db
        .write(move |mut conn| {
            async move {
                let invitation = Invitation::find_by_token_hash(&mut conn, &hash)
                    .await?
                    .filter(|i| secret::same_hash(&i.token_hash, &hash))
                    .ok_or_else(invalid)?;
                let at = now();
                match invitation.status.as_str() {
                    ACCEPTED => {
                        return Err(ApiError::bad_input(
                            "INVITATION_USED",
                            "this invitation was already accepted",
                        )
                        .on("token"));
                    }
                    REVOKED => {
                        return Err(ApiError::bad_input(
                            "INVITATION_REVOKED",
                            "this invitation was revoked",
                        )
                        .on("token"));
                    }
                    _ if invitation.expires_at <= at => {
                        return Err(ApiError::bad_input(
                            "INVITATION_EXPIRED",
                            "this invitation has expired; ask for a new one",
                        )
                        .on("token"));
                    }
                    _ => {}
                }
                if invitation.email_normalized != user.email_normalized {
                    return Err(ApiError::new(
                        Code::Forbidden,
                        Some("INVITATION_EMAIL_MISMATCH"),
                        "this invitation is for another email address",
                    ));
                }
                if !Invitation::mark_accepted(&mut conn, invitation.id, user.id, at).await? {
                    return Err(ApiError::bad_input(
                        "INVITATION_USED",
                        "this invitation was already accepted",
                    )
                    .on("token"));
                }
                let member = NewMember {
                    id: MemberId::new(),
                    workspace_id: invitation.workspace_id,
                    user_id: user.id,
                    role_id: invitation.role_id,
                    joined_at: at,
                }
                .insert(&mut conn)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        ApiError::conflict(
                            "ALREADY_MEMBER",
                            "you are already a member of this workspace",
                        )
                    } else {
                        ApiError::from(e)
                    }
                })?;
                for (assignment, _) in
                    InvitationProject::for_invitations(&mut conn, &[invitation.id]).await?
                {
                    NewProjectMember {
                        id: ProjectMemberId::new(),
                        workspace_id: invitation.workspace_id,
                        project_id: assignment.project_id,
                        user_id: user.id,
                        role_id: assignment.role_id,
                        added_at: at,
                    }
                    .upsert(&mut conn)
                    .await?;
                }
                User::mark_verified(&mut conn, user.id, at).await?;
                let actor = Actor {
                    user_id: Some(user.id),
                    api_key_id: None,
                    ip,
                };
                record(
                    &mut conn,
                    &actor,
                    invitation.workspace_id,
                    "invitation.accepted",
                    Some(Target::new(NodeKind::Invitation, invitation.id.0)),
                    json!({ "email": invitation.email }),
                    at,
                )
                .await?;
                let workspace = Workspace::find(&mut conn, invitation.workspace_id)
                    .await?
                    .ok_or_else(|| ApiError::not_found("workspace"))?;
                let role = Role::for_workspaces(&mut conn, &[workspace.id])
                    .await?
                    .into_iter()
                    .find(|r| r.id == member.role_id)
                    .ok_or_else(|| ApiError::not_found("role"))?;
                Ok((workspace, member, role))
            }
            .boxed()
        })
        .await?;
    Ok(Arc::new(WorkspaceScope::for_member(
        workspace,
        member,
        role,
        state.client_ip,
    )))
}
