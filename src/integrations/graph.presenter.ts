// GET /integrations/graph as JSON: nodes and edges with links (absolute, from http/urls.ts), dates as in the rest of
// the API. Pure.
import { link, timestamp } from '../http/hal.js';
import { urls } from '../http/urls.js';
import type { GraphFilter } from './graph.js';
import type { PositionedGraph } from './graph.service.js';

/** The query string of the same graph (filter and format), for self and the DOT link. */
export function graphQuery(filter: GraphFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.label !== undefined) params.set('label', filter.label);
  if (filter.pacticipant !== undefined) params.set('pacticipant', filter.pacticipant);
  if (filter.pacticipant !== undefined && filter.depth !== undefined) params.set('depth', String(filter.depth));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function presentGraph(base: string, graph: PositionedGraph, filter: GraphFilter) {
  return {
    filter: { label: filter.label ?? null, pacticipant: filter.pacticipant ?? null, depth: filter.pacticipant === undefined ? null : (filter.depth ?? 1) },
    nodes: graph.nodes.map((n) => ({
      name: n.name,
      labels: n.labels,
      href: urls.pacticipant(base, n.name),
      ...(n.position ? { position: n.position } : {}),
    })),
    edges: graph.edges.map((e) => ({
      consumer: e.consumer,
      provider: e.provider,
      status: e.status,
      latestPact: e.latestPact
        ? { consumerVersion: e.latestPact.consumerVersion, publishedAt: timestamp(e.latestPact.publishedAt), href: urls.latestPact(base, e.provider, e.consumer) }
        : null,
      latestVerification: e.latestVerification ? { providerVersion: e.latestVerification.providerVersion, verifiedAt: timestamp(e.latestVerification.verifiedAt) } : null,
    })),
    _links: {
      self: link(`${base}/integrations/graph${graphQuery(filter)}`, { title: 'Integration graph' }),
      'pb:dot': link(`${base}/integrations/graph${graphQuery(filter, { format: 'dot' })}`, { title: 'The same graph as Graphviz DOT' }),
    },
  };
}
