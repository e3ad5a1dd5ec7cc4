// The read cache of the single-resource reads (src/shared/read-cache.ts) on a real store: a repeated read is served
// without its lookup (PostgreSQL: only the shared write-stamp read), byte for byte with the same ETag and links drawn
// for the asking request's base URL, and any write — through this app, or through a second app on its own pool
// (another replica on the same PostgreSQL database) — shows in the next read.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureQueries } from '../../bench/capture.js';
import type { Database } from '../../src/db/client.js';
import { client, hal } from '../support/http.js';
import { openReplicas, type Replicas } from '../support/replicas.js';
import type { TestApp } from '../support/test-app.js';

const postgres = Boolean(process.env.DATABASE_URL);
let replicas: Replicas;
let database: Database;
let other: Database;
let first: FastifyInstance;
let second: FastifyInstance;
const apiOf = (app: FastifyInstance) => client({ app } as TestApp);

beforeAll(async () => {
  replicas = await openReplicas();
  ({ database, other, first, second } = replicas);
});
afterAll(() => replicas?.close());
beforeEach(async () => {
  await database.db.execute(sql`truncate table pacticipants restart identity cascade`);
  const published = await apiOf(first).publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', interactions: ['a'] });
  expect(published.statusCode).toBe(200);
});

const reads = ['/pacts/provider/Bar/consumer/Foo/latest', '/pacts/provider/Bar/consumer/Foo/version/1', '/pacticipants/Foo', '/pacticipants/Foo/versions/1'];

describe('read cache', () => {
  it.each(reads)('serves a repeated %s without its lookup, byte for byte, links for the asking host', async (path) => {
    const api = apiOf(first);
    const asked = await api.get(path);
    hal(asked, 200);
    const { result: again, queries } = await captureQueries(database, () => api.get(path));
    expect(again.body).toBe(asked.body);
    expect(again.headers.etag).toBe(asked.headers.etag);
    // PostgreSQL reads the write stamp only; PGlite reads nothing.
    expect(queries.map((q) => q.text)).toEqual(postgres ? [expect.stringContaining('write_stripes')] : []);
    // The cache keeps read models, not bodies: links follow the request's own base URL.
    const elsewhere = await api.get(path, { host: 'broker.example' });
    expect(hal(elsewhere, 200)._links.self.href).toMatch(/^http:\/\/broker\.example\//);
  });

  it('shows a write through this app in the next read', async () => {
    const api = apiOf(first);
    expect(hal(await api.get('/pacticipants/Foo'), 200).displayName).toBe('Foo');
    expect((await api.patch('/pacticipants/Foo', { displayName: 'Renamed' })).statusCode).toBe(200);
    expect(hal(await api.get('/pacticipants/Foo'), 200).displayName).toBe('Renamed');
  });

  it('shows a write through a second app on its own pool (another replica) in the next read', async () => {
    const api = apiOf(first);
    const before = hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200);
    hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200); // now cached
    const replica = apiOf(second);
    expect((await replica.publish({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main', interactions: ['b'] })).statusCode).toBe(200);
    expect((await replica.put('/pacticipants/Foo/versions/1/tags/prod', {})).statusCode).toBe(201);
    const after = hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200);
    expect(after._links['pb:consumer-version'].name).toBe('2');
    expect(after._links['pb:consumer-version'].name).not.toBe(before._links['pb:consumer-version'].name);
    const version = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(JSON.stringify(version)).toContain('prod');
  });

  it('keeps a 404 uncached once the resource exists on another replica', async () => {
    const api = apiOf(first);
    expect((await api.get('/pacticipants/Baz')).statusCode).toBe(404);
    expect((await apiOf(second).post('/pacticipants', { name: 'Baz' })).statusCode).toBe(201);
    expect(hal(await api.get('/pacticipants/Baz'), 200).name).toBe('Baz');
  });

  it.runIf(postgres)('reads the write stamp once per round trip for concurrent callers, and sees a write committed before the call', async () => {
    const { result, queries } = await captureQueries(database, () => Promise.all(Array.from({ length: 8 }, () => database.writeStamp())));
    // The first caller's read, and one shared read for the seven that arrived while it was in flight.
    expect(queries.filter((q) => q.text.includes('write_stripes'))).toHaveLength(2);
    expect(result.every((n) => typeof n === 'number')).toBe(true);
    const before = await database.writeStamp();
    await other.db.execute(sql`update write_stripes set n = n where stripe = 1`); // a commit on another replica
    expect(await database.writeStamp()).toBeGreaterThan(before!);
  });
});
