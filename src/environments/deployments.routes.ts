import type { FastifyInstance } from 'fastify';
import { onlyContentTypes } from '../http/content-type.js';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, paramsOf, responses } from '../http/schemas.js';
import { queryStringOf, urls } from '../http/urls.js';
import { presentDeployedVersion, presentDeployedVersions } from './deployments.presenter.js';

type VersionEnvParams = { pacticipant: string; version: string; uuid: string };
type DeployBody = { applicationInstance?: string | null; target?: string | null } | null | undefined;
type CurrentlyDeployedQuery = { pacticipant?: string; applicationInstance?: string; target?: string };

const nullableString = { type: ['string', 'null'] };

export function deploymentsRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { deployments } = services;
  const tags = ['deployments'];
  const versionEnv = { tags, params: paramsOf('pacticipant', 'version', 'uuid') };
  const path = '/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid';

  app.post(
    path,
    {
      schema: {
        ...versionEnv,
        summary: 'Record a deployment of a version to an environment (replaces the current one in the same application instance)',
        description:
          'Find-or-create: if the version is already the current deployment of (environment, application instance), that record is returned ' +
          '(201, same uuid), so retries are safe. `target` is the legacy name of `applicationInstance`.',
        body: { type: ['object', 'null'], properties: { applicationInstance: nullableString, target: nullableString } },
        response: responses({ 201: halResponse('Deployed version') }, [400, 404, 415]),
      },
    },
    async (request: Req<VersionEnvParams, DeployBody>, reply) => {
      const body = request.body ?? {};
      const { deployedVersion } = await deployments.recordDeployment({
        pacticipantName: request.params.pacticipant,
        versionNumber: request.params.version,
        environmentUuid: request.params.uuid,
        applicationInstance: body.applicationInstance,
        target: body.target,
      });
      reply.header('Location', urls.deployedVersion(request.baseUrl, deployedVersion.uuid));
      return sendJson(reply, 201, presentDeployedVersion(request.baseUrl, deployedVersion));
    },
  );

  app.get(
    path,
    { schema: { ...versionEnv, summary: 'Deployments (current and past) of a version to an environment', response: responses({ 200: halResponse('Deployed versions') }) } },
    async (request: Req<VersionEnvParams>, reply) => {
      const { pacticipant, version, environment, deployedVersions } = await deployments.deploymentsOfVersion({
        pacticipantName: request.params.pacticipant,
        versionNumber: request.params.version,
        environmentUuid: request.params.uuid,
      });
      const self = {
        href: urls.deployedVersionsForVersion(request.baseUrl, pacticipant.name, version.number, environment.uuid),
        title: `Deployed versions for ${pacticipant.name} version ${version.number} in environment ${environment.displayName ?? environment.name}`,
      };
      return sendJson(reply, 200, presentDeployedVersions(request.baseUrl, deployedVersions, self, 'none'));
    },
  );

  app.get(
    '/environments/:uuid/deployed-versions/currently-deployed',
    {
      schema: {
        tags,
        params: paramsOf('uuid'),
        summary: 'Versions currently deployed to an environment',
        description: 'A given but blank `applicationInstance` (or legacy `target`) selects deployments without an application instance.',
        querystring: { type: 'object', properties: { pacticipant: { type: 'string' }, applicationInstance: { type: 'string' }, target: { type: 'string' } } },
        response: responses({ 200: halResponse('Deployed versions') }),
      },
    },
    async (request: Req<{ uuid: string }, unknown, CurrentlyDeployedQuery>, reply) => {
      const { pacticipant, applicationInstance, target } = request.query;
      const instance = applicationInstance ?? target;
      const { environment, deployedVersions } = await deployments.currentlyDeployedIn(request.params.uuid, {
        pacticipantName: pacticipant,
        applicationInstance: instance === undefined ? undefined : instance.trim() === '' ? null : instance,
      });
      const self = {
        href: `${urls.currentlyDeployed(request.baseUrl, environment.uuid)}${queryStringOf(request.url)}`,
        title: `Currently deployed versions for ${environment.displayName ?? environment.name}`,
      };
      return sendJson(reply, 200, presentDeployedVersions(request.baseUrl, deployedVersions, self, 'pacticipant-version'));
    },
  );

  const one = { tags, params: paramsOf('uuid') };

  app.get(
    '/deployed-versions/:uuid',
    { schema: { ...one, summary: 'Get a deployed version', response: responses({ 200: halResponse('Deployed version') }) } },
    async (request: Req<{ uuid: string }>, reply) => sendJson(reply, 200, presentDeployedVersion(request.baseUrl, await deployments.get(request.params.uuid))),
  );

  app.patch(
    '/deployed-versions/:uuid',
    {
      onRequest: onlyContentTypes('application/merge-patch+json'),
      schema: {
        ...one,
        summary: 'Record an undeployment: `{"currentlyDeployed": false}` (application/merge-patch+json only)',
        description: 'Repeating it changes nothing; `{}` is a no-op; `true` is refused with 422 (record a new deployment instead).',
        body: { type: ['object', 'null'], properties: { currentlyDeployed: { type: 'boolean' } } },
        response: responses({ 200: halResponse('Deployed version') }, [400, 404, 415, 422]),
      },
    },
    async (request: Req<{ uuid: string }, { currentlyDeployed?: boolean } | null | undefined>, reply) => {
      const updated = await deployments.update(request.params.uuid, { currentlyDeployed: request.body?.currentlyDeployed });
      return sendJson(reply, 200, presentDeployedVersion(request.baseUrl, updated));
    },
  );
}
