// A pact URL opened in a browser is the pact as documentation; the Pact clients keep the HAL document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const EVIL = '<script>alert(1)</script>';

const v3 = (consumer: string, provider: string, description: string) => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [
    {
      description,
      providerStates: [{ name: 'an order exists', params: { id: 7 } }],
      request: { method: 'GET', path: '/orders/7', query: { expand: ['items'] }, headers: { Accept: 'application/json' } },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { id: 7, total: 12.5, note: EVIL },
        matchingRules: { body: { '$.total': { matchers: [{ match: 'decimal' }] } } },
      },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
});

const messagePact = {
  consumer: { name: 'Web' },
  provider: { name: 'Events' },
  messages: [{ description: 'an order created event', contents: { orderId: 7 }, metadata: { topic: 'orders' } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

let t: TestApp;
let api: ReturnType<typeof client>;
let sha: string;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  const publish = (version: string, document: object, branch?: string, tags: string[] = []) =>
    t.container.services.pacts.publishContracts({
      pacticipantName: (document as { consumer: { name: string } }).consumer.name,
      pacticipantVersionNumber: version,
      branch,
      tags,
      contracts: [
        {
          consumerName: (document as { consumer: { name: string } }).consumer.name,
          providerName: (document as { provider: { name: string } }).provider.name,
          document: document as never,
          onConflict: 'overwrite',
        },
      ],
    });
  await publish('w1', v3('Web', 'Orders', 'get an order'), 'main', ['prod']);
  await publish('w2', v3('Web', 'Orders', 'get an order'), 'feat/x', ['dev']); // same content, another version
  await publish('w1', messagePact);
  await publish('1', v3(EVIL, 'Orders', `${EVIL} desc`));
  await testDataBuilder(t.container.services)
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w2', providerVersion: 'o9', success: true, buildUrl: 'https://ci.example/o9' })
    .done();
  sha = (await t.container.services.pacts.forConsumerVersion('Orders', 'Web', 'w2')).sha;
});
afterAll(async () => t?.close());

describe('a pact in a browser', () => {
  it('the consumer version URL renders the documentation page with the page CSP', async () => {
    const res = await api.get('/pacts/provider/Orders/consumer/Web/version/w1', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    expect(res.headers.vary).toBe('Accept');
    const html = res.body;
    expect(html).toContain('<a href="/pacticipants/Web">Web</a>');
    expect(html).toContain('<a href="/pacticipants/Orders">Orders</a>');
    // Both consumer versions published this content, newest first, with branches and tags.
    const publishedBy = html.slice(html.indexOf('id="published-by"'), html.indexOf('id="verifications"'));
    expect(publishedBy.indexOf('>w2</a>')).toBeGreaterThan(0);
    expect(publishedBy.indexOf('>w2</a>')).toBeLessThan(publishedBy.indexOf('>w1</a>'));
    expect(html).toContain('<li>feat/x</li>');
    expect(html).toContain('<li>prod</li>');
    // The verification of the content: provider version, status, build URL.
    expect(html).toContain('href="/pacticipants/Orders/versions/o9">o9</a>');
    expect(html).toContain('<span>Verified</span>');
    expect(html).toContain('href="https://ci.example/o9"');
    // The interaction as documentation.
    expect(html).toContain('<a href="#interaction-1">get an order</a>');
    expect(html).toContain('<code>GET /orders/7?expand=items</code>');
    expect(html).toContain('an order exists');
    expect(html).toContain('body.total: decimal');
    expect(html).toContain('&#34;total&#34;: 12.5');
    // Links: raw JSON, diff, matrix.
    expect(html).toContain('href="/pacts/provider/Orders/consumer/Web/version/w1?format=hal"');
    expect(html).toContain('href="/pacts/provider/Orders/consumer/Web/version/w1/diff/previous-distinct"');
    expect(html).toContain('href="/ui/matrix/provider/Orders/consumer/Web"');
  });

  it.each([
    ['/pacts/provider/Orders/consumer/Web/latest', 'w2'],
    ['/pacts/provider/Orders/consumer/Web/latest/prod', 'w1'],
    ['/pacts/provider/Orders/consumer/Web/branch/feat%2Fx/latest', 'w2'],
    ['/pacts/provider/Orders/consumer/Web/latest-untagged', null],
  ])('%s renders the page of its pact', async (url, version) => {
    const res = await api.get(url, { accept: BROWSER });
    if (version === null) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('<h1>Pact not found</h1>');
      return;
    }
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Pact of consumer version <a class="version" href="/pacticipants/Web/versions/${version}">${version}</a>`);
  });

  it('the permalink (pact-version) renders the page too', async () => {
    const res = await api.get(`/pacts/provider/Orders/consumer/Web/pact-version/${sha}`, { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('get an order');
  });

  it('a message pact shows its message contents and metadata', async () => {
    const res = await api.get('/pacts/provider/Events/consumer/Web/latest', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('an order created event');
    expect(res.body).toContain('<h4>Message</h4>');
    expect(res.body).toContain('<dt>topic</dt><dd>orders</dd>');
    expect(res.body).toContain('Not yet verified');
  });

  it('hostile names and contents are text, never markup', async () => {
    const res = await api.get(`/pacts/provider/Orders/consumer/${encodeURIComponent(EVIL)}/version/1`, { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script> desc');
    expect(res.body.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script|<img/);
  });

  it('unknown names give a 404 page, not a stack trace or JSON', async () => {
    for (const url of [
      '/pacts/provider/Nope/consumer/Web/latest',
      '/pacts/provider/Orders/consumer/Web/version/nope',
      '/pacts/provider/Orders/consumer/Web/pact-version/0000',
      `/pacts/provider/Orders/consumer/Web/latest/${encodeURIComponent(EVIL)}`,
    ]) {
      const res = await api.get(url, { accept: BROWSER });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
      expect(res.body).toContain('<h1>Pact not found</h1>');
      expect(res.body).not.toContain('<script>');
    }
  });
});

describe('API clients keep the HAL document', () => {
  it.each(['application/hal+json', 'application/json', '*/*', 'application/hal+json, application/json, */*;q=0.8'])('%s → the pact JSON', async (accept) => {
    const res = await api.get('/pacts/provider/Orders/consumer/Web/latest', { accept });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/(hal\+)?json;charset=utf-8$/);
    const body = res.json();
    expect(body.interactions[0].description).toBe('get an order');
    expect(body._links['pb:publish-verification-results']).toBeDefined();
  });

  it('?format=hal gives the JSON even to a browser, with X-Pact-Consumer-Version', async () => {
    const res = await api.get('/pacts/provider/Orders/consumer/Web/latest?format=hal', { accept: BROWSER });
    expect(hal(res, 200).consumer.name).toBe('Web');
    expect(res.headers['x-pact-consumer-version']).toBe('w2');
  });

  it('a .json URL is the JSON even to a browser', async () => {
    const res = await api.get('/pacts/provider/Orders/consumer/Web/latest.json', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.json().consumer.name).toBe('Web');
  });

  it('unknown pacts are still JSON 404s for API clients', async () => {
    const res = await api.get('/pacts/provider/Nope/consumer/Web/latest', { accept: 'application/hal+json' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
