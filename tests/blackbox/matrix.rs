//! The authorization matrix: every mutation and every guarded field of the
//! exported schema, for each kind of caller, with the outcome DESIGN §5's
//! table prescribes. The expectations are written from the table, not
//! recorded from the server; a field of the schema without a row fails the
//! test.
//!
//! Callers (columns), in a fresh workspace per mutation cell:
//! - `anon`: no credentials;
//! - `out`: signed in, not a member;
//! - `admin`, `member`, `viewer`: built-in roles (Member and Viewer belong
//!   to P1, inheriting);
//! - `custom`: role `ops` = WORKSPACE_READ, PROJECTS_CREATE, PROJECT_READ,
//!   PROJECT_WRITE, ROLES_MANAGE (belongs to P1, inheriting);
//! - `vpa@P1` / `vpa@P2`: workspace Viewer with project-level Admin on P1,
//!   acting on P1 / on P2 (where it has no access);
//! - `mpv`: workspace Member with project-level Viewer on P1;
//! - `key-ro` / `key-rw`: READ_ONLY and READ_WRITE API keys of the workspace.

use std::collections::BTreeSet;

use orkesta_tests::{Person, TestServer, on_both_backends};
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anon,
    Out,
    Admin,
    Member,
    Viewer,
    Custom,
    VpaP1,
    VpaP2,
    Mpv,
    KeyRo,
    KeyRw,
}

const CALLERS: [Caller; 11] = [
    Caller::Anon,
    Caller::Out,
    Caller::Admin,
    Caller::Member,
    Caller::Viewer,
    Caller::Custom,
    Caller::VpaP1,
    Caller::VpaP2,
    Caller::Mpv,
    Caller::KeyRo,
    Caller::KeyRw,
];

/// Expected outcome of one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Runs without errors.
    Ok,
    /// UNAUTHENTICATED `AUTHENTICATION_REQUIRED`.
    Unauth,
    /// The object reads as null (invisible = missing).
    Null,
    /// NOT_FOUND (a mutation on something invisible).
    NotFound,
    /// FORBIDDEN without a reason (a member lacks the permission).
    Forbidden,
    /// CONFLICT `LAST_ADMIN`.
    LastAdmin,
    /// FORBIDDEN `INSUFFICIENT_SCOPE` (an API key outside its access set or
    /// on a session-only operation).
    Scope,
    /// FORBIDDEN `INVITATION_EMAIL_MISMATCH`: a session may accept, but not
    /// an invitation addressed to someone else.
    Mismatch,
    /// BAD_USER_INPUT `INVALID_TOKEN`: a session may verify, the token is bad.
    BadToken,
}

use Expect::{
    BadToken, Forbidden as F, LastAdmin, Mismatch as MM, NotFound as NF, Null, Ok as OK,
    Scope as SC, Unauth as UN,
};

/// One row: an operation and the outcome for each caller, in `CALLERS` order.
struct Row {
    /// `Mutation.field`, `Query.field`, `Workspace.field` or `Project.field`,
    /// optionally with a `(variant)` suffix.
    name: &'static str,
    expect: [Expect; 11],
}

const fn row(name: &'static str, expect: [Expect; 11]) -> Row {
    Row { name, expect }
}

//                               anon out admin member viewer custom vpa@P1 vpa@P2 mpv key-ro key-rw
const ANY_MEMBER: [Expect; 11] = [UN, Null, OK, OK, OK, OK, OK, OK, OK, OK, OK];
const MEMBERS_READ: [Expect; 11] = [UN, Null, OK, OK, OK, F, OK, OK, OK, OK, OK];
const PROJECT_READ: [Expect; 11] = [UN, Null, OK, OK, OK, OK, OK, Null, OK, OK, OK];
const WORKSPACE_ADMIN_ONLY: [Expect; 11] = [UN, NF, OK, F, F, F, F, F, F, SC, SC];
const MEMBERS_MANAGE: [Expect; 11] = WORKSPACE_ADMIN_ONLY;
const API_KEYS_MANAGE: [Expect; 11] = WORKSPACE_ADMIN_ONLY;
const PROJECT_WRITE: [Expect; 11] = [UN, NF, OK, OK, F, OK, OK, NF, F, SC, OK];
const PROJECT_DELETE: [Expect; 11] = [UN, NF, OK, F, F, F, OK, NF, F, SC, SC];
const PROJECT_MEMBERS_MANAGE: [Expect; 11] = PROJECT_DELETE;
const ROLES_MANAGE: [Expect; 11] = [UN, NF, OK, F, F, OK, F, F, F, SC, SC];
const SESSION: [Expect; 11] = [UN, OK, OK, OK, OK, OK, OK, OK, OK, SC, SC];

