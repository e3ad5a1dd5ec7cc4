import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, noContent, paramsOf, responses } from '../http/schemas.js';
import { strictValidatorCompiler } from '../http/strict-validation.js';
import { presentCreatedToken, presentToken, presentTokens, tokenUrl } from './tokens.presenter.js';
import type { TokenInput } from './tokens.service.js';

const tokenBody = {
  type: 'object',
  required: ['name', 'role'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    role: { enum: ['read', 'ci', 'admin'] },
    expiresAt: { type: ['string', 'null'], description: 'ISO 8601 date-time in the future; absent or null: never expires' },
  },
};

export function tokensRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { tokens } = services;
  const tags = ['tokens'];

  app.get(
    '/tokens',
    { schema: { tags, summary: 'API tokens, newest first, revoked ones included (never the secrets)', response: responses({ 200: halResponse('API tokens') }, []) } },
    async (request, reply) => sendJson(reply, 200, presentTokens(request.baseUrl, await tokens.list())),
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the response is the only time its secret (`token`) is shown',
        description: 'Send it as `Authorization: Bearer <token>` (`--broker-token`, `PACT_BROKER_TOKEN`, `pactBrokerToken`).',
        body: tokenBody,
        response: responses({ 201: halResponse('Created, with the secret') }, [400, 415]),
      },
      validatorCompiler: strictValidatorCompiler,
    },
    async (request: Req<object, TokenInput>, reply) => {
      const { token, secret } = await tokens.create(request.body, request.principal);
      reply.header('Location', tokenUrl(request.baseUrl, token.uuid));
      return sendJson(reply, 201, presentCreatedToken(request.baseUrl, token, secret));
    },
  );

  const one = { tags, params: paramsOf('uuid') };
  app.get(
    '/tokens/:uuid',
    { schema: { ...one, summary: 'One API token (never the secret)', response: responses({ 200: halResponse('API token') }, [404]) } },
    async (request: Req<{ uuid: string }>, reply) => sendJson(reply, 200, presentToken(request.baseUrl, await tokens.get(request.params.uuid))),
  );

  app.delete(
    '/tokens/:uuid',
    { schema: { ...one, summary: 'Revoke an API token (idempotent); it stays listed with revokedAt', response: responses({ 204: noContent }, [404]) } },
    async (request: Req<{ uuid: string }>, reply) => {
      await tokens.revoke(request.params.uuid);
      return reply.code(204).send();
    },
  );
}
