//! Projects: create, change, archive, delete, settings.

use std::sync::Arc;

use futures_util::FutureExt;
use orkesta_core::validate::{SlugKind, normalize_description, normalize_name, validate_slug};
use serde_json::json;

use super::audit::{Target, record};
use crate::authz::{ProjectScope, WorkspaceScope};
use crate::db::models::project::{
    NewProject, NewProjectSetting, Project, ProjectChanges, ProjectSetting,
};
use crate::db::models::project_member::NewProjectMember;
use crate::db::now;
use crate::db::sql_types::{JsonValue, ProjectId, ProjectMemberId};
use crate::error::{ApiError, ApiResult};
use crate::graphql::context::RequestState;
use crate::graphql::ids::NodeKind;

/// Setting keys: 1–100 of letters, digits, `.`, `_`, `-`.
const SETTING_KEY_MAX: usize = 100;
/// A setting's JSON value, serialised, at most 64 KiB.
const SETTING_VALUE_MAX_BYTES: usize = 64 * 1024;

fn slug_taken(e: diesel::result::Error, field: &'static str) -> ApiError {
    super::slug_taken(e, field, "a project with this slug exists in the workspace")
}

fn description(text: Option<String>) -> ApiResult<Option<String>> {
    Ok(text
        .map(|d| normalize_description(&d))
        .transpose()
        .map_err(|e| ApiError::invalid_value("description", e))?
        .flatten())
}

#[derive(Debug)]
pub struct NewProjectInput {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub environment: &'static str,
}

/// Creates a project. A creator who is not a workspace Admin is assigned to
/// it (inheriting the workspace role), so they can see what they created.
pub async fn create(
    state: &RequestState,
    scope: &Arc<WorkspaceScope>,
    input: NewProjectInput,
) -> ApiResult<Arc<ProjectScope>> {
    validate_slug(&input.slug, SlugKind::Project)
        .map_err(|e| ApiError::invalid_value("slug", e))?;
    let name = normalize_name(&input.name).map_err(|e| ApiError::invalid_value("name", e))?;
    let description = description(input.description)?;
    let (workspace_id, actor) = (scope.workspace.id, scope.actor.clone());
    let assign = if scope.is_admin() {
        None
    } else {
        scope.caller_user()
    };
    let project = state
        .db
        .write(move |mut conn| {
            async move {
                let at = now();
                let new = NewProject {
                    id: ProjectId::new(),
                    workspace_id,
                    slug: &input.slug,
                    name: &name,
                    description: description.as_deref(),
                    environment: input.environment,
                    created_at: at,
                };
                let project = new
                    .insert(&mut conn)
                    .await
                    .map_err(|e| slug_taken(e, "slug"))?;
                if let Some(user_id) = assign {
                    NewProjectMember {
                        id: ProjectMemberId::new(),
                        workspace_id,
                        project_id: project.id,
                        user_id,
                        role_id: None,
                        added_at: at,
                    }
                    .upsert(&mut conn)
                    .await?;
                }
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "project.created",
                    Some(Target::new(NodeKind::Project, project.id.0)),
                    json!({ "slug": project.slug }),
                    at,
                )
                .await?;
                Ok::<_, ApiError>(project)
            }
            .boxed()
        })
        .await?;
    scope
        .project(state, project)
        .await?
        .ok_or_else(|| ApiError::not_found("project"))
}

#[derive(Debug)]
pub struct ProjectUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    pub environment: Option<&'static str>,
    pub new_slug: Option<String>,
}

pub async fn update(
    state: &RequestState,
    scope: &ProjectScope,
    update: ProjectUpdate,
) -> ApiResult<Project> {
    if let Some(slug) = &update.new_slug {
        validate_slug(slug, SlugKind::Project)
            .map_err(|e| ApiError::invalid_value("newSlug", e))?;
    }
    let name = update
        .name
        .map(|n| normalize_name(&n))
        .transpose()
        .map_err(|e| ApiError::invalid_value("name", e))?;
    let description_given = update.description.is_some();
    let description = description(update.description)?;
    let (id, workspace_id, actor) = (
        scope.project.id,
        scope.project.workspace_id,
        scope.workspace.actor.clone(),
    );
    let environment = update.environment;
    let new_slug = update.new_slug;
    state
        .db
        .write(move |mut conn| {
            async move {
                let changes = ProjectChanges {
                    slug: new_slug.as_deref(),
                    name: name.as_deref(),
                    description: description_given.then_some(description.as_deref()),
                    environment,
                    archived_at: None,
                };
                let project = Project::update(&mut conn, id, &changes).await.map_err(|e| slug_taken(e, "newSlug"))?;
                let metadata = json!({ "name": changes.name, "slug": changes.slug, "environment": changes.environment, "description": description_given });
                record(&mut conn, &actor, workspace_id, "project.updated", Some(Target::new(NodeKind::Project, id.0)), metadata, now()).await?;
                Ok::<_, ApiError>(project)
            }
            .boxed()
        })
        .await
}

