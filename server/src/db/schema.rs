//! The tables, as diesel sees them. Written to match both migration folders
//! (`migrations/postgres`, `migrations/sqlite`); the storage tests read and
//! write every table on both backends, so a mismatch fails there.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    users (id) {
        id -> Uuid,
        email -> Text,
        email_normalized -> Text,
        name -> Text,
        password_hash -> Text,
        email_verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    sessions (id) {
        id -> Uuid,
        user_id -> Uuid,
        token_hash -> Binary,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    email_verifications (id) {
        id -> Uuid,
        user_id -> Uuid,
        token_hash -> Binary,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    workspaces (id) {
        id -> Uuid,
        slug -> Text,
        name -> Text,
        timezone -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::{Json, Uuid};

    workspace_security (workspace_id) {
        workspace_id -> Uuid,
        ip_allowlist -> Json,
        allowed_email_domains -> Json,
        session_lifetime_hours -> Integer,
        sso_enforced -> Bool,
        sso_protocol -> Nullable<Text>,
        sso_issuer -> Nullable<Text>,
        sso_client_id -> Nullable<Text>,
        sso_domains -> Json,
        sso_enabled -> Bool,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    workspace_billing (workspace_id) {
        workspace_id -> Uuid,
        plan -> Text,
        billing_email -> Nullable<Text>,
        seat_limit -> Nullable<Integer>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::{Json, Uuid};

    roles (id) {
        id -> Uuid,
        workspace_id -> Uuid,
        key -> Text,
        name -> Text,
        description -> Nullable<Text>,
        builtin -> Bool,
        permissions -> Json,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    workspace_members (id) {
        id -> Uuid,
        workspace_id -> Uuid,
        user_id -> Uuid,
        role_id -> Uuid,
        joined_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    projects (id) {
        id -> Uuid,
        workspace_id -> Uuid,
        slug -> Text,
        name -> Text,
        description -> Nullable<Text>,
        environment -> Text,
        created_at -> Timestamp,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::{Json, Uuid};

    project_settings (project_id, key) {
        project_id -> Uuid,
        workspace_id -> Uuid,
        key -> Text,
        value -> Json,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    project_members (id) {
        id -> Uuid,
        workspace_id -> Uuid,
        project_id -> Uuid,
        user_id -> Uuid,
        role_id -> Nullable<Uuid>,
        added_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    invitations (id) {
        id -> Uuid,
        workspace_id -> Uuid,
        email -> Text,
        email_normalized -> Text,
        role_id -> Uuid,
        status -> Text,
        token_hash -> Binary,
        invited_by_user_id -> Nullable<Uuid>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        accepted_by_user_id -> Nullable<Uuid>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    invitation_projects (invitation_id, project_id) {
        invitation_id -> Uuid,
        workspace_id -> Uuid,
        project_id -> Uuid,
        role_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    api_keys (id) {
        id -> Uuid,
        workspace_id -> Uuid,
        name -> Text,
        prefix -> Text,
        token_hash -> Binary,
        access -> Text,
        created_by_user_id -> Nullable<Uuid>,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        last_used_ip -> Nullable<Text>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    payments (id) {
        id -> Uuid,
        workspace_id -> Uuid,
        project_id -> Uuid,
        amount_minor -> BigInt,
        currency -> Text,
        status -> Text,
        reference -> Nullable<Text>,
        created_by_user_id -> Nullable<Uuid>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    payment_idempotency_keys (workspace_id, idempotency_key) {
        workspace_id -> Uuid,
        idempotency_key -> Text,
        request_hash -> Binary,
        payment_id -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::{Json, Uuid};

    audit_events (id) {
        id -> Uuid,
        workspace_id -> Nullable<Uuid>,
        user_id -> Nullable<Uuid>,
        actor_user_id -> Nullable<Uuid>,
        actor_api_key_id -> Nullable<Uuid>,
        action -> Text,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        metadata -> Json,
        ip -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::sql_types::Uuid;

    mail_outbox (id) {
        id -> Uuid,
        workspace_id -> Nullable<Uuid>,
        invitation_id -> Nullable<Uuid>,
        user_id -> Nullable<Uuid>,
        recipient -> Text,
        subject -> Text,
        body -> Nullable<Text>,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(workspace_members -> users (user_id));
diesel::joinable!(workspace_members -> workspaces (workspace_id));
diesel::joinable!(workspace_members -> roles (role_id));
diesel::joinable!(projects -> workspaces (workspace_id));
diesel::joinable!(project_members -> projects (project_id));
diesel::joinable!(project_members -> roles (role_id));
diesel::joinable!(roles -> workspaces (workspace_id));
diesel::joinable!(invitations -> workspaces (workspace_id));
diesel::joinable!(invitations -> roles (role_id));
diesel::joinable!(invitation_projects -> invitations (invitation_id));
diesel::joinable!(invitation_projects -> projects (project_id));
diesel::joinable!(api_keys -> workspaces (workspace_id));
diesel::joinable!(payments -> projects (project_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    email_verifications,
    workspaces,
    workspace_security,
    workspace_billing,
    roles,
    workspace_members,
    projects,
    project_settings,
    project_members,
    invitations,
    invitation_projects,
    api_keys,
    payments,
    payment_idempotency_keys,
    audit_events,
    mail_outbox,
);
