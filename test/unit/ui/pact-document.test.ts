// Pact documents of every specification as readable sections; never throws, whatever the JSON.
import { describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS, MAX_INTERACTIONS, pactSections, queryString } from '../../../src/ui/pacts/pact-document.js';
import { describeMatcher, summariseMatchingRules } from '../../../src/ui/pacts/matching-rules.js';

const v1 = {
  consumer: { name: 'Web' },
  provider: { name: 'Orders' },
  interactions: [
    {
      description: 'a request for an order',
      provider_state: 'an order exists',
      request: { method: 'get', path: '/orders/1', query: 'expand=items&x=1' },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, total: 9.5 } },
    },
  ],
  metadata: { pactSpecification: { version: '1.0.0' } },
};

const v2 = {
  consumer: { name: 'Web' },
  provider: { name: 'Orders' },
  interactions: [
    {
      description: 'a search',
      providerState: 'orders exist',
      request: { method: 'GET', path: '/orders', query: 'status=open', headers: { Accept: 'application/json' } },
      response: {
        status: 200,
        body: [{ total: 1 }],
        matchingRules: { '$.body': { min: 1 }, '$.body[*].total': { match: 'type' }, '$.headers.Content-Type': { regex: 'application/json' } },
      },
    },
  ],
  metadata: { 'pact-specification': { version: '2.0.0' } },
};

