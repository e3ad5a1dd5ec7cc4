// GET /pacticipants/:name in a browser: the pacticipant page of a seeded estate, with the page CSP; a 404 page for
// unknown names; API clients keep the HAL resource.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const EVIL = '<script>alert(1)</script>';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  const td = testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w1', branch: 'main' })
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w2', branch: 'main', tags: ['prod'], interactions: ['changed'] })
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w2', providerVersion: 'o7', success: false })
    .publishPact({ consumer: 'Mobile', provider: 'Web', version: 'm1' })
    .verify({ consumer: 'Mobile', provider: 'Web', consumerVersion: 'm1', providerVersion: 'w2', success: true })
    .publishPact({ consumer: EVIL, provider: 'Web', version: '1"><img src=x>' })
    .recordDeployment({ pacticipant: 'Web', version: 'w1', environment: 'production', applicationInstance: 'eu-1' })
    .recordRelease({ pacticipant: 'Web', version: 'w2', environment: 'production' });
  for (let i = 0; i < 25; i++) td.createVersion('Many', `v${String(i).padStart(2, '0')}`);
  await td.done();
  expect((await api.patch('/pacticipants/Web', { team: 'Storefront <team>', contact: '#web "chat"', repositoryUrl: 'https://git.example/web' })).statusCode).toBe(200);
  expect((await api.put('/pacticipants/Web/labels/frontend')).statusCode).toBe(201);
  const hook = (extra: object) => ({ events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://ci.example/x' }, ...extra });
  expect((await api.post('/webhooks', hook({ description: 'Build Orders', provider: { name: 'Orders' }, consumer: { name: 'Web' } }))).statusCode).toBe(201);
  expect((await api.post('/webhooks', hook({ description: 'Unrelated', provider: { name: 'Mobile' } }))).statusCode).toBe(201);
  expect((await api.post('/webhooks', hook({ description: 'Everything' }))).statusCode).toBe(201);
});
afterAll(async () => t?.close());

describe('GET /pacticipants/:name in a browser', () => {
  it('shows details, integrations both ways, environments, versions and webhooks, with the page CSP', async () => {
    const res = await api.get('/pacticipants/Web', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    const html = res.body;
    expect(html).toContain('<h1>Web</h1>');
    expect(html).toContain('<dt>Team</dt><dd><span>Storefront &lt;team></span></dd>');
    expect(html).toContain('<span>#web &#34;chat&#34;</span>');
    expect(html).toContain('<a href="https://git.example/web" rel="noopener noreferrer">https://git.example/web</a>');
    expect(html).toContain('<dt>Main branch</dt><dd><span>main</span></dd>');
    expect(html).toContain('<li>frontend</li>');
    // As consumer: Web → Orders, latest pact w2 failed by o7; as provider: Mobile and the hostile consumer.
    expect(html).toContain('<a class="version" href="/pacts/provider/Orders/consumer/Web/version/w2">w2</a>');
    expect(html).toMatch(/id="as-consumer"[\s\S]*Orders[\s\S]*<span>Failed<\/span>[\s\S]*id="as-provider"/);
    expect(html).toContain('<a href="/ui/matrix/provider/Orders/consumer/Web">Matrix Web → Orders</a>');
    expect(html).toMatch(/id="as-provider"[\s\S]*<a href="\/pacticipants\/Mobile">Mobile<\/a>[\s\S]*<span>Verified<\/span>/);
    expect(html).toContain('[![Web → Orders pact status](http://localhost:80/pacts/provider/Orders/consumer/Web/latest/badge)](http://localhost:80/pacts/provider/Orders/consumer/Web/latest)');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    // Environments: deployed w1 on instance eu-1, released w2.
    expect(html).toMatch(/<th scope="row">production<\/th><td><ul class="placements"><li><a class="version" href="\/pacticipants\/Web\/versions\/w1">w1<\/a><span class="muted"> \(instance eu-1\)<\/span>/);
    expect(html).toContain('href="/pacticipants/Web/versions/w2">w2</a> <span class="muted">since');
    // Versions newest first with branches and tags.
    expect(html.indexOf('versions/w2">w2</a></th>')).toBeLessThan(html.indexOf('versions/w1">w1</a></th>'));
    expect(html).toMatch(/versions\/w2">w2<\/a><\/th><td><ul class="branches" aria-label="Branches"><li>main<\/li><\/ul><\/td><td><ul class="tags" aria-label="Tags"><li>prod<\/li>/);
    // Webhooks naming Web, and the global one; not Mobile's.
    expect(html).toContain('Build Orders');
    expect(html).toContain('Everything');
    expect(html).not.toContain('Unrelated');
    // Onward links.
    expect(html).toContain('href="/ui/pacticipants/Web/interactions"');
    expect(html).toContain('href="/ui/can-i-deploy?pacticipant=Web"');
    expect(html).toContain('href="/ui/graph?pacticipant=Web"');
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script>|<img/);
  });

  it('pages the versions newest first', async () => {
    const first = await api.get('/pacticipants/Many', { accept: BROWSER });
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain('versions/v24">v24</a>');
    expect(first.body).not.toContain('versions/v04">v04</a>');
    expect(first.body).toContain('href="/pacticipants/Many?page=2#versions" rel="next"');
    const second = await api.get('/pacticipants/Many?page=2', { accept: BROWSER });
    expect(second.body).toContain('Page 2 of 2');
    expect(second.body).toContain('versions/v00">v00</a>');
    expect(second.body).not.toContain('versions/v24">v24</a>');
  });

  it('answers an unknown name with a 404 page, not a stack trace', async () => {
    const res = await api.get(`/pacticipants/${encodeURIComponent(EVIL + 'x')}`, { accept: BROWSER });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    expect(res.body).toContain('<h1>Pacticipant not found</h1>');
    expect(res.body).toContain('&lt;script>');
    expect(res.body).not.toContain('at ');
  });

  it('keeps HAL for API clients and ?format=hal', async () => {
    expect(hal(await api.get('/pacticipants/Web'), 200).team).toBe('Storefront <team>');
    expect(hal(await api.get('/pacticipants/Web?format=hal', { accept: BROWSER }), 200).name).toBe('Web');
  });
});
