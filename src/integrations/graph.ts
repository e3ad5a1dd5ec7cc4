// The integration graph as plain data: pacticipants are nodes, integrations are edges consumer → provider coloured
// by the latest verification of the latest pact. Pure: the estate in, a (filtered) graph out; no transport, no SQL.
//
// Filters, in this order:
// - label: the integrations that TOUCH a pacticipant with the label (either side has it, as on the dashboard), with
//   both of their ends as nodes — so a labelled team's services are shown with whom they talk to;
// - pacticipant + depth: the neighbourhood, every node within `depth` hops of the pacticipant in either direction,
//   and the integrations among those nodes. The pacticipant itself is always a node, even when it has no integration.
import type { IntegrationSummary } from './estate.types.js';

export type EdgeStatus = 'verified' | 'failed' | 'unverified';

export interface GraphNode {
  name: string;
  labels: string[];
}

export interface GraphEdge {
  consumer: string;
  provider: string;
  latestPact: { consumerVersion: string; publishedAt: Date } | null;
  status: EdgeStatus;
  /** The latest verification of the latest pact's content; null when it was never verified. */
  latestVerification: { providerVersion: string; verifiedAt: Date } | null;
}

export interface IntegrationGraph {
  /** Sorted by name (case-insensitive, then by code point, so the order is total). */
  nodes: GraphNode[];
  /** Sorted by consumer, then provider. */
  edges: GraphEdge[];
}

export interface GraphFilter {
  label?: string | undefined;
  pacticipant?: string | undefined;
  /** Hops from the pacticipant; only with `pacticipant`. */
  depth?: number | undefined;
}

export const DEFAULT_DEPTH = 1;
export const MAX_DEPTH = 10;

export const byName = (a: string, b: string): number => a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);

export function statusOf(i: Pick<IntegrationSummary, 'latestPact' | 'latestVerification'>): EdgeStatus {
  if (!i.latestPact || !i.latestVerification) return 'unverified';
  return i.latestVerification.success ? 'verified' : 'failed';
}

/** The whole estate as a graph: every pacticipant that takes part in an integration. */
export function buildGraph(integrations: readonly IntegrationSummary[]): IntegrationGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const i of integrations) {
    for (const side of [i.consumer, i.provider]) if (!nodes.has(side.name)) nodes.set(side.name, { name: side.name, labels: [...side.labels] });
    const v = i.latestVerification;
    edges.push({
      consumer: i.consumer.name,
      provider: i.provider.name,
      latestPact: i.latestPact ? { consumerVersion: i.latestPact.consumerVersion, publishedAt: i.latestPact.publishedAt } : null,
      status: statusOf(i),
      latestVerification: i.latestPact && v ? { providerVersion: v.providerVersion, verifiedAt: v.verifiedAt } : null,
    });
  }
  return sortGraph({ nodes: [...nodes.values()], edges });
}

function sortGraph(graph: IntegrationGraph): IntegrationGraph {
  return {
    nodes: [...graph.nodes].sort((a, b) => byName(a.name, b.name)),
    edges: [...graph.edges].sort((a, b) => byName(a.consumer, b.consumer) || byName(a.provider, b.provider)),
  };
}

/** The nodes the edges name, in the graph's order. */
function withEdges(graph: IntegrationGraph, edges: GraphEdge[], keep: ReadonlySet<string> = new Set()): IntegrationGraph {
  const named = new Set(keep);
  for (const e of edges) named.add(e.consumer).add(e.provider);
  return { nodes: graph.nodes.filter((n) => named.has(n.name)), edges };
}

/** Integrations touching a pacticipant with the label, and both their ends. */
export function filterByLabel(graph: IntegrationGraph, label: string): IntegrationGraph {
  const labelled = new Set(graph.nodes.filter((n) => n.labels.includes(label)).map((n) => n.name));
  return withEdges(
    graph,
    graph.edges.filter((e) => labelled.has(e.consumer) || labelled.has(e.provider)),
  );
}

/**
 * Nodes within `depth` hops of `centre` (either direction) and the integrations among them. `centre` is given as a
 * node so that a pacticipant without integrations (or outside a label filter) still appears, alone.
 */
export function neighbourhood(graph: IntegrationGraph, centre: GraphNode, depth: number): IntegrationGraph {
  const adjacent = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = adjacent.get(a);
    if (list) list.push(b);
    else adjacent.set(a, [b]);
  };
  for (const e of graph.edges) {
    link(e.consumer, e.provider);
    link(e.provider, e.consumer);
  }
  const reached = new Set([centre.name]);
  let frontier = [centre.name];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const name of frontier) {
      for (const other of adjacent.get(name) ?? []) {
        if (!reached.has(other)) {
          reached.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  const edges = graph.edges.filter((e) => reached.has(e.consumer) && reached.has(e.provider));
  const shaped = withEdges(graph, edges, reached);
  // The centre may be missing from the (label-filtered) graph: add it, keeping the order.
  return shaped.nodes.some((n) => n.name === centre.name) ? shaped : sortGraph({ nodes: [...shaped.nodes, centre], edges });
}

/** Applies the label filter, then the neighbourhood of `centre` (the node of filter.pacticipant, when given). */
export function filterGraph(graph: IntegrationGraph, filter: GraphFilter, centre?: GraphNode): IntegrationGraph {
  const labelled = filter.label ? filterByLabel(graph, filter.label) : graph;
  return centre ? neighbourhood(labelled, centre, filter.depth ?? DEFAULT_DEPTH) : labelled;
}

/** Every label in the graph, sorted: the choices of a label filter. */
export function labelsOf(graph: IntegrationGraph): string[] {
  const labels = new Set<string>();
  for (const n of graph.nodes) for (const l of n.labels) labels.add(l);
  return [...labels].sort(byName);
}
