import type { FastifyInstance } from 'fastify';
import { pageLinksWithoutTotal } from '../http/hal.js';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { pageFrom, pagingQuery, paramsOf, responses, type PagingQuery } from '../http/schemas.js';
import { strictValidatorCompiler } from '../http/strict-validation.js';
import { urls } from '../http/urls.js';
import { decodePactMetadata } from '../pacts/pact-metadata.js';
import { presentConsumerVersionSummary, presentVerification, presentVerifications } from './verifications.presenter.js';
import type { VerificationResultInput } from './verifications.types.js';

type PactVersionParams = { provider: string; consumer: string; sha: string; metadata?: string };

const PACT_VERSION = '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha';

const link = { type: 'object', properties: { href: { type: 'string' }, title: { type: 'string' }, name: { type: 'string' } } };

/** The request body the verifier sends (pact-broker-api.md §3.4). Checked without type coercion. */
export const verificationResultBodySchema = {
  type: 'object',
  required: ['success', 'providerApplicationVersion'],
  properties: {
    success: { type: 'boolean' },
    providerApplicationVersion: { type: 'string', minLength: 1, description: 'The provider version verified; created if missing' },
    buildUrl: { type: ['string', 'null'], description: 'A URL without spaces or control characters' },
    testResults: { description: 'Any JSON (the verifier sends an array of per-interaction results); echoed back as sent' },
    verifiedBy: { type: ['object', 'null'], additionalProperties: true, description: 'The tool that verified, e.g. {"implementation":"Pact-Rust","version":"1.4.7"}' },
  },
};

const verificationResultSchema = {
  description: 'A verification result',
  type: 'object',
  additionalProperties: true,
  required: ['providerName', 'providerApplicationVersion', 'success', 'verificationDate', 'verifiedBy', '_links'],
  properties: {
    providerName: { type: 'string' },
    providerApplicationVersion: { type: 'string' },
    success: { type: 'boolean' },
    verificationDate: { type: 'string', description: 'ISO-8601 UTC, second precision' },
    buildUrl: { type: 'string' },
    testResults: { description: 'As published' },
    verifiedBy: { type: 'object', additionalProperties: true, description: '`{}` when not published' },
    consumerName: { type: 'string', description: 'Treaty addition' },
    wip: { type: 'boolean', description: 'Treaty addition: published through a work-in-progress pact URL' },
    pending: { type: 'boolean', description: 'Treaty addition: the pending flag of the pact URL it was published through (absent when unknown)' },
    _links: {
      type: 'object',
      additionalProperties: true,
      properties: { self: link, 'pb:pact-version': link, 'pb:provider-version': link, 'pb:triggered-webhooks': link },
    },
  },
};

const verificationListSchema = {
  description: 'Treaty addition: the results of one pact content, newest first',
  type: 'object',
  additionalProperties: true,
  properties: {
    _embedded: { type: 'object', properties: { verificationResults: { type: 'array', items: verificationResultSchema } } },
    _links: { type: 'object', additionalProperties: true },
  },
};

const consumerVersionSummarySchema = {
  description:
    'For each latest pact of the consumer version, the newest verification result of that pact’s content. `success` is true when every pact has a successful latest result.',
  type: 'object',
  additionalProperties: true,
  properties: {
    success: { type: 'boolean' },
    providerSummary: {
      type: 'object',
      properties: {
        successful: { type: 'array', items: { type: 'string' }, description: 'Providers whose latest result succeeded' },
        failed: { type: 'array', items: { type: 'string' }, description: 'Providers whose latest result failed' },
        unknown: { type: 'array', items: { type: 'string' }, description: 'Providers with a pact but no result yet' },
      },
    },
    _embedded: { type: 'object', properties: { verificationResults: { type: 'array', items: verificationResultSchema } } },
    _links: { type: 'object', additionalProperties: true },
  },
};

