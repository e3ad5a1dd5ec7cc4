import type { FastifyInstance } from 'fastify';
import { sendPage, wantsPage } from '../http/pages.js';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, ignoredBody, noContent, pageFrom, pagingQuery, paramsOf, responses, type PagingQuery } from '../http/schemas.js';
import { strictValidatorCompiler } from '../http/strict-validation.js';
import { urls } from '../http/urls.js';
import type { PacticipantInput } from './pacticipants.service.js';
import { renderPacticipantPage } from '../ui/pacticipants/pacticipant.page.js';
import { presentLabel, presentPacticipant, presentPacticipants } from './pacticipants.presenter.js';

export const TEAM_MAX_LENGTH = 255;
export const CONTACT_MAX_LENGTH = 1000;
const nullableString = { type: ['string', 'null'] };
const pacticipantBody = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    displayName: nullableString,
    repositoryUrl: nullableString,
    repositoryName: nullableString,
    repositoryNamespace: nullableString,
    mainBranch: nullableString,
    // Bounded here so an oversized value is a 400 naming the field, before it reaches the service.
    team: { type: ['string', 'null'], maxLength: TEAM_MAX_LENGTH, description: 'The team that owns this pacticipant' },
    contact: { type: ['string', 'null'], maxLength: CONTACT_MAX_LENGTH, description: 'How to reach the owners: e-mail, chat channel or URL' },
  },
};
const tags = ['pacticipants'];

