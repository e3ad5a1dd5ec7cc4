import type { FastifyInstance } from 'fastify';
import { link } from '../http/hal.js';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { bodyListLimits } from '../http/list-limits.js';
import { halResponse, responses } from '../http/schemas.js';
import { urls } from '../http/urls.js';
import type { PublishContractsResult } from './pacts.types.js';
import { publishNotices } from './publish-contracts.js';
import { parsePublishContracts, type PublishContractsBody } from './publish-request.js';

const nullable = (type: string) => ({ type: [type, 'null'] });

export const publishContractsBodySchema = {
  type: 'object',
  required: ['pacticipantName', 'pacticipantVersionNumber', 'contracts'],
  properties: {
    pacticipantName: { type: 'string', minLength: 1 },
    pacticipantVersionNumber: { type: 'string', minLength: 1 },
    branch: nullable('string'),
    tags: { type: ['array', 'null'], items: { type: 'string', minLength: 1 } },
    buildUrl: nullable('string'),
    contracts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['consumerName', 'providerName', 'content'],
        properties: {
          consumerName: { type: 'string', minLength: 1 },
          providerName: { type: 'string', minLength: 1 },
          content: { type: 'string', minLength: 1 },
          contentType: { enum: ['application/json'] },
          specification: { enum: ['pact'] },
          onConflict: { enum: ['overwrite', 'merge'] },
        },
      },
    },
  },
};

function presentPublishResult(base: string, result: PublishContractsResult) {
  const { pacticipant, version } = result;
  const notices = publishNotices(result, base, (c) => urls.pact(base, c.providerName, c.consumerName, version.number));
  const versionLink = link(urls.version(base, pacticipant.name, version.number), { title: 'Version', name: version.number });
  return {
    logs: notices.map((n) => ({ level: n.type, message: n.text, deprecationWarning: 'Replaced by notices' })),
    notices,
    _embedded: {
      pacticipant: { name: pacticipant.name, _links: { self: link(urls.pacticipant(base, pacticipant.name)) } },
      version: { number: version.number, _links: { self: versionLink } },
    },
    _links: {
      'pb:pacticipant': link(urls.pacticipant(base, pacticipant.name), { title: 'Pacticipant', name: pacticipant.name }),
      'pb:pacticipant-version': { ...versionLink, title: 'Pacticipant version' },
      'pb:pacticipant-version-tags': result.tags.map((t) => link(urls.tag(base, pacticipant.name, version.number, t), { title: 'Tag', name: t })),
      'pb:contracts': result.contracts.map((c) =>
        link(urls.pact(base, c.providerName, c.consumerName, version.number), {
          title: 'Pact',
          name: `Pact between ${c.consumerName} (${version.number}) and ${c.providerName}`,
        }),
      ),
    },
  };
}

export function publishRoutes(app: FastifyInstance, { services, limits }: RouteDeps): void {
  app.post(
    '/contracts/publish',
    {
      schema: {
        tags: ['pacts'],
        summary: 'Publish the pacts of one consumer version (with its branch, tags and build URL) in one transaction',
        body: publishContractsBodySchema,
        response: responses({ 200: halResponse('Published; `notices` say what happened') }, [400, 409, 413, 415]),
      },
      preValidation: bodyListLimits(limits, { tags: 'tagsPerRequest', contracts: 'contractsPerPublish' }),
    },
    async (request: Req<object, PublishContractsBody & { branch?: string | null; buildUrl?: string | null; tags?: string[] | null }>, reply) => {
      const body = request.body;
      const input = parsePublishContracts({
        ...body,
        branch: body.branch ?? undefined,
        buildUrl: body.buildUrl ?? undefined,
        tags: body.tags ?? undefined,
      } as PublishContractsBody, limits);
      const result = await services.pacts.publishContracts(input);
      return sendJson(reply, 200, presentPublishResult(request.baseUrl, result));
    },
  );
}
