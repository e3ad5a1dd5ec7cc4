import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { client, hal, pathOf } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs restart identity cascade`);
  for (const name of ['Foo', 'Bar', 'Baz']) hal(await api.post('/pacticipants', { name }), 201);
});

async function webhook(events: string[], sides: Record<string, unknown> = {}): Promise<string> {
  const body = { events: events.map((name) => ({ name })), request: { method: 'POST', url: 'https://ci.example/build' }, ...sides };
  return hal(await api.post('/webhooks', body), 201).uuid;
}

// A publish writes one expansion job; expanding it (as a claim or a read of triggered webhooks does) writes the rows.
const triggered = async () => {
  await t.container.jobs.expandPending();
  return queryRows<Record<string, unknown>>(
    t.database.db,
    sql`select webhook_uuid, event_name, consumer_name, provider_name, consumer_version_number, pact_version_sha,
               provider_version_number, verification_id, status
          from triggered_webhooks order by id`,
  );
};
const jobs = async () => {
  await t.container.jobs.expandPending();
  return queryRows<{ uuid: string; kind: string; payload: Record<string, unknown> }>(t.database.db, sql`select uuid::text as uuid, kind, payload from jobs order by id`);
};

async function verify(consumer: string, provider: string, success: boolean, providerVersion = 'p1') {
  const pact = hal(await api.get(`/pacts/provider/${provider}/consumer/${consumer}/latest`), 200);
  return hal(await api.post(pathOf(pact._links['pb:publish-verification-results'].href), { success, providerApplicationVersion: providerVersion }), 201);
}

describe('webhooks triggered by a publish', () => {
  it('writes one triggered webhook and one job, in the publish, with the facts', async () => {
    const uuid = await webhook(['contract_published'], { consumer: { name: 'Foo' } });
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    const sha = hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200)._links['pb:pact-version'].name;
    const rows = await triggered();
    expect(rows).toEqual([
      {
        webhook_uuid: uuid,
        event_name: 'contract_published',
        consumer_name: 'Foo',
        provider_name: 'Bar',
        consumer_version_number: '1',
        pact_version_sha: sha,
        provider_version_number: null,
        verification_id: null,
        status: 'queued',
      },
    ]);
    const queued = await jobs();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'webhook', payload: { webhookUuid: uuid, eventName: 'contract_published', consumerName: 'Foo', pactVersionSha: rows[0]!.pact_version_sha } });
    expect(queued[0]!.payload.triggeredWebhookUuid).toEqual(queued[0]!.uuid);
  });

  it('identical content under a new version fires contract_published but not contract_content_changed', async () => {
    await webhook(['contract_published', 'contract_content_changed']);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2' }), 200);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '3', interactions: ['something new'] }), 200);
    const rows = await triggered();
    expect(rows.map((r) => `${r.consumer_version_number} ${r.event_name}`)).toEqual([
      '1 contract_published',
      '1 contract_content_changed',
      '2 contract_published',
      '3 contract_published',
      '3 contract_content_changed',
    ]);
    expect(await jobs()).toHaveLength(5);
  });

  it('a publish that fails (409) leaves no triggered webhook and no job', async () => {
    await webhook(['contract_published', 'contract_content_changed']);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    await t.database.db.execute(sql`truncate table triggered_webhooks, jobs cascade`);
    const res = await api.publish({ consumer: 'Foo', provider: ['Baz', 'Bar'], version: '1', interactions: ['changed'] });
    expect(res.statusCode).toBe(409);
    expect(await triggered()).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it('matches on names and labels, and skips disabled webhooks and other events', async () => {
    hal(await api.put('/pacticipants/Bar/labels/team-a'), 201);
    const byLabel = await webhook(['contract_published'], { provider: { label: 'team-a' } });
    await webhook(['contract_published'], { provider: { label: 'team-b' } });
    await webhook(['contract_published'], { consumer: { name: 'Baz' } });
    await webhook(['provider_verification_published']);
    await webhook(['contract_published'], { enabled: false });
    hal(await api.publish({ consumer: 'Foo', provider: ['Bar', 'Baz'], version: '1' }), 200);
    const rows = await triggered();
    expect(rows.map((r) => [r.webhook_uuid, r.provider_name])).toEqual([[byLabel, 'Bar']]);
  });
});

describe('webhooks triggered by a verification result', () => {
  it('fires provider_verification_published and _succeeded or _failed with the provider version and verification id', async () => {
    const all = await webhook(['provider_verification_published', 'provider_verification_succeeded', 'provider_verification_failed']);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    const ok = await verify('Foo', 'Bar', true, 'p1');
    const failed = await verify('Foo', 'Bar', false, 'p2');
    const rows = await triggered();
    expect(rows.map((r) => [r.webhook_uuid, r.event_name, r.provider_version_number, r.consumer_name, r.provider_name])).toEqual([
      [all, 'provider_verification_published', 'p1', 'Foo', 'Bar'],
      [all, 'provider_verification_succeeded', 'p1', 'Foo', 'Bar'],
      [all, 'provider_verification_published', 'p2', 'Foo', 'Bar'],
      [all, 'provider_verification_failed', 'p2', 'Foo', 'Bar'],
    ]);
    const ids = rows.map((r) => r.verification_id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[2]);
    expect([ok.success, failed.success]).toEqual([true, false]);
    expect(await jobs()).toHaveLength(4);
  });
});
