// End to end: what each `${pactbroker.X}` variable carries when a triggered webhook is delivered (broker-semantics C3,
// C4; scenarios S61, S62, S64), through the HTTP API, the job runner and a real local receiver.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodePactMetadata } from '../../src/pacts/pact-metadata.js';
import { client, hal, pathOf } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const VARIABLES = [
  'consumerName',
  'providerName',
  'consumerVersionNumber',
  'consumerVersionTags',
  'consumerVersionBranch',
  'providerVersionNumber',
  'providerVersionTags',
  'providerVersionBranch',
  'pactUrl',
  'verificationResultUrl',
  'githubVerificationStatus',
  'bitbucketVerificationStatus',
  'gitlabVerificationStatus',
  'azureDevOpsVerificationStatus',
  'consumerLabels',
  'providerLabels',
  'eventName',
  'buildUrl',
];
const BASE = 'http://broker.example';

let t: TestApp;
let api: ReturnType<typeof client>;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  t = await buildTestApp({ TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1', TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http', TREATY_BASE_URL: BASE });
  api = client(t);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs cascade`);
  receiver.received.length = 0;
});

const td = () => testDataBuilder(t.container.services);

/** A webhook whose body is every template variable by name. */
async function hook(events: string[], url = `${receiver.url}/hook`) {
  const body = Object.fromEntries(VARIABLES.map((v) => [v, `\${pactbroker.${v}}`]));
  hal(await api.post('/webhooks', { events: events.map((name) => ({ name })), request: { method: 'POST', url, body } }), 201);
}

/** Runs every due delivery; returns the template values each delivered body carried, in delivery order. */
async function delivered(): Promise<Record<string, any>[]> {
  const runner = t.container.jobs.createRunner();
  while ((await runner.runOnce()) > 0);
  return receiver.received.splice(0).map((r) => JSON.parse(r.body) as Record<string, any>);
}

const latestSha = async (consumerVersion: string) =>
  hal(await api.get(`/pacts/provider/Bar/consumer/Foo/version/${consumerVersion}`), 200)._links['pb:pact-version'].name as string;

/** Publishes a result through a pact URL (its pb:publish-verification-results link, metadata and all). */
async function verifyThrough(pactUrl: string, result: Record<string, unknown>) {
  const pact = hal(await api.get(pathOf(pactUrl)), 200);
  return hal(await api.post(pathOf(pact._links['pb:publish-verification-results'].href), result), 201);
}

const keywords = (v: Record<string, any>) => [v.githubVerificationStatus, v.bitbucketVerificationStatus, v.gitlabVerificationStatus, v.azureDevOpsVerificationStatus];

describe('template variables of contract events', () => {
  it('show the latest verification of the content by the main branch, else the latest at all, else pending (C4, S61)', async () => {
    await hook(['contract_published']);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    await td().setMainBranch('Bar', 'main').done();
    const [unverified] = await delivered();
    expect(keywords(unverified!)).toEqual(['pending', 'INPROGRESS', 'pending', 'pending']);
    expect(unverified).toMatchObject({ verificationResultUrl: '', providerVersionNumber: '', providerVersionBranch: '' });

    const sha = await latestSha('1');
    const onMain = await verifyThrough(`${BASE}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}`, { success: true, providerApplicationVersion: '5' });
    hal(await api.put('/pacticipants/Bar/branches/main/versions/5'), 201);
    // A newer result from a feature branch, failed: the main branch's still wins.
    hal(await api.put('/pacticipants/Bar/branches/feat/versions/6'), 201);
    await verifyThrough(`${BASE}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}`, { success: false, providerApplicationVersion: '6' });
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2' }), 200);
    const [afterMain] = await delivered();
    expect(keywords(afterMain!)).toEqual(['success', 'SUCCESSFUL', 'success', 'succeeded']);
    expect(afterMain).toMatchObject({
      verificationResultUrl: onMain._links.self.href,
      providerVersionNumber: '5',
      providerVersionBranch: 'main',
      consumerVersionNumber: '2',
    });
    expect(onMain._links.self.href).toMatch(/^http:\/\/broker\.example\/pacts\/provider\/Bar\/consumer\/Foo\/pact-version\/\w+\/verification-results\/\d+$/);

    // Without a main-branch result, the latest result of the content, whichever branch.
    await td().setMainBranch('Bar', 'develop').done();
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '3' }), 200);
    const [latest] = await delivered();
    expect(keywords(latest!)).toEqual(['failure', 'FAILED', 'failed', 'failed']);
    expect(latest).toMatchObject({ providerVersionNumber: '6', providerVersionBranch: 'feat' });
  });

  it('carry the consumer version, its publish-time branch and tags, labels, the buildUrl and a pactUrl naming the version', async () => {
    await hook(['contract_published', 'contract_content_changed']);
    hal(await api.put('/pacticipants/Foo/labels/web'), 201);
    hal(await api.put('/pacticipants/Bar/labels/api'), 201);
    hal(await api.put('/pacticipants/Bar/labels/team-a'), 201);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'feat/a b', tags: ['dev', 'qa'], buildUrl: 'https://ci.example/builds/1' }), 200);
    // Tags added later are not the event's.
    hal(await api.put('/pacticipants/Foo/versions/1/tags/prod'), 201);
    const values = await delivered();
    expect(values.map((v) => v.eventName).sort()).toEqual(['contract_content_changed', 'contract_published']);
    const sha = await latestSha('1');
    for (const v of values) {
      expect(v).toMatchObject({
        consumerName: 'Foo',
        providerName: 'Bar',
        consumerVersionNumber: '1',
        consumerVersionBranch: 'feat/a b',
        consumerVersionTags: 'dev, qa',
        consumerLabels: 'web',
        providerLabels: 'api, team-a',
        buildUrl: 'https://ci.example/builds/1',
      });
      expect(v.pactUrl).toMatch(new RegExp(`^${BASE}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/[A-Za-z0-9_-]+$`));
    }
    // The pactUrl serves the pact and names the consumer version it was published for.
    const pact = hal(await api.get(pathOf(values[0]!.pactUrl)), 200);
    expect(pact._links['pb:consumer-versions']).toEqual([expect.objectContaining({ name: '1' })]);
  });

  it('without a branch in the publication, consumerVersionBranch is the version’s last branch; without a buildUrl, ""', async () => {
    await td().createVersion('Foo', '1', { branch: 'main' }).done();
    await hook(['contract_published']);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    expect(await delivered()).toEqual([expect.objectContaining({ consumerVersionBranch: 'main', buildUrl: '', consumerVersionTags: '' })]);
  });

  it('a branch with a slash and a space is form-escaped in the URL and raw in the body (S64)', async () => {
    await hook(['contract_published'], `${receiver.url}/hook?msg=\${pactbroker.consumerVersionBranch}`);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'feat/a b' }), 200);
    const runner = t.container.jobs.createRunner();
    while ((await runner.runOnce()) > 0);
    const [request] = receiver.received.splice(0);
    expect(request!.url).toBe('/hook?msg=feat%2Fa+b');
    expect(JSON.parse(request!.body).consumerVersionBranch).toBe('feat/a b');
  });
});

describe('template variables of verification events', () => {
  it('carry the result, the provider version, its buildUrl, and the consumer version of the pact (S61)', async () => {
    await hook(['provider_verification_published', 'provider_verification_succeeded', 'provider_verification_failed']);
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'feat-x', tags: ['dev'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main' })
      .done();
    hal(await api.put('/pacticipants/Bar/branches/main/versions/5'), 201);
    hal(await api.put('/pacticipants/Bar/versions/5/tags/prod'), 201);
    const sha = await latestSha('2');
    const result = await verifyThrough(`${BASE}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}`, {
      success: true,
      providerApplicationVersion: '5',
      buildUrl: 'https://ci.example/verify/7',
    });
    const values = await delivered();
    expect(values.map((v) => v.eventName).sort()).toEqual(['provider_verification_published', 'provider_verification_succeeded']);
    for (const v of values) {
      expect(keywords(v)).toEqual(['success', 'SUCCESSFUL', 'success', 'succeeded']);
      expect(v).toMatchObject({
        providerVersionNumber: '5',
        providerVersionBranch: 'main',
        providerVersionTags: 'prod',
        verificationResultUrl: result._links.self.href,
        buildUrl: 'https://ci.example/verify/7',
        // No selector metadata: the newest consumer version that published the content (same content as v1).
        consumerVersionNumber: '2',
        consumerVersionBranch: 'main',
        consumerVersionTags: '',
      });
    }
  });

  it('through a pacts-for-verification URL selected for two consumer versions: one delivery per consumer version (S62)', async () => {
    await hook(['provider_verification_published']);
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main', tags: ['prod'] })
      .recordDeployment({ pacticipant: 'Foo', version: '2', environment: 'production' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '3', branch: 'main', tags: ['dev'] })
      .done();
    const body = { consumerVersionSelectors: [{ mainBranch: true }, { deployed: true }, { tag: 'prod', latest: true }] };
    const pacts = hal(await api.post('/pacts/provider/Bar/for-verification', body), 200)._embedded.pacts as any[];
    expect(pacts).toHaveLength(1);
    await verifyThrough(pacts[0]._links.self.href, { success: false, providerApplicationVersion: '6' });
    const values = (await delivered()).sort((a, b) => a.consumerVersionNumber!.localeCompare(b.consumerVersionNumber!));
    expect(values.map((v) => [v.consumerVersionNumber, v.consumerVersionTags, v.consumerVersionBranch, v.providerVersionNumber, v.githubVerificationStatus])).toEqual([
      ['2', 'prod', 'main', '6', 'failure'],
      ['3', '', 'main', '6', 'failure'],
    ]);
    const [v2, v3] = values;
    // Each pactUrl names its own consumer version.
    for (const [v, cv] of [[v2!, '2'], [v3!, '3']] as const) {
      const pact = hal(await api.get(pathOf(v.pactUrl)), 200);
      expect(pact._links['pb:consumer-versions']).toEqual([expect.objectContaining({ name: cv })]);
    }
  });

  it("a result published through a contract webhook's pactUrl triggers for the consumer version that webhook was about", async () => {
    await hook(['contract_published']);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', tags: ['feat'] }), 200);
    const [published] = await delivered();
    // A newer version publishes the same content: without metadata the result would be for version 2.
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2', tags: ['main'] }), 200);
    await delivered();
    await hook(['provider_verification_published']);
    await verifyThrough(published!.pactUrl!, { success: true, providerApplicationVersion: '9' });
    const values = (await delivered()).filter((v) => v.eventName === 'provider_verification_published');
    expect(values.map((v) => [v.consumerVersionNumber, v.consumerVersionTags])).toEqual([['1', 'feat']]);
  });

  it('selectors naming consumer versions that do not exist trigger nothing for them (metadata is written by anyone)', async () => {
    await hook(['provider_verification_published']);
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '2' }).publishPact({ consumer: 'Foo', provider: 'Bar', version: '3' }).done();
    const sha = await latestSha('3');
    const pactUrl = (s: { cv: string; t?: string }[]) => `${BASE}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/${encodePactMetadata({ s })}`;
    await verifyThrough(pactUrl([{ cv: '2', t: 'x' }, { cv: 'nope' }, { cv: '99', t: 'y' }]), { success: true, providerApplicationVersion: '7' });
    expect((await delivered()).map((v) => [v.consumerVersionNumber, v.consumerVersionTags])).toEqual([['2', 'x']]);
    // None known: as without metadata, the newest consumer version that published the content.
    await verifyThrough(pactUrl([{ cv: 'nope' }]), { success: true, providerApplicationVersion: '8' });
    expect((await delivered()).map((v) => [v.consumerVersionNumber, v.consumerVersionTags])).toEqual([['3', '']]);
  });
});
