/* tslint:disable */
/* eslint-disable */

/** The rejection of every typed method, and what helpers throw on bad arguments. */
export declare class OrkestaError extends Error {
    private constructor();
}
export interface OrkestaError extends OrkestaErrorDetails {}


/**
 * A column of the format, as named in the header.
 */
export type CsvColumn = "email" | "role" | "projects";

/**
 * A project assignment of one row.
 */
export interface CsvProject {
    projectSlug: string;
    /**
     * `None` (`null`) = inherit the invited workspace role.
     */
    roleKey: string | null;
}

/**
 * A refused value: the reason code and a message meant for people.
 */
export interface ValueError {
    reason: Reason;
    message: string;
}

/**
 * A role as stored: built-in, or a custom role with its own permission set.
 */
export interface RoleDefinition {
    key: string;
    builtin: boolean;
    permissions: PermissionSet;
}

/**
 * A set of permissions. Iterates in the contract's order.
 */
export type PermissionSet = Permission[];

/**
 * A user's role in a project, why they have it, and what they may do there.
 */
export interface EffectiveRole {
    role: RoleDefinition;
    source: RoleSource;
    /**
     * The workspace-level permissions of the workspace role plus the
     * `PROJECT_*` permissions of the effective role: what `can` checks.
     */
    permissions: PermissionSet;
}

/**
 * Access level of an API key (DESIGN §6).
 */
export type ApiKeyAccess = "READ_ONLY" | "READ_WRITE";

/**
 * An email address as entered (trimmed) and in its normalised form
 * (lowercased), which is what uniqueness and comparisons use.
 */
export interface Email {
    asEntered: string;
    normalized: string;
}

/**
 * Information about pagination in a connection
 */
export interface PageInfo {
    /**
     * When paginating forwards, are there more items?
     */
    hasNextPage: boolean;
    /**
     * When paginating forwards, the cursor to continue.
     */
    endCursor: string | null;
}

/**
 * Input of `effectiveRole`: a user's workspace role and relation to one
 * project. Role objects from `roles()` fit (`key`, `builtin`,
 * `permissions`).
 */
export interface EffectiveRoleInput {
    workspaceRole: RoleDefinition;
    /**
     * Whether the user belongs to the project.
     */
    projectMember: boolean;
    /**
     * The project-level role; absent or `null` inherits the workspace role.
     */
    projectRole?: RoleDefinition | null;
}

/**
 * One GraphQL error as the server sends it.
 */
export interface GraphQLError {
    message: string;
    path?: (string | number)[];
    locations?: { line: number; column: number }[];
    /**
     * `code`, and where it applies `reason` and `field`.
     */
    extensions?: Record<string, unknown>;
}

/**
 * One permission. `WORKSPACE_*`, `BILLING_*`, `MEMBERS_*`, `ROLES_*`,
 * `API_KEYS_*`, `AUDIT_LOG_*` and `PROJECTS_CREATE` are evaluated against the
 * workspace role; `PROJECT_*` against the effective role in a project.
 */
export type Permission = "WORKSPACE_READ" | "WORKSPACE_SETTINGS_MANAGE" | "WORKSPACE_SECURITY_MANAGE" | "BILLING_READ" | "BILLING_MANAGE" | "MEMBERS_READ" | "MEMBERS_MANAGE" | "ROLES_MANAGE" | "API_KEYS_MANAGE" | "AUDIT_LOG_READ" | "PROJECTS_CREATE" | "PROJECT_READ" | "PROJECT_WRITE" | "PROJECT_MEMBERS_MANAGE" | "PROJECT_DELETE";

/**
 * One problem in a CSV import, tied to its line in the file (1 = header).
 */
export interface ImportRowError {
    line: number;
    column: string | null;
    code: string;
    message: string;
}

/**
 * One problem, tied to its line (0 = the file as a whole).
 */
export interface CsvProblem {
    line: number;
    column: CsvColumn | null;
    code: CsvCode;
    message: string;
}

/**
 * One valid data row.
 */
export interface CsvInvitation {
    line: number;
    email: Email;
    roleKey: string;
    projects: CsvProject[];
}

/**
 * Options of `new OrkestaClient(…)`.
 */
