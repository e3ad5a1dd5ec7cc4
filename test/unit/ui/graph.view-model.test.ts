import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/integrations/graph.js';
import { buildGraphPage, filterOf, parseGraphPageQuery } from '../../../src/ui/graph/graph.view-model.js';
import { integration } from '../integrations/graph-fixtures.js';

const SCRIPT = '<script>alert("x")</script>';
const graph = buildGraph([
  integration('Web', 'BFF', { status: 'verified', version: '1.2.3' }),
  integration(SCRIPT, 'خدمة الدفع', { status: 'failed', version: `v"${'9'.repeat(300)}` }),
  integration('🍕 Pizza', 'BFF', { status: 'no-pact' }),
]);
const page = (raw: Record<string, unknown> = {}) => buildGraphPage({ graph, names: graph.nodes.map((n) => n.name), labels: ['a', 'b'] }, parseGraphPageQuery(raw));

describe('parseGraphPageQuery', () => {
  it.each([
    [{}, { pacticipant: '', depth: 1, label: '' }],
    [{ pacticipant: 'Web', depth: '3', label: 'team' }, { pacticipant: 'Web', depth: 3, label: 'team' }],
    [{ depth: '0' }, { depth: 1 }],
    [{ depth: '6' }, { depth: 1 }],
    [{ depth: '2.5' }, { depth: 1 }],
    [{ depth: 'x' }, { depth: 1 }],
    [{ pacticipant: ['a', 'b'] }, { pacticipant: 'a' }],
    [{ pacticipant: ' spaced ' }, { pacticipant: ' spaced ' }], // names are exact: no trimming
    [{ label: 'x'.repeat(5000) }, { label: 'x'.repeat(1000) }],
  ])('%j → %j', (raw, expected) => {
    expect(parseGraphPageQuery(raw)).toMatchObject(expected);
  });
});

describe('filterOf', () => {
  it.each([
    [{}, {}],
    [{ label: 'team' }, { label: 'team' }],
    [{ pacticipant: 'Web', depth: '2' }, { pacticipant: 'Web', depth: 2 }],
    [{ depth: '2' }, {}],
  ])('%j → %j', (raw, expected) => {
    expect(filterOf(parseGraphPageQuery(raw))).toEqual(expected);
  });
});

describe('buildGraphPage', () => {
  it('the whole estate: server positions (preset), the API URL for the script and DOT', () => {
    const model = page();
    expect(model).toMatchObject({ heading: 'Network graph', layout: 'preset', source: '/integrations/graph', dot: '/integrations/graph?format=dot', nodeCount: 5 });
    expect(model.canvasLabel).toBe('Graph of 5 pacticipants and 3 integrations, the whole estate, consumer to provider. The table below lists the same integrations.');
  });

  it('a neighbourhood: laid out in the browser (dagre), its filter in the URLs', () => {
    const model = page({ pacticipant: SCRIPT, depth: '2', label: 'a b' });
    expect(model.layout).toBe('dagre');
    expect(model.heading).toBe(`Network graph: ${SCRIPT}`);
    expect(model.source).toBe('/integrations/graph?label=a+b&pacticipant=%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E&depth=2');
    expect(model.dot).toBe(`${model.source}&format=dot`);
    expect(model.canvasLabel).toContain(`within 2 hops of ${SCRIPT}`);
  });

  it('a label: server positions, and says so', () => {
    expect(page({ label: 'team' })).toMatchObject({ layout: 'preset', source: '/integrations/graph?label=team' });
    expect(page({ label: 'team' }).canvasLabel).toContain('touching label team');
  });

  it('rows: consumer → provider with links, the status as icon + text, the pact and the verifying version', () => {
    const [hostile, pizza, web] = page().rows;
    expect(hostile).toEqual({
      consumer: { text: SCRIPT, href: '/pacticipants/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E' },
      provider: { text: 'خدمة الدفع', href: '/pacticipants/%D8%AE%D8%AF%D9%85%D8%A9%20%D8%A7%D9%84%D8%AF%D9%81%D8%B9' },
      status: 'failed',
      icon: '✗',
      text: 'Failed',
      pact: {
        text: `v"${'9'.repeat(300)}`,
        href: `/pacts/provider/%D8%AE%D8%AF%D9%85%D8%A9%20%D8%A7%D9%84%D8%AF%D9%81%D8%B9/consumer/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E/version/v%22${'9'.repeat(300)}`,
      },
      verifiedBy: { text: 'p1', href: '/pacticipants/%D8%AE%D8%AF%D9%85%D8%A9%20%D8%A7%D9%84%D8%AF%D9%81%D8%B9/versions/p1' },
    });
    expect(pizza).toMatchObject({ consumer: { text: '🍕 Pizza', href: '/pacticipants/%F0%9F%8D%95%20Pizza' }, status: 'unverified', icon: '○', text: 'Not yet verified', pact: null, verifiedBy: null });
    expect(web).toMatchObject({ status: 'verified', icon: '✓', text: 'Verified', pact: { text: '1.2.3' } });
  });

  it('singular counts read well', () => {
    const one = buildGraphPage({ graph: { nodes: [{ name: 'Solo', labels: [] }], edges: [] }, names: [], labels: [] }, parseGraphPageQuery({ pacticipant: 'Solo' }));
    expect(one.canvasLabel).toContain('Graph of 1 pacticipant and 0 integrations, within 1 hop of Solo');
  });
});