const ROWS: &[Row] = &[
    row("Mutation.signUp", [OK; 11]),
    row("Mutation.signIn", [OK; 11]),
    row("Mutation.signOut", SESSION),
    row("Mutation.createWorkspace", SESSION),
    row("Mutation.updateWorkspace", WORKSPACE_ADMIN_ONLY),
    row("Mutation.deleteWorkspace", WORKSPACE_ADMIN_ONLY),
    row(
        "Mutation.createProject",
        [UN, NF, OK, F, F, OK, F, F, F, SC, OK],
    ),
    row("Mutation.updateProject", PROJECT_WRITE),
    row("Mutation.archiveProject", PROJECT_DELETE),
    row("Mutation.deleteProject", PROJECT_DELETE),
    row("Mutation.setProjectSetting", PROJECT_WRITE),
    row("Mutation.updateMemberRole", MEMBERS_MANAGE),
    row("Mutation.removeMember", MEMBERS_MANAGE),
    row(
        "Mutation.removeMember(self)",
        [UN, NF, LastAdmin, OK, OK, OK, OK, OK, OK, SC, SC],
    ),
    row("Mutation.setProjectMember", PROJECT_MEMBERS_MANAGE),
    row("Mutation.removeProjectMember", PROJECT_MEMBERS_MANAGE),
    row("Mutation.createRole", ROLES_MANAGE),
    row("Mutation.updateRole", ROLES_MANAGE),
    row("Mutation.deleteRole", ROLES_MANAGE),
    row("Mutation.inviteMember", MEMBERS_MANAGE),
    row("Mutation.importInvitations", MEMBERS_MANAGE),
    row("Mutation.resendInvitation", MEMBERS_MANAGE),
    row("Mutation.revokeInvitation", MEMBERS_MANAGE),
    row(
        "Mutation.acceptInvitation",
        [UN, OK, MM, MM, MM, MM, MM, MM, MM, SC, SC],
    ),
    row("Mutation.requestEmailVerification", SESSION),
    row(
        "Mutation.verifyEmail",
        [
            UN, BadToken, BadToken, BadToken, BadToken, BadToken, BadToken, BadToken, BadToken, SC,
            SC,
        ],
    ),
    row("Mutation.createApiKey", API_KEYS_MANAGE),
    row("Mutation.revokeApiKey", API_KEYS_MANAGE),
    row("Query.me", [OK; 11]),
    row("Query.workspace", ANY_MEMBER),
    row("Query.node", ANY_MEMBER),
    row("Workspace.id", ANY_MEMBER),
    row("Workspace.slug", ANY_MEMBER),
    row("Workspace.name", ANY_MEMBER),
    row("Workspace.timezone", ANY_MEMBER),
    row("Workspace.createdAt", ANY_MEMBER),
    row("Workspace.viewerRole", ANY_MEMBER),
    row("Workspace.viewerPermissions", ANY_MEMBER),
    row("Workspace.projects", ANY_MEMBER),
    row("Workspace.project", ANY_MEMBER),
    row("Workspace.roles", ANY_MEMBER),
    row("Workspace.members", MEMBERS_READ),
    row("Workspace.member", MEMBERS_READ),
    row(
        "Workspace.apiKeys",
        [UN, Null, OK, F, F, F, F, F, F, SC, SC],
    ),
    row(
        "Workspace.invitations",
        [UN, Null, OK, F, F, F, F, F, F, SC, SC],
    ),
    row(
        "Workspace.billing",
        [UN, Null, OK, F, F, F, F, F, F, OK, OK],
    ),
    row("Project.id", PROJECT_READ),
    row("Project.slug", PROJECT_READ),
    row("Project.name", PROJECT_READ),
    row("Project.description", PROJECT_READ),
    row("Project.environment", PROJECT_READ),
    row("Project.createdAt", PROJECT_READ),
    row("Project.archivedAt", PROJECT_READ),
    row("Project.workspace", PROJECT_READ),
    row("Project.viewerRole", PROJECT_READ),
    row("Project.viewerPermissions", PROJECT_READ),
    row("Project.members", PROJECT_READ),
    row("Project.settings", PROJECT_READ),
];

