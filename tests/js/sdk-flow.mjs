// One end-to-end flow through @orkesta/sdk, run unchanged in Node
// (sdk.test.mjs) and in Chromium (browser.test.mjs): sign up, create a
// workspace, a project and a custom role, invite and accept, make the new
// member a project member with the custom role, then an error that must
// arrive as an OrkestaError with the server's code and reason.
//
// `sdk` is the package's module namespace; `invitationToken(email)` reads
// the token of a mailed invitation (the test harness has the mail log).
// Throws on the first broken expectation; returns what it saw.

function check(condition, what, actual) {
  if (!condition) throw new Error(`${what} (got ${JSON.stringify(actual)})`);
}

export async function sdkFlow(sdk, { graphqlUrl, unique, invitationToken }) {
  const { OrkestaClient, OrkestaError, validateSlug, validateEmail, can } = sdk;
  const anonymous = new OrkestaClient({ url: graphqlUrl });
  const password = 'correct horse battery staple';

  const ownerEmail = `owner-${unique}@example.com`;
  check(validateEmail(ownerEmail) === null, 'the owner email is valid', validateEmail(ownerEmail));
  const session = await anonymous.signUp({ email: ownerEmail, password, name: 'Olive Owner' });
  check(session.token.startsWith('orks_'), 'signUp returns a session token', session.token);
  const owner = new OrkestaClient({ url: graphqlUrl, token: session.token });
  const viewer = await owner.me();
  check(viewer.user?.email === ownerEmail && viewer.apiKey === null, 'me() is the owner', viewer);

  const slug = `acme-${unique}`;
  check(validateSlug(slug, 'workspace') === null, 'the workspace slug is valid', validateSlug(slug, 'workspace'));
  const workspace = await owner.createWorkspace({ slug, name: 'Acme' });
  check(workspace.slug === slug && workspace.viewerRole?.key === 'admin', 'the creator is Admin', workspace);
  check(can(workspace.viewerPermissions, 'PROJECTS_CREATE'), 'an Admin can create projects', workspace.viewerPermissions);

  const project = await owner.createProject({ workspaceSlug: slug, slug: 'web', name: 'Web', environment: 'STAGING' });
  check(project.environment === 'STAGING' && project.workspace.slug === slug, 'createProject returns the project', project);
  check(project.description === null && project.archivedAt === null, 'absent values are null', project);
  const node = await owner.node(project.id);
  check(node?.__typename === 'Project' && node.id === project.id, 'node(id) finds the project by its global id', node);

  const role = await owner.createRole({
    workspaceSlug: slug,
    key: 'deployer',
    name: 'Deployer',
    permissions: ['WORKSPACE_READ', 'PROJECT_READ', 'PROJECT_WRITE'],
  });
  check(role.key === 'deployer' && role.builtin === false, 'createRole returns the custom role', role);

  const memberEmail = `member-${unique}@example.com`;
  const memberSession = await anonymous.signUp({ email: memberEmail, password, name: 'Max Member' });
  const invitation = await owner.inviteMember({ workspaceSlug: slug, email: memberEmail, roleKey: 'viewer' });
  check(invitation.status === 'PENDING' && invitation.role.key === 'viewer', 'inviteMember returns a pending invitation', invitation);
  const member = new OrkestaClient({ url: graphqlUrl, token: memberSession.token });
  const joined = await member.acceptInvitation({ token: await invitationToken(memberEmail) });
  check(joined.workspace.slug === slug && joined.member.role.key === 'viewer', 'acceptInvitation joins as Viewer', joined);

  const assignment = await owner.setProjectMember({
    workspaceSlug: slug,
    projectSlug: 'web',
    userId: memberSession.user.id,
    roleKey: 'deployer',
  });
  check(
    assignment.effectiveRole.key === 'deployer' && assignment.roleSource === 'PROJECT_ASSIGNMENT',
    'the project role overrides the workspace role',
    assignment,
  );
  const page = await owner.projectMembers({ workspaceSlug: slug, projectSlug: 'web', first: 10 });
  check(page.totalCount === 2, 'the project lists the Admin and the new member', page);

  const memberView = await member.project({ workspaceSlug: slug, slug: 'web' });
  check(can(memberView.viewerPermissions, 'PROJECT_WRITE'), 'the deployer may write in the project', memberView.viewerPermissions);
  check(!can(memberView.viewerPermissions, 'PROJECT_DELETE'), 'the deployer may not delete the project', memberView.viewerPermissions);

  let error;
  try {
    await owner.createWorkspace({ slug, name: 'Acme again' });
  } catch (e) {
    error = e;
  }
  check(error instanceof OrkestaError && error instanceof Error, 'a conflict rejects with an OrkestaError', String(error));
  check(error.code === 'CONFLICT' && error.reason === 'SLUG_TAKEN', 'code and reason are the server\'s', {
    code: error.code,
    reason: error.reason,
  });

  const hidden = await member.workspace(`nowhere-${unique}`);
  check(hidden === null, 'an invisible workspace is null', hidden);

  return {
    workspace: workspace.slug,
    project: project.slug,
    role: role.key,
    error: { name: error.name, code: error.code, reason: error.reason, field: error.field, status: error.status, message: error.message },
  };
}
