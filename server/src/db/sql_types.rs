//! Column types that differ between the backends but share one Rust type,
//! so that one `table!` and one query serve PostgreSQL and SQLite.
//!
//! | Rust           | PostgreSQL | SQLite                 |
//! |----------------|------------|------------------------|
//! | `Id` newtypes  | `uuid`     | `TEXT` (hyphenated)    |
//! | [`JsonValue`]  | `jsonb`    | `TEXT`                 |
//!
//! PostgreSQL type OIDs are fixed so that no type lookup query is needed.

use std::io::Write;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;
use diesel::{AsExpression, FromSqlRow, QueryId, SqlType};

/// A UUID column.
#[derive(Debug, Clone, Copy, SqlType, QueryId)]
#[diesel(postgres_type(oid = 2950, array_oid = 2951))]
#[diesel(sqlite_type(name = "Text"))]
pub struct Uuid;

/// A JSON document column.
#[derive(Debug, Clone, Copy, SqlType, QueryId)]
#[diesel(postgres_type(oid = 3802, array_oid = 3807))]
#[diesel(sqlite_type(name = "Text"))]
pub struct Json;

pub(crate) fn uuid_to_pg(id: &uuid::Uuid, out: &mut Output<'_, '_, Pg>) -> serialize::Result {
    out.write_all(id.as_bytes())?;
    Ok(IsNull::No)
}

pub(crate) fn uuid_from_pg(value: PgValue<'_>) -> deserialize::Result<uuid::Uuid> {
    Ok(uuid::Uuid::from_slice(value.as_bytes())?)
}

pub(crate) fn uuid_to_sqlite(
    id: &uuid::Uuid,
    out: &mut Output<'_, '_, Sqlite>,
) -> serialize::Result {
    out.set_value(id.hyphenated().to_string());
    Ok(IsNull::No)
}

pub(crate) fn uuid_from_sqlite(
    value: <Sqlite as Backend>::RawValue<'_>,
) -> deserialize::Result<uuid::Uuid> {
    let text = <String as FromSql<Text, Sqlite>>::from_sql(value)?;
    Ok(text.parse()?)
}

/// Defines a newtype id over a UUID column for both backends.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, AsExpression, FromSqlRow)]
        #[diesel(sql_type = Uuid)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A new time-ordered (v7) id.
            pub fn new() -> Self {
                $name(uuid::Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl ToSql<Uuid, Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                uuid_to_pg(&self.0, out)
            }
        }

        impl FromSql<Uuid, Pg> for $name {
            fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
                uuid_from_pg(value).map($name)
            }
        }

        impl ToSql<Uuid, Sqlite> for $name {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                uuid_to_sqlite(&self.0, out)
            }
        }

        impl FromSql<Uuid, Sqlite> for $name {
            fn from_sql(value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                uuid_from_sqlite(value).map($name)
            }
        }
    };
}

id_type!(UserId);
id_type!(SessionId);
id_type!(EmailVerificationId);
id_type!(WorkspaceId);
id_type!(RoleId);
id_type!(MemberId);
id_type!(ProjectId);
id_type!(ProjectMemberId);
id_type!(InvitationId);
id_type!(ApiKeyId);
id_type!(PaymentId);
id_type!(AuditEventId);
id_type!(OutboxId);

/// A JSON document.
#[derive(Debug, Clone, PartialEq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Json)]
pub struct JsonValue(pub serde_json::Value);

/// `jsonb`'s binary format is a version byte followed by the JSON text.
const JSONB_VERSION: u8 = 1;

impl ToSql<Json, Pg> for JsonValue {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        out.write_all(&[JSONB_VERSION])?;
        serde_json::to_writer(out, &self.0)?;
        Ok(IsNull::No)
    }
}

impl FromSql<Json, Pg> for JsonValue {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        match value.as_bytes().split_first() {
            Some((&JSONB_VERSION, text)) => Ok(JsonValue(serde_json::from_slice(text)?)),
            _ => Err("unsupported jsonb format".into()),
        }
    }
}

impl ToSql<Json, Sqlite> for JsonValue {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        out.set_value(serde_json::to_string(&self.0)?);
        Ok(IsNull::No)
    }
}

impl FromSql<Json, Sqlite> for JsonValue {
    fn from_sql(value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, Sqlite>>::from_sql(value)?;
        Ok(JsonValue(serde_json::from_str(&text)?))
    }
}
