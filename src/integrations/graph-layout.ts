// Server-side positions for big graphs (the whole estate): ELK's layered algorithm, consumers left of providers, so
// the browser draws 200 pacticipants without running a layout of its own.
//
// Cached by a fingerprint of the graph's shape (node names and consumer → provider pairs), not by events: any
// change that moves a node — a pact published for a new pair, a pacticipant deleted or renamed, a label that
// changes a filtered view — changes the fingerprint, and nothing else (verification results only recolour edges)
// does. Concurrent requests for the same shape share one computation. ELK runs on the event loop (elk.bundled.js, no
// worker): a few hundred ms for 200 pacticipants / 1,000 integrations, once per shape. ELK is loaded on the first
// layout, not at start-up: evaluating elk.bundled.js alone takes about a second of CPU.
import { createHash } from 'node:crypto';
import type { ELK, ELKConstructorArguments } from 'elkjs/lib/elk-api.js';
import type { IntegrationGraph } from './graph.js';

export interface Position {
  x: number;
  y: number;
}

/** Box sizes ELK lays out; the page draws nodes of about this size (labels cut at LABEL_CHARS characters). */
export const NODE_HEIGHT = 36;
export const LABEL_CHARS = 32;
export const nodeWidth = (name: string): number => 28 + 7.5 * Math.min([...name].length, LABEL_CHARS);

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  // The browser draws straight edges: the cheapest routing will do, and simple placement keeps the drawing compact.
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.layered.thoroughness': '3',
  'elk.spacing.nodeNode': '14',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.componentComponent': '40',
};

type ElkConstructor = new (args?: ELKConstructorArguments) => ELK;
let elkConstructor: Promise<ElkConstructor> | undefined;

// The bundle is CommonJS (`module.exports = ELK`) while its typings declare an ES default export: Node's ESM import
// hands us module.exports, so this is the constructor at run time whatever the typings say.
const loadElk = (): Promise<ElkConstructor> =>
  (elkConstructor ??= import('elkjs/lib/elk.bundled.js').then((module) => module.default as unknown as ElkConstructor));

/** A stable digest of what positions depend on: the names and the pairs (in the graph's sorted order). */
export function graphFingerprint(graph: IntegrationGraph): string {
  const hash = createHash('sha256');
  for (const n of graph.nodes) hash.update(`n\u0000${n.name}\u0000`);
  for (const e of graph.edges) hash.update(`e\u0000${e.consumer}\u0000${e.provider}\u0000`);
  return hash.digest('base64url');
}

/** Node name → centre position (what cytoscape's preset layout takes). */
export async function layoutGraph(graph: IntegrationGraph, given?: ELK): Promise<Map<string, Position>> {
  const elk = given ?? new (await loadElk())();
  // ELK ids are our own indexes: names are user data and ELK's ids need no meaning.
  const ids = new Map(graph.nodes.map((n, i) => [n.name, `n${i}`]));
  const result = await elk.layout({
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: graph.nodes.map((n) => ({ id: ids.get(n.name)!, width: nodeWidth(n.name), height: NODE_HEIGHT })),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [ids.get(e.consumer)!], targets: [ids.get(e.provider)!] })),
  });
  const byId = new Map((result.children ?? []).map((c) => [c.id, c]));
  const positions = new Map<string, Position>();
  for (const n of graph.nodes) {
    const c = byId.get(ids.get(n.name)!);
    if (c) positions.set(n.name, { x: Math.round((c.x ?? 0) + (c.width ?? 0) / 2), y: Math.round((c.y ?? 0) + (c.height ?? 0) / 2) });
  }
  return positions;
}

/** A small cache of layouts by fingerprint (the whole estate and a few filtered views), oldest dropped first. */
export function createLayoutCache(options: { size?: number; layout?: (graph: IntegrationGraph) => Promise<Map<string, Position>> } = {}) {
  const size = options.size ?? 16;
  const layout = options.layout ?? ((graph: IntegrationGraph) => layoutGraph(graph));
  const entries = new Map<string, Promise<Map<string, Position>>>();
  return {
    positions(graph: IntegrationGraph): Promise<Map<string, Position>> {
      const key = graphFingerprint(graph);
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit); // most recently used last
        return hit;
      }
      const computed = layout(graph);
      entries.set(key, computed);
      // A failed layout is not kept: the next request tries again.
      computed.catch(() => entries.get(key) === computed && entries.delete(key));
      while (entries.size > size) entries.delete(entries.keys().next().value!);
      return computed;
    },
    get size(): number {
      return entries.size;
    },
  };
}

export type LayoutCache = ReturnType<typeof createLayoutCache>;
