// The GraphQL-over-HTTP audit suite of `graphql-http`, against the live
// server: every audit must pass, none may warn.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { serverAudits } from 'graphql-http';

import { startServer } from './server.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

test('graphql-http server audits: no failure and no warning', async () => {
  const results = [];
  for (const audit of serverAudits({ url: `${server.url}/graphql`, fetchFn: fetch })) {
    const result = await audit.fn();
    results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.reason });
  }
  const notOk = results.filter((r) => r.status !== 'ok');
  for (const r of notOk) console.log(`${r.status.toUpperCase()} ${r.id} ${r.name}: ${r.reason}`);
  console.log(`graphql-http audits: ${results.length} run, ${results.length - notOk.length} ok`);
  assert.deepEqual(notOk, []);
});