export interface ClientOptions {
    /**
     * The GraphQL endpoint, e.g. `"https://orkesta.example.com/graphql"`.
     */
    url: string;
    /**
     * A session token (`orks_…`, from `signIn`) or an API key (`ork_…`),
     * sent as `Authorization: Bearer …`.
     */
    token?: string;
    /**
     * Milliseconds before a request is abandoned with `NETWORK_ERROR`
     * (default 30000; 0 waits as long as the platform does).
     */
    timeoutMs?: number;
}

/**
 * Problem codes. The wire names are part of the API.
 */
export type CsvCode = "FILE_TOO_LARGE" | "INVALID_ENCODING" | "INVALID_QUOTING" | "MISSING_HEADER" | "UNKNOWN_COLUMN" | "WRONG_FIELD_COUNT" | "TOO_MANY_ROWS" | "INVALID_EMAIL" | "DUPLICATE_EMAIL" | "EMAIL_DOMAIN_NOT_ALLOWED" | "UNKNOWN_ROLE" | "ESCALATION" | "UNKNOWN_PROJECT" | "DUPLICATE_PROJECT";

/**
 * The parse result. When `problems` is non-empty nothing may be written.
 */
export interface ParsedInvitationCsv {
    /**
     * Data rows read (blank lines and the header excluded).
     */
    rowsRead: number;
    /**
     * Rows without problems, in file order.
     */
    invitations: CsvInvitation[];
    problems: CsvProblem[];
}

/**
 * Variables of `apiKeys`.
 */
export interface ApiKeysVariables {
    workspaceSlug: string;
    first?: number;
    after?: string;
    includeRevoked?: boolean;
}

/**
 * Variables of `invitations`.
 */
export interface InvitationsVariables {
    workspaceSlug: string;
    first?: number;
    after?: string;
    status?: InvitationStatus;
}

/**
 * Variables of `memberProjects`.
 */
export interface MemberProjectsVariables {
    workspaceSlug: string;
    userId: string;
    first?: number;
    after?: string;
}

/**
 * Variables of `member`.
 */
export interface MemberVariables {
    workspaceSlug: string;
    userId: string;
}

/**
 * Variables of `members`.
 */
export interface MembersVariables {
    workspaceSlug: string;
    first?: number;
    after?: string;
    roleKey?: string;
    search?: string;
}

/**
 * Variables of `myWorkspaces`.
 */
export interface MyWorkspacesVariables {
    first?: number;
    after?: string;
}

/**
 * Variables of `projectMembers`.
 */
export interface ProjectMembersVariables {
    workspaceSlug: string;
    projectSlug: string;
    first?: number;
    after?: string;
}

/**
 * Variables of `project`.
 */
export interface ProjectVariables {
    workspaceSlug: string;
    slug: string;
}

/**
 * Variables of `projects`.
 */
export interface ProjectsVariables {
    workspaceSlug: string;
    first?: number;
    after?: string;
    environment?: ProjectEnvironment;
    includeArchived?: boolean;
}

/**
 * What `request` resolves with: the server's answer as is.
 */
export interface GraphQLResponse {
    data?: unknown;
    errors?: GraphQLError[];
}

/**
 * What a slug names; each kind has its own reserved words.
 */
export type SlugKind = "workspace" | "project" | "roleKey";

/**
 * What the workspace knows, for the data-dependent checks.
 */
export interface CsvContext {
    /**
     * Every role of the workspace, built-in and custom.
     */
    roles: RoleDefinition[];
    /**
     * Slugs of the projects the importer can see.
     */
    projectSlugs: string[];
    /**
     * Empty = any domain.
     */
    allowedEmailDomains: string[];
    granter?: CsvGranter;
}

/**
 * What went wrong, as carried by every `OrkestaError`.
 */
export interface OrkestaErrorDetails {
    /**
     * The server's `extensions.code` (`NOT_FOUND`, `BAD_USER_INPUT`, …), or
     * `NETWORK_ERROR` when the server could not be reached and `HTTP_ERROR`
     * when it answered with something that is not a GraphQL response.
     */
    code: string;
    /**
     * The server's `extensions.reason` (`SLUG_TAKEN`, `ESCALATION`, …).
     */
    reason: string | null;
    /**
     * The input field at fault (`extensions.field`), when one is.
     */
    field: string | null;
    message: string;
    /**
     * HTTP status of the response, when there was one.
     */
    status: number | null;
}

/**
 * Which rule produced an effective role.
 */
