// The matrix page of an integration and its cell pages, for a seeded estate: the grid (newest first both ways), the
// four cell states, filters before paging, 404 pages for unknown names, the cell's results, pact link and diff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { client } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const EVIL = '<script>alert(1)</script>';
const PAGE = '/ui/matrix/provider/Orders/consumer/Web';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  const td = testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w1', branch: 'main' })
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w2', branch: 'main', tags: ['prod'], interactions: ['a changed one'] })
    .publishPact({ consumer: 'Web', provider: 'Billing', version: 'w3', branch: 'feat' })
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w1', providerVersion: 'o1', success: true, branch: 'main', buildUrl: 'https://ci.example/build/1', testResults: { summary: { testCount: 4, failureCount: 0 } } })
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w2', providerVersion: 'o2', success: false, branch: 'main', buildUrl: 'javascript:alert(1)' })
    .recordDeployment({ pacticipant: 'Orders', version: 'o1', environment: 'production' })
    .recordDeployment({ pacticipant: 'Web', version: 'w1', environment: 'production' })
    .publishPact({ consumer: EVIL, provider: 'Orders', version: '1"><img src=x>' });
  // Four more Orders versions that verified nothing (o3..o6): columns of "unverified" and a second provider page.
  for (const n of [3, 4, 5, 6]) td.createVersion('Orders', `o${n}`, { branch: 'feat' });
  await td.done();
});
afterAll(async () => t?.close());

