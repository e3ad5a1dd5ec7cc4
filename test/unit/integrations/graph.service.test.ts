import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IntegrationSummary } from '../../../src/integrations/estate.types.js';
import type { IntegrationGraph } from '../../../src/integrations/graph.js';
import { createLayoutCache, type Position } from '../../../src/integrations/graph-layout.js';
import { createGraphService } from '../../../src/integrations/graph.service.js';
import { notFound } from '../../../src/shared/errors.js';
import { integration } from './graph-fixtures.js';

function setup(estate: IntegrationSummary[]) {
  const layouts: IntegrationGraph[] = [];
  const layoutCache = createLayoutCache({
    layout: async (g) => {
      layouts.push(g);
      return new Map<string, Position>(g.nodes.map((n, i) => [n.name, { x: i * 100, y: 0 }]));
    },
  });
  const details = vi.fn(async (name: string) => {
    if (name !== 'Loner') throw notFound(`No pacticipant with name '${name}' found`);
    return { name, labels: [{ name: 'solo', createdAt: new Date(0) }] } as never;
  });
  const service = createGraphService({ integrations: { summaries: async () => estate }, pacticipants: { getDetails: details }, layoutCache });
  return { service, layouts, details };
}

afterEach(() => vi.useRealTimers());

describe('graph service', () => {
  const estate = [integration('Web', 'BFF', { consumerLabels: ['fe'] }), integration('BFF', 'Orders')];

  it('adds positions when asked, and lists every name and label of the estate for the filters', async () => {
    const { service } = setup(estate);
    const view = await service.graph({ label: 'fe' }, { layout: true });
    expect(view.graph.nodes).toEqual([
      { name: 'BFF', labels: [], position: { x: 0, y: 0 } },
      { name: 'Web', labels: ['fe'], position: { x: 100, y: 0 } },
    ]);
    expect(view.names).toEqual(['BFF', 'Orders', 'Web']);
    expect(view.labels).toEqual(['fe']);
    expect((await service.graph({}, { layout: false })).graph.nodes[0]).not.toHaveProperty('position');
  });

  it('a pacticipant outside every integration is looked up (a node of its own); an unknown one is not_found', async () => {
    const { service, details } = setup(estate);
    expect((await service.graph({ pacticipant: 'Loner', depth: 1 }, { layout: false })).graph).toEqual({ nodes: [{ name: 'Loner', labels: ['solo'] }], edges: [] });
    await expect(service.graph({ pacticipant: 'Nobody', depth: 1 }, { layout: false })).rejects.toMatchObject({ code: 'not_found' });
    await service.graph({ pacticipant: 'BFF', depth: 1 }, { layout: false });
    expect(details).toHaveBeenCalledTimes(2); // not for BFF: it is in the estate
  });

  it('re-lays out the whole estate in the background after a change, debounced, once the graph has been used', async () => {
    vi.useFakeTimers();
    const { service, layouts } = setup(estate);
    service.integrationsChanged(1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(layouts).toHaveLength(0); // nobody has looked at the graph: no work
    await service.graph({}, { layout: true });
    expect(layouts).toHaveLength(1);
    estate.push(integration('Orders', 'Stock'));
    service.integrationsChanged(1000);
    service.integrationsChanged(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(layouts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(layouts).toHaveLength(2);
    expect(layouts[1]!.nodes.map((n) => n.name)).toContain('Stock');
    // The viewer now finds it cached.
    await service.graph({}, { layout: true });
    expect(layouts).toHaveLength(2);
  });
});
