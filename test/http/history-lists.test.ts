// Lists that grow with history come a page at a time (the pacts of a provider, the pact versions of an integration,
// the verification results of a content), with `next`/`previous` links; the lists of latest pacts (one per consumer,
// what the verifier and the CLI read) stay whole. Cascading deletes through deployments and releases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/query.js';
import { client, hal, pathOf } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

/** Foo versions 1..n each publish a distinct pact with Bar, on branch main and tagged prod. */
async function publishHistory(n: number) {
  const data = testDataBuilder(t.container.services);
  for (let i = 1; i <= n; i++) data.publishPact({ consumer: 'Foo', provider: 'Bar', version: String(i), branch: 'main', tags: ['prod'], interactions: [`request ${i}`] });
  await data.done();
}

const versionsOf = (links: Array<{ title: string }>) => links.map((l) => /\((\d+)\)/.exec(l.title)?.[1]);

describe('the pacts of a provider and of an integration, a page at a time', () => {
  for (const [label, path] of [
    ['all pacts of the provider', '/pacts/provider/Bar'],
    ['with a tag', '/pacts/provider/Bar/tag/prod'],
    ['from the consumers’ main branches', '/pacts/provider/Bar/branch'],
    ['from a branch', '/pacts/provider/Bar/branch/main'],
  ] as const) {
    it(`${label}: pageSize bounds the page, page 2 follows with next/previous links`, async () => {
      await publishHistory(5);
      await api.patch('/pacticipants/Foo', { mainBranch: 'main' }, { 'content-type': 'application/merge-patch+json' });
      const first = hal(await api.get(`${path}?pageSize=2`), 200);
      expect(versionsOf(first._links['pb:pacts'])).toEqual(['5', '4']);
      expect(first._links.pacts).toHaveLength(2);
      expect(first._links.previous).toBeUndefined();
      const second = hal(await api.get(pathOf(first._links.next.href) + new URL(first._links.next.href).search), 200);
      expect(versionsOf(second._links['pb:pacts'])).toEqual(['3', '2']);
      expect(second._links.previous.href).toContain('page=1');
      const last = hal(await api.get(`${path}?size=2&page=3`), 200);
      expect(versionsOf(last._links['pb:pacts'])).toEqual(['1']);
      expect(last._links.next).toBeUndefined();
      // Without paging parameters: the first 100, no links when that is all.
      const whole = hal(await api.get(path), 200);
      expect(whole._links['pb:pacts']).toHaveLength(5);
      expect(whole._links.next).toBeUndefined();
    });
  }

  it('the latest pact of each consumer is one list, however many consumers (what the verifier reads)', async () => {
    const data = testDataBuilder(t.container.services);
    for (const consumer of ['A', 'B', 'C']) data.publishPact({ consumer, provider: 'Bar', version: '1', tags: ['prod'] });
    await data.done();
    for (const path of ['/pacts/provider/Bar/latest', '/pacts/provider/Bar/latest/prod']) {
      const body = hal(await api.get(`${path}?pageSize=1`), 200);
      expect(body._links.pacts).toHaveLength(3);
      expect(body._links.next).toBeUndefined();
    }
  });

  it('the pact versions of an integration: page 2 exists, the size is bounded', async () => {
    await publishHistory(5);
    const first = hal(await api.get('/pacts/provider/Bar/consumer/Foo/versions?pageSize=2'), 200);
    expect(first._embedded.pacts.map((p: any) => p._embedded.consumerVersion.number)).toEqual(['5', '4']);
    expect(first._links['pact-versions']).toHaveLength(2);
    const second = hal(await api.get('/pacts/provider/Bar/consumer/Foo/versions?pageSize=2&pageNumber=2'), 200);
    expect(second._embedded.pacts.map((p: any) => p._embedded.consumerVersion.number)).toEqual(['3', '2']);
    expect(second._links.next.href).toBe('http://localhost:80/pacts/provider/Bar/consumer/Foo/versions?size=2&page=3');
    expect(second._links.previous.href).toBe('http://localhost:80/pacts/provider/Bar/consumer/Foo/versions?size=2&page=1');
    const onBranch = hal(await api.get('/pacts/provider/Bar/consumer/Foo/branch/main?pageSize=3&pageNumber=2'), 200);
    expect(onBranch._embedded.pacts.map((p: any) => p._embedded.consumerVersion.number)).toEqual(['2', '1']);
    expect(onBranch._links.next).toBeUndefined();
    const latest = hal(await api.get('/pacts/provider/Bar/consumer/Foo/branch/main/latest/versions'), 200);
    expect(latest._embedded.pacts.map((p: any) => p._embedded.consumerVersion.number)).toEqual(['5']);
  });
});