/// Everyone taking part, signed up once per server.
struct Cast {
    ada: Person,
    member: Person,
    viewer: Person,
    custom: Person,
    vpa: Person,
    mpv: Person,
    out: Person,
    target: Person,
    assigned: Person,
}

impl Cast {
    async fn sign_up(server: &TestServer) -> Cast {
        Cast {
            ada: server.person("ada").await,
            member: server.person("mem").await,
            viewer: server.person("vie").await,
            custom: server.person("cus").await,
            vpa: server.person("vpa").await,
            mpv: server.person("mpv").await,
            out: server.person("out").await,
            target: server.person("tgt").await,
            assigned: server.person("asg").await,
        }
    }

    fn person(&self, caller: Caller) -> Option<&Person> {
        match caller {
            Caller::Anon => None,
            Caller::Out => Some(&self.out),
            Caller::Admin => Some(&self.ada),
            Caller::Member => Some(&self.member),
            Caller::Viewer => Some(&self.viewer),
            Caller::Custom => Some(&self.custom),
            Caller::VpaP1 | Caller::VpaP2 => Some(&self.vpa),
            Caller::Mpv => Some(&self.mpv),
            Caller::KeyRo | Caller::KeyRw => None,
        }
    }
}

/// The workspace's API keys and one key id to revoke.
struct Keys {
    read_only: String,
    read_write: String,
    victim_id: String,
    /// A pending invitation to resend or revoke.
    invitation_id: String,
    /// The token of a pending invitation addressed to `out`.
    out_token: String,
}

impl Keys {
    fn token(&self, caller: Caller) -> Option<String> {
        match caller {
            Caller::KeyRo => Some(self.read_only.clone()),
            Caller::KeyRw => Some(self.read_write.clone()),
            _ => None,
        }
    }
}

