// How an application uses @orkesta/sdk from TypeScript. The test command
// type-checks this file against the built package (`tsc --noEmit`), so the
// generated declarations are exercised the way users see them.
import {
  OrkestaClient,
  OrkestaError,
  can,
  effectiveRole,
  parseInvitationCsv,
  validateSlug,
  type Project,
  type ProjectMemberPage,
  type Workspace,
} from "@orkesta/sdk";

export async function setUp(url: string, email: string, password: string): Promise<Project> {
  const session = await new OrkestaClient({ url }).signIn({ email, password });
  const client = new OrkestaClient({ url, token: session.token, timeoutMs: 10_000 });

  const problem = validateSlug("acme", "workspace");
  if (problem !== null) throw new Error(`${problem.reason}: ${problem.message}`);

  let workspace: Workspace | null = await client.workspace("acme");
  if (workspace === null) {
    workspace = await client.createWorkspace({ slug: "acme", name: "Acme", timezone: "Europe/Istanbul" });
  }
  if (!can(workspace.viewerPermissions, "PROJECTS_CREATE")) throw new Error("not allowed");

  try {
    return await client.createProject({ workspaceSlug: workspace.slug, slug: "web", name: "Web", environment: "STAGING" });
  } catch (error) {
    if (error instanceof OrkestaError && error.reason === "SLUG_TAKEN") {
      const existing = await client.project({ workspaceSlug: workspace.slug, slug: "web" });
      if (existing) return existing;
    }
    throw error;
  }
}

export async function team(client: OrkestaClient): Promise<string[]> {
  const page: ProjectMemberPage | null = await client.projectMembers({ workspaceSlug: "acme", projectSlug: "web", first: 50 });
  const roles = (await client.roles("acme")) ?? [];
  const deployer = roles.find((r) => r.key === "deployer");
  const viewer = roles.find((r) => r.key === "viewer");
  if (deployer && viewer) {
    const effective = effectiveRole({ workspaceRole: viewer, projectMember: true, projectRole: deployer });
    console.log(effective?.source, effective && can(effective.permissions, "PROJECT_WRITE"));
    const inherited = effectiveRole({ workspaceRole: viewer, projectMember: true, projectRole: null });
    console.log(inherited?.role.key);
  }
  const parsed = parseInvitationCsv("email,role\nada@example.com,member\n");
  console.log(parsed.problems.map((p) => `${p.line}:${p.column ?? "-"} ${p.code}`));
  const { data, errors } = await client.request("{ me { user { id } } }");
  console.log(data, errors?.[0]?.extensions?.code);
  return page?.nodes.map((m) => `${m.user.name}: ${m.effectiveRole.name} (${m.roleSource})`) ?? [];
}
