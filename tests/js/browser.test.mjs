// The SDK and GraphiQL in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), with every request that does not go to
// 127.0.0.1 blocked: what loads here works on an air-gapped network.
//
// The SDK page is served from its own origin, so every API call is a CORS
// request to the server (ORKESTA_CORS_ORIGINS names the page's origin).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { readmeExample } from './readme-example.mjs';
import { freePort, startServer } from './server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const sdkDir = join(here, '../../sdk-wasm/pkg');
const chromiumPath = process.env.ORKESTA_CHROMIUM ?? '/usr/bin/chromium';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>SDK test page</title><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "@orkesta/sdk": "/sdk/index.js" } }</script>
<script type="module">
  import * as sdk from '@orkesta/sdk';
  import { sdkFlow } from '/sdk-flow.mjs';
  window.sdk = sdk;
  window.runFlow = (options) => sdkFlow(sdk, { ...options, invitationToken: window.invitationToken });
  window.sdkReady = true;
</script></head><body>SDK test page</body></html>`;

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

/** Serves the test page, the shared flow and the built package. */
async function startPageServer() {
  const port = await freePort();
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let file;
    if (path === '/') file = null;
    else if (path === '/sdk-flow.mjs') file = join(here, 'sdk-flow.mjs');
    else if (path.startsWith('/sdk/')) file = normalize(join(sdkDir, path.slice('/sdk/'.length)));
    if (file !== undefined && file !== null && !file.startsWith(sdkDir) && !file.endsWith('sdk-flow.mjs')) file = undefined;
    try {
      const body = file === null ? PAGE : readFileSync(file);
      res.writeHead(200, { 'content-type': file === null ? 'text/html' : TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

let api;
let pages;
let browser;
let userDataDir;
const blocked = [];

before(async () => {
  pages = await startPageServer();
  api = await startServer({ ORKESTA_CORS_ORIGINS: pages.origin });
  userDataDir = mkdtempSync(join(tmpdir(), 'orkesta-chromium-'));
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await browser.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
});

after(async () => {
  await browser?.close();
  api?.stop();
  pages?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** A page that fails the test on uncaught errors and console errors. */
async function openPage(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

describe('the SDK in Chromium, cross-origin', () => {
  test('the browser build initialises itself and runs the shared flow', async () => {
    const { page, problems } = await openPage(`${pages.origin}/`);
    await page.exposeFunction('invitationToken', (email) => api.invitationToken(email));
    await page.waitForFunction(() => window.sdkReady === true, null, { timeout: 20_000 });
    const seen = await page.evaluate((graphqlUrl) => window.runFlow({ graphqlUrl, unique: 'browser' }), `${api.url}/graphql`);
    assert.deepEqual(seen.error, {
      name: 'OrkestaError',
      code: 'CONFLICT',
      reason: 'SLUG_TAKEN',
      field: 'slug',
      status: 200,
      message: seen.error.message,
    });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the README example runs as written in a browser module', async () => {
    const { page, problems } = await openPage(`${pages.origin}/`);
    const logged = [];
    page.on('console', (m) => {
      if (m.type() === 'log') logged.push(m.text());
    });
    await page.waitForFunction(() => window.sdkReady === true, null, { timeout: 20_000 });
    await page.addScriptTag({ type: 'module', content: readmeExample(`${api.url}/graphql`) });
    for (let i = 0; i < 200 && !logged.includes('CONFLICT SLUG_TAKEN'); i++) await page.waitForTimeout(50);
    assert.deepEqual(logged, ['web PRODUCTION', 'CONFLICT SLUG_TAKEN']);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('an unreachable server is NETWORK_ERROR in the browser too', async () => {
    const { page } = await openPage(`${pages.origin}/`);
    await page.waitForFunction(() => window.sdkReady === true, null, { timeout: 20_000 });
    const port = await freePort();
    const error = await page.evaluate(async (url) => {
      const { OrkestaClient, OrkestaError } = window.sdk;
      const e = await new OrkestaClient({ url }).me().catch((x) => x);
      return { isOrkestaError: e instanceof OrkestaError, code: e.code, status: e.status };
    }, `http://127.0.0.1:${port}/graphql`);
    assert.deepEqual(error, { isOrkestaError: true, code: 'NETWORK_ERROR', status: null });
    await page.close();
  });

  test('a page from an origin the server does not allow cannot read its answers', async () => {
    const stranger = await startPageServer();
    try {
      const { page } = await openPage(`${stranger.origin}/`);
      await page.waitForFunction(() => window.sdkReady === true, null, { timeout: 20_000 });
      const code = await page.evaluate(async (url) => {
        const e = await new window.sdk.OrkestaClient({ url }).me().catch((x) => x);
        return e.code;
      }, `${api.url}/graphql`);
      assert.equal(code, 'NETWORK_ERROR', 'the browser withholds a response without CORS approval');
      await page.close();
    } finally {
      stranger.close();
    }
  });
});

describe('GraphiQL at / with no network beyond 127.0.0.1', () => {
  test('a query typed into GraphiQL runs and its result appears', async () => {
    const { page, problems } = await openPage(`${api.url}/`);
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.waitFor({ timeout: 20_000 });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(
      'mutation SignUpFromGraphiQL { signUp(input: { email: "graphiql@example.com", password: "long enough password", name: "G" }) { user { email } } }',
    );
    // GraphiQL sends the operation name it parsed from the editor; its tab
    // shows that name once the edit has been parsed.
    await page.locator('.graphiql-tab', { hasText: 'SignUpFromGraphiQL' }).waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    await result.getByText('graphiql@example.com').waitFor({ timeout: 20_000 });
    const text = await result.innerText();
    assert.match(text, /"signUp"/);
    assert.deepEqual(problems, []);
    assert.deepEqual(blocked, [], 'GraphiQL asked for nothing outside 127.0.0.1');
    await page.close();
  });
});
