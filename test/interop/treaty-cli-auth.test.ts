// The treaty CLI under access control, against a real Treaty started with TREATY_ADMIN_TOKEN (test/support/auth.ts):
// the token commands end to end (create shows the secret once, the token publishes, list never shows secrets,
// revoke makes it 401 → exit 3), a read token publishing (403 → exit 3, naming the role needed). A small stub broker
// is kept only for what a real Treaty does not do on demand: a transient 503 with Retry-After that the client rides out.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_ENV, BOOTSTRAP_TOKEN } from '../support/auth.js';
import { pactDocument } from '../support/pacts.js';
import { startBroker, type RunningBroker } from './broker.js';
import { normalise, oneLineError, treaty } from './treaty-cli.js';

const TOKEN_SHAPE = /treaty_[A-Za-z0-9_-]{43}/;
let broker: RunningBroker;
let pactsDir: string;

beforeAll(async () => {
  broker = await startBroker(AUTH_ENV);
  pactsDir = await mkdtemp(join(tmpdir(), 'treaty-cli-auth-'));
  await writeFile(join(pactsDir, 'web-orders.json'), JSON.stringify(pactDocument({ consumer: 'web', provider: 'orders' })));
});
afterAll(async () => {
  await broker?.close();
  if (pactsDir) await rm(pactsDir, { recursive: true, force: true });
});

const as = (token: string) => (...args: string[]) => treaty(args, { env: { TREATY_BROKER_URL: broker.baseUrl, TREATY_BROKER_TOKEN: token } });
const admin = as(BOOTSTRAP_TOKEN);
const publishWith = (token: string, version: string) => as(token)('publish', pactsDir, '--consumer-app-version', version, '--branch', 'main');

/** `treaty token create` as the bootstrap admin (text output); returns the secret printed and the token's uuid. */
async function createToken(name: string, role: string): Promise<{ token: string; uuid: string; stdout: string }> {
  const run = await admin('token', 'create', '--name', name, '--role', role);
  expect(run.code, run.output).toBe(0);
  const uuid = /\(([0-9a-f-]{36})\)/.exec(run.stdout)?.[1];
  const token = TOKEN_SHAPE.exec(run.stdout)?.[0];
  expect(uuid && token, run.stdout).toBeTruthy();
  return { token: token!, uuid: uuid!, stdout: run.stdout };
}

