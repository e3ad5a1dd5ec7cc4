// Access control as an operator meets it: a real Treaty process, configured only by environment (the Pact Broker
// image's names), its start-up log, and a refusal to start with a guessable bootstrap token.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTreaty, type TreatyProcess } from '../support/treaty-process.js';

/** A fresh embedded store migrates before it listens; generous, as the machine may be busy. */
const STARTUP_MS = 120_000;
const processes: TreatyProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const p of processes) await p.kill();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'treaty-auth-process-'));
  dirs.push(dir);
  return dir;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('a Treaty process', () => {
  it('says loudly at start-up that it is open when no credential is configured', async () => {
    const treaty = await startTreaty({ TREATY_DATA_DIR: await dataDir(), TREATY_LOG_LEVEL: 'info' }, STARTUP_MS);
    processes.push(treaty);
    const deadline = Date.now() + 10_000;
    while (!/ACCESS CONTROL IS OFF/.test(treaty.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(treaty.output()).toMatch(/ACCESS CONTROL IS OFF/);
    expect(treaty.output()).not.toMatch(/reachable from other machines/); // it listens on 127.0.0.1
    await treaty.kill();
  }, 2 * STARTUP_MS);

  it("keeps a Pact Broker image's PACT_BROKER_BASIC_AUTH_* settings working, and never logs the password", async () => {
    const password = 'pb-rw-secret-value';
    const treaty = await startTreaty({
      TREATY_DATA_DIR: await dataDir(),
      TREATY_LOG_LEVEL: 'info',
      PACT_BROKER_BASIC_AUTH_USERNAME: 'pb-user',
      PACT_BROKER_BASIC_AUTH_PASSWORD: password,
      PACT_BROKER_PUBLIC_HEARTBEAT: 'true',
    }, STARTUP_MS);
    processes.push(treaty);
    expect((await fetch(`${treaty.baseUrl}/diagnostic/status/heartbeat`)).status).toBe(200);
    const anonymous = await fetch(`${treaty.baseUrl}/pacticipants`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="Treaty"/);
    expect((await fetch(`${treaty.baseUrl}/pacticipants`, { headers: { authorization: basic('pb-user', password) } })).status).toBe(200);
    expect((await fetch(`${treaty.baseUrl}/pacticipants`, { headers: { authorization: basic('pb-user', 'guess') } })).status).toBe(401);
    expect(treaty.output()).toMatch(/Access control is on/);
    expect(treaty.output()).not.toContain(password);
    await treaty.kill();
  }, 2 * STARTUP_MS);

  it('refuses to start with a TREATY_ADMIN_TOKEN shorter than 16 characters, saying why', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH, TREATY_DATA_DIR: await dataDir(), TREATY_ADMIN_TOKEN: 'too-short', PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(2);
    expect(output).toMatch(/TREATY_ADMIN_TOKEN: must be at least 16 characters/);
    expect(output).not.toContain('too-short');
  }, 2 * STARTUP_MS);
});
