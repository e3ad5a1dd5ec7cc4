// What the image runs: the compiled server. Builds dist/ when it is missing or stale (`npm run build`), spawns
// `node dist/server.js` from the package root on a free port with a temporary data dir (or a fresh PostgreSQL
// database when DATABASE_URL is set), expects 200 from the heartbeat and a HAL index from `/`, then SIGTERM → exit 0.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../../bench/spawn-server.js';
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

/** The test's environment without Treaty's settings, plus the given ones. */
function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (/^(TREATY_|PACT_BROKER_)/.test(name)) delete env[name];
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL']) delete env[name];
  return { ...env, ...overrides };
}

describe('the compiled server (node dist/server.js)', () => {
  it('starts, answers the heartbeat and the index, and exits 0 on SIGTERM', async () => {
    const storeEnv: Record<string, string> = store?.url ? { DATABASE_URL: store.url } : { TREATY_DATA_DIR: dataDir };
    const server = await spawnServer({
      command: process.execPath,
      args: ['dist/server.js'],
      cwd: ROOT,
      env: childEnv({ TREATY_LOG_LEVEL: 'info', ...storeEnv }),
      timeoutMs: 90_000,
    });
    const { baseUrl } = server;
    try {
      const index = await fetch(`${baseUrl}/`, { headers: { accept: 'application/hal+json' } });
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/json/);
      expect(await index.json()).toMatchObject({ _links: { self: { href: baseUrl } } });
      expect(server.output()).toContain(`"store":"${store ? 'postgres' : 'pglite'}"`);
    } finally {
      await server.stop(); // SIGTERM, SIGKILL only after 15 s (which the expectation below rejects)
    }
    expect(await server.exited, server.output()).toEqual({ code: 0, signal: null });
  });
});