/// Archives a project (hidden from listings unless asked for). Archiving an
/// archived project keeps the first archive time.
pub async fn archive(state: &RequestState, scope: &ProjectScope) -> ApiResult<Project> {
    let (id, workspace_id, actor) = (
        scope.project.id,
        scope.project.workspace_id,
        scope.workspace.actor.clone(),
    );
    let already = scope.project.archived_at;
    state
        .db
        .write(move |mut conn| {
            async move {
                let at = now();
                let changes = ProjectChanges {
                    archived_at: Some(Some(already.unwrap_or(at))),
                    ..ProjectChanges::default()
                };
                let project = Project::update(&mut conn, id, &changes).await?;
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "project.archived",
                    Some(Target::new(NodeKind::Project, id.0)),
                    json!({}),
                    at,
                )
                .await?;
                Ok::<_, ApiError>(project)
            }
            .boxed()
        })
        .await
}

/// Deletes a project with its assignments, settings and payments.
pub async fn delete(state: &RequestState, scope: &ProjectScope) -> ApiResult<ProjectId> {
    let (id, workspace_id, actor, slug) = (
        scope.project.id,
        scope.project.workspace_id,
        scope.workspace.actor.clone(),
        scope.project.slug.clone(),
    );
    state
        .db
        .write(move |mut conn| {
            async move {
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "project.deleted",
                    Some(Target::new(NodeKind::Project, id.0)),
                    json!({ "slug": slug }),
                    now(),
                )
                .await?;
                Project::delete(&mut conn, id).await?;
                Ok::<_, ApiError>(id)
            }
            .boxed()
        })
        .await
}

/// Sets (or with `None` removes) one setting.
pub async fn set_setting(
    state: &RequestState,
    scope: &ProjectScope,
    key: String,
    value: Option<serde_json::Value>,
) -> ApiResult<()> {
    let key_ok = !key.is_empty()
        && key.chars().count() <= SETTING_KEY_MAX
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !key_ok {
        return Err(ApiError::bad_input(
            "INVALID_SETTING_KEY",
            format!("setting keys are 1–{SETTING_KEY_MAX} letters, digits, '.', '_' or '-'"),
        )
        .on("key"));
    }
    if let Some(value) = &value
        && serde_json::to_vec(value)
            .map(|v| v.len())
            .unwrap_or(usize::MAX)
            > SETTING_VALUE_MAX_BYTES
    {
        return Err(ApiError::bad_input(
            "INVALID_SETTING_VALUE",
            "a setting's value may be at most 64 KiB of JSON",
        )
        .on("value"));
    }
    let (id, workspace_id, actor) = (
        scope.project.id,
        scope.project.workspace_id,
        scope.workspace.actor.clone(),
    );
    state
        .db
        .write(move |mut conn| {
            async move {
                let at = now();
                let removed = value.is_none();
                match value {
                    Some(value) => {
                        NewProjectSetting {
                            project_id: id,
                            workspace_id,
                            key: &key,
                            value: JsonValue(value),
                            updated_at: at,
                        }
                        .upsert(&mut conn)
                        .await?;
                    }
                    None => ProjectSetting::delete(&mut conn, id, &key).await?,
                }
                record(
                    &mut conn,
                    &actor,
                    workspace_id,
                    "project.setting_changed",
                    Some(Target::new(NodeKind::Project, id.0)),
                    json!({ "key": key, "removed": removed }),
                    at,
                )
                .await?;
                Ok::<_, ApiError>(())
            }
            .boxed()
        })
        .await
}