/** "consumerVersion×providerVersion" → state, from the cell links of the grid. */
function cells(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<td class="cell cell-([a-z-]+)"><a href="[^"]*\?consumerVersion=([^&"]*)&providerVersion=([^"]*)"/g)) {
    out[`${decodeURIComponent(m[2]!)}×${decodeURIComponent(m[3]!)}`] = m[1]!;
  }
  return out;
}
const rowOrder = (html: string) => [...html.matchAll(/<th scope="row" class="version-head"><a class="version" href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);
const columnOrder = (html: string) => [...html.matchAll(/<th scope="col" class="version-head"><a class="version" href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]);

describe('GET /ui/matrix/provider/:p/consumer/:c', () => {
  it('is a grid of consumer versions × provider versions, newest first, with the page CSP', async () => {
    const res = await api.get(PAGE);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    const html = res.body;
    expect(rowOrder(html)).toEqual(['w3', 'w2', 'w1']);
    expect(columnOrder(html)).toEqual(['o6', 'o5', 'o4', 'o3', 'o2', 'o1']);
    const grid = cells(html);
    expect(grid['w1×o1']).toBe('verified');
    expect(grid['w2×o2']).toBe('failed');
    expect(grid['w2×o1']).toBe('unverified'); // w2's content differs from w1's: o1 never verified it
    expect(grid['w1×o2']).toBe('unverified');
    expect(grid['w3×o1']).toBe('not-applicable'); // w3 has no pact with Orders
    expect(Object.keys(grid)).toHaveLength(18);
    // Icon and word, and the headers of a real table.
    expect(html).toContain('<span class="icon" aria-hidden="true">✓</span> <span class="cell-text">Verified</span>');
    expect(html).toContain('<span class="icon" aria-hidden="true">✗</span> <span class="cell-text">Failed</span>');
    expect(html).toContain('<th scope="col" class="corner">');
    // Branch, tag and environment chips on the headers; the pact link of a consumer version with a pact.
    expect(html).toMatch(/<span class="visually-hidden">tag <\/span><span>prod<\/span>/);
    expect(html).toMatch(/<span class="visually-hidden">environment <\/span><span>production<\/span>/);
    expect(html).toContain('href="/pacts/provider/Orders/consumer/Web/version/w2">pact</a>');
  });

  it('filters each side before paging it', async () => {
    const main = await api.get(`${PAGE}?cbranch=main&penv=production`);
    expect(rowOrder(main.body)).toEqual(['w2', 'w1']);
    expect(columnOrder(main.body)).toEqual(['o1']);
    expect(main.body).toContain('value="main"');

    const tagged = await api.get(`${PAGE}?ctag=prod&pbranch=main`);
    expect(rowOrder(tagged.body)).toEqual(['w2']);
    expect(columnOrder(tagged.body)).toEqual(['o2', 'o1']);

    const deployed = await api.get(`${PAGE}?cenv=production`);
    expect(rowOrder(deployed.body)).toEqual(['w1']);

    const integrated = await api.get(`${PAGE}?conly=1&ponly=1`);
    expect(rowOrder(integrated.body)).toEqual(['w2', 'w1']);
    expect(columnOrder(integrated.body)).toEqual(['o2', 'o1']);

    const none = await api.get(`${PAGE}?cbranch=nope`);
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('No versions match the filters');
  });

  it('pages both ways, keeping the filters in the pager links', async () => {
    const first = await api.get(`${PAGE}?psize=5&csize=10&cbranch=main`);
    expect(columnOrder(first.body)).toEqual(['o6', 'o5', 'o4', 'o3', 'o2']);
    expect(first.body).toContain(`href="${PAGE}?cbranch=main&csize=10&psize=5&ppage=2" rel="next"`);
    const second = await api.get(`${PAGE}?psize=5&ppage=2&cbranch=main`);
    expect(columnOrder(second.body)).toEqual(['o1']);
    expect(second.body).toContain(`href="${PAGE}?cbranch=main&psize=5" rel="prev"`);
    // Sizes outside the offered ones fall back to the default; pages past the end are empty, not errors.
    expect(columnOrder((await api.get(`${PAGE}?psize=100000`)).body)).toHaveLength(6);
    const past = await api.get(`${PAGE}?cpage=99`);
    expect(past.statusCode).toBe(200);
    expect(past.body).toContain('There are no versions to show on this page');
  });

  it('loads cells into a panel with a small module script of its own (no inline code); without it cells are links', async () => {
    const html = (await api.get(PAGE)).body;
    expect(html).toContain('<script type="module" src="/ui/assets/matrix-panel.js"></script>');
    expect(html).toContain('<aside id="cell-panel" class="cell-panel" aria-labelledby="cell-panel-title" hidden>');
    const script = await api.get('/ui/assets/matrix-panel.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(script.body).toContain("getElementById('cell-content')");
    expect(script.body).not.toMatch(/\beval\(|new Function|innerHTML|\.style\b/);
    // The cell page marks the part the panel shows.
    expect((await api.get(`${PAGE}/cell?consumerVersion=w1&providerVersion=o1`)).body).toContain('<div id="cell-content">');
  });

  it('escapes hostile names and versions', async () => {
    const res = await api.get(`/ui/matrix/provider/Orders/consumer/${encodeURIComponent(EVIL)}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(res.body.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script>|<img/);
  });

  it('answers unknown pacticipants and a missing integration with the 404 page', async () => {
    for (const url of ['/ui/matrix/provider/Nobody/consumer/Web', '/ui/matrix/provider/Orders/consumer/Nobody', '/ui/matrix/provider/Web/consumer/Orders', '/ui/matrix/provider/Billing/consumer/Orders']) {
      const res = await api.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
      expect(res.body).toContain('<h1>Integration not found</h1>');
      expect(res.body).not.toMatch(/at \w+ \(|stack/i);
    }
  });
});

describe('GET /ui/matrix/provider/:p/consumer/:c/cell', () => {
  const cell = (cv: string, pv: string) => `${PAGE}/cell?consumerVersion=${encodeURIComponent(cv)}&providerVersion=${encodeURIComponent(pv)}`;

  it('shows a verified cell: the result with its build URL and test summary, the pact link, the provider branch', async () => {
    const res = await api.get(cell('w1', 'o1'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    const html = res.body;
    expect(html).toContain('<h1>Web w1 with Orders o1</h1>');
    expect(html).toMatch(/id="cell-state"><span class="icon" aria-hidden="true">✓<\/span> <strong>Verified<\/strong>/);
    expect(html).toContain('<a href="https://ci.example/build/1" rel="noopener noreferrer" class="build-url">https://ci.example/build/1</a>');
    expect(html).toContain('<span>4 tests, 0 failed</span>');
    expect(html).toContain('<li class="chip">branch main</li>');
    expect(html).toContain('href="/pacts/provider/Orders/consumer/Web/version/w1" id="cell-pact"');
    expect(html).toMatch(/href="\/pacts\/provider\/Orders\/consumer\/Web\/pact-version\/[0-9a-f]+\/verification-results\/\d+">result \d+<\/a>/);
    expect(html).toContain('This is the first pact with this content');
  });

  it('shows a failed cell with a non-http build URL as text, and the diff against the previous distinct pact', async () => {
    const html = (await api.get(cell('w2', 'o2'))).body;
    expect(html).toContain('<strong>Failed</strong>');
    expect(html).toContain('<span class="build-url">javascript:alert(1)</span>');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('Compared with the pact of consumer version <a class="version" href="/pacts/provider/Orders/consumer/Web/version/w1">w1</a>');
    expect(html).toMatch(/<span class="diff-line diff-heading">Interactions: /);
    expect(html).toMatch(/<span class="diff-line diff-add">\+/);
  });

  it('shows unverified and not-applicable cells', async () => {
    const unverified = (await api.get(cell('w2', 'o1'))).body;
    expect(unverified).toContain('<strong>Unverified</strong>');
    expect(unverified).toContain('No results from this provider version for this pact.');
    const na = (await api.get(cell('w3', 'o1'))).body;
    expect(na).toContain('<strong>No pact</strong>');
    expect(na).toContain('No pact, so no diff.');
  });

  it('answers unknown versions, pacticipants and missing parameters with the 404 page', async () => {
    for (const url of [cell('w9', 'o1'), cell('w1', 'o9'), '/ui/matrix/provider/Nobody/consumer/Web/cell?consumerVersion=w1&providerVersion=o1', `${PAGE}/cell`, `${PAGE}/cell?consumerVersion=w1`]) {
      const res = await api.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('Matrix cell not found');
    }
  });
});