describe('treaty token against a real Treaty', () => {
  it('create --role ci prints the secret once, and that token publishes', async () => {
    const created = await createToken('orders pipeline', 'ci');
    expect(normalise(created.stdout, broker.baseUrl).replace(TOKEN_SHAPE, '<token>')).toBe(
      'Created ci token orders pipeline (<uuid>)\nToken (shown only now): <token>\n',
    );
    expect(created.stdout.split(created.token)).toHaveLength(2);

    const publish = await publishWith(created.token, 'c1');
    expect(publish.code, publish.output).toBe(0);
    expect((await broker.testApp.app.inject({ method: 'GET', url: '/pacticipants/web/versions/c1', headers: { authorization: `Bearer ${BOOTSTRAP_TOKEN}` } })).statusCode).toBe(200);
  });

  it('create refuses an unknown role before asking the broker, and an expiry', async () => {
    const badRole = await admin('token', 'create', '--name', 'x', '--role', 'root');
    expect(badRole.code).toBe(3);
    expect(oneLineError(badRole)).toBe('error: --role must be one of read, ci, admin (got root)');
    const withExpiry = await admin('token', 'create', '--name', 'nightly', '--role', 'read', '--expires-at', '2099-01-01T00:00:00Z');
    expect(withExpiry.code, withExpiry.output).toBe(0);
    expect(withExpiry.stdout).toMatch(/^Created read token nightly \([0-9a-f-]{36}\), expires 2099-01-01T00:00:00(\.000)?(Z|\+00:00)$/m);
  });

  it('list never shows a secret, in any output format', async () => {
    const { token, uuid } = await createToken('listed', 'ci');
    for (const format of ['text', 'json', 'markdown']) {
      const run = await admin('token', 'list', '-o', format);
      expect(run.code, run.output).toBe(0);
      expect(run.stdout).toContain(uuid);
      expect(run.stdout).not.toContain(token);
      expect(run.stdout).not.toMatch(TOKEN_SHAPE);
    }
    const text = await admin('token', 'list');
    expect(text.stdout).toMatch(new RegExp(`^${uuid} +listed +ci +active +-$`, 'm'));
    const json = JSON.parse((await admin('token', 'list', '-o', 'json')).stdout);
    expect(json.tokens.find((t: { uuid: string }) => t.uuid === uuid)).toMatchObject({ name: 'listed', role: 'ci', revokedAt: null });
    expect(json.tokens.every((t: Record<string, unknown>) => !('token' in t))).toBe(true);
    const md = await admin('token', 'list', '-o', 'markdown');
    expect(md.stdout.split('\n').slice(0, 2)).toEqual(['| UUID | Name | Role | Status | Last used |', '| --- | --- | --- | --- | --- |']);
    expect(md.stdout).toMatch(new RegExp(`^\\| ${uuid} \\| listed \\| ci \\| active \\| - \\|$`, 'm'));
  });

  it('revoke: the token then gets 401 → exit 3 with one clear line; an unknown uuid → exit 1', async () => {
    const { token, uuid } = await createToken('short-lived', 'ci');
    expect((await publishWith(token, 'r1')).code).toBe(0);

    const revoked = await admin('token', 'revoke', uuid);
    expect(revoked.code, revoked.output).toBe(0);
    expect(revoked.stdout).toBe(`Revoked token ${uuid}\n`);
    const listed = await admin('token', 'list');
    expect(listed.stdout).toMatch(new RegExp(`^${uuid} +short-lived +ci +revoked \\d{4}-`, 'm'));

    const refused = await publishWith(token, 'r2');
    expect(refused.code).toBe(3);
    expect(oneLineError(refused)).toBe(
      'error: The broker refused the credentials (401): The bearer token is not valid: it is unknown, expired or revoked; check --broker-token / TREATY_BROKER_TOKEN or the username and password',
    );
    expect(refused.output).not.toContain(token);

    const unknown = await admin('token', 'revoke', 'b0000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(oneLineError(unknown)).toBe('error: No token b0000000-0000-4000-8000-000000000000');
  });

  it('a read token publishing is forbidden: 403 → exit 3, naming the role it needs', async () => {
    const { token } = await createToken('dashboard', 'read');
    const run = await publishWith(token, 'f1');
    expect(run.code).toBe(3);
    const line = oneLineError(run);
    expect(line).toMatch(/^error: Not allowed \(403\) to POST \/contracts\/publish: /);
    expect(line).toContain('needs the ci role (a ci or admin token, or the read-write basic user)');
    expect(line).toContain('(role read) is not enough');
    expect(run.output).not.toContain(token);
  });

  it('a wrong token is refused: exit 3, one line, the token never printed even with --verbose', async () => {
    const run = await treaty(['list-environments', '-b', broker.baseUrl, '-k', 'wrong-s3cret', '--verbose']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: The broker refused the credentials \(401\): .*; check --broker-token \/ TREATY_BROKER_TOKEN or the username and password$/m);
    expect(run.output).not.toContain('wrong-s3cret');
  });
});

// A stub: a real Treaty cannot be made to answer 503 + Retry-After on demand.
describe('transient failures (stub broker)', () => {
  let stub: Server;
  let stubUrl: string;
  let flaky = 0;
  let paths: string[] = [];
  beforeAll(async () => {
    stub = createServer((req, res) => {
      paths.push(req.url!);
      if (flaky > 0) {
        flaky--;
        return void res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify({ title: 'Service unavailable' }));
      }
      res.writeHead(200, { 'content-type': 'application/hal+json' }).end(JSON.stringify({ _embedded: { environments: [] }, _links: {} }));
    });
    await new Promise<void>((done) => stub.listen(0, '127.0.0.1', done));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => (stub ? stub.close(() => done()) : done())));
  beforeEach(() => {
    paths = [];
    flaky = 0;
  });

  it('a 503 with Retry-After is retried and the command succeeds', async () => {
    flaky = 2;
    const run = await treaty(['list-environments', '-b', stubUrl, '--verbose'], { env: { TREATY_HTTP_RETRIES: '3' } });
    expect(run.code, run.output).toBe(0);
    expect(paths).toEqual(['/environments', '/environments', '/environments']);
    expect(run.stderr.match(/503 is transient; retrying in 0 ms/g)).toHaveLength(2);
    expect(run.stdout).toBe('No environments\n');
  });

  it('a 503 that does not go away: exit 3 after the retries', async () => {
    flaky = 5;
    const run = await treaty(['list-environments', '-b', stubUrl], { env: { TREATY_HTTP_RETRIES: '1' } });
    expect(run.code).toBe(3);
    expect(oneLineError(run)).toBe('error: The broker failed (503) on GET /environments: Service unavailable');
  });
});
