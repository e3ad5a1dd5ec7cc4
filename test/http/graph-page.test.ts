// GET /ui/graph: the network graph page of a seeded estate (form, canvas hooks for graph.js, legend, table), a 404
// page for an unknown pacticipant, and the page CSP; graph.js itself is served from the assets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { vendorUrl } from '../../src/ui/vendor.js';
import { client } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const EVIL = '<script>alert("x")</script>';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  await testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'BFF', version: 'w1' })
    .verify({ consumer: 'Web', provider: 'BFF', consumerVersion: 'w1', providerVersion: 'b1', success: true })
    .publishPact({ consumer: 'BFF', provider: 'Orders', version: 'b1' })
    .verify({ consumer: 'BFF', provider: 'Orders', consumerVersion: 'b1', providerVersion: 'o1', success: false })
    .publishPact({ consumer: 'Orders', provider: 'Stock', version: 'o1' })
    .publishPact({ consumer: EVIL, provider: 'Orders', version: '1"><img src=x>' })
    .done();
  expect((await api.put('/pacticipants/Web/labels/frontend')).statusCode).toBeLessThan(300);
});
afterAll(async () => t?.close());

const page = async (url: string) => {
  const res = await api.get(url, { accept: BROWSER });
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
  return res;
};

describe('GET /ui/graph', () => {
  it('without a pacticipant: the whole estate, drawn from server positions, with a legend and a table', async () => {
    const res = await page('/ui/graph');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Network graph</h1>');
    expect(html).toContain('<a href="/ui/graph" aria-current="page">Network graph</a>');
    expect(html).toContain('<script type="module" src="/ui/assets/graph.js"></script>');
    expect(html).toContain('data-source="/integrations/graph"');
    expect(html).toContain('data-layout="preset"');
    expect(html).toContain(`data-cytoscape="${vendorUrl('cytoscape')}"`);
    expect(html).toContain(`data-dagre="${vendorUrl('cytoscapeDagre')}"`);
    expect(html).toContain('aria-label="Graph of 5 pacticipants and 4 integrations, the whole estate, consumer to provider.');
    // Legend: icon + text for each status.
    expect(html).toMatch(/id="graph-legend"[\s\S]*<span>Verified<\/span>[\s\S]*<span>Failed<\/span>[\s\S]*<span>Not yet verified<\/span>/);
    // The table: one row per integration, consumer → provider, with links onward.
    const table = html.slice(html.indexOf('id="graph-integrations"'));
    expect(table.match(/<tr>/g)).toHaveLength(1 + 4);
    expect(table).toContain('<th scope="row"><a href="/pacticipants/Web">Web</a></th><td><span aria-hidden="true">→ </span><a href="/pacticipants/BFF">BFF</a></td>');
    expect(table).toContain('<span>Verified</span><div>by <a class="version" href="/pacticipants/BFF/versions/b1">b1</a></div>');
    expect(table).toContain('<span>Failed</span>');
    expect(table).toContain('<a class="version" href="/pacts/provider/Stock/consumer/Orders/version/o1">o1</a>');
    // The form: names in a datalist, labels in a select, a GET submit.
    expect(html).toContain('<form id="graph-filter" class="filters" method="get" action="/ui/graph"');
    expect(html).toContain('<option value="Web"></option>');
    expect(html).toContain('<option value="frontend">frontend</option>');
    expect(html).toContain('<a href="/integrations/graph?format=dot">Download as Graphviz DOT</a>');
  });

  it('with a pacticipant: its neighbourhood, laid out in the browser', async () => {
    const res = await page('/ui/graph?pacticipant=Orders&depth=1');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Network graph: Orders</h1>');
    expect(html).toContain('data-source="/integrations/graph?pacticipant=Orders&depth=1"');
    expect(html).toContain('data-layout="dagre"');
    expect(html).toContain('data-centre="Orders"');
    expect(html).toContain('<input id="graph-pacticipant" type="text" name="pacticipant" value="Orders" list="graph-names"');
    expect(html).toContain('<option value="1" selected>1</option>');
    const table = html.slice(html.indexOf('id="graph-integrations"'));
    expect(table.match(/<tr>/g)).toHaveLength(1 + 3); // BFF → Orders, EVIL → Orders, Orders → Stock
    expect(table).not.toContain('/pacticipants/Web"');
  });

  it('filters by label: integrations touching a labelled pacticipant', async () => {
    const html = (await page('/ui/graph?label=frontend')).body;
    expect(html).toContain('data-source="/integrations/graph?label=frontend"');
    expect(html).toContain('<option value="frontend" selected>frontend</option>');
    expect(html.slice(html.indexOf('id="graph-integrations"')).match(/<tr>/g)).toHaveLength(1 + 1);
  });

  it('escapes hostile names everywhere (table, datalist, data- attributes, heading)', async () => {
    const html = (await page(`/ui/graph?pacticipant=${encodeURIComponent(EVIL)}`)).body;
    expect(html).toContain('<h1>Network graph: &lt;script>alert(&#34;x&#34;)&lt;/script></h1>');
    // Attributes are quoted with their quotes escaped: a name cannot leave one.
    expect(html).toContain('data-centre="<script>alert(&#34;x&#34;)</script>"');
    expect(html).toContain('data-source="/integrations/graph?pacticipant=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E&depth=1"');
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script>|<img/);
  });

  it('an unknown pacticipant is a 404 page, not a stack trace', async () => {
    const res = await page('/ui/graph?pacticipant=Nobody');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<h1>Pacticipant not found</h1>');
    expect(res.body).toContain('No pacticipant is named “Nobody”.');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('ignores odd query values (the whole estate, depth 1)', async () => {
    const html = (await page('/ui/graph?depth=99&label=')).body;
    expect(html).toContain('data-source="/integrations/graph"');
  });

  it('says so when there is nothing to draw', async () => {
    const html = (await page('/ui/graph?label=nobody-has-this')).body;
    expect(html).toContain('id="graph-empty"');
    expect(html).not.toContain('id="graph-canvas"');
  });
});

describe('graph.js', () => {
  it('is served from the assets as a module with no inline-code needs', async () => {
    const res = await api.get('/ui/assets/graph.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body).toContain("document.getElementById('graph-canvas')");
    expect(res.body).not.toMatch(/\beval\(|new Function|innerHTML/);
  });
});
