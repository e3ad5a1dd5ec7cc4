import type { FastifyInstance } from 'fastify';
import { sendPage, wantsPage } from '../http/pages.js';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { bodyListLimits } from '../http/list-limits.js';
import { halResponse, ignoredBody, noContent, pageFrom, pagingQuery, paramsOf, responses, type PagingQuery } from '../http/schemas.js';
import { enc, urls } from '../http/urls.js';
import { renderVersionPage } from '../ui/versions/version.page.js';
import { presentTag, presentVersion, presentVersions } from './versions.presenter.js';

type VersionParams = { pacticipant: string; version: string };
type TagParams = VersionParams & { tag: string };

const versionBody = {
  type: 'object',
  properties: {
    buildUrl: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
  },
};
type VersionBody = { buildUrl?: string | null; tags?: Array<{ name: string }> } | undefined;

export function versionsRoutes(app: FastifyInstance, { services, limits }: RouteDeps): void {
  const { versions } = services;
  const tags = ['versions'];

  app.get(
    '/pacticipants/:pacticipant/versions',
    {
      schema: {
        tags,
        summary: 'Versions of a pacticipant, newest first',
        params: paramsOf('pacticipant'),
        querystring: pagingQuery,
        response: responses({ 200: halResponse('Versions') }),
      },
    },
    async (request: Req<{ pacticipant: string }, unknown, PagingQuery>, reply) => {
      const page = pageFrom(request.query, limits);
      const result = await versions.list(request.params.pacticipant, page);
      const self = { href: urls.versions(request.baseUrl, request.params.pacticipant), title: `All application versions of ${request.params.pacticipant}` };
      return sendJson(reply, 200, presentVersions(request.baseUrl, result, page, self));
    },
  );

  app.get(
    '/pacticipants/:pacticipant/tags/:tag/versions',
    {
      schema: {
        tags,
        summary: 'Versions with a tag, newest first',
        params: paramsOf('pacticipant', 'tag'),
        querystring: pagingQuery,
        response: responses({ 200: halResponse('Versions') }),
      },
    },
    async (request: Req<{ pacticipant: string; tag: string }, unknown, PagingQuery>, reply) => {
      const page = pageFrom(request.query, limits);
      const { pacticipant, tag } = request.params;
      const result = await versions.list(pacticipant, page, { tag });
      const self = { href: `${urls.pacticipant(request.baseUrl, pacticipant)}/tags/${enc(tag)}/versions`, title: `Versions of ${pacticipant} with tag ${tag}` };
      return sendJson(reply, 200, presentVersions(request.baseUrl, result, page, self));
    },
  );

  const one = { tags, params: paramsOf('pacticipant', 'version') };

  app.get(
    '/pacticipants/:pacticipant/versions/:version',
    {
      schema: {
        ...one,
        summary: 'Get a version',
        description: 'A browser (Accept naming text/html first) gets the version page instead; `?format=hal` always gives the JSON.',
        response: responses({ 200: halResponse('Version') }),
      },
    },
    async (request: Req<VersionParams>, reply) => {
      if (wantsPage(request)) {
        const page = await renderVersionPage(services, request.params.pacticipant, request.params.version);
        return sendPage(reply, page.html, page.status);
      }
      return sendJson(reply, 200, presentVersion(request.baseUrl, await versions.get(request.params.pacticipant, request.params.version)));
    },
  );

  for (const method of ['put', 'patch'] as const) {
    app[method](
      '/pacticipants/:pacticipant/versions/:version',
      {
        schema: {
          ...one,
          summary:
            method === 'put'
              ? 'Create or replace a version (an omitted buildUrl is cleared; tags are only added)'
              : 'Create or update a version (only the given fields change)',
          body: versionBody,
          response: responses({ 200: halResponse('Updated'), 201: halResponse('Created') }, [400, 415]),
        },
        preValidation: bodyListLimits(limits, { tags: 'tagsPerRequest' }),
      },
      async (request: Req<VersionParams, VersionBody>, reply) => {
        const body = request.body ?? {};
        const { details, created } = await versions.upsert(
          request.params.pacticipant,
          request.params.version,
          { buildUrl: body.buildUrl, tags: body.tags?.map((t) => t.name) },
          method === 'put' ? 'replace' : 'merge',
        );
        return sendJson(reply, created ? 201 : 200, presentVersion(request.baseUrl, details));
      },
    );
  }

  app.delete(
    '/pacticipants/:pacticipant/versions/:version',
    { schema: { ...one, summary: 'Delete a version with its tags, branch memberships and pacts', response: responses({ 204: noContent }) } },
    async (request: Req<VersionParams>, reply) => {
      await versions.delete(request.params.pacticipant, request.params.version);
      return reply.code(204).send();
    },
  );

  app.get(
    '/pacticipants/:pacticipant/latest-version',
    { schema: { tags, params: paramsOf('pacticipant'), summary: 'The most recently created version', response: responses({ 200: halResponse('Version') }) } },
    async (request: Req<{ pacticipant: string }>, reply) =>
      sendJson(reply, 200, presentVersion(request.baseUrl, await versions.latest(request.params.pacticipant))),
  );

  app.get(
    '/pacticipants/:pacticipant/latest-version/:tag',
    {
      schema: {
        tags,
        params: paramsOf('pacticipant', 'tag'),
        summary: 'The most recently created version with a tag',
        response: responses({ 200: halResponse('Version') }),
      },
    },
    async (request: Req<{ pacticipant: string; tag: string }>, reply) =>
      sendJson(reply, 200, presentVersion(request.baseUrl, await versions.latest(request.params.pacticipant, request.params.tag))),
  );

  // --- tags ---
  const tagSchema = { tags: ['tags'], params: paramsOf('pacticipant', 'version', 'tag') };

  app.get(
    '/pacticipants/:pacticipant/versions/:version/tags',
    { schema: { tags: ['tags'], params: paramsOf('pacticipant', 'version'), summary: 'Tags of a version', response: responses({ 200: halResponse('Tags') }) } },
    async (request: Req<VersionParams>, reply) => {
      const { pacticipant, version, tags: list } = await versions.listTags(request.params.pacticipant, request.params.version);
      const b = request.baseUrl;
      return sendJson(reply, 200, {
        _embedded: { tags: list.map((t) => presentTag(b, pacticipant, version, t)) },
        _links: { self: { href: urls.tags(b, pacticipant.name, version.number), title: 'Tags' } },
      });
    },
  );

  app.get(
    '/pacticipants/:pacticipant/versions/:version/tags/:tag',
    { schema: { ...tagSchema, summary: 'Get a tag', response: responses({ 200: halResponse('Tag') }) } },
    async (request: Req<TagParams>, reply) => {
      const { pacticipant, version, tag } = await versions.getTag(request.params.pacticipant, request.params.version, request.params.tag);
      return sendJson(reply, 200, presentTag(request.baseUrl, pacticipant, version, tag));
    },
  );

  app.put(
    '/pacticipants/:pacticipant/versions/:version/tags/:tag',
    {
      schema: {
        ...tagSchema,
        summary: 'Tag a version (creates the pacticipant and version when missing)',
        body: ignoredBody,
        response: responses({ 200: halResponse('Tag existed'), 201: halResponse('Tag created') }, [400, 415]),
      },
    },
    async (request: Req<TagParams>, reply) => {
      const { pacticipant, version, tag, created } = await versions.addTag(request.params.pacticipant, request.params.version, request.params.tag);
      if (created) reply.header('Location', urls.tag(request.baseUrl, pacticipant.name, version.number, tag.name));
      return sendJson(reply, created ? 201 : 200, presentTag(request.baseUrl, pacticipant, version, tag));
    },
  );

  app.delete(
    '/pacticipants/:pacticipant/versions/:version/tags/:tag',
    { schema: { ...tagSchema, summary: 'Remove a tag', response: responses({ 204: noContent }) } },
    async (request: Req<TagParams>, reply) => {
      await versions.deleteTag(request.params.pacticipant, request.params.version, request.params.tag);
      return reply.code(204).send();
    },
  );
}
