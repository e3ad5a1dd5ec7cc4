// Any Unicode name (spaces, '/', '+', emoji, punctuation) must survive a round trip through paths and hrefs: paths
// are decoded per segment, hrefs percent-encode each segment as Ruby's url_encode does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, hal, pathOf } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** Everything but A-Z a-z 0-9 - _ . ~ is percent-encoded (space → %20, / → %2F, + → %2B). */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const CASES: Array<[label: string, consumer: string, provider: string, version: string, branch: string, tag: string]> = [
  ['spaces', 'Order Service', 'Billing API', '1.0.0 rc1', 'my feature', 'prod eu'],
  ['slashes', 'team/orders', 'team/billing', '1.0/0', 'feat/x', 'env/prod'],
  ['plus signs', 'A+B', 'C+D', '1.0.0+build.7', 'fix+x', 'v+1'],
  ['emoji and scripts', '🚀 Rocket', 'Ünïcødé 名前', 'v🍕', 'ветка', 'タグ'],
  ['punctuation', "Svc (legacy) & co's", 'P?#%;=@', '1!*', 'b:c', 'a,b'],
];

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

describe.each(CASES)('names with %s', (_label, consumer, provider, version, branch, tag) => {
  const B = 'http://localhost:80';

  it('publish → hrefs encode each segment → following them finds the same names', async () => {
    const body = hal(await api.publish({ consumer, provider, version, branch, tags: [tag] }), 200);
    const pactPath = `/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/version/${enc(version)}`;
    expect(body._links['pb:contracts'][0].href).toBe(`${B}${pactPath}`);
    expect(body._links['pb:pacticipant'].href).toBe(`${B}/pacticipants/${enc(consumer)}`);
    expect(body._links['pb:pacticipant-version'].href).toBe(`${B}/pacticipants/${enc(consumer)}/versions/${enc(version)}`);
    expect(body._links['pb:pacticipant-version-tags'][0].href).toBe(`${B}/pacticipants/${enc(consumer)}/versions/${enc(version)}/tags/${enc(tag)}`);

    const pactRes = await api.get(pathOf(body._links['pb:contracts'][0].href));
    const pact = hal(pactRes, 200);
    expect(pact.consumer.name).toBe(consumer);
    // A header value is bytes: the version number goes out as its UTF-8 bytes (Node would refuse it as a string).
    expect(Buffer.from(String(pactRes.headers['x-pact-consumer-version']), 'latin1').toString('utf8')).toBe(version);
    expect(pact._links['pb:consumer'].name).toBe(consumer);
    expect(pact._links['pb:provider'].name).toBe(provider);
    expect(pact._links['pb:consumer-version'].name).toBe(version);

    const version_ = hal(await api.get(pathOf(pact._links['pb:consumer-version'].href)), 200);
    expect(version_.number).toBe(version);
    expect(version_._embedded.tags[0].name).toBe(tag);
    expect(version_._embedded.branchVersions[0].name).toBe(branch);
    expect(version_._embedded.branchVersions[0]._links.self.href).toBe(`${B}/pacticipants/${enc(consumer)}/branches/${enc(branch)}/versions/${enc(version)}`);

    for (const rel of ['pb:latest-pact-version', 'pb:all-pact-versions', 'pb:pact-version', 'pb:consumer', 'pb:provider']) {
      expect((await api.get(pathOf(pact._links[rel].href))).statusCode, rel).toBe(200);
    }
  });

  it('every resource addressed by the names answers with them', async () => {
    await api.publish({ consumer, provider, version, branch, tags: [tag] });
    const p = enc(consumer);
    expect(hal(await api.get(`/pacticipants/${p}`), 200).name).toBe(consumer);
    expect(hal(await api.get(`/pacticipants/${p}/latest-version`), 200).number).toBe(version);
    expect(hal(await api.get(`/pacticipants/${p}/latest-version/${enc(tag)}`), 200).number).toBe(version);
    expect(hal(await api.get(`/pacticipants/${p}/branches/${enc(branch)}`), 200).name).toBe(branch);
    expect(hal(await api.get(`/pacticipants/${p}/branches/${enc(branch)}/latest-version`), 200).number).toBe(version);
    expect(hal(await api.get(`/pacticipants/${p}/versions/${enc(version)}/tags/${enc(tag)}`), 200).name).toBe(tag);
    const integration = `/pacts/provider/${enc(provider)}/consumer/${p}`;
    expect(hal(await api.get(`${integration}/latest/${enc(tag)}`), 200).consumer.name).toBe(consumer);
    expect(hal(await api.get(`${integration}/branch/${enc(branch)}/latest`), 200).consumer.name).toBe(consumer);
    const list = hal(await api.get(`/pacts/provider/${enc(provider)}/branch/${enc(branch)}`), 200);
    expect(list._links['pb:pacts'][0].name).toBe(consumer);
    expect(list._links.self.href).toBe(`${B}/pacts/provider/${enc(provider)}/branch/${enc(branch)}`);
    const all = hal(await api.get('/pacticipants'), 200);
    expect(all.pacticipants.map((x: { name: string }) => x.name).sort()).toEqual([consumer, provider].sort());
    const latest = hal(await api.get('/pacts/latest'), 200);
    expect(latest.pacts[0]._embedded.consumer.name).toBe(consumer);
    expect(latest.pacts[0]._embedded.provider.name).toBe(provider);
  });

  it('the templated links of a pacticipant, expanded with percent-encoding, reach the resources', async () => {
    await api.publish({ consumer, provider, version, branch, tags: [tag] });
    const links = hal(await api.get(`/pacticipants/${enc(consumer)}`), 200)._links;
    const expand = (href: string) =>
      pathOf(href.replace('{version}', enc(version)).replace('{tag}', enc(tag)).replace('{branch}', enc(branch)));
    expect(hal(await api.get(expand(links['pb:version'].href)), 200).number).toBe(version);
    expect(hal(await api.get(expand(links['pb:version-tag'].href)), 200).name).toBe(tag);
    expect(hal(await api.get(expand(links['pb:branch-version'].href)), 200)._links['pb:branch'].name).toBe(branch);
    // The index templates work the same way (the CLI encodes every placeholder value).
    const index = hal(await api.get('/'), 200)._links;
    const expanded = pathOf(index['pb:pacticipant-branch'].href.replace('{pacticipant}', enc(consumer)).replace('{branch}', enc(branch)));
    expect((await api.delete(expanded)).statusCode).toBe(204);
  });
});

describe('path decoding', () => {
  it('`+` in a path is a plus, not a space', async () => {
    await api.post('/pacticipants', { name: 'Example+API' });
    await api.post('/pacticipants', { name: 'Example API' });
    expect(hal(await api.get('/pacticipants/Example+API'), 200).name).toBe('Example+API');
    expect(hal(await api.get('/pacticipants/Example%20API'), 200).name).toBe('Example API');
  });

  it('`%2F` stays inside one segment', async () => {
    await api.put('/pacticipants/a%2Fb/versions/1%2F2');
    const body = hal(await api.get('/pacticipants/a%2Fb/versions/1%2F2'), 200);
    expect(body.number).toBe('1/2');
    expect(body._links['pb:pacticipant'].name).toBe('a/b');
    expect((await api.get('/pacticipants/a/b/versions/1/2')).statusCode).toBe(404);
  });

  it('names differing only in case are different pacticipants', async () => {
    await api.post('/pacticipants', { name: 'foo' });
    expect((await api.get('/pacticipants/Foo')).statusCode).toBe(404);
    hal(await api.post('/pacticipants', { name: 'Foo' }), 201);
  });
});
