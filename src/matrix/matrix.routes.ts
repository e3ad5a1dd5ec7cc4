import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BadgeLook } from '../badges/badge-status.js';
import { renderBadge } from '../badges/render.js';
import { parseNestedQuery } from '../http/nested-query.js';
import { sendJsonBody } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, paramsOf, responses } from '../http/schemas.js';
import { DomainError } from '../shared/errors.js';
import { presentMatrixJson } from './matrix.presenter.js';
import type { MatrixResult } from './matrix.service.js';
import type { Deployable } from './matrix.types.js';

/** can-i-deploy badges are green only for a yes; unknown is red too, as in the Pact Broker. */
const deployLook = (text: string) => (d: Deployable) => ({ message: text, color: d === true ? ('brightgreen' as const) : ('red' as const) });
const mergeLook = (d: Deployable) =>
  d === true ? { message: 'success', color: 'brightgreen' as const } : d === false ? { message: 'failed', color: 'red' as const } : { message: 'unknown', color: 'lightgrey' as const };

const rawQuery = (request: FastifyRequest) => {
  const at = request.url.indexOf('?');
  return parseNestedQuery(at === -1 ? '' : request.url.slice(at + 1));
};

const matrixBody = halResponse(
  'summary (deployable true/false/null, reason, counts), notices (the reasons, then one next step per problem) and one row per consumer version × provider version, each with a typed `reason`',
);

/** Drawn here as SVG (never a redirect to shields.io, which breaks on closed networks). */
function sendBadge(reply: FastifyReply, look: BadgeLook, cache = 'no-cache'): FastifyReply {
  return reply.code(200).header('cache-control', cache).type('image/svg+xml;charset=utf-8').send(renderBadge(look));
}

/** A badge never fails: a missing pacticipant, version or environment shows as "unknown". */
async function badgeFor(compute: () => Promise<MatrixResult>, label: string, look: (deployable: Deployable) => Omit<BadgeLook, 'label'>): Promise<BadgeLook> {
  try {
    return { label, ...look((await compute()).decision.deployable) };
  } catch (error) {
    if (error instanceof DomainError) return { label, message: 'unknown', color: 'lightgrey' };
    throw error;
  }
}

export function matrixRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { matrix, answers } = services;
  /** The answer depends on the URL (path and query) and the base URL of its links only. */
  const answer = (request: FastifyRequest, reply: FastifyReply, compute: () => Promise<MatrixResult>) =>
    answers
      .answer(`matrix\u0000${request.baseUrl}\u0000${request.url}`, async () => presentMatrixJson(request.baseUrl, await compute()))
      .then((body) => sendJsonBody(reply, 200, body));
  const tags = ['matrix'];

  app.get(
    '/matrix',
    {
      schema: {
        tags,
        summary:
          'The matrix: can these versions be deployed together? q[][pacticipant|version|latest|tag|branch|mainBranch|environment], latestby=cvp|cvpv, environment=, tag= with latest=true, mainBranch=true, ignore[][pacticipant|version], limit',
        response: responses({ 200: matrixBody }, [400]),
      },
    },
    async (request, reply) => answer(request, reply, () => matrix.matrix(rawQuery(request))),
  );

  app.get(
    '/can-i-deploy',
    {
      schema: {
        tags,
        summary: 'Can this version of the pacticipant be deployed to the environment (environment=) or alongside the latest versions with a tag (to=)?',
        response: responses({ 200: matrixBody }, [400]),
      },
    },
    async (request, reply) => answer(request, reply, () => matrix.canIDeploy(rawQuery(request))),
  );

  const byTag = '/pacticipants/:pacticipant/latest-version/:tag/can-i-deploy/to/:toTag';
  type ByTag = Req<{ pacticipant: string; tag: string; toTag: string }>;
  app.get(
    byTag,
    {
      schema: {
        tags,
        summary: 'Can the latest version with a tag be deployed alongside the latest versions with another tag?',
        params: paramsOf('pacticipant', 'tag', 'toTag'),
        response: responses({ 200: matrixBody }, [404]),
      },
    },
    async (request: ByTag, reply) => {
      const { pacticipant, tag, toTag } = request.params;
      return answer(request, reply, () => matrix.latestTaggedToTag(pacticipant, tag, toTag));
    },
  );

  const byBranch = '/pacticipants/:pacticipant/branches/:branch/latest-version/can-i-deploy/to-environment/:environment';
  type ByBranch = Req<{ pacticipant: string; branch: string; environment: string }>;
  app.get(
    byBranch,
    {
      schema: {
        tags,
        summary: 'Can the latest version of a branch be deployed to the environment (by name)?',
        params: paramsOf('pacticipant', 'branch', 'environment'),
        response: responses({ 200: matrixBody }, [404]),
      },
    },
    async (request: ByBranch, reply) => {
      const { pacticipant, branch, environment } = request.params;
      return answer(request, reply, () => matrix.latestOnBranchToEnvironment(pacticipant, branch, environment));
    },
  );

  const badge = { 200: { description: 'The badge (SVG)', type: 'string' } };
  for (const suffix of ['/badge', '/badge.svg']) {
    app.get(
      `${byTag}${suffix}`,
      { schema: { tags, summary: 'can-i-deploy badge for the latest tagged version', params: paramsOf('pacticipant', 'tag', 'toTag'), response: badge } },
      async (request: ByTag, reply) => {
        const { pacticipant, tag, toTag } = request.params;
        return sendBadge(reply, await badgeFor(() => matrix.latestTaggedToTag(pacticipant, tag, toTag), 'can-i-deploy', deployLook(`${tag} to ${toTag}`)));
      },
    );
    app.get(
      `${byBranch}${suffix}`,
      { schema: { tags, summary: 'can-i-deploy badge for the latest version of a branch', params: paramsOf('pacticipant', 'branch', 'environment'), response: badge } },
      async (request: ByBranch, reply) => {
        const { pacticipant, branch, environment } = request.params;
        return sendBadge(reply, await badgeFor(() => matrix.latestOnBranchToEnvironment(pacticipant, branch, environment), 'can-i-deploy', deployLook(`${branch} to ${environment}`)));
      },
    );
    app.get(
      `/pacticipants/:pacticipant/main-branch/can-i-merge${suffix}`,
      { schema: { tags, summary: 'can-i-merge badge: is the latest main-branch version compatible with the main branches it integrates with?', params: paramsOf('pacticipant'), response: badge } },
      async (request: Req<{ pacticipant: string }>, reply) => {
        const status = await badgeFor(() => matrix.canIMerge(request.params.pacticipant), 'can-i-merge', mergeLook);
        return sendBadge(reply, status, 'max-age=30');
      },
    );
  }
}
