// The real entry point, started the way `npm start` starts it (tsx running src/server.ts, here as
// `node --import tsx` so the signal reaches the server process itself rather than tsx's relaying parent): readiness,
// a publish over HTTP, SIGTERM → clean exit 0, restart on the same data directory (PGlite persistence), and a bad
// config refusing to start.
//
// The child always runs on embedded PGlite: DATABASE_URL and its aliases are removed from its environment. When CI
// runs the suite a second time with DATABASE_URL set, this file still exercises PGlite on disk — deliberately, since
// persistence across restarts is the PGlite-specific promise; the PostgreSQL store is covered by the in-process tiers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishBody } from '../support/pacts.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface ServerProcess {
  child: ChildProcess;
  /** Everything written so far to stdout and stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ServerProcess[] = [];
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'treaty-server-'));
});
afterEach(async () => {
  // A failed test must not leave its server running: kill only the processes this file spawned.
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(TREATY_|PACT_BROKER_)/.test(name)) delete env[name];
  }
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL']) delete env[name];
  return { ...env, ...overrides };
}

function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const server = { child, output: () => output, exited };
  started.push(server);
  return server;
}

/** Polls the heartbeat until it answers 200; fails early if the process dies. */
async function waitForHeartbeat(server: ServerProcess, baseUrl: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Treaty exited before becoming ready:\n${server.output()}`);
    try {
      const res = await fetch(`${baseUrl}/diagnostic/status/heartbeat`);
      if (res.status === 200) {
        expect(await res.json()).toMatchObject({ ok: true });
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Treaty did not answer the heartbeat within ${timeoutMs} ms:\n${server.output()}`);
}

async function stop(server: ServerProcess, withinMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const start = Date.now();
  server.child.kill('SIGTERM');
  const timeout = new Promise<never>((_, fail) =>
    setTimeout(() => fail(new Error(`Treaty did not exit within ${withinMs} ms of SIGTERM:\n${server.output()}`)), withinMs),
  );
  const result = await Promise.race([server.exited, timeout]);
  return { ...result, ms: Date.now() - start };
}

const logLines = (server: ServerProcess): Array<Record<string, unknown>> =>
  server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));

describe('the Treaty server process', () => {
  it('serves, shuts down cleanly on SIGTERM, and keeps its data across a restart on the same data dir', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), HOST: '127.0.0.1', TREATY_DATA_DIR: dataDir, TREATY_LOG_LEVEL: 'info' };

    const first = startServer(env);
    await waitForHeartbeat(first, baseUrl);
    const ready = logLines(first).find((l) => l.msg === 'Treaty is ready');
    expect(ready).toMatchObject({ store: 'pglite', dataDir });

    const published = await fetch(`${baseUrl}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
      body: JSON.stringify(publishBody({ consumer: 'Persistent Consumer', provider: 'Persistent Provider', version: '7.0.1', branch: 'main', interactions: ['survives a restart'] })),
    });
    expect(published.status).toBe(200);

    const firstStop = await stop(first, 10_000);
    expect(firstStop, first.output()).toMatchObject({ code: 0, signal: null });
    expect(logLines(first).some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM')).toBe(true);

    const second = startServer(env);
    await waitForHeartbeat(second, baseUrl);
    const pact = await fetch(`${baseUrl}/pacts/provider/Persistent%20Provider/consumer/Persistent%20Consumer/latest`, { headers: { accept: 'application/hal+json' } });
    expect(pact.status).toBe(200);
    const body = (await pact.json()) as { _links: Record<string, { name: string }>; interactions: Array<{ description: string }> };
    expect(body._links['pb:consumer-version']?.name).toBe('7.0.1');
    expect(body.interactions.map((i) => i.description)).toEqual(['survives a restart']);
    const branch = await fetch(`${baseUrl}/pacticipants/Persistent%20Consumer/branches/main/latest-version`);
    expect(((await branch.json()) as { number: string }).number).toBe('7.0.1');

    const secondStop = await stop(second, 10_000);
    expect(secondStop, second.output()).toMatchObject({ code: 0, signal: null });
  });

  it('refuses to start with an invalid PORT, naming the variable', async () => {
    const server = startServer({ PORT: 'abc', TREATY_DATA_DIR: dataDir, HOST: '127.0.0.1' });
    const exit = await Promise.race([
      server.exited,
      new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`still running with PORT=abc:\n${server.output()}`)), 30_000)),
    ]);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(server.output()).toMatch(/Invalid configuration/);
    expect(server.output()).toMatch(/PORT: must be integer/);
  });
});
