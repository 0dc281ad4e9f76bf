// Starts the real `orkesta` binary on a free port with a fresh SQLite file,
// for tests written in JavaScript. ORKESTA_BIN names the binary. Without an
// SMTP server the binary logs each mail; `invitationToken(email)` reads the
// token of the latest invitation to that address from that log.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort() {
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
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: join(dir, 'orkesta.db'),
      ORKESTA_LISTEN: `127.0.0.1:${port}`,
      ORKESTA_LOG: 'warn,orkesta_server::mail=info',
      ORKESTA_LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const mails = [];
  let pending = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        process.stderr.write(`${line}\n`);
        continue;
      }
      if (event.fields?.to !== undefined) mails.push(event.fields);
      else process.stderr.write(`${line}\n`);
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const invitationToken = async (email) => {
    for (let i = 0; i < 200; i++) {
      const mail = mails.findLast((m) => m.to === email && /orki_/.test(m.body ?? ''));
      if (mail) return mail.body.match(/orki_[0-9A-Za-z]+/)[0];
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no invitation mail to ${email} was logged`);
  };
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return { url, invitationToken, stop: () => child.kill('SIGTERM') };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('orkesta did not become ready');
}
