//! Workspace API keys: only the SHA-256 of the secret is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::workspace::Workspace;
use crate::db::schema::{api_keys, workspaces};
use crate::db::sql_types::{ApiKeyId, UserId, WorkspaceId};
use crate::db::{DbConn, with_conn};

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = api_keys)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub workspace_id: WorkspaceId,
    pub name: String,
    /// The first characters of the secret, safe to display.
    pub prefix: String,
    pub token_hash: Vec<u8>,
    /// `READ_ONLY` or `READ_WRITE`.
    pub access: String,
    pub created_by_user_id: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_keys)]
pub struct NewApiKey<'a> {
    pub id: ApiKeyId,
    pub workspace_id: WorkspaceId,
    pub name: &'a str,
    pub prefix: &'a str,
    pub token_hash: &'a [u8],
    pub access: &'a str,
    pub created_by_user_id: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

impl NewApiKey<'_> {
    pub async fn insert(&self, conn: &mut DbConn<'_>) -> QueryResult<ApiKey> {
        with_conn!(conn, c => diesel::insert_into(api_keys::table).values(self).returning(ApiKey::as_returning()).get_result(c).await)
    }
}

impl ApiKey {
    /// The live key with this hash and its workspace: not revoked, not
    /// expired at `now`.
    pub async fn find_active(
        conn: &mut DbConn<'_>,
        token_hash: &[u8],
        now: NaiveDateTime,
    ) -> QueryResult<Option<(ApiKey, Workspace)>> {
        with_conn!(conn, c => api_keys::table
            .inner_join(workspaces::table)
            .filter(api_keys::token_hash.eq(token_hash))
            .filter(api_keys::revoked_at.is_null())
            .filter(api_keys::expires_at.is_null().or(api_keys::expires_at.gt(now)))
            .select((ApiKey::as_select(), Workspace::as_select()))
            .first(c)
            .await
            .optional())
    }

    /// Records a use, at most once a minute per key: the condition makes
    /// concurrent requests write once.
    pub async fn touch(
        conn: &mut DbConn<'_>,
        id: ApiKeyId,
        now: NaiveDateTime,
        ip: &str,
    ) -> QueryResult<bool> {
        let stale = now - chrono::Duration::minutes(1);
        let updated = with_conn!(conn, c => diesel::update(api_keys::table)
            .filter(api_keys::id.eq(id))
            .filter(api_keys::last_used_at.is_null().or(api_keys::last_used_at.le(stale)))
            .set((api_keys::last_used_at.eq(now), api_keys::last_used_ip.eq(ip)))
            .execute(c)
            .await)?;
        Ok(updated == 1)
    }

    pub async fn find_in_workspace(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        id: ApiKeyId,
    ) -> QueryResult<Option<ApiKey>> {
        with_conn!(conn, c => api_keys::table
            .filter(api_keys::workspace_id.eq(workspace_id))
            .filter(api_keys::id.eq(id))
            .select(ApiKey::as_select())
            .first(c)
            .await
            .optional())
    }

    pub async fn find_many(conn: &mut DbConn<'_>, ids: &[ApiKeyId]) -> QueryResult<Vec<ApiKey>> {
        with_conn!(conn, c => api_keys::table.filter(api_keys::id.eq_any(ids)).select(ApiKey::as_select()).load(c).await)
    }

    /// A page of a workspace's keys, newest last (by id).
    pub async fn page(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        include_revoked: bool,
        after: Option<ApiKeyId>,
        limit: i64,
    ) -> QueryResult<Vec<ApiKey>> {
        with_conn!(conn, c => {
            let mut query = api_keys::table.filter(api_keys::workspace_id.eq(workspace_id)).select(ApiKey::as_select()).into_boxed();
            if !include_revoked {
                query = query.filter(api_keys::revoked_at.is_null());
            }
            if let Some(after) = after {
                query = query.filter(api_keys::id.gt(after));
            }
            query.order(api_keys::id.asc()).limit(limit).load(c).await
        })
    }

    pub async fn count(
        conn: &mut DbConn<'_>,
        workspace_id: WorkspaceId,
        include_revoked: bool,
    ) -> QueryResult<i64> {
        with_conn!(conn, c => {
            let mut query = api_keys::table.filter(api_keys::workspace_id.eq(workspace_id)).count().into_boxed();
            if !include_revoked {
                query = query.filter(api_keys::revoked_at.is_null());
            }
            query.get_result(c).await
        })
    }

    /// Revokes the key, keeping the first revocation time.
    pub async fn revoke(
        conn: &mut DbConn<'_>,
        id: ApiKeyId,
        now: NaiveDateTime,
    ) -> QueryResult<ApiKey> {
        with_conn!(conn, c => diesel::update(api_keys::table.find(id).filter(api_keys::revoked_at.is_null())).set(api_keys::revoked_at.eq(now)).execute(c).await)?;
        with_conn!(conn, c => api_keys::table.find(id).select(ApiKey::as_select()).first(c).await)
    }
}