export type RoleSource = "WORKSPACE_ADMIN" | "PROJECT_ASSIGNMENT" | "WORKSPACE_INHERITED";

/**
 * Who is importing: grants are checked against this (no escalation).
 */
export interface CsvGranter {
    workspaceRole: RoleDefinition;
    /**
     * The granter's permissions in each project it can see (see
     * [`crate::access::project_permissions`]).
     */
    projectPermissions: Record<string, PermissionSet>;
}

/**
 * Why a value was refused. The wire name ([`Reason::as_str`]) is part of the
 * public API: clients branch on it.
 */
export type Reason = "INVALID_SLUG" | "RESERVED_SLUG" | "INVALID_NAME" | "INVALID_DESCRIPTION" | "INVALID_EMAIL" | "WEAK_PASSWORD" | "INVALID_TIMEZONE" | "INVALID_CIDR" | "TOO_MANY_ENTRIES" | "INVALID_AMOUNT" | "INVALID_CURRENCY";

export interface AcceptInvitationInput {
    token: string;
}

export interface ApiKey {
    id: string;
    name: string;
    /**
     * The first characters of the secret, safe to display (e.g. "ork_7Hq2").
     */
    prefix: string;
    access: ApiKeyAccess;
    /**
     * The member who created it; null once that account is gone (keys outlive their creators).
     */
    createdBy: UserRef | null;
    createdAt: string;
    expiresAt: string | null;
    lastUsedAt: string | null;
    lastUsedIp: string | null;
    revokedAt: string | null;
}

export interface ApiKeyPage {
    /**
     * A list of nodes.
     */
    nodes: ApiKey[];
    /**
     * Information to aid in pagination.
     */
    pageInfo: PageInfo;
    /**
     * All items matching the filters, across pages.
     */
    totalCount: number;
}

export interface CreateApiKeyInput {
    workspaceSlug: string;
    name: string;
    access: ApiKeyAccess;
    expiresAt?: string;
}

export interface CreateProjectInput {
    workspaceSlug: string;
    slug: string;
    name: string;
    description?: string;
    environment?: ProjectEnvironment;
}

export interface CreateRoleInput {
    workspaceSlug: string;
    key: string;
    name: string;
    description?: string;
    permissions: Permission[];
}

export interface CreateWorkspaceInput {
    slug: string;
    name: string;
    timezone?: string;
}

export interface CreatedApiKey {
    apiKey: ApiKey;
    /**
     * The full key. Returned exactly once; only a hash is stored.
     */
    secret: string;
}

export interface DeleteRoleInput {
    workspaceSlug: string;
    key: string;
}

export interface DeleteWorkspaceInput {
    workspaceSlug: string;
    /**
     * Must equal workspaceSlug: a guard against accidents.
     */
    confirmSlug: string;
}

export interface ImportInvitationsInput {
    workspaceSlug: string;
    csvText?: string;
    dryRun?: boolean;
}

export interface Invitation {
    id: string;
    email: string;
    role: RoleRef;
    projects: InvitationProject[];
    status: InvitationStatus;
    invitedBy: UserRef | null;
    createdAt: string;
    expiresAt: string;
    acceptedAt: string | null;
    workspaceSlug: string;
    workspaceName: string;
}

export interface InvitationImportReport {
    /**
     * True when the input asked for a dry run (nothing is written then).
     */
    dryRun: boolean;
    rowsRead: number;
    /**
     * Rows that create or update a pending invitation (on dryRun: that would). 0 when there are errors.
     */
    invited: number;
    /**
     * Rows skipped: already a member, or a pending invitation with the same role and projects.
     */
    skipped: number;
    /**
     * Every problem found; when non-empty, nothing was written.
     */
    errors: ImportRowError[];
    /**
     * The invitations created or updated; empty on dryRun or errors.
     */
    invitations: Invitation[];
}

export interface InvitationPage {
    /**
     * A list of nodes.
     */
    nodes: Invitation[];
    /**
     * Information to aid in pagination.
     */
    pageInfo: PageInfo;
    /**
     * All items matching the filters, across pages.
     */
    totalCount: number;
}

export interface InvitationProject {
    projectSlug: string;
    projectName: string;
    /**
     * null = inherit the invited workspace role.
     */
    role: RoleRef | null;
}

export interface InvitationRefInput {
    invitationId: string;
}

export interface InviteMemberInput {
    workspaceSlug: string;
    email: string;
    roleKey: string;
    projects?: InviteProjectInput[];
}

