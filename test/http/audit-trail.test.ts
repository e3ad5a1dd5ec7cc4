// The audit trail over HTTP. Authorization is not part of this suite: a test-only onRequest hook (below, never in
// src/) sets request.principal from an `x-test-principal: kind:id:role` header, as the authorization hook will.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { startAuditPruning } from '../../src/audit/audit.service.js';
import type { Principal } from '../../src/auth/principal.js';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query.js';
import { publishBody } from '../support/pacts.js';
import { openTestDatabase } from '../support/test-app.js';

interface Harness {
  app: FastifyInstance;
  container: Container;
}

/** The app with the test-only principal hook, added before ready() like the real authorization hook. */
async function buildAuditedApp(database: Database, env: Record<string, string> = {}, auditBatchDelayMs?: number): Promise<Harness> {
  const config = loadConfig({ TREATY_LOG_LEVEL: 'silent', ...env });
  const container = createContainer({ config, database, ...(auditBatchDelayMs === undefined ? {} : { auditBatchDelayMs }) });
  const app = await buildApp({ container });
  app.addHook('onRequest', async (request) => {
    const given = request.headers['x-test-principal'];
    if (typeof given !== 'string') return;
    const [kind, id, role] = given.split(':');
    (request as { principal?: Principal }).principal = { kind: kind as Principal['kind'], id: id || null, role: (role || null) as Principal['role'] };
  });
  await app.ready();
  return { app, container };
}

const CI = { 'x-test-principal': 'token:0b6a7c1e-ci:ci' };
const ADMIN = { 'x-test-principal': 'basic:alice:admin' };
const ANONYMOUS = { 'x-test-principal': 'anonymous::read' };

let database: Database;
let drop: () => Promise<void>;
let h: Harness;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  h = await buildAuditedApp(database);
});
afterAll(async () => {
  await h?.app.close();
  await database?.close();
  await drop?.();
});
beforeEach(async () => {
  await h.container.services.audit.flush();
  await database.db.execute(sql`truncate table audit_events, pacticipants restart identity cascade`);
});

async function events() {
  await h.container.services.audit.flush();
  return queryRows<Record<string, unknown>>(database.db, sql`select * from audit_events order by id`);
}