/// Builds the workspace every cell acts in.
async fn world(server: &TestServer, cast: &Cast, ws: &str) -> Keys {
    let ada = &cast.ada;
    server.workspace(ada, ws).await;
    server.project(ada, ws, "proj-one").await;
    server.project(ada, ws, "proj-two").await;
    for (key, permissions) in [
        (
            "ops",
            json!([
                "WORKSPACE_READ",
                "PROJECTS_CREATE",
                "PROJECT_READ",
                "PROJECT_WRITE",
                "ROLES_MANAGE"
            ]),
        ),
        ("extra", json!(["WORKSPACE_READ"])),
    ] {
        server
            .gql_as(Some(&ada.token), "mutation($ws: String!, $k: String!, $p: [Permission!]!) { createRole(input: { workspaceSlug: $ws, key: $k, name: $k, permissions: $p }) { role { id } } }", json!({ "ws": ws, "k": key, "p": permissions }))
            .await
            .data();
    }
    server
        .add_members(
            ws,
            &[
                (&cast.member, "member"),
                (&cast.viewer, "viewer"),
                (&cast.custom, "ops"),
                (&cast.vpa, "viewer"),
                (&cast.mpv, "member"),
                (&cast.target, "viewer"),
                (&cast.assigned, "viewer"),
            ],
        )
        .await;
    for (who, role) in [
        (&cast.member, None),
        (&cast.viewer, None),
        (&cast.custom, None),
        (&cast.vpa, Some("admin")),
        (&cast.mpv, Some("viewer")),
        (&cast.assigned, None),
    ] {
        server.assign(ada, ws, "proj-one", who, role).await;
    }
    server
        .gql_as(Some(&ada.token), "mutation($ws: String!) { setProjectSetting(input: { workspaceSlug: $ws, projectSlug: \"proj-one\", key: \"k\", value: 1 }) { project { id } } }", json!({ "ws": ws }))
        .await
        .data();
    let mut keys = Vec::new();
    for access in ["READ_ONLY", "READ_WRITE", "READ_ONLY"] {
        let r = server
            .gql_as(Some(&ada.token), "mutation($ws: String!, $a: ApiKeyAccess!) { createApiKey(input: { workspaceSlug: $ws, name: \"k\", access: $a }) { secret apiKey { id } } }", json!({ "ws": ws, "a": access }))
            .await;
        keys.push((
            r.data()["createApiKey"]["secret"]
                .as_str()
                .unwrap()
                .to_owned(),
            r.data()["createApiKey"]["apiKey"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        ));
    }
    let invite = "mutation($ws: String!, $e: String!) { inviteMember(input: { workspaceSlug: $ws, email: $e, roleKey: \"viewer\" }) { invitation { id } } }";
    let victim = server
        .gql_as(
            Some(&ada.token),
            invite,
            json!({ "ws": ws, "e": "victim@example.com" }),
        )
        .await;
    let previous = server
        .latest_mailed_token(&cast.out.email, "orki_")
        .unwrap_or_default();
    server
        .gql_as(
            Some(&ada.token),
            invite,
            json!({ "ws": ws, "e": cast.out.email }),
        )
        .await
        .data();
    Keys {
        read_only: keys[0].0.clone(),
        read_write: keys[1].0.clone(),
        victim_id: keys[2].1.clone(),
        invitation_id: victim.data()["inviteMember"]["invitation"]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
        out_token: server
            .mailed_token_other_than(&cast.out.email, "orki_", &previous)
            .await,
    }
}

/// The request a cell sends: (query, variables, path to the object that
/// reads as null when invisible).
fn request(
    row: &str,
    caller: Caller,
    cast: &Cast,
    keys: &Keys,
    ws: &str,
    ws_id: &Value,
    n: usize,
) -> (String, Value, &'static [&'static str]) {
    let p = if caller == Caller::VpaP2 {
        "proj-two"
    } else {
        "proj-one"
    };
    let v = json!({ "ws": ws, "p": p });
    let workspace_field = |selection: &str| {
        (
            format!("query($ws: String!) {{ workspace(slug: $ws) {{ {selection} }} }}"),
            json!({ "ws": ws }),
            &["workspace"][..],
        )
    };
    let project_field = |selection: &str| {
        (
            format!(
                "query($ws: String!, $p: String!) {{ workspace(slug: $ws) {{ project(slug: $p) {{ {selection} }} }} }}"
            ),
            v.clone(),
            &["workspace", "project"][..],
        )
    };
    match row {
        "Mutation.signUp" => ("mutation($e: String!) { signUp(input: { email: $e, password: \"correct horse\", name: \"N\" }) { token } }".into(), json!({ "e": format!("new-{n}@example.com") }), &[]),
        "Mutation.signIn" => ("mutation { signIn(input: { email: \"out@example.com\", password: \"correct horse battery\" }) { token } }".into(), json!({}), &[]),
        "Mutation.signOut" => ("mutation { signOut }".into(), json!({}), &[]),
        "Mutation.createWorkspace" => ("mutation($s: String!) { createWorkspace(input: { slug: $s, name: \"N\" }) { workspace { id } } }".into(), json!({ "s": format!("new-{n}") }), &[]),
        "Mutation.updateWorkspace" => ("mutation($ws: String!) { updateWorkspace(input: { workspaceSlug: $ws, name: \"Renamed\" }) { workspace { id } } }".into(), v, &[]),
        "Mutation.deleteWorkspace" => ("mutation($ws: String!) { deleteWorkspace(input: { workspaceSlug: $ws, confirmSlug: $ws }) { deletedId } }".into(), v, &[]),
        "Mutation.createProject" => ("mutation($ws: String!) { createProject(input: { workspaceSlug: $ws, slug: \"proj-three\", name: \"P3\" }) { project { id } } }".into(), v, &[]),
        "Mutation.updateProject" => ("mutation($ws: String!, $p: String!) { updateProject(input: { workspaceSlug: $ws, projectSlug: $p, name: \"Renamed\" }) { project { id } } }".into(), v, &[]),
        "Mutation.archiveProject" => ("mutation($ws: String!, $p: String!) { archiveProject(input: { workspaceSlug: $ws, projectSlug: $p }) { project { id } } }".into(), v, &[]),
        "Mutation.deleteProject" => ("mutation($ws: String!, $p: String!) { deleteProject(input: { workspaceSlug: $ws, projectSlug: $p }) { deletedId } }".into(), v, &[]),
        "Mutation.setProjectSetting" => ("mutation($ws: String!, $p: String!) { setProjectSetting(input: { workspaceSlug: $ws, projectSlug: $p, key: \"k\", value: 2 }) { project { id } } }".into(), v, &[]),
        "Mutation.updateMemberRole" => ("mutation($ws: String!, $u: ID!) { updateMemberRole(input: { workspaceSlug: $ws, userId: $u, roleKey: \"viewer\" }) { member { id } } }".into(), json!({ "ws": ws, "u": cast.target.id }), &[]),
        "Mutation.removeMember" => ("mutation($ws: String!, $u: ID!) { removeMember(input: { workspaceSlug: $ws, userId: $u }) { deletedId } }".into(), json!({ "ws": ws, "u": cast.target.id }), &[]),
        "Mutation.removeMember(self)" => {
            let me = cast.person(caller).map_or(cast.ada.id.clone(), |p| p.id.clone());
            ("mutation($ws: String!, $u: ID!) { removeMember(input: { workspaceSlug: $ws, userId: $u }) { deletedId } }".into(), json!({ "ws": ws, "u": me }), &[])
        }
        "Mutation.setProjectMember" => ("mutation($ws: String!, $p: String!, $u: ID!) { setProjectMember(input: { workspaceSlug: $ws, projectSlug: $p, userId: $u, roleKey: null }) { projectMember { id } } }".into(), json!({ "ws": ws, "p": p, "u": cast.target.id }), &[]),
        "Mutation.removeProjectMember" => ("mutation($ws: String!, $p: String!, $u: ID!) { removeProjectMember(input: { workspaceSlug: $ws, projectSlug: $p, userId: $u }) { deletedId } }".into(), json!({ "ws": ws, "p": p, "u": cast.assigned.id }), &[]),
        "Mutation.createRole" => ("mutation($ws: String!) { createRole(input: { workspaceSlug: $ws, key: \"fresh\", name: \"F\", permissions: [WORKSPACE_READ] }) { role { id } } }".into(), v, &[]),
        "Mutation.updateRole" => ("mutation($ws: String!) { updateRole(input: { workspaceSlug: $ws, key: \"extra\", name: \"E\" }) { role { id } } }".into(), v, &[]),
        "Mutation.deleteRole" => ("mutation($ws: String!) { deleteRole(input: { workspaceSlug: $ws, key: \"extra\" }) { deletedId } }".into(), v, &[]),
        "Mutation.inviteMember" => ("mutation($ws: String!, $e: String!) { inviteMember(input: { workspaceSlug: $ws, email: $e, roleKey: \"viewer\" }) { invitation { id } } }".into(), json!({ "ws": ws, "e": format!("invitee-{n}@example.com") }), &[]),
        "Mutation.importInvitations" => ("mutation($ws: String!, $csv: String!) { importInvitations(input: { workspaceSlug: $ws, csvText: $csv }) { invited } }".into(), json!({ "ws": ws, "csv": format!("email,role\nimported-{n}@example.com,viewer\n") }), &[]),
        "Mutation.resendInvitation" => ("mutation($id: ID!) { resendInvitation(input: { invitationId: $id }) { invitation { id } } }".into(), json!({ "id": keys.invitation_id }), &[]),
        "Mutation.revokeInvitation" => ("mutation($id: ID!) { revokeInvitation(input: { invitationId: $id }) { invitation { id } } }".into(), json!({ "id": keys.invitation_id }), &[]),
        "Mutation.acceptInvitation" => ("mutation($t: String!) { acceptInvitation(input: { token: $t }) { workspace { slug } } }".into(), json!({ "t": keys.out_token }), &[]),
        "Mutation.requestEmailVerification" => ("mutation { requestEmailVerification }".into(), json!({}), &[]),
        "Mutation.verifyEmail" => ("mutation { verifyEmail(input: { token: \"orkv_not-a-token\" }) { id } }".into(), json!({}), &[]),
        "Mutation.createApiKey" => ("mutation($ws: String!) { createApiKey(input: { workspaceSlug: $ws, name: \"new\", access: READ_ONLY }) { secret } }".into(), v, &[]),
        "Mutation.revokeApiKey" => ("mutation($ws: String!, $k: ID!) { revokeApiKey(input: { workspaceSlug: $ws, apiKeyId: $k }) { apiKey { revokedAt } } }".into(), json!({ "ws": ws, "k": keys.victim_id }), &[]),
        "Query.me" => ("{ me { user { id } } }".into(), json!({}), &[]),
        "Query.workspace" => workspace_field("id"),
        "Query.node" => ("query($id: ID!) { node(id: $id) { id } }".into(), json!({ "id": ws_id }), &["node"]),
        "Workspace.projects" => workspace_field("projects { totalCount }"),
        "Workspace.project" => workspace_field("project(slug: \"proj-one\") { slug }"),
        "Workspace.roles" => workspace_field("roles { key }"),
        "Workspace.viewerRole" => workspace_field("viewerRole { key }"),
        "Workspace.members" => workspace_field("members { totalCount }"),
        "Workspace.apiKeys" => workspace_field("apiKeys { totalCount }"),
        "Workspace.invitations" => workspace_field("invitations { totalCount }"),
        "Workspace.billing" => workspace_field("billing { seatsUsed }"),
        "Workspace.member" => (format!("query($ws: String!) {{ workspace(slug: $ws) {{ member(userId: \"{}\") {{ id }} }} }}", cast.ada.id), json!({ "ws": ws }), &["workspace"][..]),
        "Project.workspace" => project_field("workspace { slug }"),
        "Project.viewerRole" => project_field("viewerRole { key }"),
        "Project.members" => project_field("members { totalCount }"),
        "Project.settings" => project_field("settings { key }"),
        other => match other.split_once('.') {
            Some(("Workspace", field)) => workspace_field(field),
            Some(("Project", field)) => project_field(field),
            _ => panic!("no request for row {other}"),
        },
    }
}

