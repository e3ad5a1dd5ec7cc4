// Every list a request can carry, and every page it can ask for, is bounded by the limits table: a request over a
// limit gets a 400 naming the limit and its variable before any per-item work, never a 500 or a long wait.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMIT_SETTINGS, type LimitName } from '../../src/shared/limits.js';
import { client, errorBody, hal, rowCounts } from '../support/http.js';
import { publishBody } from '../support/pacts.js';
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

const td = () => testDataBuilder(t.container.services);
const many = (n: number, prefix = 't') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A 400 whose `errors[field]` names the limit and the variable that raises it. */
function overLimit(res: Awaited<ReturnType<typeof api.get>>, field: string, limit: LimitName) {
  const body = errorBody(res, 400, [field]);
  const message = (body.errors[field] as string[]).join(' ');
  expect(message).toContain(`more than the limit of ${t.config.limits[limit]}`);
  expect(message).toContain(LIMIT_SETTINGS[limit].variable);
  expect(res.body.length).toBeLessThan(2000);
  return body;
}

describe('POST /contracts/publish: tags and contracts', () => {
  it('20000 tags → 400 naming tagsPerRequest, nothing stored', async () => {
    const res = await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', tags: many(20_000) });
    overLimit(res, 'tags', 'tagsPerRequest');
    expect(await rowCounts(t)).toMatchObject({ versions: 0, tags: 0 });
  });

  it('100 tags (the limit) publish in one go', async () => {
    const tags = many(100);
    const body = hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', tags }), 200);
    expect(body._links['pb:pacticipant-version-tags']).toHaveLength(100);
    expect(await rowCounts(t)).toMatchObject({ versions: 1, tags: 100 });
    // republishing with some new tags adds only those
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', tags: [...tags.slice(0, 50), 'new'] }), 200);
    expect(await rowCounts(t)).toMatchObject({ versions: 1, tags: 101 });
  });

  it('more contracts than contractsPerPublish → 400 naming the limit', async () => {
    const body = publishBody({ consumer: 'Foo', provider: many(101, 'P'), version: '1' });
    overLimit(await api.post('/contracts/publish', body), 'contracts', 'contractsPerPublish');
  });

  it('PUT …/versions/{v} with more tags than tagsPerRequest → 400 naming the limit', async () => {
    const res = await api.put('/pacticipants/Foo/versions/1', { tags: many(101).map((name) => ({ name })) });
    overLimit(res, 'tags', 'tagsPerRequest');
  });
});

describe('pacts-for-verification: selectors and provider version tags', () => {
  const PATH = '/pacts/provider/Bar/for-verification';
  beforeEach(async () => {
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', tags: ['prod'] }).done();
  });

  it('70000 consumer version selectors → 400 naming selectorsPerRequest (POST and GET form)', async () => {
    const selectors = many(70_000).map((tag) => ({ tag, latest: true }));
    overLimit(await api.post(PATH, { consumerVersionSelectors: selectors }), 'consumerVersionSelectors', 'selectorsPerRequest');
    const query = selectors.map((s) => `consumer_version_selectors[][tag]=${s.tag}&consumer_version_selectors[][latest]=true`).join('&');
    overLimit(await api.get(`${PATH}?${query}`), 'consumerVersionSelectors', 'selectorsPerRequest');
  });

  it('70000 providerVersionTags → 400 naming tagsPerRequest (POST and GET form)', async () => {
    const tags = many(70_000);
    overLimit(await api.post(PATH, { providerVersionTags: tags }), 'providerVersionTags', 'tagsPerRequest');
    overLimit(await api.get(`${PATH}?${tags.map((tag) => `provider_version_tags[]=${tag}`).join('&')}`), 'providerVersionTags', 'tagsPerRequest');
  });

  it('at the limits: 100 selectors and 100 provider version tags are answered', async () => {
    const selectors = [{ tag: 'prod', latest: true }, ...many(99).map((tag) => ({ tag, latest: true }))];
    const body = hal(await api.post(PATH, { consumerVersionSelectors: selectors, providerVersionTags: many(100) }), 200);
    expect(body._embedded.pacts).toHaveLength(1);
  });
});

describe('GET /matrix and /can-i-deploy: selectors', () => {
  it('101 q[] selectors → 400 naming selectorsPerRequest', async () => {
    const query = many(101, 'P').map((p) => `q[][pacticipant]=${p}&q[][latest]=true`).join('&');
    const body = errorBody(await api.get(`/matrix?${query}`), 400);
    expect(JSON.stringify(body.errors)).toContain(`more than the limit of ${t.config.limits.selectorsPerRequest}`);
    expect(JSON.stringify(body.errors)).toContain('TREATY_MAX_SELECTORS_PER_REQUEST');
  });

  it('70000 q[] or ignore[] selectors → 400, never 500', async () => {
    const q = many(70_000, 'P').map((p) => `q[][pacticipant]=${p}`).join('&');
    expect(errorBody(await api.get(`/matrix?${q}`), 400).detail).toContain('TREATY_MAX_SELECTORS_PER_REQUEST');
    const ignore = many(70_000, 'P').map((p) => `ignore[][pacticipant]=${p}`).join('&');
    expect(errorBody(await api.get(`/matrix?q[][pacticipant]=Foo&${ignore}`), 400).detail).toContain('TREATY_MAX_SELECTORS_PER_REQUEST');
    const res = await api.get(`/can-i-deploy?pacticipant=Foo&version=1&environment=prod&${many(70_000, 'P').map((p) => `ignore[]=${p}`).join('&')}`);
    overLimit(res, 'ignore', 'selectorsPerRequest');
  });

  it('a matrix limit above pageSize → 400 naming the limit', async () => {
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' }).done();
    const body = errorBody(await api.get('/matrix?q[][pacticipant]=Foo&q[][version]=1&limit=100000000000000000000'), 400);
    expect(JSON.stringify(body.errors)).toContain('TREATY_MAX_PAGE_SIZE');
  });
});