export interface InviteProjectInput {
    projectSlug: string;
    /**
     * null = inherit the workspace role.
     */
    roleKey?: string;
}

export interface Membership {
    member: WorkspaceMember;
    workspace: Workspace;
}

export interface NodeRef {
    __typename: string;
    /**
     * Opaque, type-tagged, globally unique ID. Stable for the life of the object.
     */
    id: string;
}

export interface Project {
    id: string;
    slug: string;
    name: string;
    description: string | null;
    environment: ProjectEnvironment;
    createdAt: string;
    archivedAt: string | null;
    workspace: WorkspaceRef;
    /**
     * The caller's effective role in this project (DESIGN.md, "Effective role"); null for API keys.
     */
    viewerRole: RoleRef | null;
    viewerPermissions: Permission[];
    settings: ProjectSetting[];
}

export interface ProjectMember {
    /**
     * Derived from the project and the user, so it is the same for a
     * workspace Admin with or without a stored assignment.
     */
    id: string;
    user: UserRef;
    project: ProjectRef;
    /**
     * The project-level role (DESIGN §5 rule 2); null = inherits the workspace role. For a workspace Admin it shows a kept assignment that does not apply (roleSource WORKSPACE_ADMIN).
     */
    projectRole: RoleRef | null;
    workspaceRole: RoleRef;
    effectiveRole: RoleRef;
    /**
     * Which rule of DESIGN §5 produced effectiveRole: answers "why does this person have this access".
     */
    roleSource: RoleSource;
    /**
     * For a workspace Admin, the later of joining the workspace and the
     * project's creation; otherwise when the assignment was made.
     */
    addedAt: string;
}

export interface ProjectMemberPage {
    /**
     * A list of nodes.
     */
    nodes: ProjectMember[];
    /**
     * Information to aid in pagination.
     */
    pageInfo: PageInfo;
    /**
     * All items matching the filters, across pages.
     */
    totalCount: number;
}

export interface ProjectPage {
    /**
     * A list of nodes.
     */
    nodes: Project[];
    /**
     * Information to aid in pagination.
     */
    pageInfo: PageInfo;
    /**
     * All items matching the filters, across pages.
     */
    totalCount: number;
}

export interface ProjectRef {
    id: string;
    slug: string;
    name: string;
}

export interface ProjectRefInput {
    workspaceSlug: string;
    projectSlug: string;
}

export interface ProjectSetting {
    key: string;
    value: unknown;
    updatedAt: string;
}

export interface RemoveMemberInput {
    workspaceSlug: string;
    userId: string;
}

export interface RemoveProjectMemberInput {
    workspaceSlug: string;
    projectSlug: string;
    userId: string;
}

export interface RevokeApiKeyInput {
    workspaceSlug: string;
    apiKeyId: string;
}

export interface Role {
    id: string;
    /**
     * "admin", "member", "viewer" for built-in roles; the custom role's key otherwise.
     */
    key: string;
    name: string;
    description: string | null;
    builtin: boolean;
    permissions: Permission[];
}

export interface RoleRef {
    id: string;
    /**
     * "admin", "member", "viewer" for built-in roles; the custom role's key otherwise.
     */
    key: string;
    name: string;
}

export interface Session {
    /**
     * Session token for `Authorization: Bearer <token>`. Shown once.
     */
    token: string;
    user: User;
    expiresAt: string;
}

export interface SetProjectMemberInput {
    workspaceSlug: string;
    projectSlug: string;
    userId: string;
    /**
     * null = belongs to the project with the inherited workspace role.
     */
    roleKey?: string;
}

export interface SetProjectSettingInput {
    workspaceSlug: string;
    projectSlug: string;
    key: string;
    /**
     * null removes the setting.
     */
    value?: unknown;
}

export interface SignInInput {
    email: string;
    password: string;
}

export interface SignUpInput {
    email: string;
    password: string;
    name: string;
}

export interface UpdateMemberRoleInput {
    workspaceSlug: string;
    userId: string;
    roleKey: string;
}

export interface UpdateProjectInput {
    workspaceSlug: string;
    projectSlug: string;
    name?: string;
    description?: string;
    environment?: ProjectEnvironment;
    newSlug?: string;
}

export interface UpdateRoleInput {
    workspaceSlug: string;
    key: string;
    name?: string;
    description?: string;
    permissions?: Permission[];
}

