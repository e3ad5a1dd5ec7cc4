// The treaty CLI against a small stub broker on 127.0.0.1: the token commands (the API of the access-control work,
// see the shared contracts), a wrong token (401 → exit 3) and a transient 503 with Retry-After that the client rides out.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oneLineError, treaty } from './treaty-cli.js';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body?: any;
}

const ADMIN = 'treaty_admin-secret';
const UUID = '6f1c2b9e-3d4a-4c1e-9a7b-2f0d1e3c4b5a';
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let flaky = 0;

const hal = { 'content-type': 'application/hal+json' };

function read(req: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => done(text));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await read(req);
    seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, ...(text ? { body: JSON.parse(text) } : {}) });
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...(body === undefined ? {} : hal), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.url === '/environments' && flaky > 0) {
      flaky--;
      return send(503, { title: 'Service unavailable' }, { 'retry-after': '0' });
    }
    if (req.headers.authorization !== `Bearer ${ADMIN}`) return send(401, { title: 'Unauthorized', detail: 'A valid token is required' });
    if (req.method === 'GET' && req.url === '/environments') return send(200, { _embedded: { environments: [] }, _links: {} });
    if (req.method === 'POST' && req.url === '/tokens') {
      const { name, role, expiresAt } = JSON.parse(text);
      return send(201, {
        uuid: UUID, name, role, createdAt: '2026-12-06T10:00:00.000Z', expiresAt: expiresAt ?? null, createdBy: 'admin',
        token: 'treaty_c2VjcmV0LXRva2VuLWZvci10aGUtcGlwZWxpbmU', _links: { self: { href: `${baseUrl}/tokens/${UUID}` } },
      });
    }
    if (req.method === 'GET' && req.url === '/tokens') {
      return send(200, {
        tokens: [
          { uuid: UUID, name: 'orders pipeline', role: 'ci', createdAt: '2026-12-06T10:00:00.000Z', expiresAt: null, revokedAt: null, lastUsedAt: null, createdBy: 'admin', _links: {} },
          { uuid: 'a0000000-0000-4000-8000-000000000000', name: 'old', role: 'read', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: null, revokedAt: '2026-02-01T00:00:00.000Z', lastUsedAt: '2026-01-31T00:00:00.000Z', createdBy: null, _links: {} },
        ],
        _links: { self: { href: `${baseUrl}/tokens` } },
      });
    }
    if (req.method === 'DELETE' && req.url === `/tokens/${UUID}`) return send(204);
    if (req.method === 'DELETE') return send(404, { title: 'Not found', detail: 'No token with that uuid' });
    return send(404, { title: 'Not found' });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));
beforeEach(() => {
  seen = [];
  flaky = 0;
});

const admin = (...args: string[]) => treaty(args, { env: { TREATY_BROKER_URL: baseUrl, TREATY_BROKER_TOKEN: ADMIN } });

describe('treaty token', () => {
  it('create sends name, role and expiry with the admin token, and shows the secret once', async () => {
    const run = await admin('token', 'create', '--name', 'orders pipeline', '--role', 'ci', '--expires-at', '2027-01-01T00:00:00Z');
    expect(run.code, run.output).toBe(0);
    expect(seen).toEqual([
      { method: 'POST', url: '/tokens', authorization: `Bearer ${ADMIN}`, body: { name: 'orders pipeline', role: 'ci', expiresAt: '2027-01-01T00:00:00Z' } },
    ]);
    expect(run.stdout).toBe(
      `Created ci token orders pipeline (${UUID}), expires 2027-01-01T00:00:00Z\nToken (shown only now): treaty_c2VjcmV0LXRva2VuLWZvci10aGUtcGlwZWxpbmU\n`,
    );
    const badRole = await admin('token', 'create', '--name', 'x', '--role', 'root');
    expect(badRole.code).toBe(3);
    expect(oneLineError(badRole)).toBe('error: --role must be one of read, ci, admin (got root)');
  });

  it('list shows a table (text), the API answer (json), a table (markdown)', async () => {
    const text = await admin('token', 'list');
    expect(text.code, text.output).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^${UUID} +orders pipeline +ci +active +-$`, 'm'));
    expect(text.stdout).toMatch(/^a0000000-0000-4000-8000-000000000000 +old +read +revoked 2026-02-01T00:00:00.000Z +2026-01-31/m);
    const json = await admin('token', 'list', '-o', 'json');
    expect(JSON.parse(json.stdout).tokens).toHaveLength(2);
    const md = await admin('token', 'list', '-o', 'markdown');
    expect(md.stdout).toMatchSnapshot('token list, markdown');
  });

  it('revoke: 204 → exit 0; an unknown uuid → exit 1', async () => {
    const run = await admin('token', 'revoke', UUID);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toBe(`Revoked token ${UUID}\n`);
    const unknown = await admin('token', 'revoke', 'b0000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(oneLineError(unknown)).toBe('error: No token b0000000-0000-4000-8000-000000000000');
  });
});

describe('authentication and transient failures', () => {
  it('a wrong token is refused: exit 3, one line, the token never printed', async () => {
    const run = await treaty(['list-environments', '-b', baseUrl, '-k', 'wrong-s3cret', '--verbose']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error: The broker refused the credentials (401): check --broker-token / TREATY_BROKER_TOKEN or the username and password');
    expect(run.output).not.toContain('wrong-s3cret');
  });

  it('a 503 with Retry-After is retried and the command succeeds', async () => {
    flaky = 2;
    const run = await treaty(['list-environments', '-b', baseUrl, '-k', ADMIN, '--verbose'], { env: { TREATY_HTTP_RETRIES: '3' } });
    expect(run.code, run.output).toBe(0);
    expect(seen.map((s) => s.url)).toEqual(['/environments', '/environments', '/environments']);
    expect(run.stderr.match(/503 is transient; retrying in 0 ms/g)).toHaveLength(2);
    expect(run.stdout).toBe('No environments\n');
  });

  it('a 503 that does not go away: exit 3 after the retries', async () => {
    flaky = 5;
    const run = await treaty(['list-environments', '-b', baseUrl, '-k', ADMIN], { env: { TREATY_HTTP_RETRIES: '1' } });
    expect(run.code).toBe(3);
    expect(oneLineError(run)).toBe('error: The broker failed (503) on GET /environments: Service unavailable');
  });
});
