import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import { renderDashboard } from '../ui/dashboard/dashboard.page.js';
import { sendPage, wantsPage } from '../http/pages.js';
import { halResponse, responses } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-types.js';
import { indexLinks } from './index.presenter.js';

/** The Pact Broker API level Treaty implements; the Ruby client reads it to decide which features exist. */
export const PACT_BROKER_COMPATIBLE_VERSION = '2.120.0';

/** An htmx request for part of the page (not a history restore or a boosted navigation, which want the whole page). */
export function isHtmxPartial(headers: Record<string, string | string[] | undefined>): boolean {
  return (
    headers['hx-request'] === 'true' &&
    headers['hx-history-restore-request'] !== 'true' &&
    headers['hx-boosted'] !== 'true' &&
    headers['hx-request-type'] !== 'full'
  );
}

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
      if (wantsPage(request)) {
        // Live filtering (htmx) swaps in the results region only; so the same URL answers two ways by this header.
        reply.header('Vary', 'Accept, HX-Request');
        const query = request.query as Record<string, unknown> | undefined;
        return sendPage(reply, await renderDashboard(services, query, { fragment: isHtmxPartial(request.headers) }));
      }
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
