//! Client-side rules for forms and UI gating, straight from `orkesta-core`:
//! the same functions the server runs, so a check passing here passes there.

use orkesta_core::access::{self, ProjectAssignment};
use orkesta_core::invitation_csv::{self, CsvContext};
use orkesta_core::role::RoleDefinition;
use orkesta_core::validate::{self, SlugKind};
use orkesta_core::{Permission, PermissionSet, RoleSource};
use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::convert;

/// Checks a slug as the server will (`INVALID_SLUG`, `RESERVED_SLUG`);
/// `null` when it is acceptable. Whether it is taken only the server knows.
#[wasm_bindgen(js_name = "validateSlug", unchecked_return_type = "ValueError | null")]
pub fn validate_slug(
    slug: &str,
    #[wasm_bindgen(unchecked_param_type = "SlugKind")] kind: JsValue,
) -> Result<JsValue, JsValue> {
    let kind: SlugKind = convert::argument(kind, "kind")?;
    problem(validate::validate_slug(slug, kind).err())
}

/// Checks an email address as the server will (`INVALID_EMAIL`); `null`
/// when it is acceptable.
#[wasm_bindgen(js_name = "validateEmail", unchecked_return_type = "ValueError | null")]
pub fn validate_email(email: &str) -> Result<JsValue, JsValue> {
    problem(validate::parse_email(email).err())
}

fn problem(error: Option<validate::ValueError>) -> Result<JsValue, JsValue> {
    match error {
        Some(error) => convert::to_js(&error),
        None => Ok(JsValue::NULL),
    }
}

/// Parses an invitation CSV exactly as `importInvitations` does (DESIGN §7):
/// every problem with its line and column. With a `context` (the
/// workspace's roles, the importer's projects and permissions, allowed
/// domains) the data-dependent checks run too.
#[wasm_bindgen(
    js_name = "parseInvitationCsv",
    unchecked_return_type = "ParsedInvitationCsv"
)]
pub fn parse_invitation_csv(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] csv: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsvContext | null")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let bytes = match csv.as_string() {
        Some(text) => text.into_bytes(),
        None if csv.is_instance_of::<js_sys::Uint8Array>() => {
            js_sys::Uint8Array::new(&csv).to_vec()
        }
        None => convert::argument::<String>(csv, "csv")?.into_bytes(),
    };
    let context: Option<CsvContext> = match context {
        Some(value) if !value.is_undefined() && !value.is_null() => {
            Some(convert::argument(value, "context")?)
        }
        _ => None,
    };
    convert::to_js(&invitation_csv::parse_invitation_csv(
        &bytes,
        context.as_ref(),
    ))
}

/// Input of `effectiveRole`: a user's workspace role and relation to one
/// project. Role objects from `roles()` fit (`key`, `builtin`,
/// `permissions`).
#[derive(Debug, Clone, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveRoleInput {
    pub workspace_role: RoleDefinition,
    /// Whether the user belongs to the project.
    pub project_member: bool,
    /// The project-level role; absent or `null` inherits the workspace role.
    #[serde(default)]
    #[tsify(optional, type = "RoleDefinition | null")]
    pub project_role: Option<RoleDefinition>,
}

/// A user's role in a project, why they have it, and what they may do there.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveRole {
    pub role: RoleDefinition,
    pub source: RoleSource,
    /// The workspace-level permissions of the workspace role plus the
    /// `PROJECT_*` permissions of the effective role: what `can` checks.
    pub permissions: PermissionSet,
}

/// The effective role (DESIGN §5): workspace Admin → Admin; else a project
/// role; else the workspace role for project members; `null` when the
/// project is not visible to the user.
#[wasm_bindgen(
    js_name = "effectiveRole",
    unchecked_return_type = "EffectiveRole | null"
)]
pub fn effective_role(
    #[wasm_bindgen(unchecked_param_type = "EffectiveRoleInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: EffectiveRoleInput = convert::argument(input, "input")?;
    let assignment = match (&input.project_role, input.project_member) {
        (Some(role), _) => ProjectAssignment::Role(role),
        (None, true) => ProjectAssignment::Inherit,
        (None, false) => ProjectAssignment::None,
    };
    match access::effective_role(&input.workspace_role, assignment) {
        Some(effective) => convert::to_js(&EffectiveRole {
            permissions: access::project_permissions(&input.workspace_role, &effective.role),
            role: effective.role,
            source: effective.source,
        }),
        None => Ok(JsValue::NULL),
    }
}

/// Whether `permissions` (e.g. `viewerPermissions`) include `permission`:
/// for showing or hiding controls. The server decides again on every call.
#[wasm_bindgen(js_name = "can")]
pub fn can(
    #[wasm_bindgen(unchecked_param_type = "Permission[]")] permissions: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Permission")] permission: JsValue,
) -> Result<bool, JsValue> {
    let permissions: Vec<Permission> = convert::argument(permissions, "permissions")?;
    let permission: Permission = convert::argument(permission, "permission")?;
    Ok(PermissionSet::from_iter(permissions).contains(permission))
}
