//! Projects of a workspace and their settings.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::schema::{project_members, project_settings, projects};
use crate::db::sql_types::{JsonValue, ProjectId, UserId, WorkspaceId};
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = projects)]
pub struct Project {
    pub id: ProjectId,
    pub workspace_id: WorkspaceId,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    /// `PRODUCTION`, `STAGING` or `DEVELOPMENT`.
    pub environment: String,
    pub created_at: NaiveDateTime,
    pub archived_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = projects)]
pub struct NewProject<'a> {
    pub id: ProjectId,
    pub workspace_id: WorkspaceId,
    pub slug: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub environment: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = projects)]
pub struct ProjectChanges<'a> {
    pub slug: Option<&'a str>,
    pub name: Option<&'a str>,
    pub description: Option<Option<&'a str>>,
    pub environment: Option<&'a str>,
    pub archived_at: Option<Option<NaiveDateTime>>,
}

impl ProjectChanges<'_> {
    fn is_empty(&self) -> bool {
        self.slug.is_none()
            && self.name.is_none()
            && self.description.is_none()
            && self.environment.is_none()
            && self.archived_at.is_none()
    }
}

impl NewProject<'_> {
    /// A taken slug is a unique violation on `projects_workspace_id_slug_key`.
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<Project> {
        with_conn!(conn, c => diesel::insert_into(projects::table).values(self).returning(Project::as_returning()).get_result(c).await)
    }
}

/// Which projects a listing shows.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    pub environment: Option<String>,
    pub include_archived: bool,
    /// Only projects this user is assigned to (callers who are not Admins).
    pub assigned_to: Option<UserId>,
}

macro_rules! filtered {
    ($query:expr, $workspace_id:expr, $filter:expr) => {{
        let mut query = $query.filter(projects::workspace_id.eq($workspace_id));
        if let Some(environment) = &$filter.environment {
            query = query.filter(projects::environment.eq(environment.clone()));
        }
        if !$filter.include_archived {
            query = query.filter(projects::archived_at.is_null());
        }
        if let Some(user) = $filter.assigned_to {
            let assigned = project_members::table
                .filter(project_members::user_id.eq(user))
                .select(project_members::project_id);
            query = query.filter(projects::id.eq_any(assigned));
        }
        query
    }};
}

impl Project {
    pub async fn find_by_slug(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        slug: &str,
    ) -> QueryResult<Option<Project>> {
        with_conn!(conn, c => projects::table
            .filter(projects::workspace_id.eq(workspace_id))
            .filter(projects::slug.eq(slug))
            .select(Project::as_select())
            .first(c)
            .await
            .optional())
    }

    pub async fn find_many(conn: &mut DbConn<'_>, ids: &[ProjectId]) -> QueryResult<Vec<Project>> {
        with_conn!(conn, c => projects::table.filter(projects::id.eq_any(ids)).select(Project::as_select()).load(c).await)
    }

    /// A page of projects, ordered by id (creation order).
    pub async fn page(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        filter: &ProjectFilter,
        after: Option<ProjectId>,
        limit: i64,
    ) -> QueryResult<Vec<Project>> {
        with_conn!(conn, c => {
            let mut query = filtered!(projects::table.select(Project::as_select()).into_boxed(), workspace_id, filter);
            if let Some(after) = after {
                query = query.filter(projects::id.gt(after));
            }
            query.order(projects::id.asc()).limit(limit).load(c).await
        })
    }

    pub async fn count(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        filter: &ProjectFilter,
    ) -> QueryResult<i64> {
        with_conn!(conn, c => filtered!(projects::table.count().into_boxed(), workspace_id, filter).get_result(c).await)
    }

    pub async fn update(
        conn: &mut DbConn<'_>,
        id: ProjectId,
        changes: &ProjectChanges<'_>,
    ) -> QueryResult<Project> {
        if changes.is_empty() {
            return with_conn!(conn, c => projects::table.find(id).select(Project::as_select()).first(c).await);
        }
        with_conn!(conn, c => diesel::update(projects::table.find(id)).set(changes).returning(Project::as_returning()).get_result(c).await)
    }

    /// Deletes the project with its assignments, settings and payments.
    pub async fn delete(conn: &mut DbConn<'_>, id: ProjectId) -> QueryResult<()> {
        with_conn!(conn, c => diesel::delete(projects::table.find(id)).execute(c).await)?;
        Ok(())
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = project_settings)]
pub struct ProjectSetting {
    pub project_id: ProjectId,
    pub workspace_id: WorkspaceId,
    pub key: String,
    pub value: JsonValue,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = project_settings)]
pub struct NewProjectSetting<'a> {
    pub project_id: ProjectId,
    pub workspace_id: WorkspaceId,
    pub key: &'a str,
    pub value: JsonValue,
    pub updated_at: NaiveDateTime,
}

impl NewProjectSetting<'_> {
    /// Inserts or replaces the setting.
    pub async fn upsert(&self, conn: &mut DbConn<'_>) -> QueryResult<()> {
        with_conn!(conn, c => diesel::insert_into(project_settings::table)
            .values(self)
            .on_conflict((project_settings::project_id, project_settings::key))
            .do_update()
            .set((project_settings::value.eq(&self.value), project_settings::updated_at.eq(self.updated_at)))
            .execute(c)
            .await)?;
        Ok(())
    }
}

impl ProjectSetting {
    pub async fn delete(
        conn: &mut DbConn<'_>,
        project_id: ProjectId,
        key: &str,
    ) -> QueryResult<()> {
        with_conn!(conn, c => diesel::delete(project_settings::table.filter(project_settings::project_id.eq(project_id)).filter(project_settings::key.eq(key))).execute(c).await)?;
        Ok(())
    }

    /// Settings of several projects, by key.
    pub async fn for_projects(
        conn: &mut DbConn<'_>,
        ids: &[ProjectId],
    ) -> QueryResult<Vec<ProjectSetting>> {
        with_conn!(conn, c => project_settings::table
            .filter(project_settings::project_id.eq_any(ids))
            .order((project_settings::project_id.asc(), project_settings::key.asc()))
            .select(ProjectSetting::as_select())
            .load(c)
            .await)
    }
}
