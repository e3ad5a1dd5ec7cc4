// The answer cache of the deploy gates and pacts-for-verification (src/shared/answer-cache.ts) on a real store: a
// repeated question is answered from the cache (no statement), and any write — through this app's API, or through a
// second app on its own pool (another replica on the same PostgreSQL database) — changes the next answer. Also the
// PostgreSQL write stamp (src/db/write-stamp.ts): which statements move it.
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createJobsRepository } from '../../src/jobs/jobs.repository.js';
import { captureQueries } from '../../bench/capture.js';
import { client, hal, pathOf } from '../support/http.js';
import { openReplicas, type Replicas } from '../support/replicas.js';
import type { TestApp } from '../support/test-app.js';

const postgres = Boolean(process.env.DATABASE_URL);
let replicas: Replicas;
let database: Database;
let other: Database;
let first: FastifyInstance;
let second: FastifyInstance;

beforeAll(async () => {
  replicas = await openReplicas();
  ({ database, other, first, second } = replicas);
});
afterAll(() => replicas?.close());
beforeEach(async () => {
  await database.db.execute(sql`truncate table pacticipants restart identity cascade`);
});

const apiOf = (app: FastifyInstance) => client({ app } as TestApp);
const canIDeploy = (app: FastifyInstance) => apiOf(app).get('/can-i-deploy?pacticipant=Foo&version=1&environment=production');
const forVerification = (app: FastifyInstance) =>
  apiOf(app).post('/pacts/provider/Bar/for-verification', { consumerVersionSelectors: [{ mainBranch: true }], includePendingStatus: true });

/** A write that succeeded (200 or 201, whichever the resource answers). */
const wrote = (res: LightMyRequestResponse) => expect({ status: res.statusCode, body: res.body.slice(0, 500) }).toMatchObject({ status: expect.toSatisfy((s: number) => s === 200 || s === 201) });

async function estate(app: FastifyInstance) {
  const api = apiOf(app);
  wrote(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', interactions: ['a'] }));
  wrote(await api.patch('/pacticipants/Foo', { mainBranch: 'main' }));
  wrote(await api.put('/pacticipants/Bar/versions/2', {}));
  const environment = hal(await api.get('/environments?name=production'), 200)._embedded.environments[0];
  wrote(await api.post(`/pacticipants/Bar/versions/2/deployed-versions/environment/${environment.uuid}`, {}));
}

async function verify(app: FastifyInstance, success: boolean) {
  const api = apiOf(app);
  const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
  wrote(await api.post(pathOf(pact._links['pb:publish-verification-results'].href), { success, providerApplicationVersion: '2' }));
}

describe('answer cache', () => {
  it('answers a repeated can-i-deploy without reading the facts again, byte for byte', async () => {
    await estate(first);
    const asked = await canIDeploy(first);
    expect(hal(asked, 200).summary.deployable).toBeNull();
    const { result: again, queries } = await captureQueries(database, () => canIDeploy(first));
    expect(again.body).toBe(asked.body);
    // Only the write stamp (PostgreSQL) is read; PGlite reads nothing.
    expect(queries.length).toBe(postgres ? 1 : 0);
  });

  it('changes after a write through the API', async () => {
    await estate(first);
    expect(hal(await canIDeploy(first), 200).summary.deployable).toBeNull();
    expect(hal(await forVerification(first), 200)._embedded.pacts[0].verificationProperties.pending).toBe(true);
    await verify(first, true);
    expect(hal(await canIDeploy(first), 200).summary.deployable).toBe(true);
    expect(hal(await forVerification(first), 200)._embedded.pacts[0].verificationProperties.pending).toBe(false);
  });

  it('changes after a write through a second app on its own pool (another replica)', async () => {
    await estate(first);
    expect(hal(await canIDeploy(first), 200).summary.deployable).toBeNull();
    expect(hal(await canIDeploy(second), 200).summary.deployable).toBeNull();
    const pacts = hal(await forVerification(first), 200)._embedded.pacts;
    await verify(second, false);
    expect(hal(await canIDeploy(first), 200).summary.deployable).toBe(false);
    wrote(await apiOf(second).publish({ consumer: 'Foo', provider: 'Bar', version: '3', branch: 'main', interactions: ['b'] }));
    // The main branch's latest pact is now version 3's (new content): another pact URL.
    const after = hal(await forVerification(first), 200)._embedded.pacts;
    expect(after.map((p: any) => p._links.self.href)).not.toEqual(pacts.map((p: any) => p._links.self.href));
    expect(after[0]._links.self.name).toContain('(3)');
  });

  it('keeps answers across an idle job poll (the runner claims every second)', async () => {
    const jobs = createJobsRepository(database.db);
    const before = await database.writeStamp();
    expect(await jobs.claim({ kinds: ['webhook'], workerId: 'idle', leaseMs: 1000, limit: 4, now: new Date() })).toEqual([]);
    expect(await database.writeStamp()).toBe(before);
  });

  it('keeps errors uncached: an unknown pacticipant is a 400 until it exists', async () => {
    expect((await canIDeploy(first)).statusCode).toBe(400);
    await estate(second);
    expect(hal(await canIDeploy(first), 200).summary.deployable).toBeNull();
  });
});

describe.runIf(postgres)('PostgreSQL write stamp', () => {
  const stamp = async () => (await database.writeStamp())!;

  it('stays on reads and read-only transactions', async () => {
    const before = await stamp();
    await database.db.execute(sql`select count(*) from pacticipants`);
    await database.db.execute(sql`with p as (select id from pacticipants) select count(*) from p`);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
    });
    expect(await stamp()).toBe(before);
  });

  it('moves on a lone write, a with-query that writes, a transaction that writes, and a write on another pool', async () => {
    let before = await stamp();
    await database.db.execute(sql`insert into pacticipants (name) values ('stamp-a')`);
    expect(await stamp()).toBeGreaterThan(before);
    before = await stamp();
    await database.db.execute(sql`with gone as (delete from pacticipants where name = 'stamp-a' returning id) select count(*) from gone`);
    expect(await stamp()).toBeGreaterThan(before);
    before = await stamp();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into pacticipants (name) values ('stamp-b')`);
    });
    expect(await stamp()).toBeGreaterThan(before);
    before = await stamp();
    await other.db.execute(sql`update pacticipants set display_name = 'B' where name = 'stamp-b'`);
    expect(await stamp()).toBeGreaterThan(before);
  });

  it('does not move on a write that changed nothing (the job runner claiming when no job is due)', async () => {
    const before = await stamp();
    await database.db.execute(sql`update pacticipants set display_name = 'none' where false`);
    await database.db.execute(sql`with gone as (delete from pacticipants where false returning id) update pacticipants set name = name from gone where pacticipants.id = gone.id`);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`delete from pacticipants where name = 'no such pacticipant'`);
    });
    expect(await stamp()).toBe(before);
  });

  it('does not move on a rolled-back transaction, and a write is visible together with its stamp', async () => {
    const before = await stamp();
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into pacticipants (name) values ('stamp-c')`);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await stamp()).toBe(before);
    // A lone write that fails leaves no bump either.
    await expect(database.db.execute(sql`insert into pacticipants (id, name) values (-1, null)`)).rejects.toThrow();
    expect(await stamp()).toBe(before);
  });
});
