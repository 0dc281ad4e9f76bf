//! `Project`: visible to callers with an effective role in it (or to Admins
//! and keys); every field needs PROJECT_READ there.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};
use orkesta_core::policy::Op;

use super::enums::{Permission, ProjectEnvironment, permission_list};
use super::project_member::ProjectMember;
use super::role::Role;
use super::workspace::Workspace;
use crate::authz::ProjectScope;
use crate::error::ApiResult;
use crate::graphql::connection::{Page, PageArgs, list_complexity, page_in_memory};
use crate::graphql::context::ContextExt;
use crate::graphql::guards::InProject;
use crate::graphql::ids::{NodeKind, encode};
use crate::graphql::scalars::{DateTime, Json};

#[derive(Debug, Clone)]
pub struct Project(pub Arc<ProjectScope>);

#[derive(Debug, SimpleObject)]
pub struct ProjectSetting {
    pub key: String,
    pub value: Json,
    pub updated_at: DateTime,
}

#[Object(guard = "InProject(&self.0, Op::ReadProject)")]
impl Project {
    pub async fn id(&self) -> ID {
        encode(NodeKind::Project, self.0.project.id.0)
    }

    async fn slug(&self) -> &str {
        &self.0.project.slug
    }

    async fn name(&self) -> &str {
        &self.0.project.name
    }

    async fn description(&self) -> Option<&str> {
        self.0.project.description.as_deref()
    }

    async fn environment(&self) -> ProjectEnvironment {
        ProjectEnvironment::from_stored(&self.0.project.environment)
    }

    async fn created_at(&self) -> DateTime {
        DateTime(self.0.project.created_at)
    }

    async fn archived_at(&self) -> Option<DateTime> {
        self.0.project.archived_at.map(DateTime)
    }

    async fn workspace(&self) -> Workspace {
        Workspace(self.0.workspace.clone())
    }

    /// The caller's effective role in this project (DESIGN.md, "Effective role"); null for API keys.
    async fn viewer_role(&self, ctx: &Context<'_>) -> ApiResult<Option<Role>> {
        let Some(effective) = &self.0.effective else {
            return Ok(None);
        };
        let roles = self.0.workspace.roles(ctx.state()).await?;
        Ok(roles
            .iter()
            .find(|r| r.key == effective.role.key)
            .cloned()
            .map(Role))
    }

    async fn viewer_permissions(&self) -> Vec<Permission> {
        permission_list(self.0.permissions)
    }

    #[graphql(complexity = "list_complexity(first, child_complexity)")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Page<ProjectMember>> {
        let args = PageArgs::new(first, after)?;
        let key = (self.0.project.id, self.0.project.workspace_id);
        let entries = ctx
            .state()
            .loaders
            .project_members
            .load_one(key)
            .await?
            .unwrap_or_default();
        let nodes = entries
            .into_iter()
            .map(|(member, assignment)| {
                (
                    member.user_id.0,
                    ProjectMember {
                        project: self.0.clone(),
                        member,
                        assignment,
                    },
                )
            })
            .collect();
        Ok(page_in_memory(args, nodes))
    }

    async fn settings(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProjectSetting>> {
        let settings = ctx
            .state()
            .loaders
            .project_settings
            .load_one(self.0.project.id)
            .await?
            .unwrap_or_default();
        Ok(settings
            .into_iter()
            .map(|s| ProjectSetting {
                key: s.key,
                value: Json(s.value.0),
                updated_at: DateTime(s.updated_at),
            })
            .collect())
    }
}
