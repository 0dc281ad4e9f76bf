//! The storage layer against real databases: the diesel schema matches both
//! migration folders, and both backends keep values identically.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use orkesta_server::db::schema::*;
use orkesta_server::db::{Db, DbError, with_conn};
use orkesta_tests::on_both_backends;

on_both_backends! {
    /// Every table and column diesel knows exists on this backend: each
    /// `SELECT <all columns> … LIMIT 0` is prepared by the database itself.
    async fn every_table_and_column_of_the_schema_exists(server: TestServer) {
        let db: Db = orkesta_tests::server::storage(&server).await;
        db.read::<_, DbError>(|mut conn| {
            Box::pin(async move {
                macro_rules! probe {
                    ($($table:ident),* $(,)?) => {
                        $(with_conn!(&mut conn, c => $table::table.select($table::all_columns).limit(0).execute(c).await)?;)*
                    };
                }
                probe!(
                    users, sessions, email_verifications, workspaces, workspace_security, workspace_billing, roles,
                    workspace_members, projects, project_settings, project_members, invitations, invitation_projects,
                    api_keys, payments, payment_idempotency_keys, audit_events, mail_outbox,
                );
                Ok(())
            })
        })
        .await
        .unwrap();
    }
}
