// GET /integrations/graph's query: its schema (validation + OpenAPI) and what it asks for. Pure.
import { DEFAULT_DEPTH, MAX_DEPTH, type GraphFilter } from './graph.js';

export const DOT_TYPE = 'text/vnd.graphviz';

export const graphQuerySchema = {
  type: 'object',
  properties: {
    label: { type: 'string', minLength: 1, description: 'Only integrations touching a pacticipant with this label (either side)' },
    pacticipant: { type: 'string', minLength: 1, description: 'Only the neighbourhood of this pacticipant' },
    depth: { type: 'integer', minimum: 1, maximum: MAX_DEPTH, description: `Hops from the pacticipant, either direction (default ${DEFAULT_DEPTH})` },
    layout: { type: 'boolean', description: 'Add server-computed positions (default: true for the whole estate, false for a neighbourhood)' },
    format: { type: 'string', enum: ['json', 'dot'], description: '`dot` for Graphviz DOT (as Accept: text/vnd.graphviz)' },
  },
} as const;

export interface GraphQuery {
  label?: string;
  pacticipant?: string;
  depth?: number;
  layout?: boolean;
  format?: 'json' | 'dot';
}

/** DOT when format=dot, or when the client names text/vnd.graphviz and no format says otherwise. */
function wantsDot(query: GraphQuery, accept: string | undefined): boolean {
  if (query.format) return query.format === 'dot';
  return (accept ?? '')
    .split(',')
    .some((part) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      return type.trim() === DOT_TYPE && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    });
}

export function parseGraphRequest(query: GraphQuery, accept: string | undefined): { filter: GraphFilter; layout: boolean; dot: boolean } {
  const filter: GraphFilter = {
    ...(query.label !== undefined ? { label: query.label } : {}),
    ...(query.pacticipant !== undefined ? { pacticipant: query.pacticipant, depth: query.depth ?? DEFAULT_DEPTH } : {}),
  };
  return { filter, layout: query.layout ?? filter.pacticipant === undefined, dot: wantsDot(query, accept) };
}
