// Search across pact contents: the /ui/search page and GET /search/pacts over the latest pact of each integration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const EVIL = '<script>alert(1)</script>';

const orderPact = (consumer: string, field: string) => ({
  consumer: { name: consumer },
  provider: { name: 'Orders' },
  interactions: [
    { description: 'list orders', request: { method: 'GET', path: '/orders' }, response: { status: 200, body: { items: [{ id: 1, [field]: 3 }] } } },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  const publish = (consumer: string, version: string, document: object) =>
    t.container.services.pacts.publishContracts({
      pacticipantName: consumer,
      pacticipantVersionNumber: version,
      tags: [],
      contracts: [{ consumerName: consumer, providerName: 'Orders', document: document as never, onConflict: 'overwrite' }],
    });
  await publish('Web', 'w1', orderPact('Web', 'total'));
  await publish('Mobile', 'm1', orderPact('Mobile', 'total'));
  await publish('Mobile', 'm2', orderPact('Mobile', 'amount')); // the latest pact of Mobile no longer uses `total`
  await publish(EVIL, '1', orderPact(EVIL, 'total'));
});
afterAll(async () => t?.close());

describe('GET /ui/search', () => {
  it('without a term shows the form, with the page CSP', async () => {
    const res = await api.get('/ui/search', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    expect(res.body).toContain('<h1>Search pacts</h1>');
    expect(res.body).toContain('at most 500 integrations');
  });

  it('finds which consumers use a field in their latest pact, with links to the interaction', async () => {
    const res = await api.get('/ui/search?q=total', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('2 matches in 2 integrations · searched the latest pact of 3 integrations');
    expect(html).toContain('<a href="/pacticipants/Web">Web</a>');
    expect(html).toContain('href="/pacts/provider/Orders/consumer/Web/version/w1#interaction-1">list orders</a>');
    expect(html).toContain('<code>response.body.items[].total</code>');
    expect(html).not.toContain('>Mobile</a>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script|<img/);
  });

  it('a short or odd term shows the form without searching', async () => {
    for (const q of ['t', '', '%00x']) {
      const res = await api.get(`/ui/search?q=${q}`, { accept: BROWSER });
      expect(res.statusCode, q).toBeLessThan(500);
    }
    expect((await api.get('/ui/search?q=t', { accept: BROWSER })).body).not.toContain('search-summary');
  });
});

describe('GET /search/pacts', () => {
  it('returns the matches as JSON, grouped by integration', async () => {
    const body = hal(await api.get('/search/pacts?q=amount', { accept: 'application/hal+json' }), 200);
    expect(body).toMatchObject({ term: 'amount', matches: 1, scanned: 3, truncated: false, limits: { pacts: 500, matches: 200 } });
    expect(body.results).toHaveLength(1);
    expect(body.results[0]).toMatchObject({
      consumer: { name: 'Mobile' },
      provider: { name: 'Orders' },
      consumerVersion: { number: 'm2' },
      interactions: [{ description: 'list orders', anchor: 'interaction-1', matches: [{ kind: 'field', location: 'response.body.items[].amount', text: 'amount' }] }],
    });
    expect(body.results[0]._links['pb:pact-version'].href).toMatch(/\/pacts\/provider\/Orders\/consumer\/Mobile\/version\/m2$/);
  });

  it('needs a term of at least two characters', async () => {
    expect((await api.get('/search/pacts')).statusCode).toBe(400);
    expect((await api.get('/search/pacts?q=a')).statusCode).toBe(400);
  });
});
