// The interactions page (a page only: it is no API resource, so it lives under /ui and stays out of the OpenAPI).
import type { FastifyInstance } from 'fastify';
import { sendPage } from '../../http/pages.js';
import type { Req, RouteDeps } from '../../http/route-types.js';
import { renderInteractionsPage } from './interactions.page.js';

export function interactionsPageRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  app.get(
    '/ui/pacticipants/:pacticipant/interactions',
    { schema: { hide: true } },
    async (request: Req<{ pacticipant: string }>, reply) => {
      const page = await renderInteractionsPage(services, request.params.pacticipant, request.query as Record<string, unknown> | undefined);
      return sendPage(reply, page.html, page.status);
    },
  );
}
