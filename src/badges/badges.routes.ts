// The Pact Broker's pact badge URLs (api.rb "Badges" and the matrix badge), each also with a `.svg` suffix, drawn here
// as SVG: always 200 image/svg+xml, never a redirect, `Cache-Control: no-cache` as the Pact Broker sends (so a README
// shows the current status; an embedding cache revalidates each time). Public when public badge access is on
// (authorization-policy.ts). `/branch/:branch/latest/badge` is Treaty's: the Pact Broker has no branch badge.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Req, RouteDeps } from '../http/route-types.js';
import { paramsOf } from '../http/schemas.js';
import type { BadgeLook, TitleOptions } from './badge-status.js';
import type { PactBadgeSelector } from './badges.service.js';
import { renderBadge } from './render.js';

const INTEGRATION = '/pacts/provider/:provider/consumer/:consumer';
const SVG = { 200: { description: 'The badge (SVG)', type: 'string' } };
const badgeQuery = {
  type: 'object',
  properties: {
    label: { type: 'string', description: '`consumer` or `provider` to name one side only' },
    initials: { type: 'string', description: '`true` to shorten names to their initials' },
  },
};

type BadgeQuery = { label?: string; initials?: string };
type Integration = { provider: string; consumer: string; tag?: string; branch?: string };

const titleOptions = (query: BadgeQuery): TitleOptions => ({ label: query.label || undefined, initials: query.initials === 'true' });

function sendSvg(reply: FastifyReply, look: BadgeLook): FastifyReply {
  return reply.code(200).header('cache-control', 'no-cache').type('image/svg+xml;charset=utf-8').send(renderBadge(look));
}

export function badgesRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { badges } = services;
  const tags = ['badges'];
  const pactForms: Array<[string, string, (p: Integration) => PactBadgeSelector]> = [
    [`${INTEGRATION}/latest`, 'Status badge of the latest pact of an integration', () => ({})],
    [`${INTEGRATION}/latest/:tag`, 'Status badge of the latest pact from a consumer version with a tag', (p) => ({ tag: p.tag! })],
    [`${INTEGRATION}/latest-untagged`, 'Status badge of the latest pact from an untagged consumer version', () => ({ untagged: true })],
    [`${INTEGRATION}/branch/:branch/latest`, 'Status badge of the latest pact from a consumer branch (Treaty only)', (p) => ({ branch: p.branch! })],
  ];
  for (const suffix of ['/badge', '/badge.svg']) {
    for (const [path, summary, selector] of pactForms) {
      const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      app.get(
        `${path}${suffix}`,
        { schema: { tags, summary, params: paramsOf(...names), querystring: badgeQuery, response: SVG } },
        async (request: Req<Integration, unknown, BadgeQuery>, reply) => {
          const { provider, consumer } = request.params;
          return sendSvg(reply, await badges.pactBadge(provider, consumer, selector(request.params), titleOptions(request.query)));
        },
      );
    }
    type Matrix = { provider: string; providerTag: string; consumer: string; consumerTag: string };
    app.get(
      `/matrix/provider/:provider/latest/:providerTag/consumer/:consumer/latest/:consumerTag${suffix}`,
      {
        schema: {
          tags,
          summary: 'Status badge of the latest pact from a consumer tag, verified by a provider version with a tag',
          params: paramsOf('provider', 'providerTag', 'consumer', 'consumerTag'),
          querystring: badgeQuery,
          response: SVG,
        },
      },
      async (request: Req<Matrix, unknown, BadgeQuery>, reply) => {
        const { provider, providerTag, consumer, consumerTag } = request.params;
        return sendSvg(reply, await badges.matrixBadge(provider, providerTag, consumer, consumerTag, titleOptions(request.query)));
      },
    );
  }
}
