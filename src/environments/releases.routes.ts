import type { FastifyInstance } from 'fastify';
import { onlyContentTypes } from '../http/content-type.js';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, ignoredBody, paramsOf, responses } from '../http/schemas.js';
import { queryStringOf, urls } from '../http/urls.js';
import { presentReleasedVersion, presentReleasedVersions } from './deployments.presenter.js';

type VersionEnvParams = { pacticipant: string; version: string; uuid: string };

export function releasesRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { releases } = services;
  const tags = ['releases'];
  const versionEnv = { tags, params: paramsOf('pacticipant', 'version', 'uuid') };
  const path = '/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid';
  const input = (p: VersionEnvParams) => ({ pacticipantName: p.pacticipant, versionNumber: p.version, environmentUuid: p.uuid });

  app.post(
    path,
    {
      schema: {
        ...versionEnv,
        summary: 'Record a release of a version to an environment (other released versions stay supported)',
        description: '201 for a new release; 200 when it was already released (a release whose support ended is supported again, same uuid).',
        body: ignoredBody,
        response: responses({ 201: halResponse('Released version'), 200: halResponse('Already released') }, [400, 404, 415]),
      },
    },
    async (request: Req<VersionEnvParams>, reply) => {
      const { releasedVersion, created } = await releases.recordRelease(input(request.params));
      reply.header('Location', urls.releasedVersion(request.baseUrl, releasedVersion.uuid));
      return sendJson(reply, created ? 201 : 200, presentReleasedVersion(request.baseUrl, releasedVersion));
    },
  );

  app.get(
    path,
    { schema: { ...versionEnv, summary: 'The release of a version in an environment, as a list', response: responses({ 200: halResponse('Released versions') }) } },
    async (request: Req<VersionEnvParams>, reply) => {
      const { pacticipant, version, environment, releasedVersions } = await releases.releasesOfVersion(input(request.params));
      const self = {
        href: urls.releasedVersionsForVersion(request.baseUrl, pacticipant.name, version.number, environment.uuid),
        title: `Released versions for ${pacticipant.name} version ${version.number} in ${environment.displayName ?? environment.name}`,
      };
      return sendJson(reply, 200, presentReleasedVersions(request.baseUrl, releasedVersions, self, 'none'));
    },
  );

  app.get(
    '/environments/:uuid/released-versions/currently-supported',
    {
      schema: {
        tags,
        params: paramsOf('uuid'),
        summary: 'Released versions currently supported in an environment',
        querystring: { type: 'object', properties: { pacticipant: { type: 'string' }, version: { type: 'string' } } },
        response: responses({ 200: halResponse('Released versions') }),
      },
    },
    async (request: Req<{ uuid: string }, unknown, { pacticipant?: string; version?: string }>, reply) => {
      const { environment, releasedVersions } = await releases.currentlySupportedIn(request.params.uuid, {
        pacticipantName: request.query.pacticipant,
        versionNumber: request.query.version,
      });
      const self = {
        href: `${urls.currentlySupported(request.baseUrl, environment.uuid)}${queryStringOf(request.url)}`,
        title: `Currently supported versions in ${environment.displayName ?? environment.name}`,
      };
      return sendJson(reply, 200, presentReleasedVersions(request.baseUrl, releasedVersions, self, 'pacticipant-version'));
    },
  );

  const one = { tags, params: paramsOf('uuid') };

  app.get(
    '/released-versions/:uuid',
    { schema: { ...one, summary: 'Get a released version', response: responses({ 200: halResponse('Released version') }) } },
    async (request: Req<{ uuid: string }>, reply) => sendJson(reply, 200, presentReleasedVersion(request.baseUrl, await releases.get(request.params.uuid))),
  );

  app.patch(
    '/released-versions/:uuid',
    {
      onRequest: onlyContentTypes('application/merge-patch+json'),
      schema: {
        ...one,
        summary: 'Record that support ended: `{"currentlySupported": false}` (application/merge-patch+json only)',
        description: 'Repeating it changes nothing; `{}` is a no-op; `true` is refused with 422 (record the release again instead).',
        body: { type: ['object', 'null'], properties: { currentlySupported: { type: 'boolean' } } },
        response: responses({ 200: halResponse('Released version') }, [400, 404, 415, 422]),
      },
    },
    async (request: Req<{ uuid: string }, { currentlySupported?: boolean } | null | undefined>, reply) => {
      const updated = await releases.update(request.params.uuid, { currentlySupported: request.body?.currentlySupported });
      return sendJson(reply, 200, presentReleasedVersion(request.baseUrl, updated));
    },
  );
}
