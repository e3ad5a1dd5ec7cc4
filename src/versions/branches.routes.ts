import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, ignoredBody, noContent, pageFrom, pagingQuery, paramsOf, responses, type PagingQuery } from '../http/schemas.js';
import { urls } from '../http/urls.js';
import { presentBranch, presentBranches, presentBranchVersion, presentVersion, presentVersions } from './versions.presenter.js';

type BranchParams = { pacticipant: string; branch: string };
type BranchVersionParams = BranchParams & { version: string };

export function branchesRoutes(app: FastifyInstance, { services, limits }: RouteDeps): void {
  const { versions } = services;
  const tags = ['branches'];
  const branchParams = paramsOf('pacticipant', 'branch');

  app.get(
    '/pacticipants/:pacticipant/branches',
    {
      schema: { tags, summary: 'Branches of a pacticipant, by name', params: paramsOf('pacticipant'), querystring: pagingQuery, response: responses({ 200: halResponse('Branches') }) },
    },
    async (request: Req<{ pacticipant: string }, unknown, PagingQuery>, reply) => {
      const page = pageFrom(request.query, limits);
      return sendJson(reply, 200, presentBranches(request.baseUrl, await versions.listBranches(request.params.pacticipant, page), page));
    },
  );

  app.get(
    '/pacticipants/:pacticipant/branches/:branch',
    { schema: { tags, summary: 'Get a branch', params: branchParams, response: responses({ 200: halResponse('Branch') }) } },
    async (request: Req<BranchParams>, reply) => {
      const { pacticipant, branch } = await versions.getBranch(request.params.pacticipant, request.params.branch);
      return sendJson(reply, 200, presentBranch(request.baseUrl, pacticipant, branch));
    },
  );

  app.delete(
    '/pacticipants/:pacticipant/branches/:branch',
    {
      schema: {
        tags,
        summary: 'Delete a branch; its versions, pacts and tags stay, but branch selectors no longer find them',
        params: branchParams,
        response: responses({ 204: noContent }),
      },
    },
    async (request: Req<BranchParams>, reply) => {
      await versions.deleteBranch(request.params.pacticipant, request.params.branch);
      return reply.code(204).send();
    },
  );

  app.get(
    '/pacticipants/:pacticipant/branches/:branch/latest-version',
    { schema: { tags, summary: 'The branch head', params: branchParams, response: responses({ 200: halResponse('Version') }) } },
    async (request: Req<BranchParams>, reply) =>
      sendJson(reply, 200, presentVersion(request.baseUrl, await versions.latestOnBranch(request.params.pacticipant, request.params.branch))),
  );

  app.get(
    '/pacticipants/:pacticipant/branches/:branch/versions',
    { schema: { tags, summary: 'Versions on a branch, newest first', params: branchParams, querystring: pagingQuery, response: responses({ 200: halResponse('Versions') }) } },
    async (request: Req<BranchParams, unknown, PagingQuery>, reply) => {
      const page = pageFrom(request.query, limits);
      const { pacticipant, branch } = request.params;
      const result = await versions.list(pacticipant, page, { branch });
      const self = { href: urls.branchVersions(request.baseUrl, pacticipant, branch), title: `Versions of ${pacticipant} on branch ${branch}` };
      return sendJson(reply, 200, presentVersions(request.baseUrl, result, page, self));
    },
  );

  const bvParams = paramsOf('pacticipant', 'branch', 'version');

  app.get(
    '/pacticipants/:pacticipant/branches/:branch/versions/:version',
    { schema: { tags, summary: 'A version’s membership of a branch', params: bvParams, response: responses({ 200: halResponse('Branch version') }) } },
    async (request: Req<BranchVersionParams>, reply) => {
      const { pacticipant, branch, version, branchVersion } = await versions.getBranchVersion(
        request.params.pacticipant,
        request.params.branch,
        request.params.version,
      );
      return sendJson(reply, 200, presentBranchVersion(request.baseUrl, pacticipant, branch, version, branchVersion));
    },
  );

  app.put(
    '/pacticipants/:pacticipant/branches/:branch/versions/:version',
    {
      schema: {
        tags,
        summary: 'Add a version to a branch (creates pacticipant, version and branch when missing); it becomes the branch head',
        params: bvParams,
        body: ignoredBody,
        response: responses({ 200: halResponse('Already on the branch'), 201: halResponse('Added') }, [400, 415]),
      },
    },
    async (request: Req<BranchVersionParams>, reply) => {
      const { pacticipant, branch, version, branchVersion, created } = await versions.addBranchVersion(
        request.params.pacticipant,
        request.params.branch,
        request.params.version,
      );
      const body = presentBranchVersion(request.baseUrl, pacticipant, branch, version, branchVersion);
      if (created) reply.header('Location', body._links.self.href);
      return sendJson(reply, created ? 201 : 200, body);
    },
  );
}
