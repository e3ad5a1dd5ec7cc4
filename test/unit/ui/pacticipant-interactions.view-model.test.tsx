// Reading interactions from pact documents v1–v4 and the interactions page's view model, with hostile names.
import { describe, expect, it } from 'vitest';
import { buildInteractions, interactionsOf, parseInteractionsQuery } from '../../../src/ui/interactions/interactions.view-model.js';
import { InteractionsPage } from '../../../src/ui/interactions/interactions.view.js';

const SCRIPT = '<script>alert("x")</script>';
const RTL = 'خدمة الدفع';
const doc = (body: object) => JSON.stringify(body);

describe('interactionsOf', () => {
  it.each([
    ['v1 provider_state', { interactions: [{ description: 'a', provider_state: 's1', request: { method: 'get', path: '/a' }, response: { status: 200 } }] }, [{ kind: 'http', type: 'HTTP', description: 'a', providerStates: ['s1'], request: 'GET /a', status: '200' }]],
    ['v2 providerState', { interactions: [{ description: 'b', providerState: 's2', request: { method: 'POST', path: '/b' }, response: { status: 201 } }] }, [{ kind: 'http', providerStates: ['s2'], request: 'POST /b', status: '201' }]],
    ['v3 providerStates', { interactions: [{ description: 'c', providerStates: [{ name: 'x', params: {} }, { name: 'y' }], request: { method: 'GET', path: '/c' }, response: {} }] }, [{ providerStates: ['x', 'y'], request: 'GET /c', status: '' }]],
    ['v3 messages', { messages: [{ description: 'm', providerStates: [{ name: 'ms' }], contents: {} }] }, [{ kind: 'message', type: 'Message', description: 'm', providerStates: ['ms'], request: null, status: null }]],
    ['v4 HTTP and messages', { interactions: [{ type: 'Synchronous/HTTP', description: 'h', request: { method: 'DELETE', path: { value: '/h' } }, response: { status: 204 } }, { type: 'Synchronous/Messages', description: 'sm' }] }, [{ kind: 'http', type: 'Synchronous/HTTP', request: 'DELETE /h', status: '204' }, { kind: 'message', type: 'Synchronous/Messages', description: 'sm' }]],
  ])('%s', (_name, body, expected) => {
    const rows = interactionsOf(doc(body));
    expect(rows).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(rows[i]).toMatchObject(e));
  });

  it.each([['not json'], ['null'], ['[]'], [doc({ interactions: 'nope', messages: [null, 3] })]])('reads %s without throwing', (content) => {
    expect(() => interactionsOf(content)).not.toThrow();
  });
});

describe('buildInteractions', () => {
  const pacts = [
    { consumer: SCRIPT, provider: RTL, consumerVersion: `1+${'z'.repeat(500)}`, content: doc({ interactions: [{ description: 'one', request: { method: 'GET', path: '/1' }, response: { status: 200 } }] }) },
    { consumer: 'A', provider: SCRIPT, consumerVersion: '2', content: doc({ messages: [{ description: 'two 🍕' }, { description: 'three' }] }) },
    { consumer: 'B', provider: 'C', consumerVersion: '3', content: doc({ messages: [{ description: 'other' }] }) },
  ];

  it('groups its integrations both ways, with roles and encoded pact links', () => {
    const model = buildInteractions(SCRIPT, pacts, '');
    // Sorted by consumer name ('<' sorts before letters).
    expect(model.groups.map((g) => [g.consumer.text, g.provider.text, g.role])).toEqual([
      [SCRIPT, RTL, 'consumer'],
      ['A', SCRIPT, 'provider'],
    ]);
    expect(model.groups[0]!.pact.href).toMatch(/^\/pacts\/provider\/%D8%AE.*\/consumer\/%3Cscript%3E.*\/version\/1%2Bzzz/);
    expect(model).toMatchObject({ shown: 3, total: 3 });
    expect(model.formAction).toBe('/ui/pacticipants/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E/interactions');
  });

  it('filters case-insensitively and drops empty groups', () => {
    const model = buildInteractions(SCRIPT, pacts, '🍕');
    expect(model.groups).toHaveLength(1);
    expect(model.groups[0]!.interactions.map((i) => i.description)).toEqual(['two 🍕']);
    expect(buildInteractions(SCRIPT, pacts, 'ONE').shown).toBe(1);
  });

  it.each([[undefined, ''], [{ q: ' x ' }, 'x'], [{ q: ['a', 'b'] }, 'a'], [{ q: 'y'.repeat(300) }, 'y'.repeat(200)]])('parseInteractionsQuery(%j)', (raw, q) => {
    expect(parseInteractionsQuery(raw as Record<string, unknown> | undefined).q).toBe(q);
  });

  it('renders escaped', () => {
    const html = String(<InteractionsPage model={buildInteractions(SCRIPT, pacts, '"><b>')} />);
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script|<b>/);
    const all = String(<InteractionsPage model={buildInteractions(SCRIPT, pacts, '')} />);
    expect(all).toContain(RTL);
    expect(all).toContain('&lt;script>alert(&#34;x&#34;)&lt;/script>');
  });
});
