// What the image runs: the compiled server. Builds dist/ when it is missing or stale (`npm run build`), spawns
// `node dist/server.js` from the package root on a free port with a temporary data dir (or a fresh PostgreSQL
// database when DATABASE_URL is set), expects 200 from the heartbeat and a HAL index from `/`, then SIGTERM → exit 0.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/test-app.js';

const ROOT = resolve(import.meta.dirname, '../..');

let dataDir: string;
let store: Awaited<ReturnType<typeof openTestDatabase>> | undefined;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/server-build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'pipe' });
  dataDir = await mkdtemp(join(tmpdir(), 'treaty-dist-'));
  if (process.env.DATABASE_URL) store = await openTestDatabase();
});
afterAll(async () => {
  await store?.database.close();
  await store?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

/** The test's environment without Treaty's settings, plus the given ones. */
function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (/^(TREATY_|PACT_BROKER_)/.test(name)) delete env[name];
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL']) delete env[name];
  return { ...env, ...overrides };
}

describe('the compiled server (node dist/server.js)', () => {
  it('starts, answers the heartbeat and the index, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const storeEnv: Record<string, string> = store?.url ? { DATABASE_URL: store.url } : { TREATY_DATA_DIR: dataDir };
    const child = spawn(process.execPath, ['dist/server.js'], {
      cwd: ROOT,
      env: childEnv({ PORT: String(port), HOST: '127.0.0.1', TREATY_LOG_LEVEL: 'info', ...storeEnv }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    try {
      const deadline = Date.now() + 90_000;
      let status = 0;
      while (status !== 200) {
        if (child.exitCode !== null) throw new Error(`dist/server.js exited (${child.exitCode}) before answering:\n${output}`);
        if (Date.now() > deadline) throw new Error(`dist/server.js did not answer within 90 s:\n${output}`);
        status = await fetch(`${baseUrl}/diagnostic/status/heartbeat`).then((res) => res.status, () => 0);
        if (status !== 200) await new Promise((done) => setTimeout(done, 100));
      }
      const index = await fetch(`${baseUrl}/`, { headers: { accept: 'application/hal+json' } });
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/json/);
      expect(await index.json()).toMatchObject({ _links: { self: { href: baseUrl } } });
      expect(output).toContain(`"store":"${store ? 'postgres' : 'pglite'}"`);

      child.kill('SIGTERM');
      const timeout = new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`no exit within 15 s of SIGTERM:\n${output}`)), 15_000));
      expect(await Promise.race([exited, timeout]), output).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
