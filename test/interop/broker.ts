// Support for the interop tier: a listening Treaty (same app and per-file database as the http tier) and a runner
// for the official `pact` binary (@pact-foundation/pact-cli), driven exactly as a user's CI would drive it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildTestApp, type TestApp } from '../support/test-app.js';

export const PACT_BIN = resolve(import.meta.dirname, '../../node_modules/.bin/pact');

export interface RunningBroker {
  baseUrl: string;
  testApp: TestApp;
  /** GET through real HTTP, as a client would; the body is parsed when it is JSON. */
  get(path: string): Promise<HttpResult>;
  post(path: string, body: unknown): Promise<HttpResult>;
  close(): Promise<void>;
}

export interface HttpResult {
  status: number;
  contentType: string;
  body: any;
}

/** `encodeURIComponent` for each path segment, as the clients encode names. */
export const seg = (value: string) => encodeURIComponent(value);

async function request(baseUrl: string, method: string, path: string, body?: unknown): Promise<HttpResult> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { accept: 'application/hal+json, application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, contentType, body: /json/.test(contentType) && text !== '' ? JSON.parse(text) : text };
}

/** Treaty in-process on an ephemeral loopback port, over the test database (PGlite, or PostgreSQL with DATABASE_URL). */
export async function startBroker(env: Record<string, string> = {}): Promise<RunningBroker> {
  const testApp = await buildTestApp(env);
  await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = testApp.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    testApp,
    get: (path) => request(baseUrl, 'GET', path),
    post: (path, body) => request(baseUrl, 'POST', path, body),
    close: () => testApp.close(),
  };
}

export interface PactRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for messages whose stream is not part of the contract. */
  output: string;
}

export interface RunPactOptions {
  /** Working directory (get-pacts --download writes relative to it). Defaults to a fresh temp dir. */
  cwd?: string;
  timeoutMs?: number;
}

// The CLI's environment: nothing inherited that could point it elsewhere or authenticate; retries off so that a 5xx
// from Treaty fails the command at once instead of being hidden by eight back-off attempts.
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_BROKER_HTTP_RETRIES: '0', NO_COLOR: '1', PACT_DO_NOT_TRACK: 'true' };
  for (const name of ['PACT_BROKER_BASE_URL', 'PACT_BROKER_TOKEN', 'PACT_BROKER_USERNAME', 'PACT_BROKER_PASSWORD']) delete env[name];
  return env;
}

/** Runs the `pact` binary without a shell (in a fresh temp dir unless `cwd` is given) and reports how it ended. */
async function runPact(args: string[], options: RunPactOptions = {}): Promise<PactRun> {
  const cwd = options.cwd ?? (await mkdtemp(join(tmpdir(), 'treaty-cli-')));
  try {
    return await new Promise<PactRun>((done, fail) => {
      execFile(
        PACT_BIN,
        args,
        { cwd, env: cliEnv(), timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') return fail(error); // spawn failure or timeout, not an exit code
          done({ code: error ? (error.code as number) : 0, stdout, stderr, output: `${stdout}${stderr}` });
        },
      );
    });
  } finally {
    if (!options.cwd) await rm(cwd, { recursive: true, force: true });
  }
}

/** Runs `pact broker <command> --broker-base-url <baseUrl> ...args`. */
export function pactBroker(baseUrl: string, command: string, args: string[], options: RunPactOptions = {}): Promise<PactRun> {
  return runPact(['broker', command, '--broker-base-url', baseUrl, ...args], options);
}

/** Runs `pact verifier --broker-url <baseUrl> ...args` (the provider side of a pipeline). */
export function pactVerifier(baseUrl: string, args: string[], options: RunPactOptions = {}): Promise<PactRun> {
  return runPact(['verifier', '--broker-url', baseUrl, ...args], { timeoutMs: 90_000, ...options });
}

/** Like pactBroker with `-o json`, parsing stdout (fails the test with the CLI's output when it is not JSON). */
export async function pactBrokerJson(baseUrl: string, command: string, args: string[]): Promise<{ run: PactRun; json: any }> {
  const run = await pactBroker(baseUrl, command, [...args, '-o', 'json']);
  try {
    return { run, json: JSON.parse(run.stdout) };
  } catch {
    throw new Error(`pact broker ${command} -o json did not print JSON (exit ${run.code}):\n${run.output}`);
  }
}
