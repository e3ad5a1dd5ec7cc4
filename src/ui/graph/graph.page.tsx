// GET /ui/graph: the graph from the graph service (the API's own), the pure view model, the view. An unknown
// pacticipant is a 404 page.
import type { GraphService } from '../../integrations/graph.service.js';
import { DomainError } from '../../shared/errors.js';
import { renderNotFound } from '../shared/not-found.view.js';
import { buildGraphPage, filterOf, parseGraphPageQuery } from './graph.view-model.js';
import { GraphPage } from './graph.view.js';

export async function renderGraphPage(services: { graph: GraphService }, rawQuery: Record<string, unknown> | undefined): Promise<{ status: number; html: string }> {
  const query = parseGraphPageQuery(rawQuery);
  try {
    // The table needs no positions: the page's script asks the API for them (cached there), so this page stays fast.
    const view = await services.graph.graph(filterOf(query), { layout: false });
    return { status: 200, html: String(<GraphPage model={buildGraphPage(view, query)} />) };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') {
      return { status: 404, html: renderNotFound('Pacticipant not found', `No pacticipant is named “${query.pacticipant}”. Choose one from the whole estate's graph.`) };
    }
    throw error;
  }
}
