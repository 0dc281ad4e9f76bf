//! `createProject`, `updateProject`, `archiveProject`, `deleteProject`,
//! `setProjectSetting`.

use async_graphql::{Context, InputObject, Object};
use orkesta_core::policy::Op;

use crate::authz::{ProjectScope, WorkspaceScope};
use crate::error::ApiResult;
use crate::graphql::context::ContextExt;
use crate::graphql::ids::{NodeKind, encode};
use crate::graphql::scalars::Json;
use crate::graphql::types::enums::ProjectEnvironment;
use crate::graphql::types::payloads::{DeletePayload, ProjectPayload};
use crate::graphql::types::project::Project;
use crate::service::project::{self as service, NewProjectInput, ProjectUpdate};

#[derive(Debug, InputObject)]
pub struct CreateProjectInput {
    pub workspace_slug: String,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    #[graphql(default_with = "Some(ProjectEnvironment::Production)")]
    pub environment: Option<ProjectEnvironment>,
}

#[derive(Debug, InputObject)]
pub struct UpdateProjectInput {
    pub workspace_slug: String,
    pub project_slug: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub environment: Option<ProjectEnvironment>,
    pub new_slug: Option<String>,
}

#[derive(Debug, InputObject)]
pub struct ProjectRefInput {
    pub workspace_slug: String,
    pub project_slug: String,
}

#[derive(Debug, InputObject)]
pub struct SetProjectSettingInput {
    pub workspace_slug: String,
    pub project_slug: String,
    pub key: String,
    /// null removes the setting.
    pub value: Option<Json>,
}

#[derive(Debug, Default)]
pub struct ProjectMutation;

#[Object]
impl ProjectMutation {
    async fn create_project(
        &self,
        ctx: &Context<'_>,
        input: CreateProjectInput,
    ) -> ApiResult<ProjectPayload> {
        let state = ctx.state();
        let scope =
            WorkspaceScope::require(state, &input.workspace_slug, Op::CreateProject).await?;
        let environment = input
            .environment
            .unwrap_or(ProjectEnvironment::Production)
            .as_str();
        let project = service::create(
            state,
            &scope,
            NewProjectInput {
                slug: input.slug,
                name: input.name,
                description: input.description,
                environment,
            },
        )
        .await?;
        Ok(ProjectPayload {
            project: Project(project),
        })
    }

    async fn update_project(
        &self,
        ctx: &Context<'_>,
        input: UpdateProjectInput,
    ) -> ApiResult<ProjectPayload> {
        let state = ctx.state();
        let scope = ProjectScope::require(
            state,
            &input.workspace_slug,
            &input.project_slug,
            Op::WriteProject,
        )
        .await?;
        let update = ProjectUpdate {
            name: input.name,
            description: input.description,
            environment: input.environment.map(ProjectEnvironment::as_str),
            new_slug: input.new_slug,
        };
        let project = service::update(state, &scope, update).await?;
        reloaded(state, &scope, project).await
    }

    async fn archive_project(
        &self,
        ctx: &Context<'_>,
        input: ProjectRefInput,
    ) -> ApiResult<ProjectPayload> {
        let state = ctx.state();
        let scope = ProjectScope::require(
            state,
            &input.workspace_slug,
            &input.project_slug,
            Op::DeleteProject,
        )
        .await?;
        let project = service::archive(state, &scope).await?;
        reloaded(state, &scope, project).await
    }

    /// Deletes the project with its assignments, settings and payments.
    async fn delete_project(
        &self,
        ctx: &Context<'_>,
        input: ProjectRefInput,
    ) -> ApiResult<DeletePayload> {
        let state = ctx.state();
        let scope = ProjectScope::require(
            state,
            &input.workspace_slug,
            &input.project_slug,
            Op::DeleteProject,
        )
        .await?;
        let id = service::delete(state, &scope).await?;
        Ok(DeletePayload {
            deleted_id: encode(NodeKind::Project, id.0),
        })
    }

    async fn set_project_setting(
        &self,
        ctx: &Context<'_>,
        input: SetProjectSettingInput,
    ) -> ApiResult<ProjectPayload> {
        let state = ctx.state();
        let scope = ProjectScope::require(
            state,
            &input.workspace_slug,
            &input.project_slug,
            Op::WriteProject,
        )
        .await?;
        service::set_setting(state, &scope, input.key, input.value.map(|v| v.0)).await?;
        Ok(ProjectPayload {
            project: Project(scope),
        })
    }
}

/// The changed project, seen with the caller's (unchanged) access.
async fn reloaded(
    state: &crate::graphql::context::RequestState,
    scope: &ProjectScope,
    project: crate::db::models::project::Project,
) -> ApiResult<ProjectPayload> {
    let scope = scope
        .workspace
        .project(state, project)
        .await?
        .ok_or_else(|| crate::error::ApiError::not_found("project"))?;
    Ok(ProjectPayload {
        project: Project(scope),
    })
}
