// contract_requiring_verification_published over HTTP (broker-semantics C1, C3, E.3 S57, S58, S60): which provider
// versions a publish asks to verify, the triggered webhooks it writes, the delivered template, and the publish notices.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { client, hal, pathOf } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const EVENT = 'contract_requiring_verification_published';

let t: TestApp;
let api: ReturnType<typeof client>;
let server: http.Server;
let port: number;
const received: string[] = [];
let envs: Record<string, string>;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  t = await buildTestApp({ TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1', TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http' });
  api = client(t);
  const list = hal(await api.get('/environments'), 200)._embedded.environments as Array<{ name: string; uuid: string }>;
  envs = Object.fromEntries(list.map((e) => [e.name, e.uuid]));
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs restart identity cascade`);
  received.length = 0;
  hal(await api.post('/pacticipants', { name: 'Foo' }), 201);
});

async function webhook(events: string[], description?: string): Promise<string> {
  const body = {
    events: events.map((name) => ({ name })),
    request: {
      method: 'POST',
      url: `http://127.0.0.1:${port}/hook`,
      body: '${pactbroker.eventName}|${pactbroker.providerVersionNumber}|${pactbroker.providerVersionBranch}|${pactbroker.providerVersionDescriptions}|${pactbroker.consumerVersionNumber}',
    },
    ...(description ? { description } : {}),
  };
  return hal(await api.post('/webhooks', body), 201).uuid;
}

const provider = async (mainBranch?: string) => hal(await api.post('/pacticipants', { name: 'Bar', ...(mainBranch ? { mainBranch } : {}) }), 201);
const onBranch = async (version: string, branch: string) => hal(await api.put(`/pacticipants/Bar/branches/${branch}/versions/${version}`), 201);
const deploy = async (version: string, env: string, applicationInstance?: string) =>
  hal(await api.post(`/pacticipants/Bar/versions/${version}/deployed-versions/environment/${envs[env]}`, applicationInstance ? { applicationInstance } : {}), 201);
const release = async (version: string, env: string) => hal(await api.post(`/pacticipants/Bar/versions/${version}/released-versions/environment/${envs[env]}`), 201);
async function verify(consumerVersion: string, success: boolean, providerVersion: string) {
  const pact = hal(await api.get(`/pacts/provider/Bar/consumer/Foo/version/${consumerVersion}`), 200);
  hal(await api.post(pathOf(pact._links['pb:publish-verification-results'].href), { success, providerApplicationVersion: providerVersion }), 201);
}

// A publish writes one expansion job; expanding it (as a claim or a read of triggered webhooks does) writes the rows.
const requiring = async () => {
  await t.container.jobs.expandPending();
  return queryRows<{ webhook_uuid: string; provider_version_number: string | null; consumer_version_number: string }>(
    t.database.db,
    sql`select webhook_uuid, provider_version_number, consumer_version_number from triggered_webhooks where event_name = ${EVENT} order by id`,
  );
};
/**
 * Runs every queued delivery and returns the bodies the receiver got for this event, sorted: the runner delivers
 * concurrently, so arrival order is not the order the triggered webhooks were written in (requiring() checks that).
 */
async function delivered(): Promise<string[]> {
  const runner = t.container.jobs.createRunner();
  while ((await runner.runOnce()) > 0);
  return received.filter((body) => body.startsWith(EVENT)).sort();
}

