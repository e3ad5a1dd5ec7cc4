import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

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

  it('honours X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-Prefix from a reverse proxy', async () => {
    const body = hal(
      await api.get('/', {
        host: 'internal:9292',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'pacts.example.org',
        'x-forwarded-prefix': '/broker/',
      }),
      200,
    );
    expect(body._links.self.href).toBe('https://pacts.example.org/broker');
    expect(body._links['pb:publish-contracts'].href).toBe('https://pacts.example.org/broker/contracts/publish');
    expect(body._links['pb:pacticipant'].href).toBe('https://pacts.example.org/broker/pacticipants/{pacticipant}');
  });

  it('uses the first value of a comma separated X-Forwarded header (several proxies)', async () => {
    const body = hal(await api.get('/', { 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'outer.example, inner' }), 200);
    expect(body._links.self.href).toBe('https://outer.example');
  });

  it('ignores a Host header that could inject markup or another path into hrefs', async () => {
    const body = hal(await api.get('/', { host: 'evil.com/<script>' }), 200);
    expect(body._links.self.href).toBe('http://localhost');
  });

  it('uses the hrefs of links in other resources too', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' });
    const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest', { host: 'x.test', 'x-forwarded-prefix': '/pb' }), 200);
    expect(pact._links.self.href).toBe('http://x.test/pb/pacts/provider/Bar/consumer/Foo/version/1');
  });
});

describe('TREATY_BASE_URL', () => {
  let fixed: TestApp;
  beforeAll(async () => {
    fixed = await buildTestApp({ TREATY_BASE_URL: 'https://broker.example.com/pact/' });
  });
  afterAll(async () => fixed?.close());

  it('overrides Host and X-Forwarded headers (trailing slash dropped)', async () => {
    const body = hal(
      await fixed.app.inject({ method: 'GET', url: '/', headers: { host: 'other:1', 'x-forwarded-host': 'proxy', 'x-forwarded-proto': 'http' } }),
      200,
    );
    expect(body._links.self.href).toBe('https://broker.example.com/pact');
    expect(body._links['pb:latest-pact-versions'].href).toBe('https://broker.example.com/pact/pacts/latest');
    const env = hal(await fixed.app.inject({ method: 'GET', url: '/environments' }), 200);
    expect(env._links.self.href).toBe('https://broker.example.com/pact/environments');
  });
});