async fn workspace_id(server: &TestServer, admin: &Person, ws: &str) -> Value {
    server
        .gql_as(
            Some(&admin.token),
            "query($ws: String!) { workspace(slug: $ws) { id } }",
            json!({ "ws": ws }),
        )
        .await
        .data()["workspace"]["id"]
        .clone()
}

fn outcome(body: &Value, null_path: &[&str]) -> Result<Expect, String> {
    if let Some(error) = body.get("errors").and_then(|e| e.get(0)) {
        let code = error["extensions"]["code"].as_str().unwrap_or("");
        let reason = error["extensions"]["reason"].as_str();
        return match (code, reason) {
            ("UNAUTHENTICATED", Some("AUTHENTICATION_REQUIRED")) => Ok(UN),
            ("NOT_FOUND", None) => Ok(NF),
            ("FORBIDDEN", None) => Ok(F),
            ("CONFLICT", Some("LAST_ADMIN")) => Ok(LastAdmin),
            ("FORBIDDEN", Some("INSUFFICIENT_SCOPE")) => Ok(SC),
            ("FORBIDDEN", Some("INVITATION_EMAIL_MISMATCH")) => Ok(MM),
            ("BAD_USER_INPUT", Some("INVALID_TOKEN")) => Ok(BadToken),
            _ => Err(format!("unexpected error {error}")),
        };
    }
    let mut node = &body["data"];
    for key in null_path {
        node = &node[key];
        if node.is_null() {
            return Ok(Null);
        }
    }
    Ok(OK)
}