describe('contract_requiring_verification_published', () => {
  it('S57: fires once for the main-branch head, with its number, the main branch and "latest from main branch"', async () => {
    const uuid = await webhook([EVENT]);
    await provider('main');
    await onBranch('4', 'main');
    await onBranch('5', 'main');
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    expect(await requiring()).toEqual([{ webhook_uuid: uuid, provider_version_number: '5', consumer_version_number: '1' }]);
    expect(await delivered()).toEqual([`${EVENT}|5|main|latest from main branch|1`]);
  });

  it('S58: identical content republished after a (failed) result by the head does not fire; new content does', async () => {
    await webhook([EVENT]);
    await provider('main');
    await onBranch('5', 'main');
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    await verify('1', false, '5');
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2' }), 200);
    expect((await requiring()).map((r) => r.consumer_version_number)).toEqual(['1']);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '3', interactions: ['changed'] }), 200);
    expect((await requiring()).map((r) => [r.consumer_version_number, r.provider_version_number])).toEqual([
      ['1', '5'],
      ['3', '5'],
    ]);
  });

  it('S60: one triggered webhook per provider version, descriptions de-duplicated, deployments in deployment order', async () => {
    await webhook([EVENT]);
    await provider('main');
    await onBranch('4', 'release-4');
    await onBranch('5', 'main');
    await deploy('5', 'production', 'i-1');
    await deploy('5', 'test');
    await deploy('5', 'production', 'i-2');
    await release('4', 'production');
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['C9'] }), 200);
    expect((await requiring()).map((r) => r.provider_version_number)).toEqual(['5', '4']);
    expect(await delivered()).toEqual(
      [`${EVENT}|5|main|latest from main branch, deployed in production, deployed in test|1`, `${EVENT}|4|release-4|released in production|1`].sort(),
    );
  });

  it('without a main-branch head falls back to the newest version tagged with the main branch name', async () => {
    await webhook([EVENT]);
    await provider('main');
    hal(await api.put('/pacticipants/Bar/versions/6/tags/main'), 201);
    hal(await api.put('/pacticipants/Bar/versions/7/tags/main'), 201);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    expect(await delivered()).toEqual([`${EVENT}|7|main|latest from main branch|1`]);
  });

  it('no main branch and nothing deployed or released: nothing fires (a branch head does not count)', async () => {
    await webhook([EVENT]);
    await provider();
    await onBranch('5', 'feat'); // not a name the main branch is detected from
    expect(hal(await api.get('/pacticipants/Bar'), 200).mainBranch ?? null).toBeNull();
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    expect(await requiring()).toEqual([]);
  });

  it('a provider version with a result (even a failed one) is not required; the others still are', async () => {
    await webhook([EVENT]);
    await provider('main');
    hal(await api.put('/pacticipants/Bar/versions/3'), 201);
    await onBranch('5', 'main');
    await deploy('3', 'production');
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    await verify('1', false, '3');
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2' }), 200);
    expect((await requiring()).map((r) => [r.consumer_version_number, r.provider_version_number])).toEqual([
      ['1', '5'],
      ['1', '3'],
      ['2', '5'],
    ]);
  });
});

describe('publish notices for events and triggered webhooks', () => {
  const texts = (body: { notices: Array<{ type: string; text: string }> }) => body.notices.map((n) => `${n.type}: ${n.text}`);

  it('lists the detected events per contract, then one notice per triggered webhook with its logs URL', async () => {
    await webhook([EVENT, 'contract_published'], 'trigger Bar "build"');
    await webhook(['contract_content_changed']);
    await provider('main');
    await onBranch('5', 'main');
    const body = hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' }), 200);
    await t.container.jobs.expandPending();
    const uuids = (
      await queryRows<{ uuid: string; event_name: string }>(t.database.db, sql`select uuid::text as uuid, event_name from triggered_webhooks order by id`)
    ).map((r) => r.uuid);
    expect(uuids).toHaveLength(3);
    const logs = (uuid: string) => `View logs at http://localhost:80/triggered-webhooks/${uuid}/logs`;
    expect(texts(body)).toEqual([
      'debug: Created Foo version 1 with branch main',
      'success: Pact successfully published for Foo version 1 and provider Bar.',
      'debug:   View the published pact at http://localhost:80/pacts/provider/Bar/consumer/Foo/version/1',
      // S57: the Pact Broker's comment on why contract_content_changed fired.
      'debug:   Events detected: contract_published, contract_requiring_verification_published, contract_content_changed (first time untagged pact published)',
      `debug:   Webhook "trigger Bar \\"build\\"" triggered for event contract_published.\n    ${logs(uuids[0]!)}`,
      `debug:   Webhook "trigger Bar \\"build\\"" triggered for event contract_requiring_verification_published.\n    ${logs(uuids[1]!)}`,
      `debug:   Webhook "POST 127.0.0.1:${port}" triggered for event contract_content_changed.\n    ${logs(uuids[2]!)}`,
    ]);
  });

  it('identical content with nothing to verify: only contract_published is detected, with why, and no webhook notices', async () => {
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' }), 200);
    const body = hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main' }), 200);
    expect(texts(body).filter((n) => n.includes('Events detected') || n.includes('Webhook'))).toEqual([
      'debug:   Events detected: contract_published (pact content is the same as previous untagged version)',
    ]);
  });
});