describe('the verification results of a content, a page at a time', () => {
  it('pageSize bounds the page, page 2 follows, newest first', async () => {
    const data = testDataBuilder(t.container.services).publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' });
    for (let i = 1; i <= 5; i++) data.verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: `p${i}`, success: true });
    await data.done();
    const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
    const list = pathOf(pact._links['pb:publish-verification-results'].href);
    const first = hal(await api.get(`${list}?pageSize=2`), 200);
    expect(first._embedded.verificationResults.map((v: any) => v.providerApplicationVersion)).toEqual(['p5', 'p4']);
    expect(first._links.next.href).toContain('size=2&page=2');
    const second = hal(await api.get(new URL(first._links.next.href).pathname + new URL(first._links.next.href).search), 200);
    expect(second._embedded.verificationResults.map((v: any) => v.providerApplicationVersion)).toEqual(['p3', 'p2']);
    expect(second._links.previous.href).toContain('size=2&page=1');
    const whole = hal(await api.get(list), 200);
    expect(whole._embedded.verificationResults).toHaveLength(5);
    expect(whole._links.next).toBeUndefined();
  });
});

describe('cascading deletes', () => {
  it('a pacticipant with deployments and releases (current and ended) deletes cleanly, and so does an environment', async () => {
    const env = hal(await api.post('/environments', { name: 'history-lists-env', production: false }), 201);
    await testDataBuilder(t.container.services)
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .createVersion('Foo', '2')
      .recordDeployment({ pacticipant: 'Foo', version: '1', environment: 'history-lists-env' })
      .recordDeployment({ pacticipant: 'Foo', version: '2', environment: 'history-lists-env' })
      .recordRelease({ pacticipant: 'Foo', version: '1', environment: 'history-lists-env' })
      .done();
    expect((await api.delete('/pacticipants/Foo')).statusCode).toBe(204);
    expect((await api.get('/pacticipants/Foo')).statusCode).toBe(404);
    const left = await queryRows<{ n: number }>(
      t.database.db,
      sql`select (select count(*) from deployed_versions) + (select count(*) from released_versions) as n`,
    );
    expect(Number(left[0]!.n)).toBe(0);
    await testDataBuilder(t.container.services).createVersion('Baz', '1').recordDeployment({ pacticipant: 'Baz', version: '1', environment: 'history-lists-env' }).done();
    expect((await api.delete(`/environments/${env.uuid}`)).statusCode).toBe(204);
    expect((await api.get('/pacticipants/Baz/versions/1')).statusCode).toBe(200);
  });
});

describe('every cascading foreign key has a whole (non-partial) index leading with its columns', () => {
  it('holds for the migrated schema', async () => {
    // For each foreign key: is there a valid, non-partial index whose first columns are exactly the key's columns?
    const missing = await queryRows<{ constraint: string; table: string }>(
      t.database.db,
      sql`select c.conname as constraint, c.conrelid::regclass::text as table
          from pg_constraint c
          where c.contype = 'f' and c.connamespace = 'public'::regnamespace
            and not exists (
              select 1 from pg_index i
              where i.indrelid = c.conrelid and i.indisvalid and i.indpred is null
                and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] operator(pg_catalog.@>) c.conkey
                and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] operator(pg_catalog.<@) c.conkey)
          order by 2, 1`,
    );
    expect(missing).toEqual([]);
  });

  it('has the hardening indexes', async () => {
    const rows = await queryRows<{ indexname: string; indexdef: string }>(
      t.database.db,
      sql`select indexname, indexdef from pg_indexes where schemaname = 'public' and indexname in
          ('latest_pact_publications_pact_version_order_idx', 'verifications_pact_version_id_idx',
           'deployed_versions_pacticipant_idx', 'deployed_versions_environment_idx',
           'released_versions_pacticipant_idx', 'released_versions_environment_idx') order by indexname`,
    );
    expect(rows.map((r) => r.indexdef.replace(/^.* USING btree /, ''))).toEqual([
      '(environment_id)',
      '(pacticipant_id)',
      '(pact_version_id, consumer_version_order)',
      '(environment_id)',
      '(pacticipant_id)',
      '(pact_version_id, id)',
    ]);
  });
});
