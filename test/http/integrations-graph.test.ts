// GET /integrations/graph: the estate as JSON (with ELK positions for the whole estate) and as Graphviz DOT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, errorBody, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const EVIL = '<script>"x"\\</script>';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  // Web → BFF → Orders → Stock; Mobile → BFF; EVIL → Orders (never verified); Loner has no integration.
  await testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'BFF', version: 'w1' })
    .verify({ consumer: 'Web', provider: 'BFF', consumerVersion: 'w1', providerVersion: 'b1', success: true })
    .publishPact({ consumer: 'Mobile', provider: 'BFF', version: 'm1' })
    .verify({ consumer: 'Mobile', provider: 'BFF', consumerVersion: 'm1', providerVersion: 'b1', success: false })
    .publishPact({ consumer: 'BFF', provider: 'Orders', version: 'b1' })
    .publishPact({ consumer: 'Orders', provider: 'Stock', version: 'o1' })
    .publishPact({ consumer: EVIL, provider: 'Orders', version: '1"><img src=x>' })
    .createVersion('Loner', '1')
    .done();
  for (const name of ['Web', 'Mobile']) expect((await api.put(`/pacticipants/${name}/labels/frontend`)).statusCode).toBeLessThan(300);
});
afterAll(async () => t?.close());

const pairs = (body: { edges: Array<{ consumer: string; provider: string }> }) => body.edges.map((e) => `${e.consumer}->${e.provider}`);
const names = (body: { nodes: Array<{ name: string }> }) => body.nodes.map((n) => n.name);

describe('GET /integrations/graph (JSON)', () => {
  it('is the whole estate with positions, edges coloured by the latest verification', async () => {
    const body = hal(await api.get('/integrations/graph'), 200);
    expect(names(body)).toEqual([EVIL, 'BFF', 'Mobile', 'Orders', 'Stock', 'Web']);
    expect(pairs(body)).toEqual([`${EVIL}->Orders`, 'BFF->Orders', 'Mobile->BFF', 'Orders->Stock', 'Web->BFF']);
    const web = body.nodes.find((n: { name: string }) => n.name === 'Web');
    expect(web).toMatchObject({ name: 'Web', labels: ['frontend'], href: 'http://localhost:80/pacticipants/Web', position: { x: expect.any(Number), y: expect.any(Number) } });
    const byPair = Object.fromEntries(body.edges.map((e: { consumer: string; provider: string }) => [`${e.consumer}->${e.provider}`, e]));
    expect(byPair['Web->BFF']).toMatchObject({
      status: 'verified',
      latestPact: { consumerVersion: 'w1', href: 'http://localhost:80/pacts/provider/BFF/consumer/Web/latest' },
      latestVerification: { providerVersion: 'b1' },
    });
    expect(byPair['Mobile->BFF'].status).toBe('failed');
    expect(byPair['BFF->Orders']).toMatchObject({ status: 'unverified', latestVerification: null });
    // Consumers are laid out left of their providers.
    const x = (name: string) => body.nodes.find((n: { name: string }) => n.name === name).position.x;
    expect(x('Web')).toBeLessThan(x('BFF'));
    expect(x('BFF')).toBeLessThan(x('Orders'));
    expect(body._links['pb:dot'].href).toBe('http://localhost:80/integrations/graph?format=dot');
  });

  it('label: the integrations touching a labelled pacticipant, with both ends', async () => {
    const body = hal(await api.get('/integrations/graph?label=frontend'), 200);
    expect(pairs(body)).toEqual(['Mobile->BFF', 'Web->BFF']);
    expect(names(body)).toEqual(['BFF', 'Mobile', 'Web']);
    expect(body.filter).toEqual({ label: 'frontend', pacticipant: null, depth: null });
  });

  it('pacticipant + depth: the neighbourhood either way, without positions unless asked', async () => {
    const one = hal(await api.get('/integrations/graph?pacticipant=BFF'), 200);
    expect(names(one)).toEqual(['BFF', 'Mobile', 'Orders', 'Web']);
    expect(pairs(one)).toEqual(['BFF->Orders', 'Mobile->BFF', 'Web->BFF']);
    expect(one.nodes[0].position).toBeUndefined();
    expect(one.filter).toEqual({ label: null, pacticipant: 'BFF', depth: 1 });
    const two = hal(await api.get('/integrations/graph?pacticipant=BFF&depth=2&layout=true'), 200);
    expect(names(two)).toEqual([EVIL, 'BFF', 'Mobile', 'Orders', 'Stock', 'Web']);
    expect(two.nodes.every((n: { position?: unknown }) => n.position)).toBe(true);
    const evil = hal(await api.get(`/integrations/graph?pacticipant=${encodeURIComponent(EVIL)}`), 200);
    expect(names(evil)).toEqual([EVIL, 'Orders']);
  });

  it('a pacticipant without integrations is a graph of itself; an unknown one is a 404', async () => {
    const loner = hal(await api.get('/integrations/graph?pacticipant=Loner'), 200);
    expect(loner.nodes).toEqual([{ name: 'Loner', labels: [], href: 'http://localhost:80/pacticipants/Loner' }]);
    expect(loner.edges).toEqual([]);
    const missing = errorBody(await api.get('/integrations/graph?pacticipant=Nobody'), 404);
    expect(missing.detail ?? missing.title).toContain("No pacticipant with name 'Nobody' found");
  });

  it('rejects a bad depth or format with a 400', async () => {
    for (const q of ['pacticipant=BFF&depth=0', 'pacticipant=BFF&depth=11', 'pacticipant=BFF&depth=x', 'format=png', 'label=']) {
      expect((await api.get(`/integrations/graph?${q}`)).statusCode, q).toBe(400);
    }
  });
});

describe('GET /integrations/graph (DOT)', () => {
  it.each([
    ['?format=dot', {}],
    ['', { accept: 'text/vnd.graphviz' }],
  ])('%s %j is Graphviz DOT with every name quoted and escaped', async (query, headers) => {
    const res = await api.get(`/integrations/graph${query}`, headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/vnd.graphviz; charset=utf-8');
    expect(res.body.startsWith('digraph integrations {')).toBe(true);
    expect(res.body).toContain('"<script>\\"x\\"\\\\</script>" -> "Orders" [label="unverified (1\\"><img src=x>)"');
    expect(res.body).toContain('"Web" -> "BFF" [label="verified (w1)"');
    expect(res.body).toContain('"Mobile" -> "BFF" [label="failed (m1)"');
  });

  it('filters the same way', async () => {
    const res = await api.get('/integrations/graph?format=dot&label=frontend');
    expect(res.body.match(/ -> /g)).toHaveLength(2);
  });

  it('a browser gets the graph page; format=json keeps the data', async () => {
    const browser = 'text/html,application/xhtml+xml,*/*;q=0.8';
    const page = await api.get('/integrations/graph?pacticipant=BFF', { accept: browser });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<h1>Network graph: BFF</h1>');
    expect((await api.get('/integrations/graph?pacticipant=Nobody', { accept: browser })).statusCode).toBe(404);
    expect(hal(await api.get('/integrations/graph?format=json', { accept: browser }), 200).nodes).toHaveLength(6);
  });

  it('format=json wins over the Accept header', async () => {
    const res = await api.get('/integrations/graph?format=json', { accept: 'text/vnd.graphviz' });
    expect(res.headers['content-type']).toMatch(/json/);
  });
});
