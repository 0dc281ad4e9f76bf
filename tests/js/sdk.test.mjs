// @orkesta/sdk in Node, imported by its package name like an application
// does (scripts/test.sh links sdk-wasm/pkg into node_modules), against the
// real server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';

import * as sdk from '@orkesta/sdk';
import { OrkestaClient, OrkestaError, can, effectiveRole, parseInvitationCsv, validateEmail, validateSlug } from '@orkesta/sdk';

import { readmeExample } from './readme-example.mjs';
import { sdkFlow } from './sdk-flow.mjs';
import { freePort, startServer } from './server.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

const graphqlUrl = () => `${server.url}/graphql`;

describe('typed methods against a live server', () => {
  test('the shared flow passes: sign up, workspace, project, custom role, project member, OrkestaError', async () => {
    const seen = await sdkFlow(sdk, { graphqlUrl: graphqlUrl(), unique: 'node', invitationToken: server.invitationToken });
    assert.equal(seen.error.name, 'OrkestaError');
    assert.equal(seen.error.status, 200);
  });

  test('a validation error carries code, reason and field', async () => {
    const client = new OrkestaClient({ url: graphqlUrl() });
    const error = await client.signUp({ email: 'not-an-email', password: 'long enough password', name: 'X' }).catch((e) => e);
    assert.ok(error instanceof OrkestaError);
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.equal(error.reason, 'INVALID_EMAIL');
    assert.equal(error.field, 'email');
    assert.match(error.message, /email/);
  });

  test('a method that needs a session rejects with UNAUTHENTICATED without one', async () => {
    const client = new OrkestaClient({ url: graphqlUrl() });
    const error = await client.createWorkspace({ slug: 'nobody', name: 'Nobody' }).catch((e) => e);
    assert.ok(error instanceof OrkestaError);
    assert.equal(error.code, 'UNAUTHENTICATED');
  });

  test('a wrong argument shape is rejected before anything is sent, naming the field at fault', async () => {
    // Nothing listens on port 9: a request that went out would be NETWORK_ERROR.
    const client = new OrkestaClient({ url: 'http://127.0.0.1:9/graphql' });
    const rejection = (promise) => promise.then(() => assert.fail('resolved'), (e) => e);
    const wrongType = await rejection(client.createWorkspace({ slug: 42, name: 'Acme' }));
    assert.ok(wrongType instanceof OrkestaError);
    assert.deepEqual([wrongType.code, wrongType.reason, wrongType.field], ['BAD_USER_INPUT', 'INVALID_ARGUMENT', 'slug']);
    assert.match(wrongType.message, /`slug`: expected a string, got 42/);
    const missing = await rejection(client.createWorkspace({ slug: 'acme' }));
    assert.deepEqual([missing.reason, missing.field], ['INVALID_ARGUMENT', 'name']);
    assert.match(missing.message, /`name`: a value is required/);
    const unknownValue = await rejection(client.createProject({ workspaceSlug: 'acme', slug: 'web', name: 'Web', environment: 'PROD' }));
    assert.deepEqual([unknownValue.reason, unknownValue.field], ['INVALID_ARGUMENT', 'environment']);
    const nested = await rejection(client.inviteMember({ workspaceSlug: 'acme', email: 'a@example.com', roleKey: 'member', projects: [{ roleKey: 'viewer' }] }));
    assert.equal(nested.field, 'projectSlug');
    assert.equal(nested.message, 'argument `input`: at `projects.0.projectSlug`: a value is required');
    const notAnObject = await rejection(client.workspace(undefined));
    assert.deepEqual([notAnObject.reason, notAnObject.field], ['INVALID_ARGUMENT', 'slug']);
  });

  test('properties an input type does not have are left out of the request', async () => {
    const anonymous = new OrkestaClient({ url: graphqlUrl() });
    const session = await anonymous.signUp({ email: 'extra@example.com', password: 'long enough password', name: 'Ed', colour: 'red' });
    const client = new OrkestaClient({ url: graphqlUrl(), token: session.token });
    const workspace = await client.createWorkspace({ slug: 'extra-props', name: 'Extra', timezone: undefined, plan: 'gold' });
    assert.deepEqual([workspace.slug, workspace.timezone], ['extra-props', 'UTC']);
  });

  test('a JSON setting goes through as given, and null removes it', async () => {
    const session = await new OrkestaClient({ url: graphqlUrl() }).signUp({ email: 'settings@example.com', password: 'long enough password', name: 'Sol' });
    const client = new OrkestaClient({ url: graphqlUrl(), token: session.token });
    await client.createWorkspace({ slug: 'settings-ws', name: 'Settings' });
    await client.createProject({ workspaceSlug: 'settings-ws', slug: 'web', name: 'Web' });
    const ref = { workspaceSlug: 'settings-ws', projectSlug: 'web', key: 'deploy' };
    const value = { branch: 'main', replicas: 3, regions: ['eu', null], canary: { percent: 12.5, on: true } };
    const saved = await client.setProjectSetting({ ...ref, value });
    assert.deepEqual(saved.settings.map((s) => [s.key, s.value]), [['deploy', value]]);
    const removed = await client.setProjectSetting({ ...ref, value: null });
    assert.deepEqual(removed.settings, []);
  });

  test('setToken switches the credential of later requests', async () => {
    const client = new OrkestaClient({ url: graphqlUrl() });
    const session = await client.signUp({ email: 'switch@example.com', password: 'long enough password', name: 'Sam' });
    assert.equal((await client.me()).user, null);
    client.setToken(session.token);
    assert.equal((await client.me()).user.email, 'switch@example.com');
    client.setToken(null);
    assert.equal((await client.me()).user, null);
  });
});

