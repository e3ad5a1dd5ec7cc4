import { describe, expect, it } from 'vitest';
import { buildGraph, type IntegrationGraph } from '../../../src/integrations/graph.js';
import { createLayoutCache, graphFingerprint, layoutGraph, nodeWidth, type Position } from '../../../src/integrations/graph-layout.js';
import { integration } from './graph-fixtures.js';

const chain = buildGraph([
  integration('Web', 'BFF'),
  integration('Mobile', 'BFF'),
  integration('BFF', 'Orders'),
  integration('Orders', 'Stock'),
  integration('<script>"odd"</script>', 'Stock', { status: 'failed' }),
]);

describe('layoutGraph (ELK layered)', () => {
  it('positions every node, consumers left of their providers, without overlaps', async () => {
    const positions = await layoutGraph(chain);
    expect([...positions.keys()].sort()).toEqual(chain.nodes.map((n) => n.name).sort());
    for (const e of chain.edges) expect(positions.get(e.consumer)!.x, `${e.consumer} → ${e.provider}`).toBeLessThan(positions.get(e.provider)!.x);
    const boxes = chain.nodes.map((n) => ({ ...positions.get(n.name)!, w: nodeWidth(n.name), h: 36 }));
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) * 2 >= a.w + b.w || Math.abs(a.y - b.y) * 2 >= a.h + b.h).toBe(true);
  });

  it('handles cycles and separate components', async () => {
    const g = buildGraph([integration('A', 'B'), integration('B', 'A'), integration('C', 'D')]);
    expect((await layoutGraph(g)).size).toBe(4);
  });
});

describe('graphFingerprint', () => {
  it('depends on names and pairs only: a new verification result keeps it', () => {
    const recoloured = { ...chain, edges: chain.edges.map((e) => ({ ...e, status: 'failed' as const })) };
    expect(graphFingerprint(recoloured)).toBe(graphFingerprint(chain));
    const labelled = { ...chain, nodes: chain.nodes.map((n) => ({ ...n, labels: ['x'] })) };
    expect(graphFingerprint(labelled)).toBe(graphFingerprint(chain));
  });

  it('changes with a new integration, a removed pacticipant or a renamed one', () => {
    const base = graphFingerprint(chain);
    expect(graphFingerprint(buildGraph([...[integration('Web', 'Stock')], integration('Web', 'BFF')]))).not.toBe(base);
    expect(graphFingerprint({ nodes: chain.nodes.slice(1), edges: chain.edges })).not.toBe(base);
    // Separators keep "ab"+"c" apart from "a"+"bc".
    const ab = buildGraph([integration('ab', 'c')]);
    const bc = buildGraph([integration('a', 'bc')]);
    expect(graphFingerprint(ab)).not.toBe(graphFingerprint(bc));
  });
});

describe('createLayoutCache', () => {
  const counting = () => {
    const calls: IntegrationGraph[] = [];
    const layout = async (g: IntegrationGraph) => {
      calls.push(g);
      return new Map<string, Position>(g.nodes.map((n, i) => [n.name, { x: i, y: 0 }]));
    };
    return { calls, layout };
  };

  it('computes a shape once, shared by concurrent requests, until the shape changes', async () => {
    const { calls, layout } = counting();
    const cache = createLayoutCache({ layout });
    const [a, b] = await Promise.all([cache.positions(chain), cache.positions({ ...chain })]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
    await cache.positions(buildGraph([integration('Web', 'BFF')]));
    expect(calls).toHaveLength(2);
    await cache.positions(chain);
    expect(calls).toHaveLength(2);
  });

  it('keeps at most `size` shapes, dropping the least recently used', async () => {
    const { calls, layout } = counting();
    const cache = createLayoutCache({ layout, size: 2 });
    const g = (n: string) => buildGraph([integration(n, 'P')]);
    await cache.positions(g('a'));
    await cache.positions(g('b'));
    await cache.positions(g('a')); // a is now the most recent
    await cache.positions(g('c')); // drops b
    expect(cache.size).toBe(2);
    await cache.positions(g('a'));
    expect(calls).toHaveLength(3);
    await cache.positions(g('b'));
    expect(calls).toHaveLength(4);
  });

  it('does not keep a failed layout', async () => {
    let fail = true;
    const cache = createLayoutCache({
      layout: async () => {
        if (fail) throw new Error('boom');
        return new Map();
      },
    });
    await expect(cache.positions(chain)).rejects.toThrow('boom');
    await Promise.resolve();
    fail = false;
    await expect(cache.positions(chain)).resolves.toEqual(new Map());
  });
});
