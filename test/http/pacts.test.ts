// Reading pacts: single documents, latest selectors, provider lists, integration lists and diffs. One data set,
// published once, read by every test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, errorBody, hal, pathOf } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { PREVIOUS_DISTINCT_WALK } from '../../src/pacts/pacts.repository.js';

const B = 'http://localhost:80';
const PACT = (consumer: string, version: string, provider = 'Bar') => `${B}/pacts/provider/${provider}/consumer/${consumer}/version/${version}`;

let t: TestApp;
let api: ReturnType<typeof client>;
const sha: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  // Foo → Bar: v1 (main, prod, a), v2 (main, a: same content as v1), v3 (feat/x, dev, b), v4 (no branch or tag, c)
  // Baz → Bar: 10 (develop, prod, z)        Foo → Other: v4
  const steps = [
    { consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['prod'], interactions: ['a'] },
    { consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main', interactions: ['a'] },
    { consumer: 'Foo', provider: 'Bar', version: '3', branch: 'feat/x', tags: ['dev'], interactions: ['b'] },
    { consumer: 'Foo', provider: ['Bar', 'Other'], version: '4', interactions: ['c'] },
    { consumer: 'Baz', provider: 'Bar', version: '10', branch: 'develop', tags: ['prod'], interactions: ['z'] },
  ];
  for (const step of steps) hal(await api.publish(step), 200);
  for (const v of ['1', '2', '3', '4']) {
    sha[v] = hal(await api.get(`/pacts/provider/Bar/consumer/Foo/version/${v}`), 200)._links['pb:pact-version'].name;
  }
});
afterAll(async () => t?.close());

const consumerVersion = (pact: any) => pact._links['pb:consumer-version'].name as string;
const hrefs = (links: any[]) => links.map((l) => l.href as string);

