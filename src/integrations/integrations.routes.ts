import type { FastifyInstance } from 'fastify';
import { link, timestamp } from '../http/hal.js';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, responses } from '../http/schemas.js';
import { urls } from '../http/urls.js';
import type { Integration } from './integrations.service.js';
import { toDot } from './graph-dot.js';
import { graphQuerySchema, parseGraphRequest, type GraphQuery } from './graph.query.js';
import { presentGraph } from './graph.presenter.js';
import { sendPage, wantsPage } from '../http/pages.js';
import { renderGraphPage } from '../ui/graph/graph.page.js';

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

  app.get(
    '/integrations/graph',
    {
      schema: {
        tags: ['pacts'],
        summary: 'The integrations as a graph: JSON, or Graphviz DOT',
        description:
          'Nodes are pacticipants, edges are integrations consumer → provider with the latest pact and the status of its latest verification ' +
          '(`verified`, `failed`, `unverified`). `label` keeps the integrations that touch a pacticipant with the label (either side) and both their ends; ' +
          '`pacticipant` (+ `depth`, default 1) keeps the nodes within that many hops in either direction and the integrations among them (after the ' +
          'label filter; the pacticipant always appears). `layout` adds server-computed positions (`position: {x, y}`, ELK layered, consumers left ' +
          'of providers; cached until the graph changes); it defaults to true without `pacticipant` and to false with it. `Accept: text/vnd.graphviz` ' +
          'or `format=dot` gives DOT. A browser (Accept naming text/html first, no `format`) gets the graph page. An unknown pacticipant is a 404.',
        querystring: graphQuerySchema,
        response: responses({
          200: {
            description: 'The graph (JSON), or DOT with Accept: text/vnd.graphviz or format=dot',
            content: {
              'application/hal+json': { schema: { type: 'object', additionalProperties: true } },
              'application/json': { schema: { type: 'object', additionalProperties: true } },
              'text/vnd.graphviz': { schema: { type: 'string' } },
            },
          },
        }),
      },
    },
    async (request: Req<Record<string, string>, unknown, GraphQuery>, reply) => {
      // A browser opening the link gets the graph page (format=json or format=dot still give the data).
      if (request.query.format === undefined && wantsPage(request)) {
        const { status, html } = await renderGraphPage(services, request.query as Record<string, unknown>);
        return sendPage(reply, html, status);
      }
      const { filter, layout, dot } = parseGraphRequest(request.query, request.headers.accept);
      const { graph } = await services.graph.graph(filter, { layout: layout && !dot });
      if (dot) {
        return reply
          .code(200)
          .type('text/vnd.graphviz; charset=utf-8')
          .send(toDot(graph, (name) => urls.pacticipant(request.baseUrl, name)));
      }
      return sendJson(reply, 200, presentGraph(request.baseUrl, graph, filter));
    },
  );
}
