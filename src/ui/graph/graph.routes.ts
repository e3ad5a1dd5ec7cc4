// The network graph page (its data is GET /integrations/graph, in src/integrations/integrations.routes.ts).
import type { FastifyInstance } from 'fastify';
import { sendPage } from '../../http/pages.js';
import type { RouteDeps } from '../../http/route-types.js';
import { renderGraphPage } from './graph.page.js';

export function graphPageRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  app.get('/ui/graph', { schema: { hide: true } }, async (request, reply) => {
    const { status, html } = await renderGraphPage(services, request.query as Record<string, unknown> | undefined);
    return sendPage(reply, html, status);
  });
}
