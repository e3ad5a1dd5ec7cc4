// Webhook secrets (admin only, through the auth policy table): names and descriptions can be read, values only written.
import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, noContent, paramsOf, responses } from '../http/schemas.js';
import { urls } from '../http/urls.js';
import { presentSecret, presentSecrets } from './secrets.presenter.js';
import type { SecretInput } from './secrets.service.js';

/** Largest value accepted: far above any token, small enough to keep webhook requests and rows modest. */
const MAX_VALUE_LENGTH = 16_384;

const value = { type: 'string', minLength: 1, maxLength: MAX_VALUE_LENGTH, description: 'The secret value; stored encrypted and never returned' };
const description = { type: ['string', 'null'], maxLength: 1000 };
const name = { type: 'string', minLength: 1, description: 'Letters, digits and _, starting with a letter; used as ${user.NAME}' };

export function secretsRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { secrets } = services;
  const tags = ['secrets'];

  app.get(
    '/secrets',
    { schema: { tags, summary: 'Webhook secrets: names and descriptions, never values', response: responses({ 200: halResponse('Secrets') }, []) } },
    async (request, reply) => sendJson(reply, 200, presentSecrets(request.baseUrl, await secrets.list())),
  );

  app.post(
    '/secrets',
    {
      schema: {
        tags,
        summary: 'Create a webhook secret (400 when TREATY_SECRETS_KEY is not set)',
        body: { type: 'object', required: ['name', 'value'], properties: { name, value, description } },
        response: responses({ 201: halResponse('Created; the value is not returned') }, [400, 409, 415]),
      },
    },
    async (request: Req<object, SecretInput>, reply) => {
      const secret = await secrets.create(request.body);
      reply.header('Location', urls.secret(request.baseUrl, secret.name));
      return sendJson(reply, 201, presentSecret(request.baseUrl, secret));
    },
  );

  const one = { tags, params: paramsOf('name') };

  app.get(
    '/secrets/:name',
    { schema: { ...one, summary: 'A webhook secret’s name and description (never its value)', response: responses({ 200: halResponse('Secret') }, [404]) } },
    async (request: Req<{ name: string }>, reply) => sendJson(reply, 200, presentSecret(request.baseUrl, await secrets.get(request.params.name))),
  );

  app.put(
    '/secrets/:name',
    {
      schema: {
        ...one,
        summary: 'Create (201) or replace (200) a webhook secret’s value; the description is kept unless given',
        body: { type: 'object', required: ['value'], properties: { value, description } },
        response: responses({ 200: halResponse('Replaced'), 201: halResponse('Created') }, [400, 415]),
      },
    },
    async (request: Req<{ name: string }, SecretInput>, reply) => {
      const { secret, created } = await secrets.createOrUpdate(request.params.name, request.body);
      if (created) reply.header('Location', urls.secret(request.baseUrl, secret.name));
      return sendJson(reply, created ? 201 : 200, presentSecret(request.baseUrl, secret));
    },
  );

  app.delete(
    '/secrets/:name',
    { schema: { ...one, summary: 'Delete a webhook secret (webhooks using it then fail to deliver, with a logged reason)', response: responses({ 204: noContent }, [404]) } },
    async (request: Req<{ name: string }>, reply) => {
      await secrets.delete(request.params.name);
      return reply.code(204).send();
    },
  );
}
