// Parallel writers, as CI pipelines (and client retries) produce them: no 5xx, no duplicates, one winner per race.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { client, hal, rowCounts } from '../support/http.js';
import { publishBody } from '../support/pacts.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const N = 20;

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

const times = <T>(n: number, fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
const statuses = (responses: LightMyRequestResponse[]) => responses.map((r) => r.statusCode);
const successTexts = (responses: LightMyRequestResponse[]) =>
  responses.flatMap((r) => (r.json().notices as Array<{ type: string; text: string }>).filter((n) => n.type === 'success').map((n) => n.text));

function expectNo5xx(responses: LightMyRequestResponse[]): void {
  const failures = responses.filter((r) => r.statusCode >= 500).map((r) => r.body);
  expect(failures).toEqual([]);
}

describe(`${N} parallel publishes`, () => {
  it('of the same consumer version and content: one publication, the rest are republishes', async () => {
    const responses = await times(N, () => api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['a', 'b'], buildUrl: 'http://ci/1' }));
    expectNo5xx(responses);
    expect(statuses(responses)).toEqual(Array(N).fill(200));
    const texts = successTexts(responses);
    expect(texts.filter((x) => x === 'Pact successfully published for Foo version 1 and provider Bar.')).toHaveLength(1);
    expect(texts.filter((x) => x === 'Pact successfully republished for Foo version 1 and provider Bar with no content changes.')).toHaveLength(N - 1);
    const created = responses.filter((r) => (r.json().notices[0].text as string).startsWith('Created Foo version 1'));
    expect(created).toHaveLength(1);
    expect(await rowCounts(t)).toMatchObject({
      pacticipants: 2,
      versions: 1,
      tags: 2,
      branches: 1,
      branch_versions: 1,
      branch_heads: 1,
      pact_versions: 1,
      pact_publications: 1,
      latest_pact_publications: 1,
      integrations: 1,
    });
    expect(hal(await api.get('/pacticipants/Foo'), 200).mainBranch).toBe('main');
  });

  it('of different versions with the same content: one version and pact each, one shared pact version, one integration', async () => {
    const responses = await times(N, (i) => api.publish({ consumer: 'Foo', provider: 'Bar', version: `1.0.${i}`, branch: 'main' }));
    expectNo5xx(responses);
    expect(statuses(responses)).toEqual(Array(N).fill(200));
    expect(successTexts(responses).filter((x) => x.startsWith('Pact successfully published'))).toHaveLength(N);
    expect(await rowCounts(t)).toMatchObject({
      pacticipants: 2,
      versions: N,
      branches: 1,
      branch_versions: N,
      branch_heads: 1,
      pact_versions: 1,
      pact_publications: N,
      latest_pact_publications: N,
      integrations: 1,
    });
    const pacts = hal(await api.get('/pacts/provider/Bar/consumer/Foo/versions'), 200)._embedded.pacts;
    expect(pacts).toHaveLength(N);
    // The head is the version whose membership was added last (which, in a race, need not be the last created).
    const head = hal(await api.get('/pacticipants/Foo/branches/main/latest-version'), 200);
    expect(Array.from({ length: N }, (_, i) => `1.0.${i}`)).toContain(head.number);
    expect(head._embedded.branchVersions).toEqual([expect.objectContaining({ name: 'main', latest: true })]);
    const heads = hal(await api.get('/pacticipants/Foo/versions'), 200)._embedded.versions.filter(
      (v: { _embedded: { branchVersions: Array<{ latest: boolean }> } }) => v._embedded.branchVersions[0]!.latest,
    );
    expect(heads.map((v: { number: string }) => v.number)).toEqual([head.number]);
  });

  it('of different versions with different content: one pact version per distinct content', async () => {
    const responses = await times(N, (i) => api.publish({ consumer: 'Foo', provider: 'Bar', version: String(i), interactions: [`interaction ${i % 5}`] }));
    expectNo5xx(responses);
    expect(statuses(responses)).toEqual(Array(N).fill(200));
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 2, versions: N, pact_versions: 5, pact_publications: N, integrations: 1 });
  });

  it('of one consumer version to different providers: every provider created once, one pact each', async () => {
    const responses = await times(N, (i) => api.publish({ consumer: 'Foo', provider: `Provider ${i}`, version: '1' }));
    expectNo5xx(responses);
    expect(statuses(responses)).toEqual(Array(N).fill(200));
    expect(await rowCounts(t)).toMatchObject({ pacticipants: N + 1, versions: 1, pact_versions: N, pact_publications: N, integrations: N });
    const version = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(version._links['pb:pact-versions']).toHaveLength(N);
  });

  it('of different consumers to one new provider: the provider is created once', async () => {
    const responses = await times(N, (i) => api.publish({ consumer: `Consumer ${i}`, provider: 'Bar', version: '1' }));
    expectNo5xx(responses);
    expect(statuses(responses)).toEqual(Array(N).fill(200));
    expect(await rowCounts(t)).toMatchObject({ pacticipants: N + 1, versions: N, pact_versions: N, integrations: N });
    expect(hal(await api.get('/pacts/provider/Bar/latest'), 200)._links['pb:pacts']).toHaveLength(N);
  });

  it('of several providers at once, overlapping between requests: no deadlock, one pact per pair', async () => {
    const responses = await times(N, (i) =>
      t.app.inject({ method: 'POST', url: '/contracts/publish', payload: publishBody({ consumer: 'Foo', provider: i % 2 ? ['A', 'B', 'C'] : ['C', 'B', 'A'], version: '1' }) }),
    );
    expectNo5xx(responses);
    expect(statuses(responses)).toEqual(Array(N).fill(200));
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 4, versions: 1, pact_versions: 3, pact_publications: 3, integrations: 3 });
  });

  it('of the same version with different content: exactly one wins, the others get 409, one pact stored', async () => {
    const responses = await times(N, (i) => api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: [`variant ${i}`] }));
    expectNo5xx(responses);
    const codes = statuses(responses);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(N - 1);
    const winner = responses.findIndex((r) => r.statusCode === 200);
    const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
    expect(pact.interactions.map((i: { description: string }) => i.description)).toEqual([`variant ${winner}`]);
    expect(await rowCounts(t)).toMatchObject({ versions: 1, pact_versions: 1, pact_publications: 1, integrations: 1 });
  });
});

