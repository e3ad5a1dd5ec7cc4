import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import { renderDashboard } from '../ui/dashboard/dashboard.page.js';
import { sendPage, wantsPage } from '../http/pages.js';
import { halResponse, responses } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-types.js';
import { indexLinks } from './index.presenter.js';

/** The Pact Broker API level Treaty implements; the Ruby client reads it to decide which features exist. */
export const PACT_BROKER_COMPATIBLE_VERSION = '2.120.0';

export function indexRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  app.get(
    '/',
    {
      schema: {
        tags: ['index'],
        summary: 'HAL index: the relations Pact clients start from',
        description: 'A browser (Accept naming text/html first) gets the dashboard page instead; `?format=hal` always gives the HAL index.',
        response: responses({ 200: halResponse('Index') }, []),
      },
    },
    async (request, reply) => {
      if (wantsPage(request)) return sendPage(reply, await renderDashboard(services, request.query as Record<string, unknown> | undefined));
      return sendJson(reply, 200, { version: PACT_BROKER_COMPATIBLE_VERSION, _links: indexLinks(request.baseUrl) });
    },
  );

  app.get(
    '/diagnostic/status/heartbeat',
    {
      schema: {
        tags: ['index'],
        summary: 'Liveness check; does not touch the database',
        response: { 200: halResponse('Alive') },
      },
    },
    async (request, reply) => sendJson(reply, 200, { ok: true, _links: { self: { href: `${request.baseUrl}/diagnostic/status/heartbeat` } } }),
  );
}
