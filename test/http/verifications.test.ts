// Verification results: publishing through the pact's link (plain and metadata URLs), reading them back, the latest
// per (content, provider version), content inheritance, the consumer-version summary, bad input and races.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import type { DomainEvents } from '../../src/events/event-bus.js';
import { encodePactMetadata, type PactMetadata } from '../../src/pacts/pact-metadata.js';
import { client, errorBody, hal, pathOf, rowCounts } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const B = 'http://localhost:80';
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

const td = () => testDataBuilder(t.container.services);

/** Publishes Foo → Bar for a consumer version and returns the pact document fetched from `path` (default: by version). */
async function publishAndFetch(version = '1', options: { interactions?: string[]; consumer?: string; provider?: string } = {}) {
  const consumer = options.consumer ?? 'Foo';
  const provider = options.provider ?? 'Bar';
  hal(await api.publish({ consumer, provider, version, interactions: options.interactions ?? ['a'] }), 200);
  return hal(await api.get(`/pacts/provider/${provider}/consumer/${consumer}/version/${version}`), 200);
}

const shaOf = (pact: any): string => pact._links['pb:pact-version'].name;
const publishLink = (pact: any): string => pact._links['pb:publish-verification-results'].href;
const result = (changes: Record<string, unknown> = {}) => ({ success: true, providerApplicationVersion: '100', ...changes });
const post = (href: string, body: unknown = result()) => api.post(pathOf(href), body as object);
const idOf = (res: LightMyRequestResponse) => Number(String(res.headers.location).split('/').pop());
const times = <T>(n: number, fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

async function latestRows() {
  return queryRows<{ pact_version_id: number; provider_version_id: number; verification_id: number; success: boolean }>(
    t.database.db,
    sql`select pact_version_id, provider_version_id, verification_id, success from latest_verifications order by verification_id`,
  );
}

async function maxVerificationId(): Promise<number> {
  const [row] = await queryRows<{ max: number }>(t.database.db, sql`select max(id) as max from verifications`);
  return Number(row!.max);
}

function expectObjectLinks(links: Record<string, unknown>) {
  for (const [rel, value] of Object.entries(links)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      expect(item, rel).toBeTypeOf('object');
      expect(typeof (item as { href?: unknown }).href, rel).toBe('string');
    }
  }
}

describe('the pact document', () => {
  it('links where to publish results and where the latest result is, as objects', async () => {
    const pact = await publishAndFetch();
    const sha = shaOf(pact);
    const base = `${B}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}`;
    expect(pact._links['pb:publish-verification-results']).toEqual({ href: `${base}/verification-results`, title: 'Publish verification results' });
    expect(pact._links['pb:latest-verification-results']).toEqual({ href: `${base}/verification-results/latest` });
    expect(pact._links['pb:provider']).toEqual({ href: `${B}/pacticipants/Bar`, title: 'Provider', name: 'Bar' });
    expect(pact._links['pb:consumer-versions']).toBeUndefined();
    expectObjectLinks(pact._links);
    const permalink = hal(await api.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha}`), 200);
    expect(publishLink(permalink)).toBe(`${base}/verification-results`);
  });

  it('fetched through a metadata URL, keeps the metadata in the publish link and lists the selected consumer versions', async () => {
    const pact = await publishAndFetch();
    const sha = shaOf(pact);
    const metadata = encodePactMetadata({ s: [{ cv: '1', b: 'main', l: true }, { cv: '1', t: 'prod' }], p: true });
    const fetched = hal(await api.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/${metadata}`), 200);
    expect(publishLink(fetched)).toBe(`${B}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/${metadata}/verification-results`);
    expect(fetched._links['pb:latest-verification-results'].href).toBe(`${B}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results/latest`);
    expect(fetched._links['pb:consumer-versions']).toEqual([{ href: `${B}/pacticipants/Foo/versions/1`, title: 'Consumer version', name: '1' }]);
    expectObjectLinks(fetched._links);
  });
});

