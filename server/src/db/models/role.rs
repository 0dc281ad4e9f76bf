//! Roles of a workspace. The three built-in roles are rows too, one set per
//! workspace, so every role reference is a foreign key; their permissions
//! always come from `orkesta-core`.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use orkesta_core::role::{BuiltinRole, RoleDefinition};
use orkesta_core::{Permission, PermissionSet};

use crate::db::schema::{
    invitation_projects, invitations, project_members, roles, workspace_members,
};
use crate::db::sql_types::{JsonValue, RoleId, WorkspaceId};
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = roles)]
pub struct Role {
    pub id: RoleId,
    pub workspace_id: WorkspaceId,
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub builtin: bool,
    /// Custom roles only: permission names as a JSON list.
    pub permissions: JsonValue,
    pub created_at: NaiveDateTime,
}

impl Role {
    /// The built-in role this row stands for, if any.
    pub fn builtin_role(&self) -> Option<BuiltinRole> {
        if self.builtin {
            BuiltinRole::from_key(&self.key)
        } else {
            None
        }
    }

    pub fn permissions(&self) -> PermissionSet {
        match self.builtin_role() {
            Some(builtin) => builtin.permissions(),
            None => permissions_from_json(&self.permissions),
        }
    }

    /// What the permission rules work with.
    pub fn definition(&self) -> RoleDefinition {
        RoleDefinition {
            key: self.key.clone(),
            builtin: self.builtin,
            permissions: self.permissions(),
        }
    }
}

/// Unknown names (from a newer server) are ignored rather than granted.
fn permissions_from_json(value: &JsonValue) -> PermissionSet {
    value
        .0
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str()?.parse::<Permission>().ok())
        .collect()
}

pub fn permissions_to_json(set: PermissionSet) -> JsonValue {
    JsonValue(serde_json::Value::Array(
        set.iter().map(|p| p.as_str().into()).collect(),
    ))
}

#[derive(Debug, Insertable)]
#[diesel(table_name = roles)]
pub struct NewRole<'a> {
    pub id: RoleId,
    pub workspace_id: WorkspaceId,
    pub key: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub builtin: bool,
    pub permissions: JsonValue,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = roles)]
pub struct RoleChanges<'a> {
    pub name: Option<&'a str>,
    pub description: Option<Option<&'a str>>,
    pub permissions: Option<JsonValue>,
}

impl NewRole<'_> {
    /// A taken key is a unique violation on `roles_workspace_id_key_key`.
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<Role> {
        with_conn!(conn, c => diesel::insert_into(roles::table).values(self).returning(Role::as_returning()).get_result(c).await)
    }
}

impl Role {
    /// Creates the built-in roles of a new workspace, Admin first.
    pub async fn insert_builtins(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        at: NaiveDateTime,
    ) -> QueryResult<Vec<Role>> {
        let mut out = Vec::with_capacity(3);
        for builtin in BuiltinRole::ALL {
            let role = NewRole {
                id: RoleId::new(),
                workspace_id,
                key: builtin.key(),
                name: builtin.name(),
                description: Some(builtin.description()),
                builtin: true,
                permissions: JsonValue(serde_json::json!([])),
                created_at: at,
            };
            out.push(role.insert(conn).await?);
        }
        Ok(out)
    }

    /// Every role of the workspaces, built-in first, then in creation order.
    pub async fn for_workspaces(
        conn: &mut DbConn<'_>,
        ids: &[WorkspaceId],
    ) -> QueryResult<Vec<Role>> {
        with_conn!(conn, c => roles::table
            .filter(roles::workspace_id.eq_any(ids))
            .order((roles::builtin.desc(), roles::id.asc()))
            .select(Role::as_select())
            .load(c)
            .await)
    }

    /// The workspace a role belongs to.
    pub async fn workspace_of(
        conn: &mut DbConn<'_>,
        id: RoleId,
    ) -> QueryResult<Option<WorkspaceId>> {
        with_conn!(conn, c => roles::table.find(id).select(roles::workspace_id).first(c).await.optional())
    }

    pub async fn count_custom(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
    ) -> QueryResult<i64> {
        with_conn!(conn, c => roles::table.filter(roles::workspace_id.eq(workspace_id)).filter(roles::builtin.eq(false)).count().get_result(c).await)
    }

    pub async fn update(
        conn: &mut DbConn<'_>,
        id: RoleId,
        changes: &RoleChanges<'_>,
    ) -> QueryResult<Role> {
        if changes.name.is_none() && changes.description.is_none() && changes.permissions.is_none()
        {
            return with_conn!(conn, c => roles::table.find(id).select(Role::as_select()).first(c).await);
        }
        with_conn!(conn, c => diesel::update(roles::table.find(id)).set(changes).returning(Role::as_returning()).get_result(c).await)
    }

    /// Whether a member, a project assignment or an invitation (any status)
    /// refers to the role.
    pub async fn is_in_use(conn: &mut DbConn<'_>, id: RoleId) -> QueryResult<bool> {
        let members: i64 = with_conn!(conn, c => workspace_members::table.filter(workspace_members::role_id.eq(id)).count().get_result(c).await)?;
        let assignments: i64 = with_conn!(conn, c => project_members::table.filter(project_members::role_id.eq(id)).count().get_result(c).await)?;
        let invited: i64 = with_conn!(conn, c => invitations::table.filter(invitations::role_id.eq(id)).count().get_result(c).await)?;
        let invited_projects: i64 = with_conn!(conn, c => invitation_projects::table.filter(invitation_projects::role_id.eq(id)).count().get_result(c).await)?;
        Ok(members + assignments + invited + invited_projects > 0)
    }

    /// Deletes a role. A role still referenced is a foreign-key violation.
    pub async fn delete(conn: &mut DbConn<'_>, id: RoleId) -> QueryResult<()> {
        with_conn!(conn, c => diesel::delete(roles::table.find(id)).execute(c).await)?;
        Ok(())
    }
}