describe('a pact document', () => {
  it('is the content with createdAt and the links the clients follow', async () => {
    const res = await api.get('/pacts/provider/Bar/consumer/Foo/version/3');
    const body = hal(res, 200);
    expect(body.consumer).toEqual({ name: 'Foo' });
    expect(body.provider).toEqual({ name: 'Bar' });
    expect(body.interactions.map((i: { description: string }) => i.description)).toEqual(['b']);
    expect(body.metadata).toEqual({ pactSpecification: { version: '2.0.0' } });
    expect(body.createdAt).toMatch(/\+00:00$/);
    const integration = `${B}/pacts/provider/Bar/consumer/Foo`;
    expect(body._links).toMatchObject({
      self: { href: PACT('Foo', '3'), title: 'Pact', name: 'Pact between Foo (3) and Bar' },
      'pb:consumer': { href: `${B}/pacticipants/Foo`, title: 'Consumer', name: 'Foo' },
      'pb:consumer-version': { href: `${B}/pacticipants/Foo/versions/3`, title: 'Consumer version', name: '3' },
      'pb:provider': { href: `${B}/pacticipants/Bar`, title: 'Provider', name: 'Bar' },
      'pb:pact-version': { href: `${integration}/pact-version/${sha['3']}`, title: 'Pact content version permalink', name: sha['3'] },
      'pb:latest-pact-version': { href: `${integration}/latest` },
      'pb:all-pact-versions': { href: `${integration}/versions` },
      'pb:latest-untagged-pact-version': { href: `${integration}/latest-untagged` },
      'pb:latest-tagged-pact-version': { href: `${integration}/latest/{tag}`, templated: true },
      'pb:previous-distinct': { href: `${PACT('Foo', '3')}/previous-distinct` },
      'pb:diff-previous-distinct': { href: `${PACT('Foo', '3')}/diff/previous-distinct` },
      'pb:diff': { href: `${integration}/pact-version/${sha['3']}/diff/pact-version/{pactVersion}`, templated: true },
      'pb:pact-webhooks': { href: `${B}/webhooks/provider/Bar/consumer/Foo`, title: 'Webhooks for the pact between Foo and Bar' },
      'pb:consumer-webhooks': { href: `${B}/webhooks/consumer/Foo`, title: 'Webhooks for all pacts with consumer Foo' },
      'pb:tag-prod-version': { href: `${B}/pacticipants/Foo/versions/3/tags/prod` },
      'pb:tag-version': { href: `${B}/pacticipants/Foo/versions/3/tags/{tag}` },
      curies: [{ name: 'pb', href: `${B}/doc/{rel}?context=pact`, templated: true }],
    });
    expect(body._links['pb:tag-version'].templated).toBeUndefined();
  });

  it('is served as application/json when only that is accepted, and as hal+json for */*', async () => {
    const json = await api.get('/pacts/provider/Bar/consumer/Foo/version/1', { accept: 'application/json' });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json;charset=utf-8');
    hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1', { accept: '*/*' }), 200);
  });

  it('every link with a path resolves (except templates)', async () => {
    const body = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/4'), 200);
    for (const rel of ['self', 'pb:consumer', 'pb:consumer-version', 'pb:provider', 'pb:pact-version', 'pb:latest-pact-version', 'pb:all-pact-versions', 'pb:latest-untagged-pact-version', 'pb:previous-distinct']) {
      const res = await api.get(pathOf(body._links[rel].href));
      expect(res.statusCode, rel).toBe(200);
    }
    expect((await api.get(pathOf(body._links['pb:diff-previous-distinct'].href))).statusCode).toBe(200);
  });

  it('unknown consumer version → 404 with a message', async () => {
    expect(errorBody(await api.get('/pacts/provider/Bar/consumer/Foo/version/99'), 404).error).toMatch(/99/);
    expect(errorBody(await api.get('/pacts/provider/Other/consumer/Foo/version/1'), 404).error).toMatch(/Foo/);
  });
});

describe('the X-Pact-Consumer-Version header of a pact document', () => {
  // The official client's consumer contract expects it on the latest and latest-tagged pact; Treaty sets it on every
  // GET that serves one pact document, through one helper.
  const INTEGRATION = '/pacts/provider/Bar/consumer/Foo';
  it.each([
    ['/version/3', '3'],
    ['/latest', '4'],
    ['/latest/prod', '1'],
    ['/latest/dev', '3'],
    ['/latest-untagged', '4'],
    ['/branch/main/latest', '2'],
    ['/branch/feat%2Fx/latest', '3'],
    ['/version/4/previous-distinct', '3'],
  ])('%s → %s', async (suffix, version) => {
    const res = await api.get(`${INTEGRATION}${suffix}`);
    expect(consumerVersion(hal(res, 200))).toBe(version);
    expect(res.headers['x-pact-consumer-version']).toBe(version);
  });

  it('by pact-version sha, with and without metadata: the consumer version the document shows', async () => {
    for (const suffix of [`/pact-version/${sha['1']}`, `/pact-version/${sha['1']}/metadata/e30`, `/pact-version/${sha['3']}`]) {
      const res = await api.get(`${INTEGRATION}${suffix}`);
      expect(res.headers['x-pact-consumer-version'], suffix).toBe(consumerVersion(hal(res, 200)));
    }
    expect((await api.get(`${INTEGRATION}/pact-version/${sha['1']}`)).headers['x-pact-consumer-version']).toBe('2');
  });

  it('is absent when there is no pact, and on responses that are not a pact document', async () => {
    expect((await api.get(`${INTEGRATION}/latest/unknown-tag`)).headers['x-pact-consumer-version']).toBeUndefined();
    expect((await api.get(`${INTEGRATION}/version/1/previous-distinct`)).headers['x-pact-consumer-version']).toBeUndefined();
    expect((await api.get(`${INTEGRATION}/versions`)).headers['x-pact-consumer-version']).toBeUndefined();
  });
});

describe('latest pacts of an integration', () => {
  it.each([
    ['/latest', '4'],
    ['/latest/prod', '1'],
    ['/latest/dev', '3'],
    ['/latest-untagged', '4'],
    ['/branch/main/latest', '2'],
    ['/branch/feat%2Fx/latest', '3'],
  ])('%s → version %s', async (suffix, version) => {
    const body = hal(await api.get(`/pacts/provider/Bar/consumer/Foo${suffix}`), 200);
    expect(consumerVersion(body)).toBe(version);
    expect(body._links.self.href).toBe(PACT('Foo', version));
  });

  it.each(['/latest/unknown-tag', '/branch/unknown/latest'])('%s → 404 with a message', async (suffix) => {
    const body = errorBody(await api.get(`/pacts/provider/Bar/consumer/Foo${suffix}`), 404);
    expect(body.error).toMatch(/No pact between Foo and Bar/);
  });

  it('latest-untagged skips tagged versions', async () => {
    const body = hal(await api.get('/pacts/provider/Bar/consumer/Baz/latest-untagged'), 404);
    expect(body.error).toMatch(/without tags/);
  });
});

describe('pact-version/{sha}', () => {
  it('serves the content by SHA, showing the latest consumer version that has it', async () => {
    expect(sha['1']).toBe(sha['2']);
    expect(sha['3']).not.toBe(sha['1']);
    const body = hal(await api.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha['1']}`), 200);
    expect(consumerVersion(body)).toBe('2');
    expect(body.interactions.map((i: { description: string }) => i.description)).toEqual(['a']);
    const withMetadata = hal(await api.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha['3']}/metadata/c1bc1c`), 200);
    expect(consumerVersion(withMetadata)).toBe('3');
  });

  it('unknown SHA → 404', async () => {
    errorBody(await api.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${'0'.repeat(64)}`), 404);
  });
});

describe('GET /pacts/latest', () => {
  it('lists the latest pact of every integration in a top-level pacts array with what the CLI reads', async () => {
    const body = hal(await api.get('/pacts/latest'), 200);
    const rows = body.pacts.map((p: { _embedded: { consumer: { name: string; _embedded: { version: { number: string } } }; provider: { name: string } } }) => [
      p._embedded.consumer.name,
      p._embedded.provider.name,
      p._embedded.consumer._embedded.version.number,
    ]);
    expect(rows).toEqual([
      ['Baz', 'Bar', '10'],
      ['Foo', 'Bar', '4'],
      ['Foo', 'Other', '4'],
    ]);
    const first = body.pacts[0];
    expect(first.createdAt).toMatch(/\+00:00$/);
    expect(first._embedded.consumer._embedded.version._links.self).toEqual({ title: 'Version', name: '10', href: `${B}/pacticipants/Baz/versions/10` });
    expect(first._embedded.consumer._links.self).toEqual({ href: `${B}/pacticipants/Baz` });
    expect(first._embedded.provider._links.self).toEqual({ href: `${B}/pacticipants/Bar` });
    expect(first._links.self).toEqual([{ href: `${B}/pacts/provider/Bar/consumer/Baz/latest` }, { href: PACT('Baz', '10') }]);
    expect(body._links.self).toEqual({ href: `${B}/pacts/latest` });
    expect(body._links['pb:pacts'][0]).toEqual({ href: `${B}/pacts/provider/Bar/consumer/Baz/latest`, title: 'Latest pact between Baz and Bar' });
    expect(body._links.pacts[0]).toEqual({
      href: `${B}/pacts/provider/Bar/consumer/Baz/latest`,
      title: 'Latest pact between Baz and Bar',
      name: 'DEPRECATED - please use the pb:pacts relation',
    });
    expect(body._links.curies).toEqual([{ name: 'pb', href: `${B}/doc/{rel}?context=pacts`, templated: true }]);
  });
});

describe('provider pact lists', () => {
  it.each([
    ['', ['Baz:10', 'Foo:4', 'Foo:3', 'Foo:2', 'Foo:1'], 'All pact versions for the provider Bar'],
    ['/latest', ['Baz:10', 'Foo:4'], 'Latest pact versions for the provider Bar'],
    ['/latest/prod', ['Baz:10', 'Foo:1'], "Latest pact versions for the provider Bar with consumer version tag 'prod'"],
    ['/tag/prod', ['Baz:10', 'Foo:1'], "All pact versions for the provider Bar with consumer version tag 'prod'"],
    ['/tag/dev', ['Foo:3'], "All pact versions for the provider Bar with consumer version tag 'dev'"],
    ['/branch', ['Baz:10', 'Foo:2', 'Foo:1'], 'All pact versions for the provider Bar'],
    ['/branch/latest', ['Baz:10', 'Foo:2'], 'Latest pact versions for the provider Bar'],
    ['/branch/feat%2Fx', ['Foo:3'], "All pact versions for the provider Bar with consumer version branch 'feat/x'"],
    ['/branch/feat%2Fx/latest', ['Foo:3'], "Latest pact versions for the provider Bar with consumer version branch 'feat/x'"],
    ['/branch/main', ['Foo:2', 'Foo:1'], "All pact versions for the provider Bar with consumer version branch 'main'"],
    ['/latest/none', [], "Latest pact versions for the provider Bar with consumer version tag 'none'"],
    ['/branch/none', [], "All pact versions for the provider Bar with consumer version branch 'none'"],
  ])('/pacts/provider/Bar%s', async (suffix, expected, title) => {
    const body = hal(await api.get(`/pacts/provider/Bar${suffix}`), 200);
    const entries = expected.map((e) => e.split(':') as [string, string]);
    expect(Object.keys(body)).toEqual(['_links']);
    expect(body._links.self).toEqual({ href: `${B}/pacts/provider/Bar${suffix}`, title });
    expect(body._links['pb:provider']).toEqual({ href: `${B}/pacticipants/Bar`, name: 'Bar' });
    expect(body._links['pb:pacts']).toEqual(entries.map(([c, v]) => ({ href: PACT(c, v), title: `Pact between ${c} (${v}) and Bar`, name: c })));
    // The verifier (no selectors) reads the deprecated `pacts` relation.
    expect(hrefs(body._links.pacts)).toEqual(entries.map(([c, v]) => PACT(c, v)));
    for (const l of body._links.pacts) expect(l.title).toMatch(/^DEPRECATED - please use the pb:pacts relation/);
    expect(body._links.provider).toEqual({ href: `${B}/pacticipants/Bar`, title: 'Bar', name: 'DEPRECATED - please use the pb:provider relation' });
  });

  it('unknown provider → 404 "No provider with name … found"', async () => {
    for (const suffix of ['', '/latest', '/latest/prod', '/tag/prod', '/branch', '/branch/latest', '/branch/main', '/branch/main/latest']) {
      const body = errorBody(await api.get(`/pacts/provider/Nope${suffix}`), 404);
      expect(body.error, suffix).toBe("No provider with name 'Nope' found");
    }
  });
});

describe('pact versions of one integration', () => {
  it.each([
    ['/versions', ['4', '3', '2', '1']],
    ['/branch/versions', ['2', '1']],
    ['/branch/latest/versions', ['2']],
    ['/branch/feat%2Fx', ['3']],
    ['/branch/main', ['2', '1']],
    ['/branch/main/latest/versions', ['2']],
    ['/tag/prod', ['1']],
    // `…/branch/latest` is the branch named "latest" (Ruby's routing, which the CLI's get-pacts relies on).
    ['/branch/latest', []],
  ])('/pacts/provider/Bar/consumer/Foo%s', async (suffix, versions) => {
    const body = hal(await api.get(`/pacts/provider/Bar/consumer/Foo${suffix}`), 200);
    expect(body._embedded.pacts.map((p: { _embedded: { consumerVersion: { number: string } } }) => p._embedded.consumerVersion.number)).toEqual(versions);
    expect(hrefs(body._links['pact-versions'])).toEqual(versions.map((v) => PACT('Foo', v)));
    expect(body._links.self).toEqual({ href: `${B}/pacts/provider/Bar/consumer/Foo${suffix}`, title: 'All versions of the pact between Foo and Bar' });
    expect(body._links.consumer).toEqual({ href: `${B}/pacticipants/Foo`, title: 'Consumer', name: 'Foo' });
    expect(body._links.provider).toEqual({ href: `${B}/pacticipants/Bar`, title: 'Provider', name: 'Bar' });
    if (versions.length) {
      const item = body._embedded.pacts[0];
      expect(item.createdAt).toMatch(/\+00:00$/);
      expect(item._embedded.consumerVersion._links.self).toEqual({ title: 'Version', name: versions[0], href: `${B}/pacticipants/Foo/versions/${versions[0]}` });
      expect(item._links.self).toEqual({ href: PACT('Foo', versions[0]!), title: `Pact between Foo (${versions[0]}) and Bar` });
      expect(body._links['pact-versions'][0].name).toMatch(new RegExp(`^Version ${versions[0]} - \\d\\d/\\d\\d/\\d{4}$`));
    }
  });

  it('…/consumer/C/branch is not a route (404), as in the Pact Broker', async () => {
    errorBody(await api.get('/pacts/provider/Bar/consumer/Foo/branch'), 404);
  });

  it('…/branch/{b}/latest (no /versions) is a single pact document', async () => {
    const body = hal(await api.get('/pacts/provider/Bar/consumer/Foo/branch/main/latest'), 200);
    expect(consumerVersion(body)).toBe('2');
  });

  it('unknown consumer or provider → 404 with a message', async () => {
    expect(errorBody(await api.get('/pacts/provider/Bar/consumer/Nope/versions'), 404).error).toBe("No consumer with name 'Nope' found");
    expect(errorBody(await api.get('/pacts/provider/Nope/consumer/Foo/versions'), 404).error).toBe("No provider with name 'Nope' found");
    expect(errorBody(await api.get('/pacts/provider/Bar/consumer/Nope/latest'), 404).error).toBe("No consumer with name 'Nope' found");
  });
});

describe('previous distinct and diffs', () => {
  it('previous-distinct is the last earlier pact with different content', async () => {
    expect(consumerVersion(hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/4/previous-distinct'), 200))).toBe('3');
    expect(consumerVersion(hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/3/previous-distinct'), 200))).toBe('2');
    // v2 has the same content as v1, so there is none before it.
    errorBody(await api.get('/pacts/provider/Bar/consumer/Foo/version/2/previous-distinct'), 404);
  });

  it('previous-distinct after a run of identical content longer than the walk back still finds the older content', async () => {
    // Long → Bar: 1 has content p; 2 … WALK+3 republish content q. The walk back from the newest sees only q.
    hal(await api.publish({ consumer: 'Long', provider: 'Bar', version: '1', interactions: ['p'] }), 200);
    const last = PREVIOUS_DISTINCT_WALK + 3;
    for (let v = 2; v <= last; v++) hal(await api.publish({ consumer: 'Long', provider: 'Bar', version: String(v), interactions: ['q'] }), 200);
    expect(consumerVersion(hal(await api.get(`/pacts/provider/Bar/consumer/Long/version/${last}/previous-distinct`), 200))).toBe('1');
    expect(consumerVersion(hal(await api.get('/pacts/provider/Bar/consumer/Long/version/2/previous-distinct'), 200))).toBe('1');
    errorBody(await api.get('/pacts/provider/Bar/consumer/Long/version/1/previous-distinct'), 404);
    // Content p again at the end: its previous distinct is the newest q, found by the short walk.
    hal(await api.publish({ consumer: 'Long', provider: 'Bar', version: String(last + 1), interactions: ['p'] }), 200);
    expect(consumerVersion(hal(await api.get(`/pacts/provider/Bar/consumer/Long/version/${last + 1}/previous-distinct`), 200))).toBe(String(last));
  });

  it('diff/previous-distinct is text/plain with a header, a line diff and links', async () => {
    const res = await api.get('/pacts/provider/Bar/consumer/Foo/version/4/diff/previous-distinct');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain;charset=utf-8');
    expect(res.body).toMatch(/^# Diff between versions 3 and 4 of the pact between Foo and Bar$/m);
    expect(res.body).toMatch(/^- .*"b"/m);
    expect(res.body).toMatch(/^\+ .*"c"/m);
    expect(res.body).toContain(`href: ${PACT('Foo', '4')}`);
    expect(res.body).toContain(`href: ${PACT('Foo', '3')}`);
  });

  it('diff/previous-distinct without a previous version still answers 200 and says so', async () => {
    const res = await api.get('/pacts/provider/Bar/consumer/Foo/version/1/diff/previous-distinct');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain;charset=utf-8');
    expect(res.body).toMatch(/^No previous distinct version was found for Pact between Foo \(1\) and Bar/);
  });

  it('diff/version/{v} and pact-version/{sha}/diff/pact-version/{sha}', async () => {
    const byVersion = await api.get('/pacts/provider/Bar/consumer/Foo/version/4/diff/version/1');
    expect(byVersion.statusCode).toBe(200);
    expect(byVersion.headers['content-type']).toBe('text/plain;charset=utf-8');
    expect(byVersion.body).toMatch(/^# Diff between versions 1 and 4/m);
    const bySha = await api.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha['4']}/diff/pact-version/${sha['3']}`);
    expect(bySha.statusCode).toBe(200);
    expect(bySha.headers['content-type']).toBe('text/plain;charset=utf-8');
    expect(bySha.body).toMatch(/^\+ .*"c"/m);
    errorBody(await api.get('/pacts/provider/Bar/consumer/Foo/version/4/diff/version/99'), 404);
    errorBody(await api.get('/pacts/provider/Bar/consumer/Foo/version/99/diff/previous-distinct'), 404);
  });
});
