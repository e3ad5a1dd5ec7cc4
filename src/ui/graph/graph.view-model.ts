// The network graph page as data: the filter form's choices, where the browser fetches the graph from and how it
// lays it out, and the table of the integrations shown (the same information as the canvas, for keyboard and
// screen-reader users and for browsers without scripts). Pure.
import { enc } from '../../http/urls.js';
import { DEFAULT_DEPTH, type EdgeStatus, type GraphFilter, type IntegrationGraph } from '../../integrations/graph.js';

export const DEPTHS = [1, 2, 3, 4, 5] as const;

export interface GraphPageQuery {
  /** Exact pacticipant name; '' for the whole estate. */
  pacticipant: string;
  depth: number;
  /** Exact label; '' for any. */
  label: string;
}

export interface Link {
  text: string;
  href: string;
}

export interface GraphRow {
  consumer: Link;
  provider: Link;
  status: EdgeStatus;
  /** A symbol beside the text: the status never rests on colour. */
  icon: string;
  text: string;
  pact: Link | null;
  verifiedBy: Link | null;
}

export interface GraphPageModel {
  query: GraphPageQuery;
  heading: string;
  /** The graph's JSON (GET /integrations/graph) for the page's script, and the same graph as DOT. */
  source: string;
  dot: string;
  /** 'preset': server positions (whole estate or a label); 'dagre': the browser lays out a neighbourhood. */
  layout: 'preset' | 'dagre';
  nodeCount: number;
  rows: GraphRow[];
  names: string[];
  labels: string[];
  depths: readonly number[];
  /** A one-line description of the canvas for assistive technology. */
  canvasLabel: string;
}

export const STATUS_TEXT: Record<EdgeStatus, { icon: string; text: string }> = {
  verified: { icon: '✓', text: 'Verified' },
  failed: { icon: '✗', text: 'Failed' },
  unverified: { icon: '○', text: 'Not yet verified' },
};

const first = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
};

/** Reads the page's query leniently: anything unusable falls back to the default (the whole estate, depth 1). */
export function parseGraphPageQuery(raw: Record<string, unknown> | undefined): GraphPageQuery {
  const depth = Number(first(raw?.depth));
  return {
    pacticipant: (first(raw?.pacticipant) ?? '').slice(0, 1000),
    depth: DEPTHS.includes(depth as (typeof DEPTHS)[number]) ? depth : DEFAULT_DEPTH,
    label: (first(raw?.label) ?? '').slice(0, 1000),
  };
}

export function filterOf(query: GraphPageQuery): GraphFilter {
  return {
    ...(query.label ? { label: query.label } : {}),
    ...(query.pacticipant ? { pacticipant: query.pacticipant, depth: query.depth } : {}),
  };
}

function apiHref(query: GraphPageQuery, format?: 'dot'): string {
  const params = new URLSearchParams();
  if (query.label) params.set('label', query.label);
  if (query.pacticipant) {
    params.set('pacticipant', query.pacticipant);
    params.set('depth', String(query.depth));
  }
  if (format) params.set('format', format);
  const s = params.toString();
  return `/integrations/graph${s ? `?${s}` : ''}`;
}

const pacticipantHref = (name: string) => `/pacticipants/${enc(name)}`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function buildGraphPage(input: { graph: IntegrationGraph; names: string[]; labels: string[] }, query: GraphPageQuery): GraphPageModel {
  const { graph } = input;
  const rows = graph.edges.map((e) => ({
    consumer: { text: e.consumer, href: pacticipantHref(e.consumer) },
    provider: { text: e.provider, href: pacticipantHref(e.provider) },
    status: e.status,
    ...STATUS_TEXT[e.status],
    pact: e.latestPact
      ? { text: e.latestPact.consumerVersion, href: `/pacts/provider/${enc(e.provider)}/consumer/${enc(e.consumer)}/version/${enc(e.latestPact.consumerVersion)}` }
      : null,
    verifiedBy: e.latestVerification
      ? { text: e.latestVerification.providerVersion, href: `/pacticipants/${enc(e.provider)}/versions/${enc(e.latestVerification.providerVersion)}` }
      : null,
  }));
  const scope = query.pacticipant
    ? `within ${plural(query.depth, 'hop', 'hops')} of ${query.pacticipant}`
    : query.label
      ? `touching label ${query.label}`
      : 'the whole estate';
  const counts = `${plural(graph.nodes.length, 'pacticipant', 'pacticipants')} and ${plural(graph.edges.length, 'integration', 'integrations')}`;
  return {
    query,
    heading: query.pacticipant ? `Network graph: ${query.pacticipant}` : 'Network graph',
    source: apiHref(query),
    dot: apiHref(query, 'dot'),
    layout: query.pacticipant ? 'dagre' : 'preset',
    nodeCount: graph.nodes.length,
    rows,
    names: input.names,
    labels: input.labels,
    depths: DEPTHS,
    canvasLabel: `Graph of ${counts}, ${scope}, consumer to provider. The table below lists the same integrations.`,
  };
}