describe('paging: page numbers and sizes', () => {
  beforeEach(async () => {
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['prod'] }).done();
  });
  const routes = ['/pacticipants', '/pacticipants/Foo/versions', '/pacticipants/Foo/tags/prod/versions', '/pacticipants/Foo/branches', '/pacticipants/Foo/branches/main/versions'];

  it.each(routes)('%s: a huge page number → 400 naming pageNumber', async (route) => {
    for (const param of ['page', 'pageNumber']) {
      overLimit(await api.get(`${route}?${param}=100000000000000000000`), param, 'pageNumber');
      overLimit(await api.get(`${route}?${param}=${t.config.limits.pageNumber + 1}`), param, 'pageNumber');
    }
  });

  it.each(routes)('%s: a page size above pageSize → 400 naming the limit; at the limits it answers', async (route) => {
    for (const param of ['size', 'pageSize']) overLimit(await api.get(`${route}?${param}=${t.config.limits.pageSize + 1}`), param, 'pageSize');
    hal(await api.get(`${route}?page=${t.config.limits.pageNumber}&size=${t.config.limits.pageSize}`), 200);
  });
});

describe('history bound: a selector without latest stands for the newest historyVersions versions', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await buildTestApp({ TREATY_MAX_HISTORY_VERSIONS: '3' });
  });
  afterAll(async () => small?.close());

  it('{tag, latest: false} in pacts-for-verification returns the newest 3 of 5 tagged versions', async () => {
    const b = testDataBuilder(small.container.services);
    for (const v of ['1', '2', '3', '4', '5']) b.publishPact({ consumer: 'Foo', provider: 'Bar', version: v, tags: ['prod'], interactions: [`i${v}`] });
    await b.done();
    const res = await small.app.inject({ method: 'POST', url: '/pacts/provider/Bar/for-verification', payload: { consumerVersionSelectors: [{ tag: 'prod' }] } });
    const pacts = hal(res, 200)._embedded.pacts as any[];
    expect(pacts.map((p) => /\((\d+)\)/.exec(p._links.self.name)![1])).toEqual(['3', '4', '5']);
  });

  it('a matrix tag selector without latest reads the newest 3 versions', async () => {
    const b = testDataBuilder(small.container.services);
    for (const v of ['1', '2', '3', '4', '5']) b.publishPact({ consumer: 'Foo', provider: 'Bar', version: v, tags: ['prod'], interactions: [`i${v}`] });
    await b.done();
    const res = await small.app.inject({ method: 'GET', url: '/matrix?q[][pacticipant]=Foo&q[][tag]=prod&q[][pacticipant]=Bar' });
    const rows = hal(res, 200).matrix as any[];
    expect(rows.map((r) => r.consumer.version.number).sort()).toEqual(['3', '4', '5']);
  });
});

describe('raised limits: long lists are one array parameter each, never one bind parameter per item', () => {
  let big: TestApp;
  beforeAll(async () => {
    big = await buildTestApp({ TREATY_MAX_TAGS_PER_REQUEST: '70000', TREATY_MAX_SELECTORS_PER_REQUEST: '70000' });
  });
  afterAll(async () => big?.close());

  it('70000 tags in one publish are stored in one statement', async () => {
    const res = await big.app.inject({ method: 'POST', url: '/contracts/publish', payload: publishBody({ consumer: 'Foo', provider: 'Bar', version: '1', tags: many(70_000) }) });
    hal(res, 200);
    expect((await rowCounts(big)).tags).toBe(70_000);
  });

  it('70000 selectors and 70000 provider version tags in pacts-for-verification: 200, not over the 65,535 bind parameters PostgreSQL allows', async () => {
    await testDataBuilder(big.container.services).publishPact({ consumer: 'Cat', provider: 'Dog', version: '1', tags: ['t69999'] }).done();
    const selectors = many(70_000).map((tag) => ({ tag, latest: true }));
    const res = await big.app.inject({ method: 'POST', url: '/pacts/provider/Dog/for-verification', payload: { consumerVersionSelectors: selectors, includePendingStatus: false } });
    expect(hal(res, 200)._embedded.pacts).toHaveLength(1);
    const tags = await big.app.inject({ method: 'POST', url: '/pacts/provider/Dog/for-verification', payload: { providerVersionTags: many(70_000), includePendingStatus: false } });
    expect(hal(tags, 200)._embedded.pacts).toHaveLength(1);
  });
});
