//! Project assignments: a workspace member's membership of one project,
//! with a project-level role or none (inherit the workspace role).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;

use super::project::Project;
use crate::db::schema::{project_members, projects};
use crate::db::sql_types::{ProjectId, ProjectMemberId, RoleId, UserId, WorkspaceId};
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = project_members)]
pub struct ProjectMember {
    pub id: ProjectMemberId,
    pub workspace_id: WorkspaceId,
    pub project_id: ProjectId,
    pub user_id: UserId,
    /// `None`: inherits the workspace role.
    pub role_id: Option<RoleId>,
    pub added_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = project_members)]
pub struct NewProjectMember {
    pub id: ProjectMemberId,
    pub workspace_id: WorkspaceId,
    pub project_id: ProjectId,
    pub user_id: UserId,
    pub role_id: Option<RoleId>,
    pub added_at: NaiveDateTime,
}

impl NewProjectMember {
    /// Assigns the user to the project, or changes the role of an existing
    /// assignment (keeping its id and `added_at`).
    pub async fn upsert(&self, conn: &mut DbConn<'_>) -> QueryResult<ProjectMember> {
        with_conn!(conn, c => diesel::insert_into(project_members::table)
            .values(self)
            .on_conflict((project_members::project_id, project_members::user_id))
            .do_update()
            .set(project_members::role_id.eq(excluded(project_members::role_id)))
            .returning(ProjectMember::as_returning())
            .get_result(c)
            .await)
    }
}

impl ProjectMember {
    pub async fn find(
        conn: &mut DbConn<'_>,
        project_id: ProjectId,
        user_id: UserId,
    ) -> QueryResult<Option<ProjectMember>> {
        with_conn!(conn, c => project_members::table
            .filter(project_members::project_id.eq(project_id))
            .filter(project_members::user_id.eq(user_id))
            .select(ProjectMember::as_select())
            .first(c)
            .await
            .optional())
    }

    /// Every assignment of the projects, ordered by user id.
    pub async fn for_projects(
        conn: &mut DbConn<'_>,
        ids: &[ProjectId],
    ) -> QueryResult<Vec<ProjectMember>> {
        with_conn!(conn, c => project_members::table
            .filter(project_members::project_id.eq_any(ids))
            .order((project_members::project_id.asc(), project_members::user_id.asc()))
            .select(ProjectMember::as_select())
            .load(c)
            .await)
    }

    /// Assignments of (workspace, user) pairs with their projects.
    pub async fn with_projects_for(
        conn: &mut DbConn<'_>,
        workspace_ids: &[WorkspaceId],
        user_ids: &[UserId],
    ) -> QueryResult<Vec<(ProjectMember, Project)>> {
        with_conn!(conn, c => project_members::table
            .inner_join(projects::table)
            .filter(project_members::workspace_id.eq_any(workspace_ids))
            .filter(project_members::user_id.eq_any(user_ids))
            .order(project_members::project_id.asc())
            .select((ProjectMember::as_select(), Project::as_select()))
            .load(c)
            .await)
    }

    /// Every assignment of the users in one workspace, ordered by project.
    pub async fn for_users(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        user_ids: &[UserId],
    ) -> QueryResult<Vec<ProjectMember>> {
        with_conn!(conn, c => project_members::table
            .filter(project_members::workspace_id.eq(workspace_id))
            .filter(project_members::user_id.eq_any(user_ids))
            .order((project_members::user_id.asc(), project_members::project_id.asc()))
            .select(ProjectMember::as_select())
            .load(c)
            .await)
    }

    pub async fn delete(
        conn: &mut DbConn<'_>,
        project_id: ProjectId,
        user_id: UserId,
    ) -> QueryResult<bool> {
        let deleted = with_conn!(conn, c => diesel::delete(project_members::table
            .filter(project_members::project_id.eq(project_id))
            .filter(project_members::user_id.eq(user_id)))
            .execute(c)
            .await)?;
        Ok(deleted == 1)
    }
}
