// GET / for a browser: the dashboard page of a seeded estate, with the page CSP; API clients keep the HAL index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { vendorUrl } from '../../src/ui/vendor.js';
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
  await testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w1', branch: 'main' })
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w2', branch: 'main', interactions: ['a changed one'] })
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w2', providerVersion: 'o7', success: false })
    .publishPact({ consumer: 'Web', provider: 'Billing', version: 'w2', branch: 'main' })
    .verify({ consumer: 'Web', provider: 'Billing', consumerVersion: 'w2', providerVersion: 'b3', success: true })
    .publishPact({ consumer: EVIL, provider: 'Orders', version: '1"><img src=x>' })
    .recordDeployment({ pacticipant: 'Web', version: 'w1', environment: 'production' })
    .recordRelease({ pacticipant: 'Orders', version: 'o7', environment: 'production' })
    .done();
  expect((await api.put('/pacticipants/Billing/labels/team-money')).statusCode).toBeLessThan(300);
});
afterAll(async () => t?.close());

describe('GET / in a browser', () => {
  it('is the dashboard: one row per integration, consumer → provider, with the page CSP', async () => {
    const res = await api.get('/', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    expect(res.headers['content-security-policy']).toContain("script-src 'self';style-src 'self';img-src 'self' data:");
    expect(res.headers['content-security-policy']).not.toContain('unsafe');
    expect(res.headers.vary).toBe('Accept, HX-Request');
    const html = res.body;
    expect(html.match(/<tr>/g)).toHaveLength(3 + 1); // header row + three integrations
    expect(html).toContain('3 of 3 integrations');
    // Web → Orders: the latest pact (w2, changed), failed by o7; Web deployed w1, Orders released o7.
    expect(html).toContain('<a href="/pacticipants/Web">Web</a>');
    expect(html).toContain('href="/pacts/provider/Orders/consumer/Web/version/w2">w2</a><span class="tag changed">changed</span>');
    const toMatrix = '<span class="visually-hidden"> (compatibility matrix)</span></a>';
    expect(html).toContain(`<span>Failed</span>${toMatrix}<div>by <a class="version" href="/pacticipants/Orders/versions/o7">o7</a>`);
    expect(html).toContain(`<span>Verified</span>${toMatrix}<div>by <a class="version" href="/pacticipants/Billing/versions/b3">b3</a>`);
    // The verification status links to the integration's matrix page.
    expect(html).toContain('<a class="status-link" href="/ui/matrix/provider/Orders/consumer/Web" title="Compatibility matrix">');
    expect(html).toContain('<a class="status-link" href="/ui/matrix/provider/Billing/consumer/Web" title="Compatibility matrix">');
    expect(html).toContain('<span class="env">production</span> <span class="version">w1</span> <span class="muted">deployed</span>');
    expect(html).toContain('<span class="env">production</span> <span class="version">o7</span> <span class="muted">released</span>');
    expect(html).toContain('<span>Not yet verified</span>');
    // The hostile consumer is text, never markup.
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    // Apart from the htmx module (loaded by URL), no script or image tag: the hostile names are text.
    expect(html.replace(`<script type="module" src="${vendorUrl('htmx')}"></script>`, '').replace(/="[^"]*"/g, '=""')).not.toMatch(/<script|<img/);
  });

  it('filters by text and by label before it pages', async () => {
    const byText = await api.get('/?q=bill', { accept: BROWSER });
    expect(byText.body).toContain('1 of 3 integrations');
    const byLabel = await api.get('/?label=team-money', { accept: BROWSER });
    expect(byLabel.body).toContain('1 of 3 integrations');
    expect(byLabel.body).toContain('<a href="/pacticipants/Billing">Billing</a>');
    const paged = await api.get('/?size=25&page=9', { accept: BROWSER });
    expect(paged.body).toContain('page 1 of 1');
  });

  it('keeps only integrations with a side deployed or released, optionally in one environment, before paging', async () => {
    // Web is deployed to production (Web → Orders, Web → Billing); Orders is released there (also the hostile one).
    const deployed = await api.get('/?deployed=1', { accept: BROWSER });
    expect(deployed.body).toContain('3 of 3 integrations');
    await testDataBuilder(t.container.services).publishPact({ consumer: 'Lonely', provider: 'Nobody', version: 'l1' }).done();
    expect((await api.get('/?deployed=1', { accept: BROWSER })).body).toContain('3 of 4 integrations');
    expect((await api.get('/?deployed=1&environment=test', { accept: BROWSER })).body).toContain('0 of 4 integrations');
    const page = (await api.get('/?deployed=1&environment=production', { accept: BROWSER })).body;
    expect(page).toContain('3 of 4 integrations');
    expect(page).toContain('<input type="checkbox" name="deployed" value="1" checked/>');
    expect(page).toContain('<option value="production" selected>production</option>');
  });

  it('suggests pacticipant names for the text filter', async () => {
    const html = (await api.get('/', { accept: BROWSER })).body;
    expect(html).toContain('list="pacticipant-names"');
    expect(html).toMatch(/<datalist id="pacticipant-names">(<option value="[^"]*"><\/option>)+<\/datalist>/);
    expect(html).toContain('<option value="Billing"></option>');
  });

  it('answers htmx with the results region only, the same URL for a full page otherwise', async () => {
    const res = await api.get('/?q=bill', { accept: 'text/html', 'hx-request': 'true', 'hx-request-type': 'partial' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    expect(res.headers.vary).toBe('Accept, HX-Request');
    expect(res.body.startsWith('<div id="dashboard-results"><p class="summary" role="status">1 of ')).toBe(true);
    expect(res.body).not.toContain('<html');
    const whole: Array<Record<string, string>> = [{ 'hx-request': 'true', 'hx-history-restore-request': 'true' }, { 'hx-request': 'true', 'hx-request-type': 'full' }, {}];
    for (const headers of whole) {
      expect((await api.get('/?q=bill', { accept: 'text/html', ...headers })).body.startsWith('<!doctype html>')).toBe(true);
    }
  });

  it('loads htmx by URL, configured not to inject styles', async () => {
    const html = (await api.get('/', { accept: BROWSER })).body;
    expect(html).toContain(`<script type="module" src="${vendorUrl('htmx')}"></script>`);
    expect(html).toContain('<meta name="htmx-config" content="includeIndicatorCSS:false"/>');
    expect(html).toContain('hx-get="/" hx-trigger="submit, input delay:300ms, change" hx-target="#dashboard-results"');
    expect(html).not.toContain('hx-on');
  });

  it('?format=hal gives the HAL index even to a browser', async () => {
    const body = hal(await api.get('/?format=hal', { accept: BROWSER }), 200);
    expect(body._links['pb:pacticipants']).toBeDefined();
  });
});

describe('GET / for API clients is unchanged', () => {
  it.each(['application/hal+json', 'application/hal+json, application/json', '*/*', 'application/json, text/html;q=0.5'])('%s → HAL', async (accept) => {
    const res = await api.get('/', { accept });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/(hal\+)?json;charset=utf-8$/);
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    expect(JSON.parse(res.body)._links['pb:latest-pact-versions']).toBeDefined();
  });
});

describe('static assets', () => {
  it('serves the stylesheet from the repository with a short cache', async () => {
    const res = await api.get('/ui/assets/treaty.css');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body).toContain('prefers-color-scheme: dark');
  });

  it('serves nothing outside the assets folder', async () => {
    for (const url of ['/ui/assets/../layout.tsx', '/ui/assets/%2e%2e/layout.tsx', '/ui/assets/', '/ui/assets/missing.css']) {
      expect((await api.get(url)).statusCode, url).toBe(404);
    }
  });
});

describe('vendor files', () => {
  it('serves the listed browser libraries from their npm packages, versioned and cached for a year', async () => {
    for (const name of ['htmx', 'cytoscape', 'cytoscapeDagre'] as const) {
      const url = vendorUrl(name);
      expect(url).toMatch(/^\/ui\/vendor\/[a-z.-]+@\d+\.\d+\.\d+\/[\w.-]+\.m?js$/);
      const res = await api.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.body).not.toMatch(/^import .* from ['"][^./]/m); // self-contained: no bare imports
    }
  });

  it('serves nothing else from node_modules', async () => {
    const htmx = vendorUrl('htmx');
    for (const url of ['/ui/vendor/htmx.org@0.0.0/htmx.esm.min.js', `${htmx}/../package.json`, '/ui/vendor/fastify@5.0.0/fastify.js', '/ui/vendor/']) {
      expect((await api.get(url)).statusCode, url).toBe(404);
    }
  });
});