/// Fields of a type in the live schema.
async fn schema_fields(server: &TestServer, type_name: &str) -> Vec<String> {
    let r = server
        .gql(
            "query($t: String!) { __type(name: $t) { fields { name } } }",
            json!({ "t": type_name }),
        )
        .await;
    r.data()["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{type_name}.{}", f["name"].as_str().unwrap()))
        .collect()
}

on_both_backends! {
    async fn authorization_matrix(server: TestServer) {
        // Every mutation and guarded field of the exported schema has a row.
        let mut fields = BTreeSet::new();
        for t in ["Mutation", "Query", "Workspace", "Project"] {
            fields.extend(schema_fields(&server, t).await);
        }
        let covered: BTreeSet<String> = ROWS.iter().map(|r| r.name.split('(').next().unwrap().to_owned()).collect();
        let missing: Vec<&String> = fields.difference(&covered).collect();
        assert!(missing.is_empty(), "fields without a row in the authorization matrix: {missing:?}");
        let stale: Vec<&String> = covered.difference(&fields).collect();
        assert!(stale.is_empty(), "rows for fields the schema does not have: {stale:?}");

        let cast = Cast::sign_up(&server).await;
        // Reads share one workspace; each mutation cell gets a fresh one.
        let shared_keys = world(&server, &cast, "shared").await;
        let shared_id = workspace_id(&server, &cast.ada, "shared").await;
        let mut failures = Vec::new();
        let mut cells = 0;
        for (r, row) in ROWS.iter().enumerate() {
            let mutation = row.name.starts_with("Mutation.");
            for (c, caller) in CALLERS.iter().enumerate() {
                let n = r * CALLERS.len() + c;
                let ws = if mutation { format!("m-{n}") } else { "shared".to_owned() };
                let fresh_keys;
                let keys = if mutation {
                    fresh_keys = world(&server, &cast, &ws).await;
                    &fresh_keys
                } else {
                    &shared_keys
                };
                let (query, variables, null_path) = request(row.name, *caller, &cast, keys, &ws, &shared_id, n);
                let token = match (row.name, cast.person(*caller)) {
                    // Signing out ends the session: use a throwaway one.
                    ("Mutation.signOut", Some(p)) => Some(sign_in(&server, p).await),
                    (_, Some(p)) => Some(p.token.clone()),
                    (_, None) => keys.token(*caller),
                };
                let response = server.gql_as(token.as_deref(), &query, variables).await;
                cells += 1;
                match outcome(&response.body, null_path) {
                    Ok(got) if got == row.expect[c] => {}
                    Ok(got) => failures.push(format!("{} as {caller:?}: expected {:?}, got {got:?}: {}", row.name, row.expect[c], response.body)),
                    Err(e) => failures.push(format!("{} as {caller:?}: {e}", row.name)),
                }
            }
        }
        assert!(failures.is_empty(), "{} of {cells} cells differ from DESIGN §5:\n{}", failures.len(), failures.join("\n"));
        eprintln!("authorization matrix: {cells} cells, {} rows × {} callers", ROWS.len(), CALLERS.len());
    }
}

async fn sign_in(server: &TestServer, person: &Person) -> String {
    let r = server.gql("mutation($e: String!) { signIn(input: { email: $e, password: \"correct horse battery\" }) { token } }", json!({ "e": person.email })).await;
    r.data()["signIn"]["token"].as_str().unwrap().to_owned()
}