describe('publishing a result through pb:publish-verification-results', () => {
  it('→ 201, a Location without metadata, and the Pact Broker’s body; GET on the Location returns the same', async () => {
    const pact = await publishAndFetch('3');
    const sha = shaOf(pact);
    const interactionId = pact.interactions[0]._id;
    const body = {
      providerApplicationVersion: '100',
      success: false,
      buildUrl: 'http://ci/b/1',
      testResults: [
        { interactionId, interactionDescription: 'a', success: false, mismatches: [{ attribute: 'body', identifier: '$.x', description: 'Expected 1 but got 2' }] },
      ],
      verifiedBy: { implementation: 'Pact-Rust', version: '1.4.7', clientLanguage: { testFramework: 'x', name: 'y', version: '1' } },
    };
    const res = await post(publishLink(pact), body);
    const created = hal(res, 201);
    const id = idOf(res);
    expect(id).toBeGreaterThan(0);
    const self = `${B}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results/${id}`;
    expect(res.headers.location).toBe(self);
    expect(created).toEqual({
      providerName: 'Bar',
      providerApplicationVersion: '100',
      success: false,
      verificationDate: expect.stringMatching(TIMESTAMP),
      buildUrl: 'http://ci/b/1',
      testResults: body.testResults,
      verifiedBy: body.verifiedBy,
      consumerName: 'Foo',
      wip: false,
      _links: {
        self: { href: self, title: 'Verification result', name: `Verification result ${id} for Pact between Foo (3) and Bar` },
        'pb:pact-version': { href: `${B}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}`, title: 'Pact', name: 'Pact between Foo (3) and Bar' },
        'pb:provider-version': { href: `${B}/pacticipants/Bar/versions/100`, title: 'Provider version', name: '100' },
        'pb:triggered-webhooks': { href: `${self}/triggered-webhooks`, title: 'Webhooks triggered by the publication of this verification result' },
      },
    });
    expect(hal(await api.get(pathOf(self)), 200)).toEqual(created);
    for (const rel of ['pb:pact-version', 'pb:provider-version']) expect((await api.get(pathOf(created._links[rel].href))).statusCode, rel).toBe(200);
  });

  it('omits buildUrl and testResults when not sent and shows verifiedBy as {}', async () => {
    const created = hal(await post(publishLink(await publishAndFetch())), 201);
    expect(created).not.toHaveProperty('buildUrl');
    expect(created).not.toHaveProperty('testResults');
    expect(created).not.toHaveProperty('pending');
    expect(created.verifiedBy).toEqual({});
    expect(created.success).toBe(true);
  });

  it('echoes testResults of any JSON shape as sent (an object, an empty array, a string)', async () => {
    const link = publishLink(await publishAndFetch());
    for (const testResults of [{ summary: { testCount: 2, failureCount: 0 }, tests: [{ a: [1, 'two', null, true] }] }, [], 'all good', 0, false]) {
      const created = hal(await post(link, result({ testResults })), 201);
      expect(created.testResults).toEqual(testResults);
      expect(hal(await api.get(pathOf(created._links.self.href)), 200).testResults).toEqual(testResults);
    }
  });

  it('creates the provider version, keeping the branch and tags the verifier put on it just before', async () => {
    const pact = await publishAndFetch();
    errorBody(await api.get('/pacticipants/Bar/versions/100'), 404);
    // What the verifier does with --provider-branch feat/y --provider-tags dev,ci, through the provider's links.
    const providerResource = hal(await api.get(pathOf(pact._links['pb:provider'].href)), 200);
    const branchVersion = providerResource._links['pb:branch-version'].href.replace('{branch}', 'feat%2Fy').replace('{version}', '100');
    hal(await api.put(pathOf(branchVersion), {}), 201);
    for (const tag of ['dev', 'ci']) {
      const tagUrl = providerResource._links['pb:version-tag'].href.replace('{version}', '100').replace('{tag}', tag);
      hal(await api.put(pathOf(tagUrl), {}), 201);
    }
    const events: Array<DomainEvents['provider_verification_published']> = [];
    const unsubscribe = t.container.events.subscribe('provider_verification_published', (e) => void events.push(e));
    try {
      const res = await post(publishLink(pact));
      hal(res, 201);
      const version = hal(await api.get('/pacticipants/Bar/versions/100'), 200);
      expect(version._embedded.branchVersions.map((b: { name: string }) => b.name)).toEqual(['feat/y']);
      expect(version._embedded.tags.map((tag: { name: string }) => tag.name)).toEqual(['dev', 'ci']);
      // A new provider version number is created by the publication itself.
      hal(await post(publishLink(pact), result({ providerApplicationVersion: '101' })), 201);
      hal(await api.get('/pacticipants/Bar/versions/101'), 200);
      await new Promise((resolve) => setImmediate(resolve));
      expect(events).toEqual([
        {
          consumerName: 'Foo',
          providerName: 'Bar',
          providerVersionNumber: '100',
          pactVersionSha: shaOf(pact),
          success: true,
          verificationId: idOf(res),
          providerVersionBranches: ['feat/y'],
          providerVersionTags: ['dev', 'ci'],
          // Published through the plain pact-version URL: no selectors, the pact is consumer version 1's.
          pactConsumerVersionNumber: '1',
          consumerVersionSelectors: null,
          buildUrl: null,
        },
        expect.objectContaining({ providerVersionNumber: '101', providerVersionBranches: [], providerVersionTags: [] }),
      ]);
    } finally {
      unsubscribe();
    }
    expect(await rowCounts(t)).toMatchObject({ versions: 3, verifications: 2, latest_verifications: 2 });
  });

  describe('through a metadata URL', () => {
    async function publishWith(metadata: string) {
      const sha = shaOf(await publishAndFetch());
      const pact = hal(await api.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/${metadata}`), 200);
      const res = await post(publishLink(pact));
      const created = hal(res, 201);
      expect(res.headers.location).toBe(`${B}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results/${idOf(res)}`);
      const stored = await t.container.services.verifications.latestForPactVersion('Bar', 'Foo', sha);
      return { created, stored };
    }

    it('records the selectors and the pending flag', async () => {
      const s: PactMetadata['s'] = [{ cv: '1', b: 'main', m: true, l: true }];
      const { created, stored } = await publishWith(encodePactMetadata({ s, p: true }));
      expect(created).toMatchObject({ wip: false, pending: true });
      expect(stored).toMatchObject({ wip: false, pending: true, consumerVersionSelectors: s });
      const notPending = await publishWith(encodePactMetadata({ s, p: false }));
      expect(notPending.created).toMatchObject({ wip: false, pending: false });
    });

    it('records a WIP pact as wip and pending', async () => {
      const { created, stored } = await publishWith(encodePactMetadata({ w: true }));
      expect(created).toMatchObject({ wip: true, pending: true });
      expect(stored).toMatchObject({ wip: true, pending: true, consumerVersionSelectors: null });
    });

    it.each([
      ['unreadable metadata', 'c1bc1c'],
      ['metadata that is not an object', encodePactMetadata([1, 2] as never)],
      ['selectors with unknown fields and text PostgreSQL cannot store', encodePactMetadata({ s: [{ cv: 'a\u0000b' }, { cv: '\ud800' }, { cv: '2', x: { deep: 1 } } as never] })],
    ])('%s: the result is stored, the metadata counts as unknown', async (_name, metadata) => {
      const { created, stored } = await publishWith(metadata);
      expect(created.wip).toBe(false);
      expect(created).not.toHaveProperty('pending');
      expect(stored.pending).toBeNull();
      if (stored.consumerVersionSelectors) expect(stored.consumerVersionSelectors).toEqual([{ cv: '2' }]);
    });
  });
});

describe('reading results', () => {
  it('by number, 404 when the number belongs to another content or is not a number', async () => {
    const a = await publishAndFetch('1', { interactions: ['a'] });
    const b = await publishAndFetch('2', { interactions: ['b'] });
    const idA = idOf(await post(publishLink(a)));
    const idB = idOf(await post(publishLink(b)));
    const base = (pact: any) => `/pacts/provider/Bar/consumer/Foo/pact-version/${shaOf(pact)}/verification-results`;
    expect(hal(await api.get(`${base(a)}/${idA}`), 200)._links.self.href).toBe(`${B}${base(a)}/${idA}`);
    expect(errorBody(await api.get(`${base(a)}/${idB}`), 404).error).toMatch(new RegExp(`No verification result ${idB} found for the pact between Foo and Bar`));
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999', '9'.repeat(16)]) {
      errorBody(await api.get(`${base(a)}/${bad}`), 404);
    }
  });

  it('latest is the newest result of the content, whichever provider version published it', async () => {
    const pact = await publishAndFetch();
    const latest = pathOf(pact._links['pb:latest-verification-results'].href);
    expect(errorBody(await api.get(latest), 404).error).toMatch(/No verification results found for the pact between Foo and Bar/);
    hal(await post(publishLink(pact), result({ providerApplicationVersion: '100', success: true })), 201);
    const second = await post(publishLink(pact), result({ providerApplicationVersion: '101', success: false }));
    expect(hal(await api.get(latest), 200)).toMatchObject({ providerApplicationVersion: '101', success: false });
    // A re-run of an older provider version is newer still.
    const third = await post(publishLink(pact), result({ providerApplicationVersion: '100', success: true }));
    expect(idOf(third)).toBeGreaterThan(idOf(second));
    const body = hal(await api.get(latest), 200);
    expect(body).toMatchObject({ providerApplicationVersion: '100', success: true });
    expect(body._links.self.href).toBe(third.headers.location);
  });

  it('the collection lists the results of the content, newest first (Treaty serves a list where Ruby answers 405)', async () => {
    const pact = await publishAndFetch();
    const ids = [];
    for (const v of ['100', '101', '100']) ids.push(idOf(await post(publishLink(pact), result({ providerApplicationVersion: v }))));
    const list = hal(await api.get(pathOf(publishLink(pact))), 200);
    expect(list._embedded.verificationResults.map((v: any) => v._links.self.href)).toEqual(
      [...ids].reverse().map((id) => `${publishLink(pact)}/${id}`),
    );
    expect(list._links.self.href).toBe(publishLink(pact));
    expect(list._links['pb:pact-version'].href).toBe(pact._links['pb:pact-version'].href);
    expectObjectLinks(list._links);
    const other = await publishAndFetch('2', { interactions: ['other'] });
    expect(hal(await api.get(pathOf(publishLink(other))), 200)._embedded.verificationResults).toEqual([]);
  });

  it.each([
    ['unknown provider', (sha: string) => `/pacts/provider/Nope/consumer/Foo/pact-version/${sha}/verification-results/latest`, /No provider with name 'Nope' found/],
    ['unknown consumer', (sha: string) => `/pacts/provider/Bar/consumer/Nope/pact-version/${sha}/verification-results`, /No consumer with name 'Nope' found/],
    ['unknown sha', () => `/pacts/provider/Bar/consumer/Foo/pact-version/${'0'.repeat(40)}/verification-results/1`, /content version '0{40}'/],
  ])('%s → 404 with a message', async (_name, url, message) => {
    const sha = shaOf(await publishAndFetch());
    expect(errorBody(await api.get(url(sha)), 404).error).toMatch(message);
  });
});

describe('the latest result per (content, provider version)', () => {
  it('is the one with the highest number, also for two results of the same provider version', async () => {
    const pact = await publishAndFetch();
    const first = idOf(await post(publishLink(pact), result({ success: true })));
    const second = idOf(await post(publishLink(pact), result({ success: false })));
    expect(second).toBeGreaterThan(first);
    expect(await latestRows()).toEqual([expect.objectContaining({ verification_id: second, success: false })]);
    const summary = hal(await api.get('/verification-results/consumer/Foo/version/1/latest'), 200);
    expect(summary.success).toBe(false);
    expect(summary._embedded.verificationResults.map((v: any) => v._links.self.href)).toEqual([`${publishLink(pact)}/${second}`]);
    const third = idOf(await post(publishLink(pact), result({ success: true, providerApplicationVersion: '101' })));
    expect((await latestRows()).map((r) => r.verification_id)).toEqual([second, third]);
    expect(await rowCounts(t)).toMatchObject({ verifications: 3, latest_verifications: 2 });
  });

  it('10 parallel results for one provider version: 10 rows, every one 201, the latest is the highest number', async () => {
    const pact = await publishAndFetch();
    const responses = await times(10, (i) => post(publishLink(pact), result({ success: i % 2 === 0 })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map(idOf)).size).toBe(10);
    expect(await rowCounts(t)).toMatchObject({ versions: 2, verifications: 10, latest_verifications: 1 });
    const max = await maxVerificationId();
    expect((await latestRows()).map((r) => r.verification_id)).toEqual([max]);
    expect(hal(await api.get(pathOf(pact._links['pb:latest-verification-results'].href)), 200)._links.self.href).toBe(`${publishLink(pact)}/${max}`);
  });

  it('10 parallel results for 10 new provider versions, and 10 for one new provider version: no 5xx, no duplicate versions', async () => {
    const pact = await publishAndFetch();
    const distinct = await times(10, (i) => post(publishLink(pact), result({ providerApplicationVersion: `2.0.${i}` })));
    const same = await times(10, () => post(publishLink(pact), result({ providerApplicationVersion: '3.0.0' })));
    expect([...distinct, ...same].map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(await rowCounts(t)).toMatchObject({ versions: 1 + 10 + 1, verifications: 20, latest_verifications: 11 });
    const rows = await latestRows();
    const [newest] = await queryRows<{ id: number }>(
      t.database.db,
      sql`select max(v.id) as id from verifications v join versions pv on pv.id = v.provider_version_id where pv.number = '3.0.0'`,
    );
    expect(rows.map((r) => r.verification_id)).toContain(Number(newest!.id));
  });
});

describe('results belong to content', () => {
  it('a consumer version that republishes verified content is verified by the earlier result', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['a'] })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '100', success: true, branch: 'main' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', interactions: ['a'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '3', interactions: ['changed'] })
      .done();
    const v2 = hal(await api.get('/verification-results/consumer/Foo/version/2/latest'), 200);
    expect(v2.success).toBe(true);
    expect(v2.providerSummary).toEqual({ successful: ['Bar'], failed: [], unknown: [] });
    expect(v2._embedded.verificationResults).toHaveLength(1);
    expect(v2._embedded.verificationResults[0]).toMatchObject({
      providerApplicationVersion: '100',
      success: true,
      // Named after the latest consumer version with this content.
      _links: { 'pb:pact-version': { name: 'Pact between Foo (2) and Bar' } },
    });
    const v1 = hal(await api.get('/verification-results/consumer/Foo/version/1/latest'), 200);
    expect(v1._embedded.verificationResults[0]._links.self).toEqual(v2._embedded.verificationResults[0]._links.self);
    // New content is not verified by it.
    const v3 = hal(await api.get('/verification-results/consumer/Foo/version/3/latest'), 200);
    expect(v3).toMatchObject({ success: false, providerSummary: { successful: [], failed: [], unknown: ['Bar'] } });
    expect(v3._embedded.verificationResults).toEqual([]);
  });
});

describe('the summary for a consumer version', () => {
  it('has, per provider, the latest result of that pact’s content, an overall success and the Pact Broker’s shape', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .publishPact({ consumer: 'Foo', provider: 'Baz', version: '1' })
      .publishPact({ consumer: 'Foo', provider: 'Qux', version: '1' })
      .verify({ consumer: 'Foo', provider: 'Baz', consumerVersion: '1', providerVersion: '7', success: false })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '5', success: false })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '6', success: true, tags: ['prod'] })
      .done();
    const version = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    const link = version._links['pb:latest-verification-results-where-pacticipant-is-consumer'].href;
    expect(link).toBe(`${B}/verification-results/consumer/Foo/version/1/latest`);
    const summary = hal(await api.get(pathOf(link)), 200);
    expect(summary.success).toBe(false);
    expect(summary.providerSummary).toEqual({ successful: ['Bar'], failed: ['Baz'], unknown: ['Qux'] });
    expect(summary._embedded.verificationResults.map((v: any) => [v.providerName, v.providerApplicationVersion, v.success])).toEqual([
      ['Bar', '6', true],
      ['Baz', '7', false],
    ]);
    expect(summary._links.self).toEqual({ href: link, title: 'Latest verification results for consumer Foo version 1' });
    expectObjectLinks(summary._links);

    await td()
      .verify({ consumer: 'Foo', provider: 'Baz', consumerVersion: '1', providerVersion: '8', success: true })
      .verify({ consumer: 'Foo', provider: 'Qux', consumerVersion: '1', providerVersion: '1', success: true })
      .done();
    const after = hal(await api.get(pathOf(link)), 200);
    expect(after).toMatchObject({ success: true, providerSummary: { successful: ['Bar', 'Baz', 'Qux'], failed: [], unknown: [] } });
  });

  it('unknown consumer or version → 404 with a message', async () => {
    await publishAndFetch();
    expect(errorBody(await api.get('/verification-results/consumer/Nope/version/1/latest'), 404).error).toMatch(/Nope/);
    expect(errorBody(await api.get('/verification-results/consumer/Foo/version/9/latest'), 404).error).toMatch(/'9'/);
  });
});

describe('rejected results store nothing', () => {
  interface Case {
    body: unknown;
    status?: number;
    errors?: Record<string, string[]>;
    fields?: string[];
    headers?: Record<string, string>;
  }
  const raw = (text: string) => ({ text });
  const CASES: Record<string, Case> = {
    'empty object': { body: {}, errors: { success: ['is missing'], providerApplicationVersion: ['is missing'] } },
    'success "yes"': { body: result({ success: 'yes' }), errors: { success: ['must be boolean'] } },
    'success "true" (no coercion)': { body: result({ success: 'true' }), errors: { success: ['must be boolean'] } },
    'success null': { body: result({ success: null }), errors: { success: ['must be boolean'] } },
    'success 1': { body: result({ success: 1 }), errors: { success: ['must be boolean'] } },
    'empty version': { body: result({ providerApplicationVersion: '' }), errors: { providerApplicationVersion: ['must be filled'] } },
    'blank version': { body: result({ providerApplicationVersion: '   ' }), errors: { providerApplicationVersion: ['cannot be blank'] } },
    'numeric version (no coercion)': { body: result({ providerApplicationVersion: 100 }), errors: { providerApplicationVersion: ['must be a string'] } },
    'multi-line version': { body: result({ providerApplicationVersion: '1\n2' }), fields: ['providerApplicationVersion'] },
    'control character in the version': { body: result({ providerApplicationVersion: 'a\u0007' }), fields: ['providerApplicationVersion'] },
    'NUL in the version': { body: result({ providerApplicationVersion: 'a\u0000' }), fields: ['providerApplicationVersion'] },
    'lone surrogate in the version': { body: raw('{"success":true,"providerApplicationVersion":"\\ud800"}'), fields: ['providerApplicationVersion'] },
    'very long version': { body: result({ providerApplicationVersion: 'x'.repeat(300) }), fields: ['providerApplicationVersion'] },
    'build URL with a space': { body: result({ buildUrl: 'not a url' }), errors: { buildUrl: ['is not a valid URL eg. http://example.org'] } },
    'build URL with a NUL': { body: result({ buildUrl: 'http://ci/\u0000' }), fields: ['buildUrl'] },
    'build URL a number': { body: result({ buildUrl: 42 }), errors: { buildUrl: ['must be a string or null'] } },
    'verifiedBy a string': { body: result({ verifiedBy: 'me' }), fields: ['verifiedBy'] },
    'verifiedBy an array': { body: result({ verifiedBy: [] }), fields: ['verifiedBy'] },
    'verifiedBy with a NUL': { body: result({ verifiedBy: { implementation: 'a\u0000' } }), fields: ['verifiedBy'] },
    'testResults with a NUL': { body: result({ testResults: [{ description: 'got \u0000' }] }), fields: ['testResults'] },
    'testResults with a NUL in a key': { body: result({ testResults: { 'a\u0000': 1 } }), fields: ['testResults'] },
    'testResults with a lone surrogate': { body: raw('{"success":true,"providerApplicationVersion":"1","testResults":["\\udc00"]}'), fields: ['testResults'] },
    'testResults nested 100 000 levels deep': {
      body: raw(`{"success":true,"providerApplicationVersion":"1","testResults":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
      fields: ['testResults'],
    },
    'malformed JSON': { body: raw('{"success": tru'), fields: ['body'] },
    'a JSON array': { body: [result()], fields: ['body'] },
    'JSON null': { body: raw('null'), fields: ['body'] },
    'an empty body': { body: raw(''), fields: ['body'] },
    'text/plain': { body: raw(JSON.stringify(result())), headers: { 'content-type': 'text/plain' }, status: 415 },
    'no content type': { body: raw(JSON.stringify(result())), headers: {}, status: 415 },
  };

  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const pact = await publishAndFetch();
    const before = await rowCounts(t);
    const isRaw = c.body !== null && typeof c.body === 'object' && 'text' in (c.body as object);
    const res = await t.app.inject({
      method: 'POST',
      url: pathOf(publishLink(pact)),
      headers: c.headers ?? { 'content-type': 'application/json' },
      payload: isRaw ? (c.body as { text: string }).text : JSON.stringify(c.body),
    });
    const body = errorBody(res, c.status ?? 400, [...(c.fields ?? []), ...Object.keys(c.errors ?? {})]);
    if (c.errors) expect(body.errors).toEqual(c.errors);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('a body over the size limit → 413, nothing stored', async () => {
    const pact = await publishAndFetch();
    const before = await rowCounts(t);
    const huge = result({ testResults: [{ description: 'x'.repeat(t.config.limits.bodyBytes + 1) }] });
    errorBody(await post(publishLink(pact), huge), 413, ['body']);
    expect(await rowCounts(t)).toEqual(before);
  });

  it.each([
    ['unknown provider', (sha: string) => `/pacts/provider/Nope/consumer/Foo/pact-version/${sha}/verification-results`, /No provider with name 'Nope' found/],
    ['unknown consumer', (sha: string) => `/pacts/provider/Bar/consumer/Nope/pact-version/${sha}/verification-results`, /No consumer with name 'Nope' found/],
    ['unknown sha', () => `/pacts/provider/Bar/consumer/Foo/pact-version/${'0'.repeat(40)}/verification-results`, /No pact between Foo and Bar with content version/],
    ['another consumer’s sha', (sha: string) => `/pacts/provider/Bar/consumer/Baz/pact-version/${sha}/verification-results`, /No pact between Baz and Bar/],
    ['unknown sha, metadata URL', () => `/pacts/provider/Bar/consumer/Foo/pact-version/abc/metadata/${encodePactMetadata({ w: true })}/verification-results`, /content version 'abc'/],
  ])('%s → 404 with a message, no provider version created', async (_name, url, message) => {
    const sha = shaOf(await publishAndFetch());
    await publishAndFetch('1', { consumer: 'Baz', interactions: ['z'] });
    const before = await rowCounts(t);
    expect(errorBody(await api.post(url(sha), result({ providerApplicationVersion: 'new' })), 404).error).toMatch(message);
    expect(await rowCounts(t)).toEqual(before);
  });
});
