import type { FastifyInstance } from 'fastify';
import { link, timestamp } from '../http/hal.js';
import { sendJson } from '../http/respond.js';
import type { RouteDeps } from '../http/route-types.js';
import { halResponse, responses } from '../http/schemas.js';
import { urls } from '../http/urls.js';
import type { Integration } from './integrations.service.js';

function presentIntegration(base: string, i: Integration) {
  return {
    consumer: { name: i.consumerName, _links: { self: link(urls.pacticipant(base, i.consumerName)) } },
    provider: { name: i.providerName, _links: { self: link(urls.pacticipant(base, i.providerName)) } },
    createdAt: timestamp(i.createdAt),
    contractDataUpdatedAt: timestamp(i.contractDataUpdatedAt),
    _links: {
      'pb:latest-pact': link(urls.latestPact(base, i.providerName, i.consumerName), { title: 'Latest pact' }),
      'pb:pact-versions': link(urls.integrationPactVersions(base, i.providerName, i.consumerName), { title: 'All pact versions' }),
    },
  };
}

export function integrationsRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  app.get(
    '/integrations',
    { schema: { tags: ['pacts'], summary: 'Every consumer → provider pair that has a pact', response: responses({ 200: halResponse('Integrations') }, []) } },
    async (request, reply) => {
      const list = await services.integrations.list();
      return sendJson(reply, 200, {
        _embedded: { integrations: list.map((i) => presentIntegration(request.baseUrl, i)) },
        _links: { self: link(`${request.baseUrl}/integrations`, { title: 'Integrations' }) },
      });
    },
  );
}
