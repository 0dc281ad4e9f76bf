// The SDK's TypeScript declarations: generated from the Rust types, pinned by
// a committed copy, and checked with tsc against a usage example.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'tests/js/node_modules/.bin/tsc');

function typeCheck(project) {
  const result = spawnSync(tsc, ['-p', project], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('the generated .d.ts equals the committed sdk-wasm/types/orkesta_sdk.d.ts', () => {
  // Up to wasm-bindgen's loader section, as scripts/sdk-build.sh commits it:
  // the raw export names after it carry compiler-specific hashes.
  const generated = readFileSync(join(root, 'sdk-wasm/pkg/orkesta_sdk.d.ts'), 'utf8').split(/^export type InitInput/m)[0];
  const committed = readFileSync(join(root, 'sdk-wasm/types/orkesta_sdk.d.ts'), 'utf8');
  assert.ok(generated === committed, 'the SDK types changed: run scripts/sdk-build.sh --update-types and commit sdk-wasm/types/');
});

test('the usage example type-checks against the package (tsc --noEmit)', () => {
  const { status, output } = typeCheck(join(root, 'sdk-wasm/examples/tsconfig.json'));
  assert.equal(status, 0, output);
});

test('the declarations are precise: wrong inputs and unknown fields do not type-check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orkesta-tsc-'));
  try {
    writeFileSync(
      join(dir, 'wrong.ts'),
      `import { OrkestaClient, can } from "@orkesta/sdk";
const client = new OrkestaClient({ url: "http://127.0.0.1/graphql" });
export async function wrong() {
  await client.createWorkspace({ slug: 42, name: "Acme" });
  const project = await client.createProject({ workspaceSlug: "acme", slug: "web", name: "Web", environment: "PROD" });
  project.nonexistentField;
  can(project.viewerPermissions, "PROJECT_FLY");
  const workspace = await client.workspace("acme");
  workspace.slug;
}
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ES2022',
          moduleResolution: 'bundler',
          lib: ['ES2022', 'ESNext.Disposable', 'DOM'],
          types: [],
          paths: { '@orkesta/sdk': [join(root, 'sdk-wasm/pkg/index.d.ts')] },
        },
        files: ['wrong.ts'],
      }),
    );
    const { status, output } = typeCheck(join(dir, 'tsconfig.json'));
    assert.notEqual(status, 0);
    for (const line of ['wrong.ts(4,', 'wrong.ts(5,', 'wrong.ts(6,', 'wrong.ts(7,', 'wrong.ts(9,']) {
      assert.ok(output.includes(line), `expected a type error at ${line}\n${output}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