export interface UpdateWorkspaceInput {
    workspaceSlug: string;
    name?: string;
    timezone?: string;
    /**
     * Rename the slug (old slug stops resolving).
     */
    newSlug?: string;
}

export interface User {
    id: string;
    /**
     * As entered at sign-up (trimmed); compared case-insensitively.
     */
    email: string;
    /**
     * True once the user proved the mailbox (accepted an invitation or confirmed the verification email).
     */
    emailVerified: boolean;
    name: string;
    createdAt: string;
}

export interface UserRef {
    id: string;
    name: string;
    /**
     * As entered at sign-up (trimmed); compared case-insensitively.
     */
    email: string;
}

export interface VerifyEmailInput {
    token: string;
}

export interface Viewer {
    user: User | null;
    /**
     * The calling API key; null for signed-in users.
     */
    apiKey: ApiKey | null;
}

export interface Workspace {
    id: string;
    slug: string;
    name: string;
    /**
     * IANA time zone name, e.g. "Europe/Istanbul". Default "UTC".
     */
    timezone: string;
    createdAt: string;
    /**
     * The caller's workspace role; null for API keys.
     */
    viewerRole: RoleRef | null;
    viewerPermissions: Permission[];
}

export interface WorkspaceBilling {
    plan: string;
    billingEmail: string | null;
    /**
     * Seats in use = members + pending invitations.
     */
    seatsUsed: number;
    seatLimit: number | null;
}

export interface WorkspaceMember {
    id: string;
    user: UserRef;
    role: RoleRef;
    joinedAt: string;
}

export interface WorkspaceMemberPage {
    /**
     * A list of nodes.
     */
    nodes: WorkspaceMember[];
    /**
     * Information to aid in pagination.
     */
    pageInfo: PageInfo;
    /**
     * All items matching the filters, across pages.
     */
    totalCount: number;
}

export interface WorkspacePage {
    /**
     * A list of nodes.
     */
    nodes: Workspace[];
    /**
     * Information to aid in pagination.
     */
    pageInfo: PageInfo;
    /**
     * All items matching the filters, across pages.
     */
    totalCount: number;
}

export interface WorkspaceRef {
    id: string;
    slug: string;
    name: string;
}

export type InvitationStatus = "PENDING" | "ACCEPTED" | "REVOKED" | "EXPIRED";

export type ProjectEnvironment = "PRODUCTION" | "STAGING" | "DEVELOPMENT";


/**
 * The client. One per endpoint and credential; cheap to create.
 */