const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  h.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('recording writes', () => {
  it('a write by a token records who, what, when, from where, how it ended and the request id', async () => {
    expect((await send('POST', '/pacticipants', {}, { name: 'Foo' })).statusCode).toBe(201); // no principal: not recorded
    const before = Date.now();
    const res = await send('PUT', '/pacticipants/Foo?token=s3cret&x=1', { ...CI, 'x-request-id': 'req-1' }, { displayName: 'Foo' });
    expect(res.statusCode).toBeLessThan(300);
    const [event, ...rest] = await events();
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      principal_kind: 'token',
      principal_id: '0b6a7c1e-ci',
      role: 'ci',
      method: 'PUT',
      route: '/pacticipants/:pacticipant',
      url: '/pacticipants/Foo?token=[redacted]&x=1',
      status: res.statusCode,
      pacticipant: 'Foo',
      version: null,
      address: '127.0.0.1',
      request_id: 'req-1',
    });
    expect(new Date(event!.at as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('a contract publication names the publishing pacticipant and version from the body', async () => {
    expect((await send('POST', '/contracts/publish', CI, publishBody({ consumer: 'Web', provider: 'Orders', version: '1.2.3' }))).statusCode).toBe(200);
    expect(await events()).toMatchObject([{ method: 'POST', route: '/contracts/publish', pacticipant: 'Web', version: '1.2.3', status: 200 }]);
  });

  it('refused and failed writes are recorded with their status; a write to no route too', async () => {
    await send('DELETE', '/pacticipants/Nobody', ADMIN);
    await send('POST', '/environments', ADMIN, { name: '' });
    await send('POST', '/no/such/thing', ADMIN, {});
    expect(await events()).toMatchObject([
      { principal_kind: 'basic', principal_id: 'alice', role: 'admin', method: 'DELETE', status: 404, pacticipant: 'Nobody' },
      { method: 'POST', route: '/environments', status: 400, pacticipant: null },
      { method: 'POST', route: '(no route)', url: '/no/such/thing', status: 404 },
    ]);
  });

  it('reads, the read-only POST (pacts-for-verification) and anonymous writes are not recorded', async () => {
    await send('PUT', '/pacticipants/Foo', ANONYMOUS, {});
    await send('PUT', '/pacticipants/Bar', {}, {}); // no principal at all: access control off
    await send('GET', '/pacticipants', CI);
    await send('POST', '/pacts/provider/Foo/for-verification', CI, {});
    expect(await events()).toEqual([]);
  });

  it('the response does not wait for the audit insert: the event appears within the batch delay', async () => {
    await send('PUT', '/pacticipants/Foo', CI, {});
    // Nothing flushed yet; the 100 ms timer writes it.
    await expect.poll(async () => (await queryRows(database.db, sql`select 1 from audit_events`)).length, { timeout: 5000 }).toBe(1);
  });
});

describe('GET /audit', () => {
  beforeEach(async () => {
    const at = (iso: string) => new Date(iso);
    const base = { method: 'PUT', route: '/pacticipants/:pacticipant', status: 200, version: null, address: '10.0.0.1', requestId: null, role: 'ci' as const };
    await h.container.services.audit.flush();
    const repo = (await import('../../src/audit/audit.repository.js')).createAuditRepository(database.db);
    await repo.insertMany([
      { ...base, at: at('2026-01-01T10:00:00.000Z'), principalKind: 'token', principalId: 'tok-a', url: '/pacticipants/Foo', pacticipant: 'Foo' },
      { ...base, at: at('2026-01-02T10:00:00.000Z'), principalKind: 'token', principalId: 'tok-b', url: '/pacticipants/Foo', pacticipant: 'Foo' },
      { ...base, at: at('2026-01-03T10:00:00.000Z'), principalKind: 'basic', principalId: 'alice', url: '/pacticipants/Bar', pacticipant: 'Bar' },
      { ...base, at: at('2026-01-04T10:00:00.000Z'), principalKind: 'token', principalId: 'tok-a', url: '/environments', pacticipant: null, route: '/environments', method: 'POST', status: 201 },
    ]);
  });

  const list = async (query = '') => {
    const res = await send('GET', `/audit${query}`, ADMIN);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { events: Array<Record<string, any>>; _links: { self: { href: string } } };
  };

  it('lists events newest first in the documented shape', async () => {
    const body = await list();
    expect(body.events.map((e) => e.at)).toEqual(['2026-01-04T10:00:00.000Z', '2026-01-03T10:00:00.000Z', '2026-01-02T10:00:00.000Z', '2026-01-01T10:00:00.000Z']);
    expect(body.events[1]).toEqual({
      at: '2026-01-03T10:00:00.000Z',
      principal: { kind: 'basic', id: 'alice', role: 'ci' },
      method: 'PUT',
      route: '/pacticipants/:pacticipant',
      url: '/pacticipants/Bar',
      status: 200,
      pacticipant: 'Bar',
      version: null,
      address: '10.0.0.1',
      requestId: null,
    });
    expect(body._links.self.href).toBe('http://localhost:80/audit');
  });

  it('filters by principal, pacticipant (any case), since (inclusive), until (exclusive) and limit', async () => {
    expect((await list('?principal=tok-a')).events.map((e) => e.at.slice(0, 10))).toEqual(['2026-01-04', '2026-01-01']);
    expect((await list('?pacticipant=foo')).events.map((e) => e.principal.id)).toEqual(['tok-b', 'tok-a']);
    expect((await list('?since=2026-01-02T10:00:00.000Z&until=2026-01-04T10:00:00Z')).events.map((e) => e.at.slice(0, 10))).toEqual(['2026-01-03', '2026-01-02']);
    expect((await list('?limit=1')).events.map((e) => e.at.slice(0, 10))).toEqual(['2026-01-04']);
    const body = await list('?principal=tok-a&pacticipant=Foo&limit=5');
    expect(body.events).toHaveLength(1);
    expect(body._links.self.href).toBe('http://localhost:80/audit?principal=tok-a&pacticipant=Foo&limit=5');
  });

  it('bad filters are a 400 naming the parameter', async () => {
    for (const query of ['?since=yesterday', '?until=2026-13-01', '?limit=0', '?limit=1001', '?limit=x']) {
      const res = await send('GET', `/audit${query}`, ADMIN);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().title).toBe('Validation errors');
    }
  });
});

describe('batches and retention', () => {
  it('events still buffered when the app closes are written before it finishes closing', async () => {
    const other = await buildAuditedApp(database, {}, 600_000); // only close() can write them
    for (let i = 0; i < 3; i += 1) await other.app.inject({ method: 'PUT', url: `/pacticipants/Closing${i}`, headers: CI, payload: {} });
    expect(await queryRows(database.db, sql`select 1 from audit_events`)).toEqual([]);
    await other.app.close();
    const rows = await queryRows<{ pacticipant: string }>(database.db, sql`select pacticipant from audit_events order by id`);
    expect(rows.map((r) => r.pacticipant)).toEqual(['Closing0', 'Closing1', 'Closing2']);
  });

  it('pruning deletes events older than TREATY_AUDIT_RETENTION_DAYS and keeps the rest', async () => {
    const other = await buildAuditedApp(database, { TREATY_AUDIT_RETENTION_DAYS: '30' });
    const repo = (await import('../../src/audit/audit.repository.js')).createAuditRepository(database.db);
    const day = 86_400_000;
    const row = (daysAgo: number, id: string) => ({
      at: new Date(Date.now() - daysAgo * day),
      principalKind: 'token' as const,
      principalId: id,
      role: 'ci',
      method: 'PUT',
      route: '/x',
      url: '/x',
      status: 200,
      pacticipant: null,
      version: null,
      address: null,
      requestId: null,
    });
    await repo.insertMany([row(400, 'ancient'), row(31, 'old'), row(29, 'recent'), row(0, 'today')]);
    expect(await other.container.services.audit.prune()).toBe(2);
    const left = await queryRows<{ principal_id: string }>(database.db, sql`select principal_id from audit_events order by at`);
    expect(left.map((r) => r.principal_id)).toEqual(['recent', 'today']);
    await other.app.close();
  });

  it('the pruning timer runs the prune and reports failures without stopping', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const pruning = startAuditPruning(
      {
        prune: async () => {
          calls += 1;
          if (calls === 2) throw new Error('boom');
          return 1;
        },
      },
      { firstDelayMs: 1, intervalMs: 20, onError: (e) => errors.push(e) },
    );
    await expect.poll(() => calls, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    pruning.stop();
    expect(errors).toHaveLength(1);
  });
});