export function pacticipantsRoutes(app: FastifyInstance, { services, limits }: RouteDeps): void {
  const { pacticipants } = services;

  app.get(
    '/pacticipants',
    {
      schema: {
        tags,
        summary: 'List pacticipants, sorted by name; `q` filters by name',
        querystring: { ...pagingQuery, properties: { ...pagingQuery.properties, q: { type: 'string' } } },
        response: responses({ 200: halResponse('Pacticipants') }, [400]),
      },
    },
    async (request: Req<object, unknown, PagingQuery & { q?: string }>, reply) => {
      const page = pageFrom(request.query, limits);
      const result = await pacticipants.list({ query: request.query.q, offset: page.offset, limit: page.limit });
      return sendJson(reply, 200, presentPacticipants(request.baseUrl, result, page));
    },
  );

  app.post(
    '/pacticipants',
    {
      schema: {
        tags,
        summary: 'Create a pacticipant (an existing name returns the existing pacticipant)',
        body: { ...pacticipantBody, required: ['name'] },
        response: responses({ 201: halResponse('Created'), 200: halResponse('Already existed') }, [400, 415]),
      },
      // No type coercion: a team of 42 or ["a"] is a 400, not the stored text "42".
      validatorCompiler: strictValidatorCompiler,
    },
    async (request: Req<object, PacticipantInput>, reply) => {
      const { pacticipant, created } = await pacticipants.create(request.body);
      reply.header('Location', urls.pacticipant(request.baseUrl, pacticipant.name));
      return sendJson(reply, created ? 201 : 200, presentPacticipant(request.baseUrl, pacticipant));
    },
  );

  app.get(
    '/pacticipants/label/:label',
    { schema: { tags, summary: 'Pacticipants with a label', params: paramsOf('label'), response: responses({ 200: halResponse('Pacticipants') }) } },
    async (request: Req<{ label: string }>, reply) => {
      const result = await pacticipants.list({ label: request.params.label, offset: 0, limit: 1000 });
      const page = { paged: false, number: 1, size: 1000 };
      return sendJson(reply, 200, presentPacticipants(request.baseUrl, result, page, urls.pacticipantsWithLabel(request.baseUrl, request.params.label)));
    },
  );

  const one = { params: paramsOf('pacticipant'), tags };

  app.get(
    '/pacticipants/:pacticipant',
    {
      schema: {
        ...one,
        summary: 'Get a pacticipant',
        description: 'A browser (Accept naming text/html first) gets the pacticipant page instead (`?page=` pages its versions); `?format=hal` always gives the JSON.',
        response: responses({ 200: halResponse('Pacticipant') }),
      },
    },
    async (request: Req<{ pacticipant: string }>, reply) => {
      if (wantsPage(request)) {
        const page = await renderPacticipantPage(services, request.params.pacticipant, request.query as Record<string, unknown> | undefined, request.baseUrl);
        return sendPage(reply, page.html, page.status);
      }
      return sendJson(reply, 200, presentPacticipant(request.baseUrl, await pacticipants.getDetails(request.params.pacticipant)));
    },
  );

  app.put(
    '/pacticipants/:pacticipant',
    {
      schema: {
        ...one,
        summary: 'Replace a pacticipant’s attributes (omitted ones are cleared)',
        body: pacticipantBody,
        response: responses({ 200: halResponse('Pacticipant') }, [400, 404, 415]),
      },
      // No type coercion: a team of 42 or ["a"] is a 400, not the stored text "42".
      validatorCompiler: strictValidatorCompiler,
    },
    async (request: Req<{ pacticipant: string }, PacticipantInput | undefined>, reply) =>
      sendJson(reply, 200, presentPacticipant(request.baseUrl, await pacticipants.replace(request.params.pacticipant, request.body ?? {}))),
  );

  app.patch(
    '/pacticipants/:pacticipant',
    {
      schema: {
        ...one,
        summary: 'Update some attributes; creates the pacticipant when missing',
        body: pacticipantBody,
        response: responses({ 200: halResponse('Updated'), 201: halResponse('Created') }, [400, 415]),
      },
      // No type coercion: a team of 42 or ["a"] is a 400, not the stored text "42".
      validatorCompiler: strictValidatorCompiler,
    },
    async (request: Req<{ pacticipant: string }, PacticipantInput | undefined>, reply) => {
      const { pacticipant, created } = await pacticipants.patch(request.params.pacticipant, request.body ?? {});
      if (created) reply.header('Location', urls.pacticipant(request.baseUrl, pacticipant.name));
      return sendJson(reply, created ? 201 : 200, presentPacticipant(request.baseUrl, pacticipant));
    },
  );

  app.delete(
    '/pacticipants/:pacticipant',
    { schema: { ...one, summary: 'Delete a pacticipant with its versions, pacts, tags and branches', response: responses({ 204: noContent }) } },
    async (request: Req<{ pacticipant: string }>, reply) => {
      await pacticipants.delete(request.params.pacticipant);
      return reply.code(204).send();
    },
  );

  const labelParams = { params: paramsOf('pacticipant', 'label'), tags };

  app.get(
    '/pacticipants/:pacticipant/labels/:label',
    { schema: { ...labelParams, summary: 'Get a label', response: responses({ 200: halResponse('Label') }) } },
    async (request: Req<{ pacticipant: string; label: string }>, reply) => {
      const { pacticipant, label } = await pacticipants.getLabel(request.params.pacticipant, request.params.label);
      return sendJson(reply, 200, presentLabel(request.baseUrl, pacticipant, label));
    },
  );

  app.put(
    '/pacticipants/:pacticipant/labels/:label',
    {
      schema: {
        ...labelParams,
        summary: 'Label a pacticipant (creates the pacticipant when missing)',
        body: ignoredBody,
        response: responses({ 200: halResponse('Label existed'), 201: halResponse('Label created') }, [400, 415]),
      },
    },
    async (request: Req<{ pacticipant: string; label: string }>, reply) => {
      const { pacticipant, label, created } = await pacticipants.addLabel(request.params.pacticipant, request.params.label);
      if (created) reply.header('Location', urls.label(request.baseUrl, pacticipant.name, label.name));
      return sendJson(reply, created ? 201 : 200, presentLabel(request.baseUrl, pacticipant, label));
    },
  );

  app.delete(
    '/pacticipants/:pacticipant/labels/:label',
    { schema: { ...labelParams, summary: 'Remove a label', response: responses({ 204: noContent }) } },
    async (request: Req<{ pacticipant: string; label: string }>, reply) => {
      await pacticipants.removeLabel(request.params.pacticipant, request.params.label);
      return reply.code(204).send();
    },
  );
}