describe(`${N} parallel writes of other resources`, () => {
  it('creating the same pacticipant: one 201, the others find it', async () => {
    const responses = await times(N, () => api.post('/pacticipants', { name: 'Foo' }));
    expectNo5xx(responses);
    expect(statuses(responses).filter((c) => c === 201)).toHaveLength(1);
    expect(statuses(responses).filter((c) => c === 200)).toHaveLength(N - 1);
    expect((await rowCounts(t)).pacticipants).toBe(1);
  });

  it('tagging the same new version: one 201, one tag', async () => {
    const responses = await times(N, () => api.put('/pacticipants/Foo/versions/1/tags/prod'));
    expectNo5xx(responses);
    expect(statuses(responses).filter((c) => c === 201)).toHaveLength(1);
    expect(statuses(responses).filter((c) => c === 200)).toHaveLength(N - 1);
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 1, versions: 1, tags: 1 });
  });

  it('adding the same new version to a branch: one 201, one membership', async () => {
    const responses = await times(N, () => api.put('/pacticipants/Foo/branches/main/versions/1'));
    expectNo5xx(responses);
    expect(statuses(responses).filter((c) => c === 201)).toHaveLength(1);
    expect(statuses(responses).filter((c) => c === 200)).toHaveLength(N - 1);
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 1, versions: 1, branches: 1, branch_versions: 1, branch_heads: 1 });
  });

  it('adding different versions to one branch: the head is one of them and every version is a member', async () => {
    const responses = await times(N, (i) => api.put(`/pacticipants/Foo/branches/main/versions/${i}`));
    expectNo5xx(responses);
    expect(statuses(responses)).toEqual(Array(N).fill(201));
    expect(await rowCounts(t)).toMatchObject({ versions: N, branches: 1, branch_versions: N, branch_heads: 1 });
    const head = hal(await api.get('/pacticipants/Foo/branches/main/latest-version'), 200);
    expect(head._embedded.branchVersions).toEqual([expect.objectContaining({ name: 'main', latest: true })]);
  });

  it('creating the same environment: one 201, the others 400 naming `name`', async () => {
    const responses = await times(N, () => api.post('/environments', { name: 'race', production: false }));
    expectNo5xx(responses);
    expect(statuses(responses).filter((c) => c === 201)).toHaveLength(1);
    expect(statuses(responses).filter((c) => c === 400)).toHaveLength(N - 1);
    const names = hal(await api.get('/environments?name=race'), 200)._embedded.environments;
    expect(names).toHaveLength(1);
  });
});
