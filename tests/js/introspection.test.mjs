// GraphiQL loads the schema with graphql-js's getIntrospectionQuery(); it
// must pass the server's limits (depth 16, complexity 50,000), and going
// over a limit must be a clear error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';

import { startServer } from './server.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

async function post(query) {
  const r = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
  });
  return { status: r.status, body: await r.json() };
}

test("GraphiQL's introspection query passes the limits and builds a client schema", async () => {
  for (const options of [{}, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }]) {
    const { status, body } = await post(getIntrospectionQuery(options));
    assert.equal(status, 200, JSON.stringify(body.errors));
    assert.equal(body.errors, undefined);
    const schema = buildClientSchema(body.data);
    assert.match(printSchema(schema), /type Workspace implements Node/);
  }
});

test('a query deeper than the limit is QUERY_TOO_DEEP, not a crash', async () => {
  let query = '__typename';
  for (let i = 0; i < 20; i++) query = `ofType { ${query} }`;
  const { status, body } = await post(`{ __schema { types { ${query} } } }`);
  assert.equal(status, 400);
  assert.equal(body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  assert.equal(body.errors[0].extensions.reason, 'QUERY_TOO_DEEP');
});

test('a query over the complexity limit is QUERY_TOO_COMPLEX, not a crash', async () => {
  // 100 × 100 × 100 nested list items cost far more than 50,000.
  const { status, body } = await post('{ me { workspaces(first: 100) { nodes { projects(first: 100) { nodes { members(first: 100) { nodes { id } } } } } } } }');
  assert.equal(status, 400);
  assert.equal(body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  assert.equal(body.errors[0].extensions.reason, 'QUERY_TOO_COMPLEX');
});
