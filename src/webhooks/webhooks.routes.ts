import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, noContent, paramsOf, responses } from '../http/schemas.js';
import { strictValidatorCompiler } from '../http/strict-validation.js';
import { urls } from '../http/urls.js';
import { presentWebhookExecution } from './webhook-execution.presenter.js';
import { presentWebhook, presentWebhooks } from './webhooks.presenter.js';
import type { WebhookInput, WebhookScope } from './webhooks.types.js';

const side = {
  type: ['object', 'null'],
  description: 'Exactly one of `name` (an existing pacticipant) or `label` (every pacticipant with it); absent = any',
  properties: { name: { type: ['string', 'null'] }, label: { type: ['string', 'null'] } },
};

// Types only: the messages for missing or wrong values are the Pact Broker's, from the service.
const webhookBody = {
  type: 'object',
  properties: {
    description: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    events: {
      type: ['array', 'null'],
      description: 'Default: contract_content_changed',
      items: { type: 'object', properties: { name: { type: 'string' } } },
    },
    consumer: side,
    provider: side,
    request: {
      type: ['object', 'null'],
      properties: {
        method: { type: 'string' },
        url: { type: 'string' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        body: { description: 'A string or any JSON value' },
        username: { type: ['string', 'null'] },
        password: { type: ['string', 'null'], description: 'Stored for delivery; always masked in responses' },
      },
    },
  },
};

export function webhooksRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { webhooks, webhookExecution } = services;
  const tags = ['webhooks'];

  // Each collection: GET lists it, POST creates a webhook in it (its URL names the consumer and/or provider).
  const collections: Array<{ path: string; params: string[]; scope: (p: Record<string, string>) => WebhookScope | undefined; href: (b: string, p: Record<string, string>) => string; what: string }> = [
    { path: '/webhooks', params: [], scope: () => undefined, href: (b) => urls.webhooks(b), what: 'all webhooks' },
    {
      path: '/webhooks/provider/:provider/consumer/:consumer',
      params: ['provider', 'consumer'],
      scope: (p) => ({ providerName: p.provider!, consumerName: p.consumer! }),
      href: (b, p) => urls.scopedWebhooks(b, { provider: p.provider!, consumer: p.consumer! }),
      what: "the pact's webhooks",
    },
    {
      path: '/webhooks/provider/:provider',
      params: ['provider'],
      scope: (p) => ({ providerName: p.provider! }),
      href: (b, p) => urls.scopedWebhooks(b, { provider: p.provider! }),
      what: "the provider's webhooks (any consumer)",
    },
    {
      path: '/webhooks/consumer/:consumer',
      params: ['consumer'],
      scope: (p) => ({ consumerName: p.consumer! }),
      href: (b, p) => urls.scopedWebhooks(b, { consumer: p.consumer! }),
      what: "the consumer's webhooks (any provider)",
    },
    {
      path: '/pacts/provider/:provider/consumer/:consumer/webhooks',
      params: ['provider', 'consumer'],
      scope: (p) => ({ providerName: p.provider!, consumerName: p.consumer! }),
      href: (b, p) => `${urls.integration(b, p.provider!, p.consumer!)}/webhooks`,
      what: "the pact's webhooks",
    },
  ];

  for (const c of collections) {
    const params = c.params.length ? { params: paramsOf(...c.params) } : {};
    app.get(
      c.path,
      { schema: { tags, ...params, summary: `List ${c.what}`, response: responses({ 200: halResponse('Webhooks') }, c.params.length ? [404] : []) } },
      async (request: Req<Record<string, string>>, reply) =>
        sendJson(reply, 200, presentWebhooks(request.baseUrl, c.href(request.baseUrl, request.params), await webhooks.list(c.scope(request.params)))),
    );
    app.post(
      c.path,
      {
        schema: { tags, ...params, summary: `Create a webhook (${c.what})`, body: webhookBody, response: responses({ 201: halResponse('Created') }, [400, 404, 415]) },
        validatorCompiler: strictValidatorCompiler,
      },
      async (request: Req<Record<string, string>, WebhookInput>, reply) => {
        const webhook = await webhooks.create(request.body, c.scope(request.params));
        reply.header('Location', urls.webhook(request.baseUrl, webhook.uuid));
        return sendJson(reply, 201, presentWebhook(request.baseUrl, webhook));
      },
    );
  }

  const one = { tags, params: paramsOf('uuid') };

  app.get(
    '/webhooks/:uuid',
    { schema: { ...one, summary: 'Get a webhook (password and secret headers masked)', response: responses({ 200: halResponse('Webhook') }, [404]) } },
    async (request: Req<{ uuid: string }>, reply) => sendJson(reply, 200, presentWebhook(request.baseUrl, await webhooks.get(request.params.uuid))),
  );

  app.put(
    '/webhooks/:uuid',
    {
      schema: {
        ...one,
        summary: 'Create (201) or replace (200) the webhook with this uuid (A-Z a-z 0-9 _ -, 16 or more characters)',
        body: webhookBody,
        response: responses({ 200: halResponse('Webhook'), 201: halResponse('Created') }, [400, 409, 415]),
      },
      validatorCompiler: strictValidatorCompiler,
    },
    async (request: Req<{ uuid: string }, WebhookInput>, reply) => {
      const { webhook, created } = await webhooks.createOrUpdate(request.params.uuid, request.body);
      return sendJson(reply, created ? 201 : 200, presentWebhook(request.baseUrl, webhook));
    },
  );

  app.delete(
    '/webhooks/:uuid',
    { schema: { ...one, summary: 'Delete a webhook', response: responses({ 204: noContent }, [404]) } },
    async (request: Req<{ uuid: string }>, reply) => {
      await webhooks.delete(request.params.uuid);
      return reply.code(204).send();
    },
  );

  // The CLI's test-webhook POSTs `{}`; the body is not read (the Pact Broker needs none either).
  app.post(
    '/webhooks/:uuid/execute',
    {
      schema: {
        ...one,
        summary: 'Test the webhook: send it once now, for the latest matching pact (and verification), and show the result; nothing is stored',
        response: responses({ 200: halResponse('Webhook execution result') }, [404]),
      },
    },
    async (request: Req<{ uuid: string }>, reply) =>
      sendJson(reply, 200, presentWebhookExecution(request.baseUrl, await webhookExecution.execute(request.params.uuid, request.baseUrl))),
  );

  app.post(
    '/webhooks/execute',
    {
      schema: {
        tags,
        summary: 'Test an unsaved webhook (the body as for POST /webhooks): checked as on creation, sent once now, not stored',
        body: webhookBody,
        response: responses({ 200: halResponse('Webhook execution result') }, [400, 415]),
      },
      validatorCompiler: strictValidatorCompiler,
    },
    async (request: Req<Record<string, never>, WebhookInput>, reply) =>
      sendJson(reply, 200, presentWebhookExecution(request.baseUrl, await webhookExecution.executeUnsaved(request.body, request.baseUrl))),
  );
}
