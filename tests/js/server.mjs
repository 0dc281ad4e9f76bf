// Starts the real `orkesta` binary on a free port with a fresh SQLite file,
// for tests written in JavaScript. ORKESTA_BIN names the binary.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(env = {}) {
  const bin = process.env.ORKESTA_BIN;
  if (!bin) throw new Error('ORKESTA_BIN must name the orkesta binary (scripts/test.sh sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'orkesta-js-'));
  const port = await freePort();
  const child = spawn(bin, [], {
    cwd: dir,
    env: { PATH: process.env.PATH, DATABASE_URL: join(dir, 'orkesta.db'), ORKESTA_LISTEN: `127.0.0.1:${port}`, ORKESTA_LOG: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('orkesta did not become ready');
}
