import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
import type { FastifyInstance } from 'fastify';
import { buildAppOn, buildTestApp, type TestApp } from '../support/test-app.js';

// Relation → [path, templated] as the Pact Broker's index lists them (reference §2).
const EXPECTED: Record<string, [string, boolean]> = {
  'pb:publish-pact': ['/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}', true],
  'pb:publish-contracts': ['/contracts/publish', false],
  'pb:latest-pact-versions': ['/pacts/latest', false],
  'pb:tagged-pact-versions': ['/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}', false],
  'pb:branch-pact-versions': ['/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}', true],
  'pb:latest-branch-pact-versions': ['/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest/versions', true],
  'pb:main-branch-pact-versions': ['/pacts/provider/{provider}/consumer/{consumer}/branch/versions', true],
  'pb:latest-main-branch-pact-versions': ['/pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions', true],
  'pb:provider-pacts-with-main-branch': ['/pacts/provider/{provider}/branch', true],
  'pb:provider-pacts-with-branch': ['/pacts/provider/{provider}/branch/{branch}', true],
  'pb:latest-provider-pacts-with-main-branch': ['/pacts/provider/{provider}/branch/latest', true],
  'pb:latest-provider-pacts-with-branch': ['/pacts/provider/{provider}/branch/{branch}/latest', true],
  'pb:pacticipants': ['/pacticipants', false],
  'pb:pacticipant': ['/pacticipants/{pacticipant}', true],
  'pb:latest-provider-pacts': ['/pacts/provider/{provider}/latest', true],
  'pb:latest-provider-pacts-with-tag': ['/pacts/provider/{provider}/latest/{tag}', true],
  'pb:provider-pacts-with-tag': ['/pacts/provider/{provider}/tag/{tag}', true],
  'pb:provider-pacts': ['/pacts/provider/{provider}', true],
  'pb:latest-version': ['/pacticipants/{pacticipant}/latest-version', true],
  'pb:latest-tagged-version': ['/pacticipants/{pacticipant}/latest-version/{tag}', true],
  'pb:pacticipant-version-tag': ['/pacticipants/{pacticipant}/versions/{version}/tags/{tag}', true],
  'pb:pacticipant-branch': ['/pacticipants/{pacticipant}/branches/{branch}', true],
  'pb:pacticipant-branch-version': ['/pacticipants/{pacticipant}/branches/{branch}/versions/{version}', true],
  'pb:pacticipant-version': ['/pacticipants/{pacticipant}/versions/{version}', true],
  'pb:environments': ['/environments', false],
  'pb:environment': ['/environments/{uuid}', true],
  'pb:webhooks': ['/webhooks', false],
  'pb:webhook': ['/webhooks/{uuid}', true],
  'pb:can-i-deploy-pacticipant-version-to-tag': ['/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}', true],
  'pb:can-i-deploy-pacticipant-version-to-environment': ['/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}', true],
  'pb:provider-pacts-for-verification': ['/pacts/provider/{provider}/for-verification', true],
  'beta:provider-pacts-for-verification': ['/pacts/provider/{provider}/for-verification', true],
};

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());

