// Treaty as a real child process, started the way test/interop/server-process.test.ts starts it (`node --import tsx
// src/server.ts`, so signals reach the server itself), with only the environment the caller gives it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface TreatyProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything written so far to stdout and stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (no shutdown hook runs) and wait for the exit. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
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

/** The parent's environment without any Treaty or Pact Broker setting, plus `overrides`. */
function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(TREATY_|PACT_BROKER_)/.test(name)) delete env[name];
  }
  for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'LOG_LEVEL']) delete env[name];
  return { ...env, ...overrides };
}

/** Starts Treaty on a free port of 127.0.0.1 and resolves once its heartbeat answers; fails early if it exits. */
export async function startTreaty(env: Record<string, string>, timeoutMs = 25_000): Promise<TreatyProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: childEnv({ TREATY_LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let gone = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      gone = true;
      done({ code, signal });
    }),
  );
  const treaty: TreatyProcess = {
    child,
    baseUrl,
    output: () => output,
    exited,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`Treaty exited before becoming ready:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/diagnostic/status/heartbeat`)).status === 200) return treaty;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await treaty.kill();
  throw new Error(`Treaty did not answer the heartbeat within ${timeoutMs} ms:\n${output}`);
}

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
