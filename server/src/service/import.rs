//! CSV import of invitations (DESIGN §7): the file is checked with the same
//! `orkesta-core` parser the SDK uses, against the workspace (roles,
//! projects the importer can see, allowed domains, the importer's own
//! permissions). Every problem is reported and then nothing is written; a
//! valid file is written in one transaction.

use std::collections::HashMap;
use std::sync::Arc;

use futures_util::FutureExt;
use orkesta_core::invitation_csv::{
    CsvContext, CsvGranter, CsvInvitation, CsvProblem, parse_invitation_csv,
};

use super::invitation::{Checked, write_new_many, write_one};
use crate::authz::WorkspaceScope;
use crate::db::models::invitation::{Invitation, InvitationProject};
use crate::db::models::member::Member;
use crate::db::models::project::{Project, ProjectFilter};
use crate::db::models::role::Role;
use crate::db::models::workspace::Workspace;
use crate::db::now;
use crate::db::sql_types::ProjectId;
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::RequestState;

/// What an import did, or on a dry run would do.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows_read: u32,
    pub invited: u32,
    pub skipped: u32,
    pub errors: Vec<CsvProblem>,
    pub invitations: Vec<Invitation>,
}

pub async fn import(
    state: &RequestState,
    scope: &Arc<WorkspaceScope>,
    csv: &[u8],
    dry_run: bool,
) -> ApiResult<ImportReport> {
    let workspace_id = scope.workspace.id;
    let (projects, allowed_domains) = state
        .db
        .read(move |mut conn| {
            async move {
                let filter = ProjectFilter {
                    include_archived: true,
                    ..ProjectFilter::default()
                };
                let projects =
                    Project::page(&mut conn, workspace_id, &filter, None, i64::MAX).await?;
                Ok::<_, ApiError>((
                    projects,
                    Workspace::allowed_email_domains(&mut conn, workspace_id).await?,
                ))
            }
            .boxed()
        })
        .await?;
    let visible = scope.projects(state, projects).await?;
    let roles = scope.roles(state).await?;
    let caller = scope.caller_role().cloned().ok_or_else(|| {
        ApiError::forbidden("INSUFFICIENT_SCOPE", "only members import invitations")
    })?;
    let context = CsvContext {
        roles: roles.iter().map(Role::definition).collect(),
        project_slugs: visible.iter().map(|p| p.project.slug.clone()).collect(),
        allowed_email_domains: allowed_domains,
        granter: Some(CsvGranter {
            workspace_role: caller,
            project_permissions: visible
                .iter()
                .map(|p| (p.project.slug.clone(), p.permissions))
                .collect(),
        }),
    };
    let parsed = parse_invitation_csv(csv, Some(&context));
    let mut report = ImportReport {
        dry_run,
        rows_read: parsed.rows_read,
        ..ImportReport::default()
    };
    if !parsed.problems.is_empty() {
        report.errors = parsed.problems;
        return Ok(report);
    }

    let by_key: HashMap<&str, &Role> = roles.iter().map(|r| (r.key.as_str(), r)).collect();
    let project_ids: HashMap<&str, ProjectId> = visible
        .iter()
        .map(|p| (p.project.slug.as_str(), p.project.id))
        .collect();
    let checked: Vec<Checked> = parsed
        .invitations
        .iter()
        .map(|row| resolve(row, &by_key, &project_ids))
        .collect::<ApiResult<_>>()?;

    let emails: Vec<String> = checked.iter().map(|c| c.email.normalized.clone()).collect();
    let (members, pending, pending_projects) = state
        .db
        .read(move |mut conn| {
            async move {
                let members = Member::emails_in(&mut conn, workspace_id, &emails).await?;
                let pending =
                    Invitation::pending_for_emails(&mut conn, workspace_id, &emails).await?;
                let ids: Vec<_> = pending.iter().map(|i| i.id).collect();
                let projects = InvitationProject::for_invitations(&mut conn, &ids).await?;
                Ok::<_, ApiError>((members, pending, projects))
            }
            .boxed()
        })
        .await?;
    let pending: HashMap<String, Invitation> = pending
        .into_iter()
        .map(|i| (i.email_normalized.clone(), i))
        .collect();
    let to_write: Vec<Checked> = checked
        .into_iter()
        .filter(|c| {
            if members.contains(&c.email.normalized) {
                return false;
            }
            // A pending invitation with the same role and projects is skipped.
            pending.get(&c.email.normalized).is_none_or(|existing| {
                let mut current: Vec<_> = pending_projects
                    .iter()
                    .filter(|(a, _)| a.invitation_id == existing.id)
                    .map(|(a, _)| (a.project_id, a.role_id))
                    .collect();
                let mut wanted: Vec<_> = c
                    .projects
                    .iter()
                    .map(|(id, role)| (*id, role.as_ref().map(|r| r.id)))
                    .collect();
                current.sort();
                wanted.sort();
                existing.role_id != c.role.id || current != wanted
            })
        })
        .collect();
    report.invited = u32::try_from(to_write.len()).unwrap_or(u32::MAX);
    report.skipped = report.rows_read - report.invited;
    if dry_run || to_write.is_empty() {
        return Ok(report);
    }
    let (actor, workspace, outbox) = (
        scope.actor.clone(),
        scope.workspace.clone(),
        state.outbox.clone(),
    );
    // New emails go in bulk; updates of pending invitations one by one.
    let (updates, new): (Vec<Checked>, Vec<Checked>) = to_write
        .into_iter()
        .partition(|c| pending.contains_key(&c.email.normalized));
    report.invitations = state
        .db
        .write(move |mut conn| {
            async move {
                let at = now();
                let mut written =
                    write_new_many(&mut conn, &actor, &workspace, &outbox, &new, at).await?;
                for checked in &updates {
                    written.push(
                        write_one(&mut conn, &actor, &workspace, &outbox, checked, at)
                            .await?
                            .0,
                    );
                }
                Ok::<_, ApiError>(written)
            }
            .boxed()
        })
        .await?;
    state.outbox.wake();
    Ok(report)
}

/// A parsed row with its role and projects looked up (the parser already
/// checked they exist).
fn resolve(
    row: &CsvInvitation,
    roles: &HashMap<&str, &Role>,
    projects: &HashMap<&str, ProjectId>,
) -> ApiResult<Checked> {
    let role = |key: &str| {
        roles
            .get(key)
            .map(|r| (*r).clone())
            .ok_or_else(|| ApiError::bad_input("UNKNOWN_ROLE", format!("no role with key `{key}`")))
    };
    Ok(Checked {
        email: row.email.clone(),
        role: role(&row.role_key)?,
        projects: row
            .projects
            .iter()
            .map(|p| {
                let id = projects
                    .get(p.project_slug.as_str())
                    .copied()
                    .ok_or_else(|| {
                        ApiError::bad_input(
                            "UNKNOWN_PROJECT",
                            format!("no project with slug `{}`", p.project_slug),
                        )
                    })?;
                Ok((id, p.role_key.as_deref().map(role).transpose()?))
            })
            .collect::<ApiResult<_>>()?,
    })
}