export class OrkestaClient {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Joins the workspace as the signed-in user, whose email must match the invitation.
     *
     * Sends the `AcceptInvitation` mutation. Rejects with `OrkestaError`.
     */
    acceptInvitation(input: AcceptInvitationInput): Promise<Membership>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `ApiKeys` query; resolves `null` when the object is not found or not visible. Rejects with `OrkestaError`.
     */
    apiKeys(variables: ApiKeysVariables): Promise<ApiKeyPage | null>;
    /**
     * Sends the `ArchiveProject` mutation. Rejects with `OrkestaError`.
     */
    archiveProject(input: ProjectRefInput): Promise<Project>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `Billing` query; resolves `null` when the object is not found or not visible. Rejects with `OrkestaError`.
     */
    billing(workspaceSlug: string): Promise<WorkspaceBilling | null>;
    /**
     * Sends the `CreateApiKey` mutation. Rejects with `OrkestaError`.
     */
    createApiKey(input: CreateApiKeyInput): Promise<CreatedApiKey>;
    /**
     * Sends the `CreateProject` mutation. Rejects with `OrkestaError`.
     */
    createProject(input: CreateProjectInput): Promise<Project>;
    /**
     * Sends the `CreateRole` mutation. Rejects with `OrkestaError`.
     */
    createRole(input: CreateRoleInput): Promise<Role>;
    /**
     * Creates a workspace; the caller becomes its Admin.
     *
     * Sends the `CreateWorkspace` mutation. Rejects with `OrkestaError`.
     */
    createWorkspace(input: CreateWorkspaceInput): Promise<Workspace>;
    /**
     * Deletes the project with its assignments, settings and payments.
     *
     * Sends the `DeleteProject` mutation. Rejects with `OrkestaError`.
     */
    deleteProject(input: ProjectRefInput): Promise<string>;
    /**
     * Sends the `DeleteRole` mutation. Rejects with `OrkestaError`.
     */
    deleteRole(input: DeleteRoleInput): Promise<string>;
    /**
     * Deletes the workspace and everything in it.
     *
     * Sends the `DeleteWorkspace` mutation. Rejects with `OrkestaError`.
     */
    deleteWorkspace(input: DeleteWorkspaceInput): Promise<string>;
    /**
     * Invites everyone in a CSV file; see ImportInvitationsInput.
     *
     * Sends the `ImportInvitations` mutation. Rejects with `OrkestaError`.
     */
    importInvitations(input: ImportInvitationsInput): Promise<InvitationImportReport>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `Invitations` query; resolves `null` when the object is not found or not visible. Rejects with `OrkestaError`.
     */
    invitations(variables: InvitationsVariables): Promise<InvitationPage | null>;
    /**
     * Invites someone by email; a pending invitation to the same email is updated and gets a fresh token.
     *
     * Sends the `InviteMember` mutation. Rejects with `OrkestaError`.
     */
    inviteMember(input: InviteMemberInput): Promise<Invitation>;
    /**
     * The caller. Works without credentials (then `user` is null); a
     * presented but invalid token is UNAUTHENTICATED.
     *
     * Sends the `Me` query. Rejects with `OrkestaError`.
     */
    me(): Promise<Viewer>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `MemberProjects` query; resolves `null` when the object is not found or not visible. Rejects with `OrkestaError`.
     */
    memberProjects(variables: MemberProjectsVariables): Promise<ProjectMemberPage | null>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `Member` query. Rejects with `OrkestaError`.
     */
    member(variables: MemberVariables): Promise<WorkspaceMember | null>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `Members` query; resolves `null` when the object is not found or not visible. Rejects with `OrkestaError`.
     */
    members(variables: MembersVariables): Promise<WorkspaceMemberPage | null>;
    /**
     * The caller. Works without credentials (then `user` is null); a
     * presented but invalid token is UNAUTHENTICATED.
     *
     * Sends the `MyInvitations` query. Rejects with `OrkestaError`.
     */
    myInvitations(): Promise<Invitation[]>;
    /**
     * The caller. Works without credentials (then `user` is null); a
     * presented but invalid token is UNAUTHENTICATED.
     *
     * Sends the `MyWorkspaces` query. Rejects with `OrkestaError`.
     */
    myWorkspaces(variables: MyWorkspacesVariables): Promise<WorkspacePage>;
    constructor(options: ClientOptions);
    /**
     * Any object by its global id, with the visibility of the field that
     * would otherwise reach it: null when missing or not visible.
     *
     * Sends the `Node` query. Rejects with `OrkestaError`.
     */
    node(id: string): Promise<NodeRef | null>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `ProjectMembers` query; resolves `null` when the object is not found or not visible. Rejects with `OrkestaError`.
     */
    projectMembers(variables: ProjectMembersVariables): Promise<ProjectMemberPage | null>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `Project` query. Rejects with `OrkestaError`.
     */
    project(variables: ProjectVariables): Promise<Project | null>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `Projects` query; resolves `null` when the object is not found or not visible. Rejects with `OrkestaError`.
     */
    projects(variables: ProjectsVariables): Promise<ProjectPage | null>;
    /**
     * Removes a member, or with one's own id, leaves the workspace.
     *
     * Sends the `RemoveMember` mutation. Rejects with `OrkestaError`.
     */
    removeMember(input: RemoveMemberInput): Promise<string>;
    /**
     * Sends the `RemoveProjectMember` mutation. Rejects with `OrkestaError`.
     */
    removeProjectMember(input: RemoveProjectMemberInput): Promise<string>;
    /**
     * Sends a verification email to the signed-in user (no-op when already verified).
     *
     * Sends the `RequestEmailVerification` mutation. Rejects with `OrkestaError`.
     */
    requestEmailVerification(): Promise<boolean>;
    /**
     * Sends any query or mutation and resolves with the server's
     * `{ data, errors }`, errors included; rejects only when no GraphQL
     * response arrives (`NETWORK_ERROR`, `HTTP_ERROR`).
     */
    request(query: string, variables?: Record<string, unknown> | null): Promise<GraphQLResponse>;
    /**
     * Sends the invitation again with a fresh token and a fresh 7-day expiry.
     *
     * Sends the `ResendInvitation` mutation. Rejects with `OrkestaError`.
     */
    resendInvitation(input: InvitationRefInput): Promise<Invitation>;
    /**
     * Sends the `RevokeApiKey` mutation. Rejects with `OrkestaError`.
     */
    revokeApiKey(input: RevokeApiKeyInput): Promise<ApiKey>;
    /**
     * Sends the `RevokeInvitation` mutation. Rejects with `OrkestaError`.
     */
    revokeInvitation(input: InvitationRefInput): Promise<Invitation>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `Roles` query; resolves `null` when the object is not found or not visible. Rejects with `OrkestaError`.
     */
    roles(workspaceSlug: string): Promise<Role[] | null>;
    /**
     * Sends the `SetProjectMember` mutation. Rejects with `OrkestaError`.
     */
    setProjectMember(input: SetProjectMemberInput): Promise<ProjectMember>;
    /**
     * Sends the `SetProjectSetting` mutation. Rejects with `OrkestaError`.
     */
    setProjectSetting(input: SetProjectSettingInput): Promise<Project>;
    /**
     * Replaces the credential for later requests (`null` signs out locally),
     * e.g. with the token `signIn` returned.
     */
    setToken(token?: string | null): void;
    /**
     * Starts a session. Ignores any Authorization header.
     *
     * Sends the `SignIn` mutation. Rejects with `OrkestaError`.
     */
    signIn(input: SignInInput): Promise<Session>;
    /**
     * Ends the calling session.
     *
     * Sends the `SignOut` mutation. Rejects with `OrkestaError`.
     */
    signOut(): Promise<boolean>;
    /**
     * Creates an account and signs it in. Ignores any Authorization header.
     *
     * Sends the `SignUp` mutation. Rejects with `OrkestaError`.
     */
    signUp(input: SignUpInput): Promise<Session>;
    /**
     * Sends the `UpdateMemberRole` mutation. Rejects with `OrkestaError`.
     */
    updateMemberRole(input: UpdateMemberRoleInput): Promise<WorkspaceMember>;
    /**
     * Sends the `UpdateProject` mutation. Rejects with `OrkestaError`.
     */
    updateProject(input: UpdateProjectInput): Promise<Project>;
    /**
     * Sends the `UpdateRole` mutation. Rejects with `OrkestaError`.
     */
    updateRole(input: UpdateRoleInput): Promise<Role>;
    /**
     * Sends the `UpdateWorkspace` mutation. Rejects with `OrkestaError`.
     */
    updateWorkspace(input: UpdateWorkspaceInput): Promise<Workspace>;
    /**
     * Sends the `VerifyEmail` mutation. Rejects with `OrkestaError`.
     */
    verifyEmail(input: VerifyEmailInput): Promise<User>;
    /**
     * null when it does not exist OR the caller may not see it (no difference is revealed).
     *
     * Sends the `Workspace` query. Rejects with `OrkestaError`.
     */
    workspace(slug: string): Promise<Workspace | null>;
    /**
     * The GraphQL endpoint this client talks to.
     */
    readonly url: string;
}

/**
 * Whether `permissions` (e.g. `viewerPermissions`) include `permission`:
 * for showing or hiding controls. The server decides again on every call.
 */
export function can(permissions: Permission[], permission: Permission): boolean;

/**
 * The effective role (DESIGN §5): workspace Admin → Admin; else a project
 * role; else the workspace role for project members; `null` when the
 * project is not visible to the user.
 */
export function effectiveRole(input: EffectiveRoleInput): EffectiveRole | null;

/**
 * Parses an invitation CSV exactly as `importInvitations` does (DESIGN §7):
 * every problem with its line and column. With a `context` (the
 * workspace's roles, the importer's projects and permissions, allowed
 * domains) the data-dependent checks run too.
 */
export function parseInvitationCsv(csv: string | Uint8Array, context?: CsvContext | null): ParsedInvitationCsv;

/**
 * Checks an email address as the server will (`INVALID_EMAIL`); `null`
 * when it is acceptable.
 */
export function validateEmail(email: string): ValueError | null;

/**
 * Checks a slug as the server will (`INVALID_SLUG`, `RESERVED_SLUG`);
 * `null` when it is acceptable. Whether it is taken only the server knows.
 */
export function validateSlug(slug: string, kind: SlugKind): ValueError | null;

