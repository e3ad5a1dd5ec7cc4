// The integration graph use case, for GET /integrations/graph and the graph page: one estate read, the pure
// shaping of graph.ts, and positions from the layout cache when asked for.
import type { PacticipantsService } from '../pacticipants/pacticipants.service.js';
import { buildGraph, filterGraph, labelsOf, type GraphFilter, type GraphNode, type IntegrationGraph } from './graph.js';
import { createLayoutCache, type LayoutCache, type Position } from './graph-layout.js';
import type { IntegrationsService } from './integrations.service.js';

export interface PositionedGraph extends IntegrationGraph {
  nodes: Array<GraphNode & { position?: Position }>;
}

export interface GraphView {
  graph: PositionedGraph;
  /** The whole estate's pacticipant names and labels: the choices of the page's filters. */
  names: string[];
  labels: string[];
}

export function createGraphService(deps: {
  integrations: Pick<IntegrationsService, 'summaries'>;
  pacticipants: Pick<PacticipantsService, 'getDetails'>;
  layoutCache?: LayoutCache;
}) {
  const cache = deps.layoutCache ?? createLayoutCache();
  let warmTimer: ReturnType<typeof setTimeout> | undefined;
  const service = {
    /**
     * The graph for a filter; `layout` adds ELK positions to the nodes. An unknown filter.pacticipant is a
     * not_found error; a known one without integrations is a graph of that one node.
     */
    async graph(filter: GraphFilter, options: { layout: boolean }): Promise<GraphView> {
      const estate = buildGraph(await deps.integrations.summaries());
      let centre: GraphNode | undefined;
      if (filter.pacticipant !== undefined) {
        centre = estate.nodes.find((n) => n.name === filter.pacticipant);
        if (!centre) {
          const details = await deps.pacticipants.getDetails(filter.pacticipant);
          centre = { name: details.name, labels: details.labels.map((l) => l.name) };
        }
      }
      const graph: PositionedGraph = filterGraph(estate, filter, centre);
      const names = estate.nodes.map((n) => n.name);
      if (!options.layout || graph.nodes.length === 0) return { graph, names, labels: labelsOf(estate) };
      const positions = await cache.positions(graph);
      return {
        graph: { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: positions.get(n.name)! })) },
        names,
        labels: labelsOf(estate),
      };
    },

    /**
     * After an integration may have changed (a contract published, a pacticipant deleted), lays out the whole estate
     * again in the background (debounced), so the next viewer finds it cached. Only once the graph has been drawn in
     * this process: an instance nobody views (or a test) never pays for ELK.
     */
    integrationsChanged(delayMs = 2000): void {
      if (cache.size === 0) return;
      clearTimeout(warmTimer);
      warmTimer = setTimeout(() => {
        service.graph({}, { layout: true }).catch(() => undefined); // a failure is retried by the next request
      }, delayMs);
      warmTimer.unref();
    },
  };
  return service;
}

export type GraphService = ReturnType<typeof createGraphService>;