describe('GET /', () => {
  it('lists every relation with an absolute href, a title and the templated flag the clients expect', async () => {
    const body = hal(await api.get('/', { host: 'broker.local:9292' }), 200);
    expect(body.version).toBe('2.120.0');
    expect(body._links.self).toEqual({ href: 'http://broker.local:9292', title: 'Index' });
    for (const [rel, [path, templated]] of Object.entries(EXPECTED)) {
      const linkObject = body._links[rel];
      expect(linkObject, rel).toBeDefined();
      expect(linkObject.href, rel).toBe(`http://broker.local:9292${path}`);
      expect(linkObject.templated ?? false, rel).toBe(templated);
      expect(typeof linkObject.title, rel).toBe('string');
    }
    expect(body._links['pb:publish-contracts'].title).toBe('Publish contracts');
    // The verifier expands only links marked templated; older libraries look for the beta relation.
    expect(body._links['beta:provider-pacts-for-verification'].name).toBe('beta');
    expect(body._links.curies).toEqual([
      { name: 'pb', href: 'http://broker.local:9292/doc/{rel}?context=index', templated: true },
      { name: 'beta', href: 'http://broker.local:9292/doc/{rel}?context=index', templated: true },
    ]);
  });

  it('gives every relation an href string (the CLI panics on a relation without one)', async () => {
    const body = hal(await api.get('/'), 200);
    for (const [rel, value] of Object.entries(body._links)) {
      for (const item of Array.isArray(value) ? value : [value]) expect(typeof (item as { href: unknown }).href, rel).toBe('string');
    }
  });

  it('serves JSON for the Accept headers the Rust clients send, and for */*', async () => {
    for (const accept of ['application/hal+json, application/json', '*/*', 'application/hal+json']) {
      const res = await api.get('/', { accept });
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-type'], accept).toBe('application/hal+json;charset=utf-8');
    }
    const plain = await api.get('/', { accept: 'application/json' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('application/json;charset=utf-8');
  });

  it('carries the Pact Broker response headers', async () => {
    const res = await api.get('/');
    expect(res.headers['x-pact-broker-version']).toBe('2.120.0');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.vary).toBe('Accept');
  });

  it('tolerates a trailing slash and a .json extension', async () => {
    hal(await api.get('/pacticipants/'), 200);
    hal(await api.get('/pacticipants.json'), 200);
  });
});

describe('heartbeat', () => {
  it('answers 200 with JSON', async () => {
    const body = hal(await api.get('/diagnostic/status/heartbeat', { host: 'h:1' }), 200);
    expect(body.ok).toBe(true);
    expect(body._links.self.href).toBe('http://h:1/diagnostic/status/heartbeat');
  });
});

describe('base URL of links', () => {
  it('comes from the Host header', async () => {
    const body = hal(await api.get('/', { host: 'example.com:8080' }), 200);
    expect(body._links['pb:pacticipants'].href).toBe('http://example.com:8080/pacticipants');
  });

  it('ignores X-Forwarded-Proto, -Host and -Prefix by default: any client could send them', async () => {
    const body = hal(
      await api.get('/', { host: 'internal:9292', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-prefix': '/x' }),
      200,
    );
    expect(body._links.self.href).toBe('http://internal:9292');
    expect(body._links['pb:pacticipants'].href).toBe('http://internal:9292/pacticipants');
  });

  it('ignores a Host header that could inject markup or another path into hrefs', async () => {
    const body = hal(await api.get('/', { host: 'evil.com/<script>' }), 200);
    expect(body._links.self.href).toBe('http://localhost');
  });
});

describe('behind a trusted proxy (TREATY_TRUST_PROXY)', () => {
  const proxied = { host: 'internal:9292', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'pacts.example.org', 'x-forwarded-prefix': '/broker/' };
  // One database, five apps with different TREATY_TRUST_PROXY values.
  let all: TestApp;
  const apps: Record<string, FastifyInstance> = {};
  beforeAll(async () => {
    all = await buildTestApp({ TREATY_TRUST_PROXY: 'true' });
    apps.all = all.app;
    for (const [key, value] of [['loopback', '10.1.2.3, 127.0.0.0/8'], ['other', '10.0.0.0/8'], ['hops', '2'], ['none', 'none']]) {
      apps[key!] = await buildAppOn(all, { TREATY_TRUST_PROXY: value! });
    }
  });
  afterAll(async () => {
    await Promise.all(Object.entries(apps).filter(([key]) => key !== 'all').map(([, app]) => app.close()));
    await all?.close();
  });
  const selfOf = async (key: string, remoteAddress?: string, headers: Record<string, string> = proxied) =>
    hal(await apps[key]!.inject({ method: 'GET', url: '/', headers, ...(remoteAddress ? { remoteAddress } : {}) }), 200)._links.self.href;

  it('true: honours X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Prefix', async () => {
    const body = hal(await apps.all!.inject({ method: 'GET', url: '/', headers: proxied }), 200);
    expect(body._links.self.href).toBe('https://pacts.example.org/broker');
    expect(body._links['pb:publish-contracts'].href).toBe('https://pacts.example.org/broker/contracts/publish');
    expect(body._links['pb:pacticipant'].href).toBe('https://pacts.example.org/broker/pacticipants/{pacticipant}');
  });

  it('a CIDR that matches the peer (inject comes from 127.0.0.1) honours them; one that does not ignores them', async () => {
    expect(await selfOf('loopback')).toBe('https://pacts.example.org/broker');
    expect(await selfOf('loopback', '10.1.2.3')).toBe('https://pacts.example.org/broker');
    expect(await selfOf('loopback', '::ffff:127.0.0.1')).toBe('https://pacts.example.org/broker');
    expect(await selfOf('loopback', '192.168.1.1')).toBe('http://internal:9292');
    expect(await selfOf('other')).toBe('http://internal:9292');
    expect(await selfOf('other', '10.200.0.1')).toBe('https://pacts.example.org/broker');
  });

  it('a hop count does not vouch for the peer (as in Fastify 5), and none is off', async () => {
    expect(await selfOf('hops')).toBe('http://internal:9292');
    expect(await selfOf('none')).toBe('http://internal:9292');
  });

  it('uses the value the nearest proxy appended to a comma separated X-Forwarded header', async () => {
    expect(await selfOf('all', undefined, { 'x-forwarded-proto': 'http, https', 'x-forwarded-host': 'spoofed.example, outer.example' })).toBe(
      'https://outer.example',
    );
  });

  it('uses the hrefs of links in other resources too', async () => {
    const t = all;
    await client(t).publish({ consumer: 'Foo', provider: 'Bar', version: '1' });
    const pact = hal(await client(t).get('/pacts/provider/Bar/consumer/Foo/latest', { host: 'x.test', 'x-forwarded-prefix': '/pb' }), 200);
    expect(pact._links.self.href).toBe('http://x.test/pb/pacts/provider/Bar/consumer/Foo/version/1');
  });
});

describe('TREATY_BASE_URL', () => {
  let fixed: TestApp;
  beforeAll(async () => {
    fixed = await buildTestApp({ TREATY_BASE_URL: 'https://broker.example.com/pact/', TREATY_TRUST_PROXY: 'true' });
  });
  afterAll(async () => fixed?.close());

  it('overrides Host and X-Forwarded headers, even from a trusted proxy (trailing slash dropped)', async () => {
    const body = hal(
      await fixed.app.inject({ method: 'GET', url: '/', headers: { host: 'other:1', 'x-forwarded-host': 'proxy', 'x-forwarded-proto': 'http', 'x-forwarded-prefix': '/p' } }),
      200,
    );
    expect(body._links.self.href).toBe('https://broker.example.com/pact');
    expect(body._links['pb:latest-pact-versions'].href).toBe('https://broker.example.com/pact/pacts/latest');
    const env = hal(await fixed.app.inject({ method: 'GET', url: '/environments' }), 200);
    expect(env._links.self.href).toBe('https://broker.example.com/pact/environments');
  });
});
