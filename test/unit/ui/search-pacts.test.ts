// The pact-content matcher: field names with their paths, paths, headers, metadata, descriptions, provider states;
// grouped by integration; bounded.
import { describe, expect, it } from 'vitest';
import { MAX_RESULTS, parseTerm, searchPacts, type PactToSearch } from '../../../src/ui/search/search-pacts.js';

const pact = (consumer: string, provider: string, doc: object, version = '1'): PactToSearch => ({
  consumerName: consumer,
  providerName: provider,
  consumerVersionNumber: version,
  content: JSON.stringify(doc),
});

const web = pact('Web', 'Orders', {
  interactions: [
    {
      description: 'list orders',
      providerState: 'orders with a total exist',
      request: { method: 'GET', path: '/orders', query: 'sort=total', headers: { 'X-Total-Count': '1' } },
      response: { status: 200, body: { items: [{ id: 1, total: 3, lines: [{ subTotal: 1 }] }], grandTotal: 3 } },
    },
    { description: 'health', request: { method: 'GET', path: '/health' }, response: { status: 200 } },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
});
const events = pact('Mobile', 'Events', {
  messages: [{ description: 'order created', contents: { order: { total: 1 } }, metadata: { totalCount: 1 } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
});
const v4 = pact('Batch', 'Orders', {
  interactions: [
    { type: 'Synchronous/HTTP', description: 'post', request: { method: 'POST', path: '/x', body: { content: '{"total":1}', contentType: 'application/json', encoded: 'json' } }, response: { status: 201 } },
    { type: 'Synchronous/Messages', description: 'sync', request: { contents: { content: { q: 1 } } }, response: [{ contents: { content: { total: 2 } } }] },
    { type: 'Asynchronous/Messages', description: 'bin', contents: { content: 'dG90YWw=', encoded: 'base64' } },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
});

describe('searchPacts', () => {
  it('finds the field everywhere, with its path, grouped by integration and interaction', () => {
    const r = searchPacts([web, events, v4], 'total');
    expect(r.scanned).toBe(3);
    expect(r.truncated).toBe(false);
    expect(r.groups.map((g) => `${g.consumer} → ${g.provider}`)).toEqual(['Web → Orders', 'Mobile → Events', 'Batch → Orders']);
    const [w, m, b] = r.groups;
    expect(w!.pactHref).toBe('/pacts/provider/Orders/consumer/Web/version/1');
    expect(w!.interactions).toHaveLength(1);
    expect(w!.interactions[0]!.anchor).toBe('interaction-1');
    expect(w!.interactions[0]!.matches).toEqual([
      { kind: 'provider state', location: 'providerStates', text: 'orders with a total exist' },
      { kind: 'path', location: 'request.path', text: 'GET /orders?sort=total' },
      { kind: 'header', location: 'request.headers', text: 'X-Total-Count: 1' },
      { kind: 'field', location: 'response.body.items[].total', text: 'total' },
      { kind: 'field', location: 'response.body.items[].lines[].subTotal', text: 'subTotal' },
      { kind: 'field', location: 'response.body.grandTotal', text: 'grandTotal' },
    ]);
    expect(m!.interactions[0]!.matches).toEqual([
      { kind: 'metadata', location: 'metadata', text: 'totalCount' },
      { kind: 'field', location: 'contents.order.total', text: 'total' },
    ]);
    expect(b!.interactions.map((i) => [i.anchor, i.matches.map((x) => x.location)])).toEqual([
      ['interaction-1', ['request.body.total']],
      ['interaction-2', ['response.contents.total']],
    ]);
    expect(r.matches).toBe(10);
  });

  it('matches descriptions case-insensitively; nothing found is an empty result', () => {
    expect(searchPacts([web], 'HEALTH').groups[0]!.interactions[0]).toMatchObject({
      anchor: 'interaction-2',
      matches: [
        { kind: 'description', text: 'health' },
        { kind: 'path', text: 'GET /health' },
      ],
    });
    expect(searchPacts([web], 'nothing-like-this')).toMatchObject({ groups: [], matches: 0, scanned: 1 });
    expect(searchPacts([web], '')).toMatchObject({ groups: [], scanned: 0 });
  });

  it('stops at MAX_RESULTS and says so', () => {
    const big = pact('Big', 'P', { interactions: [{ description: 'x', request: { path: '/' }, response: { status: 200, body: Object.fromEntries(Array.from({ length: MAX_RESULTS + 50 }, (_, n) => [`total${n}`, n])) } }] });
    const r = searchPacts([big, web], 'total');
    expect(r.matches).toBe(MAX_RESULTS);
    expect(r.truncated).toBe(true);
    expect(r.groups.map((g) => g.consumer)).toEqual(['Big']);
  });

  it('survives odd content and keeps hostile names as data', () => {
    const odd = [
      pact('A', 'B', {}),
      { consumerName: 'C', providerName: 'D', consumerVersionNumber: '1', content: '{not json' },
      pact('E', 'F', { interactions: [null, 3, { request: 'x', response: null }], messages: 'no' }),
      pact('<script>', '"q"', { interactions: [{ description: '<b>total</b>', request: { path: '/' }, response: { status: 200, body: { '<total>': 1, 'a b': { total: 1 } } } }] }),
    ];
    const r = searchPacts(odd, 'total');
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]!.pactHref).toBe('/pacts/provider/%22q%22/consumer/%3Cscript%3E/version/1');
    expect(r.groups[0]!.interactions[0]!.matches.map((m) => m.location)).toEqual(['description', 'response.body["<total>"]', 'response.body["a b"].total']);
  });
});

describe('parseTerm', () => {
  it.each([
    [undefined, ''],
    ['t', ''],
    ['  total  ', 'total'],
    [['total', 'x'], 'total'],
    ['x'.repeat(150), 'x'.repeat(100)],
    [{ a: 1 }, ''],
  ])('%j → %j', (raw, term) => expect(parseTerm(raw)).toBe(term));
});