describe('transport failures', () => {
  test('an unreachable server rejects with NETWORK_ERROR', async () => {
    const port = await freePort(); // nothing listens there
    const client = new OrkestaClient({ url: `http://127.0.0.1:${port}/graphql` });
    const error = await client.me().catch((e) => e);
    assert.ok(error instanceof OrkestaError);
    assert.equal(error.code, 'NETWORK_ERROR');
    assert.equal(error.status, null);
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  test('a server that never answers is abandoned after timeoutMs with NETWORK_ERROR', async () => {
    const sockets = [];
    const silent = createServer((socket) => sockets.push(socket)); // accepts, never answers
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const client = new OrkestaClient({ url: `http://127.0.0.1:${silent.address().port}/graphql`, timeoutMs: 300 });
      const started = Date.now();
      const error = await client.me().catch((e) => e);
      assert.ok(error instanceof OrkestaError);
      assert.equal(error.code, 'NETWORK_ERROR');
      assert.match(error.message, /timeout/i);
      assert.ok(Date.now() - started < 10_000, 'gave up long before any platform default');
    } finally {
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    }
  });

  test('a response that is not GraphQL rejects with HTTP_ERROR and its status', async () => {
    const client = new OrkestaClient({ url: `${server.url}/no-such-endpoint` });
    const error = await client.me().catch((e) => e);
    assert.ok(error instanceof OrkestaError);
    assert.equal(error.code, 'HTTP_ERROR');
    assert.equal(error.status, 404);
  });

  test('an answer of another shape than promised rejects with UNEXPECTED_RESPONSE naming the field', async () => {
    // A server of another version could answer a field as null that this
    // SDK's types call non-null: the typed method must not resolve with it.
    const wrong = createHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { workspace: { id: 'W', slug: 'acme', name: 'Acme', timezone: null } } }));
    });
    await new Promise((resolve) => wrong.listen(0, '127.0.0.1', resolve));
    try {
      const client = new OrkestaClient({ url: `http://127.0.0.1:${wrong.address().port}/graphql` });
      const error = await client.workspace('acme').catch((e) => e);
      assert.ok(error instanceof OrkestaError);
      assert.equal(error.code, 'HTTP_ERROR');
      assert.equal(error.reason, 'UNEXPECTED_RESPONSE');
      assert.equal(error.status, 200);
      assert.match(error.message, /`workspace`: at `timezone`: expected a value, got null/);
    } finally {
      wrong.close();
    }
  });

  test('request() rejects on transport failures only', async () => {
    const port = await freePort();
    const error = await new OrkestaClient({ url: `http://127.0.0.1:${port}/graphql` }).request('{ me { user { id } } }').catch((e) => e);
    assert.equal(error.code, 'NETWORK_ERROR');
  });
});

