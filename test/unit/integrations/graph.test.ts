import { describe, expect, it } from 'vitest';
import { buildGraph, filterByLabel, filterGraph, labelsOf, neighbourhood, type IntegrationGraph } from '../../../src/integrations/graph.js';
import { integration } from './graph-fixtures.js';

const names = (g: IntegrationGraph) => g.nodes.map((n) => n.name);
const pairs = (g: IntegrationGraph) => g.edges.map((e) => `${e.consumer}->${e.provider}`);

// Web → BFF → Orders → Stock, Mobile → BFF, Admin → Orders (failed), Reports → Billing (no verification).
const estate = buildGraph([
  integration('Web', 'BFF', { consumerLabels: ['frontend'] }),
  integration('Mobile', 'BFF', { consumerLabels: ['frontend'] }),
  integration('BFF', 'Orders', { providerLabels: ['team-orders'] }),
  integration('Orders', 'Stock', { consumerLabels: ['team-orders'] }),
  integration('Admin', 'Orders', { status: 'failed' }),
  integration('Reports', 'Billing', { status: 'unverified' }),
]);

describe('buildGraph', () => {
  it('has one node per pacticipant and one edge per integration, consumer → provider, sorted', () => {
    expect(names(estate)).toEqual(['Admin', 'BFF', 'Billing', 'Mobile', 'Orders', 'Reports', 'Stock', 'Web']);
    expect(pairs(estate)).toEqual(['Admin->Orders', 'BFF->Orders', 'Mobile->BFF', 'Orders->Stock', 'Reports->Billing', 'Web->BFF']);
    expect(estate.nodes.find((n) => n.name === 'Orders')?.labels).toEqual(['team-orders']);
  });

  it.each([
    ['verified', 'verified'],
    ['failed', 'failed'],
    ['unverified', 'unverified'],
    ['no-pact', 'unverified'],
  ] as const)('a %s integration is a %s edge', (status, expected) => {
    const [edge] = buildGraph([integration('C', 'P', { status })]).edges;
    expect(edge?.status).toBe(expected);
    expect(edge?.latestVerification === null).toBe(expected !== 'verified' && expected !== 'failed');
    expect(edge?.latestPact === null).toBe(status === 'no-pact');
  });

  it('keeps hostile names verbatim (escaping belongs to each output)', () => {
    const odd = ['<script>alert(1)</script>', `it's "quoted"`, '🍕 Pizza', 'خدمة الدفع', 'back\\slash', 'x'.repeat(255)];
    const g = buildGraph(odd.map((name, i) => integration(name, odd[(i + 1) % odd.length]!, { version: 'v'.repeat(300) })));
    expect(names(g).sort()).toEqual([...odd].sort());
    expect(g.edges.every((e) => e.latestPact?.consumerVersion === 'v'.repeat(300))).toBe(true);
  });

  it('is empty for an empty estate', () => {
    expect(buildGraph([])).toEqual({ nodes: [], edges: [] });
  });
});

describe('filterByLabel: integrations touching a labelled pacticipant, with both ends', () => {
  it('includes the unlabelled partner of a labelled pacticipant', () => {
    const g = filterByLabel(estate, 'frontend');
    expect(pairs(g)).toEqual(['Mobile->BFF', 'Web->BFF']);
    expect(names(g)).toEqual(['BFF', 'Mobile', 'Web']);
  });

  it('matches the label on either side', () => {
    expect(pairs(filterByLabel(estate, 'team-orders'))).toEqual(['Admin->Orders', 'BFF->Orders', 'Orders->Stock']);
  });

  it('is empty for a label nobody has (labels match exactly)', () => {
    expect(filterByLabel(estate, 'Frontend')).toEqual({ nodes: [], edges: [] });
  });
});

describe('neighbourhood: nodes within depth hops, either direction', () => {
  const node = (name: string) => estate.nodes.find((n) => n.name === name)!;

  it.each([
    [0, ['BFF'], []],
    [1, ['BFF', 'Mobile', 'Orders', 'Web'], ['BFF->Orders', 'Mobile->BFF', 'Web->BFF']],
    [2, ['Admin', 'BFF', 'Mobile', 'Orders', 'Stock', 'Web'], ['Admin->Orders', 'BFF->Orders', 'Mobile->BFF', 'Orders->Stock', 'Web->BFF']],
    [10, ['Admin', 'BFF', 'Mobile', 'Orders', 'Stock', 'Web'], ['Admin->Orders', 'BFF->Orders', 'Mobile->BFF', 'Orders->Stock', 'Web->BFF']],
  ])('depth %i around BFF', (depth, expectedNodes, expectedEdges) => {
    const g = neighbourhood(estate, node('BFF'), depth);
    expect(names(g)).toEqual(expectedNodes);
    expect(pairs(g)).toEqual(expectedEdges);
  });

  it('includes the edges among neighbours, not only those to the centre', () => {
    const g = buildGraph([integration('A', 'B'), integration('A', 'C'), integration('B', 'C')]);
    expect(pairs(neighbourhood(g, g.nodes[0]!, 1))).toEqual(['A->B', 'A->C', 'B->C']);
  });

  it('a pacticipant without integrations is a graph of itself', () => {
    expect(neighbourhood(estate, { name: 'Lonely', labels: ['x'] }, 3)).toEqual({ nodes: [{ name: 'Lonely', labels: ['x'] }], edges: [] });
  });
});

describe('filterGraph', () => {
  it('applies the label first, then the neighbourhood inside it', () => {
    const orders = estate.nodes.find((n) => n.name === 'Orders')!;
    const g = filterGraph(estate, { label: 'frontend', pacticipant: 'Orders', depth: 2 }, orders);
    // Orders is outside the frontend view: it stands alone, but appears.
    expect(names(g)).toEqual(['Orders']);
    const bff = estate.nodes.find((n) => n.name === 'BFF')!;
    expect(pairs(filterGraph(estate, { label: 'frontend', pacticipant: 'BFF' }, bff))).toEqual(['Mobile->BFF', 'Web->BFF']);
  });

  it('without a filter is the whole estate', () => {
    expect(filterGraph(estate, {})).toBe(estate);
  });
});

describe('labelsOf', () => {
  it('lists each label once, sorted', () => {
    expect(labelsOf(estate)).toEqual(['frontend', 'team-orders']);
  });
});
