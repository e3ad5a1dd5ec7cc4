// The server commands of the treaty CLI as processes: `treaty migrate` on an embedded store, then `treaty serve` on
// it (a free port), asked by a pipeline command, and stopped with SIGTERM (exit 0). Always PGlite on disk (the
// environment drops DATABASE_URL), as for the npm start process test.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TREATY_BIN, treaty, treatyEnv } from './treaty-cli.js';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'treaty-cli-server-'));
});
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('treaty migrate and treaty serve', () => {
  it('migrates, serves, answers a pipeline command, and stops cleanly on SIGTERM', async () => {
    const migrated = await treaty(['migrate'], { env: { TREATY_DATA_DIR: dataDir } });
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.stdout).toContain(`Migrations applied (embedded store in ${dataDir})`);

    const port = await freePort();
    const child = spawn(process.execPath, [TREATY_BIN, 'serve'], {
      env: treatyEnv({ TREATY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', TREATY_LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 90_000;
      for (;;) {
        const ok = await fetch(`${url}/diagnostic/status/heartbeat`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`treaty serve did not become ready:\n${output}`);
        await new Promise((done) => setTimeout(done, 250));
      }
      const list = await treaty(['list-environments', '-o', 'json'], { env: { TREATY_BROKER_URL: url } });
      expect(list.code, list.output).toBe(0);
      expect(JSON.parse(list.stdout)._embedded.environments).toBeInstanceOf(Array);

      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