export function verificationsRoutes(app: FastifyInstance, { services, limits }: RouteDeps): void {
  const { verifications } = services;
  const tags = ['verifications'];

  for (const path of [`${PACT_VERSION}/verification-results`, `${PACT_VERSION}/metadata/:metadata/verification-results`]) {
    const withMetadata = path.includes(':metadata');
    app.post(
      path,
      {
        schema: {
          tags,
          summary: withMetadata
            ? 'Publish a verification result through a pact URL whose metadata records the selectors and the pending/WIP flags'
            : 'Publish a verification result for a pact content (the pact’s `pb:publish-verification-results` link)',
          params: paramsOf('provider', 'consumer', 'sha', ...(withMetadata ? ['metadata'] : [])),
          body: verificationResultBodySchema,
          response: responses({ 201: verificationResultSchema }, [400, 404, 413, 415]),
        },
        validatorCompiler: strictValidatorCompiler,
      },
      async (request: Req<PactVersionParams, VerificationResultInput>, reply) => {
        const { provider, consumer, sha, metadata } = request.params;
        const verification = await verifications.publish({
          providerName: provider,
          consumerName: consumer,
          sha,
          metadata: metadata === undefined ? undefined : decodePactMetadata(metadata),
          result: request.body,
        });
        // The Location never carries the metadata segment (as in the Pact Broker).
        reply.header('Location', urls.verificationResult(request.baseUrl, verification.providerName, verification.consumerName, verification.sha, verification.id));
        return sendJson(reply, 201, presentVerification(request.baseUrl, verification));
      },
    );
  }

  const params = paramsOf('provider', 'consumer', 'sha');

  app.get(
    `${PACT_VERSION}/verification-results`,
    {
      schema: {
        tags,
        summary:
          'The verification results of a pact content, newest first, a page at a time: 100 by default, `pageSize`/`size` and `pageNumber`/`page` choose; ' +
          '`next`/`previous` links when there are more (Treaty addition: the Pact Broker answers 405)',
        params,
        querystring: pagingQuery,
        response: responses({ 200: verificationListSchema }, [400, 404]),
      },
    },
    async (request: Req<PactVersionParams, unknown, PagingQuery>, reply) => {
      const { provider, consumer, sha } = request.params;
      const page = pageFrom(request.query, limits);
      const { pact, verifications: list, more } = await verifications.listForPactVersion(provider, consumer, sha, page);
      const body = presentVerifications(request.baseUrl, pact, list);
      return sendJson(reply, 200, { ...body, _links: { ...body._links, ...pageLinksWithoutTotal(body._links.self.href, page, more) } });
    },
  );

  app.get(
    `${PACT_VERSION}/verification-results/latest`,
    {
      schema: {
        tags,
        summary: 'The newest verification result of a pact content, whichever provider version published it',
        params,
        response: responses({ 200: verificationResultSchema }, [404]),
      },
    },
    async (request: Req<PactVersionParams>, reply) => {
      const { provider, consumer, sha } = request.params;
      return sendJson(reply, 200, presentVerification(request.baseUrl, await verifications.latestForPactVersion(provider, consumer, sha)));
    },
  );

  app.get(
    `${PACT_VERSION}/verification-results/:number`,
    {
      schema: {
        tags,
        summary: 'A verification result by its number; 404 when the number belongs to another content',
        params: paramsOf('provider', 'consumer', 'sha', 'number'),
        response: responses({ 200: verificationResultSchema }, [404]),
      },
    },
    async (request: Req<PactVersionParams & { number: string }>, reply) => {
      const { provider, consumer, sha, number } = request.params;
      return sendJson(reply, 200, presentVerification(request.baseUrl, await verifications.get(provider, consumer, sha, number)));
    },
  );

  app.get(
    '/verification-results/consumer/:consumer/version/:version/latest',
    {
      schema: {
        tags,
        summary: 'Latest verification results for a consumer version (its `pb:latest-verification-results-where-pacticipant-is-consumer` link)',
        params: paramsOf('consumer', 'version'),
        response: responses({ 200: consumerVersionSummarySchema }, [404]),
      },
    },
    async (request: Req<{ consumer: string; version: string }>, reply) => {
      const summary = await verifications.forConsumerVersion(request.params.consumer, request.params.version);
      return sendJson(reply, 200, presentConsumerVersionSummary(request.baseUrl, summary));
    },
  );
}