const v3Http = {
  consumer: { name: 'Web' },
  provider: { name: 'Orders' },
  interactions: [
    {
      description: 'create an order',
      providerStates: [{ name: 'a customer', params: { id: 42 } }, { name: 'stock is available' }],
      request: { method: 'POST', path: '/orders', query: { dry: ['true'], tag: ['a', 'b'] }, body: { items: [{ sku: 'x', total: 3 }] } },
      response: {
        status: 201,
        headers: { Location: '/orders/7' },
        body: { id: 7 },
        matchingRules: { body: { '$.id': { matchers: [{ match: 'integer' }], combine: 'AND' } }, header: { Location: { matchers: [{ match: 'regex', regex: '^/orders/\\d+$' }] } } },
      },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const v3Message = {
  consumer: { name: 'Web' },
  provider: { name: 'Events' },
  messages: [
    {
      description: 'an order created event',
      providerStates: [{ name: 'an order is placed', params: {} }],
      contents: { orderId: 7, total: 12 },
      metadata: { contentType: 'application/json', topic: 'orders' },
      matchingRules: { body: { '$.total': { matchers: [{ match: 'number' }] } } },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const v4 = {
  consumer: { name: 'Web' },
  provider: { name: 'Orders' },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: 'get the order',
      pending: true,
      providerStates: [{ name: 'order 7' }],
      request: { method: 'GET', path: '/orders/7', headers: { Accept: ['application/json', 'text/plain'] } },
      response: { status: 200, body: { content: { total: 3 }, contentType: 'application/json', encoded: false } },
      comments: { text: ['see ADR 12'], testname: 'order spec' },
    },
    {
      type: 'Asynchronous/Messages',
      description: 'order shipped',
      contents: { content: '{"shipped":true}', contentType: 'application/json', encoded: 'json' },
      metadata: { kafka_topic: 'shipping' },
      matchingRules: { body: { '$.shipped': { matchers: [{ match: 'boolean' }] } } },
    },
    {
      type: 'Synchronous/Messages',
      description: 'price request',
      request: { contents: { content: { sku: 'x' }, contentType: 'application/json' } },
      response: [{ contents: { content: 'AAEC', contentType: 'application/octet-stream', encoded: 'base64' } }],
    },
    { type: 'Synchronous/GRPC', description: 'a plugin interaction', interactionMarkup: { markup: '...' } },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
};

describe('pactSections', () => {
  it('v1: provider_state, lower-case method, query string', () => {
    const { specification, interactions } = pactSections(v1);
    expect(specification).toBe('1.0.0');
    const [i] = interactions;
    expect(i).toMatchObject({ anchor: 'interaction-1', kind: 'http', kindLabel: 'HTTP', description: 'a request for an order', pending: false });
    expect(i!.providerStates).toEqual([{ name: 'an order exists', params: null }]);
    expect(i!.parts.map((p) => [p.title, p.line])).toEqual([
      ['Request', 'GET /orders/1?expand=items&x=1'],
      ['Response', '200'],
    ]);
    expect(i!.parts[1]!.headers).toEqual([{ name: 'Content-Type', value: 'application/json' }]);
    expect(i!.parts[1]!.body).toEqual({ text: '{\n  "id": 1,\n  "total": 9.5\n}', format: 'json', note: null });
  });

  it('v2: providerState and JSONPath matching rules summarised', () => {
    const [i] = pactSections(v2).interactions;
    expect(pactSections(v2).specification).toBe('2.0.0');
    expect(i!.providerStates).toEqual([{ name: 'orders exist', params: null }]);
    expect(i!.parts[0]!.line).toBe('GET /orders?status=open');
    expect(i!.parts[1]!.rules).toEqual(['body: type (min 1)', 'body[*].total: type', 'headers.Content-Type: regex application/json']);
  });

  it('v3 HTTP: providerStates with params, query object, rules by category', () => {
    const [i] = pactSections(v3Http).interactions;
    expect(i!.providerStates).toEqual([
      { name: 'a customer', params: '{\n  "id": 42\n}' },
      { name: 'stock is available', params: null },
    ]);
    expect(i!.parts[0]!.line).toBe('POST /orders?dry=true&tag=a&tag=b');
    expect(i!.parts[0]!.body!.format).toBe('json');
    expect(i!.parts[1]!.line).toBe('201');
    expect(i!.parts[1]!.rules).toEqual(['body.id: integer', 'header.Location: regex ^/orders/\\d+$']);
  });

  it('v3 message: contents, metadata, rules; empty params are none', () => {
    const [i] = pactSections(v3Message).interactions;
    expect(i).toMatchObject({ kind: 'message', kindLabel: 'Message', description: 'an order created event' });
    expect(i!.providerStates).toEqual([{ name: 'an order is placed', params: null }]);
    expect(i!.parts).toHaveLength(1);
    expect(i!.parts[0]).toMatchObject({ title: 'Message', line: null, rules: ['body.total: number'] });
    expect(i!.parts[0]!.metadata).toEqual([
      { name: 'contentType', value: 'application/json' },
      { name: 'topic', value: 'orders' },
    ]);
    expect(JSON.parse(i!.parts[0]!.body!.text)).toEqual({ orderId: 7, total: 12 });
  });

  it('v4 mixed: HTTP with pending and comments, async and sync messages, an unknown type as JSON', () => {
    const { specification, interactions, total } = pactSections(v4);
    expect(specification).toBe('4.0');
    expect(total).toBe(4);
    const [http, async, sync, grpc] = interactions;
    expect(http).toMatchObject({ kind: 'http', pending: true, comments: ['see ADR 12', 'Test: order spec'] });
    expect(http!.parts[0]!.headers).toEqual([{ name: 'Accept', value: 'application/json, text/plain' }]);
    expect(JSON.parse(http!.parts[1]!.body!.text)).toEqual({ total: 3 });
    expect(async).toMatchObject({ kind: 'message', kindLabel: 'Message' });
    expect(async!.parts[0]!.body).toEqual({ text: '{\n  "shipped": true\n}', format: 'json', note: null });
    expect(async!.parts[0]!.rules).toEqual(['body.shipped: boolean']);
    expect(sync).toMatchObject({ kind: 'sync-message', kindLabel: 'Synchronous message' });
    expect(sync!.parts.map((p) => p.title)).toEqual(['Request message', 'Response message']);
    expect(sync!.parts[1]!.body).toMatchObject({ text: 'AAEC', format: 'text', note: 'base64 encoded application/octet-stream, 4 characters.' });
    expect(grpc).toMatchObject({ kind: 'unknown', kindLabel: 'Interaction type Synchronous/GRPC', description: 'a plugin interaction', parts: [] });
    expect(grpc!.raw!.text).toContain('"interactionMarkup"');
  });

  it('never throws on odd shapes', () => {
    for (const doc of [null, 42, 'text', [], {}, { interactions: 'x' }, { interactions: [null, 7, 'a', [], { request: 5, response: 'x' }] }, { messages: [{ contents: null }] }]) {
      expect(() => pactSections(doc)).not.toThrow();
    }
    const odd = pactSections({ interactions: [null, { description: { a: 1 }, request: {}, response: {} }] });
    expect(odd.interactions[0]).toMatchObject({ kind: 'unknown', raw: { text: 'null' } });
    expect(odd.interactions[1]).toMatchObject({ kind: 'http', description: '{"a":1}' });
    expect(odd.interactions[1]!.parts[0]!.line).toBe('GET /');
    const cyclic: Record<string, unknown> = { type: 'Weird' };
    cyclic.self = cyclic;
    expect(pactSections({ interactions: [cyclic] }).interactions[0]!.kind).toBe('unknown');
  });

  it('keeps hostile content as data (escaping is the view’s job) and truncates huge bodies with a note', () => {
    const huge = 'x'.repeat(MAX_BODY_CHARS + 5);
    const [i] = pactSections({
      interactions: [{ description: '<script>alert(1)</script>', request: { method: 'GET', path: '/', headers: { '<h>': '"><img>' } }, response: { status: 200, body: huge } }],
    }).interactions;
    expect(i!.description).toBe('<script>alert(1)</script>');
    expect(i!.parts[0]!.headers).toEqual([{ name: '<h>', value: '"><img>' }]);
    expect(i!.parts[1]!.body!.text).toHaveLength(MAX_BODY_CHARS);
    expect(i!.parts[1]!.body!.note).toBe(`Showing the first 20,000 of 20,005 characters; the raw JSON has the rest.`);
  });

  it('lays out at most MAX_INTERACTIONS, and says so', () => {
    const many = { interactions: Array.from({ length: MAX_INTERACTIONS + 3 }, (_, n) => ({ description: `i${n}`, request: { path: '/' }, response: { status: 200 } })) };
    const s = pactSections(many);
    expect(s.interactions).toHaveLength(MAX_INTERACTIONS);
    expect(s.total).toBe(MAX_INTERACTIONS + 3);
    expect(s.notes[0]).toContain('first 500 of 503');
  });

  it('string bodies holding JSON are pretty-printed; other strings stay text', () => {
    const [i] = pactSections({ interactions: [{ request: { path: '/', body: '{"a":1}' }, response: { status: 200, body: 'plain <b>' } }] }).interactions;
    expect(i!.parts[0]!.body).toEqual({ text: '{\n  "a": 1\n}', format: 'json', note: null });
    expect(i!.parts[1]!.body).toEqual({ text: 'plain <b>', format: 'text', note: null });
  });
});

describe('matching rules and queries', () => {
  it.each([
    [{ match: 'type' }, 'type'],
    [{ match: 'type', min: 1, max: 5 }, 'type (min 1, max 5)'],
    [{ regex: '\\d+' }, 'regex \\d+'],
    [{ match: 'datetime', format: "yyyy-MM-dd'T'HH:mm" }, "datetime yyyy-MM-dd'T'HH:mm"],
    [{ match: 'timestamp', timestamp: 'yyyy' }, 'timestamp yyyy'],
    [{ match: 'include', value: 'abc' }, 'include abc'],
    [{ match: 'contentType', value: 'image/png' }, 'contentType (value image/png)'],
    ['odd', '"odd"'],
  ])('%j → %s', (m, text) => expect(describeMatcher(m)).toBe(text));

  it('combines matchers, reads v3 path rules and ignores non-objects', () => {
    expect(summariseMatchingRules({ body: { '$.a': { matchers: [{ match: 'type' }, { match: 'regex', regex: 'x' }], combine: 'OR' } } })).toEqual(['body.a: type or regex x']);
    expect(summariseMatchingRules({ path: { matchers: [{ match: 'regex', regex: '/o/\\d+' }] }, query: { q: { matchers: [{ match: 'type' }] } } })).toEqual([
      'path: regex /o/\\d+',
      'query.q: type',
    ]);
    expect(summariseMatchingRules(null)).toEqual([]);
    expect(summariseMatchingRules([1])).toEqual([]);
  });

  it('query strings from v2 strings and v3 objects', () => {
    expect(queryString('a=1&b=2')).toBe('a=1&b=2');
    expect(queryString({ a: ['1', '2'], 'b c': 'x' })).toBe('a=1&a=2&b+c=x');
    expect(queryString(undefined)).toBe('');
  });
});