describe('request()', () => {
  test('resolves data for a valid query', async () => {
    const client = new OrkestaClient({ url: graphqlUrl() });
    const query = 'query($withUser: Boolean!) { me { apiKey { id } user @include(if: $withUser) { id } } }';
    assert.deepEqual(await client.request(query, { withUser: true }), { data: { me: { apiKey: null, user: null } } });
    assert.deepEqual(await client.request(query, { withUser: false }), { data: { me: { apiKey: null } } });
  });

  test('resolves GraphQL errors instead of rejecting', async () => {
    const client = new OrkestaClient({ url: graphqlUrl() });
    const response = await client.request('{ nope }');
    assert.equal(response.data, null);
    assert.equal(response.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  });
});

describe('helpers from orkesta-core', () => {
  test('validateSlug applies syntax, then the reserved words of its kind', () => {
    assert.equal(validateSlug('acme-corp', 'workspace'), null);
    assert.equal(validateSlug('Acme', 'workspace').reason, 'INVALID_SLUG');
    assert.equal(validateSlug('ab', 'project').reason, 'INVALID_SLUG');
    assert.equal(validateSlug('admin', 'workspace').reason, 'RESERVED_SLUG');
    assert.equal(validateSlug('admin', 'project'), null);
    assert.equal(validateSlug('viewer', 'roleKey').reason, 'RESERVED_SLUG');
    assert.throws(() => validateSlug('acme', 'galaxy'), (e) => e instanceof OrkestaError && e.reason === 'INVALID_ARGUMENT');
  });

  test('validateEmail trims and needs one @ and a dotted domain', () => {
    assert.equal(validateEmail('  ada@example.com '), null);
    const problem = validateEmail('ada@localhost');
    assert.equal(problem.reason, 'INVALID_EMAIL');
    assert.match(problem.message, /domain/);
  });

  test('parseInvitationCsv reports every problem with line and column', () => {
    const parsed = parseInvitationCsv('email,role,projects\nada@example.com,member,web:viewer\nbad-email,member,\n');
    assert.equal(parsed.rowsRead, 2);
    assert.deepEqual(parsed.invitations.map((i) => [i.line, i.email.normalized, i.roleKey]), [[2, 'ada@example.com', 'member']]);
    assert.deepEqual(parsed.invitations[0].projects, [{ projectSlug: 'web', roleKey: 'viewer' }]);
    assert.deepEqual(parsed.problems.map((p) => [p.line, p.column, p.code]), [[3, 'email', 'INVALID_EMAIL']]);
  });

  test('parseInvitationCsv applies the workspace context: roles, projects, no escalation', () => {
    const context = {
      roles: [
        { key: 'admin', builtin: true, permissions: [] },
        { key: 'member', builtin: true, permissions: ['WORKSPACE_READ'] },
      ],
      projectSlugs: ['web'],
      allowedEmailDomains: [],
      granter: null,
    };
    const parsed = parseInvitationCsv(new TextEncoder().encode('email,role,projects\nada@example.com,owner,\nbob@example.com,member,api\n'), context);
    assert.deepEqual(parsed.problems.map((p) => [p.line, p.column, p.code]), [
      [2, 'role', 'UNKNOWN_ROLE'],
      [3, 'projects', 'UNKNOWN_PROJECT'],
    ]);
  });

  test('effectiveRole follows the precedence rules and reports why', () => {
    const admin = { key: 'admin', builtin: true, permissions: ['WORKSPACE_READ', 'PROJECT_READ', 'PROJECT_WRITE', 'PROJECT_DELETE'] };
    const viewer = { key: 'viewer', builtin: true, permissions: ['WORKSPACE_READ', 'PROJECT_READ'] };
    const deployer = { key: 'deployer', builtin: false, permissions: ['PROJECT_READ', 'PROJECT_WRITE'] };
    assert.equal(effectiveRole({ workspaceRole: admin, projectMember: false }).source, 'WORKSPACE_ADMIN');
    assert.equal(effectiveRole({ workspaceRole: viewer, projectMember: false }), null);
    const inherited = effectiveRole({ workspaceRole: viewer, projectMember: true });
    assert.deepEqual([inherited.role.key, inherited.source], ['viewer', 'WORKSPACE_INHERITED']);
    assert.deepEqual(effectiveRole({ workspaceRole: viewer, projectMember: true, projectRole: null }), inherited);
    const assigned = effectiveRole({ workspaceRole: viewer, projectMember: true, projectRole: deployer });
    assert.deepEqual([assigned.role.key, assigned.source], ['deployer', 'PROJECT_ASSIGNMENT']);
    assert.ok(can(assigned.permissions, 'PROJECT_WRITE'));
    assert.ok(can(assigned.permissions, 'WORKSPACE_READ'));
  });

  test('can() checks one permission and refuses unknown names', () => {
    assert.equal(can(['PROJECT_READ'], 'PROJECT_READ'), true);
    assert.equal(can(['PROJECT_READ'], 'PROJECT_WRITE'), false);
    assert.throws(() => can(['PROJECT_READ'], 'PROJECT_FLY'), (e) => e instanceof OrkestaError && e.field === 'permission');
  });
});

describe('README', () => {
  test('the "Use from JavaScript" example runs as written in Node', () => {
    // Next to this file, so that `@orkesta/sdk` resolves like in an app.
    const file = new URL(`./.readme-example-${process.pid}.mjs`, import.meta.url);
    writeFileSync(file, readmeExample(graphqlUrl()));
    try {
      const run = spawnSync(process.execPath, [file.pathname], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.status, 0, run.stderr);
      const lines = run.stdout.trim().split('\n');
      assert.deepEqual(lines, ['web PRODUCTION', 'CONFLICT SLUG_TAKEN']);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
