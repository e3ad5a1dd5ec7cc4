// /ui/pacticipants/:name/interactions: every interaction a pacticipant takes part in, from the latest pact of each
// integration, for pact specifications v1–v4 and message pacts; a text filter; a 404 page for unknown names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { client } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const EVIL = '<script>alert(1)</script>';

const v1 = {
  consumer: { name: 'Web' },
  provider: { name: 'Orders' },
  interactions: [{ description: 'get an order', provider_state: 'order 1 exists', request: { method: 'get', path: '/orders/1' }, response: { status: 200 } }],
  metadata: { pactSpecification: { version: '1.0.0' } },
};
const v3Messages = {
  consumer: { name: 'Billing' },
  provider: { name: 'Web' },
  messages: [{ description: 'an order placed event', providerStates: [{ name: 'an order was placed', params: { id: 1 } }], contents: { id: 1 } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};
const v4 = {
  consumer: { name: 'Web' },
  provider: { name: 'Payments' },
  interactions: [
    { type: 'Synchronous/HTTP', description: 'take a payment', providerStates: [{ name: 'card ok' }, { name: EVIL }], request: { method: 'POST', path: '/payments' }, response: { status: 201 } },
    { type: 'Asynchronous/Messages', description: 'payment taken event', contents: { content: {} } },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
};

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  await testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'Search', version: 'old', interactions: ['superseded one'] })
    .publishPact({ consumer: 'Web', provider: 'Search', version: 'w2', interactions: ['find things'] })
    .publishPactDocument({ consumer: 'Web', provider: 'Orders', version: 'w2', document: v1 })
    .publishPactDocument({ consumer: 'Billing', provider: 'Web', version: 'b1', document: v3Messages })
    .publishPactDocument({ consumer: 'Web', provider: 'Payments', version: 'w2', document: v4 })
    .publishPact({ consumer: 'Other', provider: 'Else', version: 'x1', interactions: ['not mine'] })
    .done();
});
afterAll(async () => t?.close());

const page = (path: string) => api.get(path, { accept: BROWSER });

describe('GET /ui/pacticipants/:name/interactions', () => {
  it('lists the latest pact of each integration both ways, for v1–v4 and message pacts', async () => {
    const res = await page('/ui/pacticipants/Web/interactions');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    const html = res.body;
    expect(html).toContain('<h1>Interactions of Web</h1>');
    expect(html).toContain('5 interactions in 4 integrations');
    // Grouped consumer → provider, sorted; Billing → Web shows Web as provider.
    const order = ['Billing</a> <span aria-label="to">→</span> <a href="/pacticipants/Web">Web', '>Web</a> <span aria-label="to">→</span> <a href="/pacticipants/Orders">', '/pacticipants/Payments">Payments', '/pacticipants/Search">Search'];
    const positions = order.map((s) => html.indexOf(s));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // v1: provider_state, method upper-cased.
    expect(html).toContain('<th scope="row">get an order</th><td><ul class="states"><li>order 1 exists</li></ul></td><td>HTTP</td><td><code>GET /orders/1</code></td><td>200</td>');
    // v3 message pact.
    expect(html).toContain('<th scope="row">an order placed event</th><td><ul class="states"><li>an order was placed</li></ul></td><td>Message</td>');
    // v4: HTTP and message interactions.
    expect(html).toContain('<li>card ok</li><li>&lt;script>alert(1)&lt;/script></li>');
    expect(html).toContain('<td>Synchronous/HTTP</td><td><code>POST /payments</code></td><td>201</td>');
    expect(html).toContain('<th scope="row">payment taken event</th>');
    // Only the latest pact; links to the pact page.
    expect(html).toContain('find things');
    expect(html).not.toContain('superseded one');
    expect(html).not.toContain('not mine');
    expect(html).toContain('href="/pacts/provider/Orders/consumer/Web/version/w2"');
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script>/);
  });

  it('filters by text across descriptions, states, requests and names', async () => {
    const byState = (await page('/ui/pacticipants/Web/interactions?q=CARD')).body;
    expect(byState).toContain('1 of 5 interactions match');
    expect(byState).toContain('take a payment');
    expect(byState).not.toContain('find things');
    expect(byState).toContain('value="CARD"');
    const byPath = (await page('/ui/pacticipants/Web/interactions?q=%2Forders')).body;
    expect(byPath).toContain('get an order');
    expect(byPath).toContain('1 of 5 interactions match');
    expect((await page('/ui/pacticipants/Web/interactions?q=nothing-like-this')).body).toContain('No interaction matches the filter.');
  });

  it('answers an unknown pacticipant with a 404 page', async () => {
    const res = await page(`/ui/pacticipants/${encodeURIComponent(EVIL)}/interactions`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<h1>Pacticipant not found</h1>');
    expect(res.body).not.toContain('<script>alert');
  });
});
