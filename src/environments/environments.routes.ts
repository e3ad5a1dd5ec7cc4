import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, noContent, paramsOf, responses } from '../http/schemas.js';
import { urls } from '../http/urls.js';
import type { EnvironmentInput } from './environments.service.js';
import { presentEnvironment, presentEnvironments } from './environments.presenter.js';

const environmentBody = {
  type: 'object',
  required: ['name', 'production'],
  properties: {
    uuid: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    displayName: { type: ['string', 'null'] },
    production: { type: 'boolean' },
    contacts: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, details: { type: 'object' } } },
    },
  },
};

export function environmentsRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { environments } = services;
  const tags = ['environments'];

  app.get(
    '/environments',
    {
      schema: {
        tags,
        summary: 'Environments, by name; `name` filters to one',
        querystring: { type: 'object', properties: { name: { type: 'string' } } },
        response: responses({ 200: halResponse('Environments') }, []),
      },
    },
    async (request: Req<object, unknown, { name?: string }>, reply) =>
      sendJson(reply, 200, presentEnvironments(request.baseUrl, await environments.list(request.query.name || undefined))),
  );

  app.post(
    '/environments',
    {
      schema: { tags, summary: 'Create an environment', body: environmentBody, response: responses({ 201: halResponse('Created') }, [400, 409, 415]) },
    },
    async (request: Req<object, EnvironmentInput & { uuid?: string }>, reply) => {
      const environment = await environments.create(request.body);
      reply.header('Location', urls.environment(request.baseUrl, environment.uuid));
      return sendJson(reply, 201, presentEnvironment(request.baseUrl, environment));
    },
  );

  const one = { tags, params: paramsOf('uuid') };

  app.get(
    '/environments/:uuid',
    { schema: { ...one, summary: 'Get an environment', response: responses({ 200: halResponse('Environment') }) } },
    async (request: Req<{ uuid: string }>, reply) => sendJson(reply, 200, presentEnvironment(request.baseUrl, await environments.get(request.params.uuid))),
  );

  app.put(
    '/environments/:uuid',
    {
      schema: { ...one, summary: 'Replace an environment', body: environmentBody, response: responses({ 200: halResponse('Environment') }, [400, 404, 409, 415]) },
    },
    async (request: Req<{ uuid: string }, EnvironmentInput>, reply) =>
      sendJson(reply, 200, presentEnvironment(request.baseUrl, await environments.replace(request.params.uuid, request.body))),
  );

  app.delete(
    '/environments/:uuid',
    { schema: { ...one, summary: 'Delete an environment', response: responses({ 204: noContent }) } },
    async (request: Req<{ uuid: string }>, reply) => {
      await environments.delete(request.params.uuid);
      return reply.code(204).send();
    },
  );
}
