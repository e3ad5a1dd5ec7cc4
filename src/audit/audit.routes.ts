import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, responses } from '../http/schemas.js';
import { queryStringOf } from '../http/urls.js';
import { presentAuditEvents } from './audit.presenter.js';

/** Events one request may read; narrow with since/until for more. */
export const AUDIT_PAGE_MAX = 1000;

interface AuditQuery {
  principal?: string;
  pacticipant?: string;
  since?: string;
  until?: string;
  limit?: number;
}

export function auditRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { audit } = services;
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail: writes by authenticated principals, newest first (admin)',
        description:
          'Every POST, PUT, PATCH and DELETE made with a token or a basic-auth user: who, what (method, route, URL, pacticipant/version), ' +
          'when, from which address and the status. Kept for TREATY_AUDIT_RETENTION_DAYS days.',
        querystring: {
          type: 'object',
          properties: {
            principal: { type: 'string', minLength: 1, maxLength: 255, description: 'Token uuid or basic-auth user name' },
            pacticipant: { type: 'string', minLength: 1, maxLength: 255, description: 'Pacticipant name (case-insensitive)' },
            since: { type: 'string', format: 'date-time', description: 'Events at or after this time' },
            until: { type: 'string', format: 'date-time', description: 'Events before this time' },
            limit: { type: 'integer', minimum: 1, maximum: AUDIT_PAGE_MAX, default: 100 },
          },
        },
        response: responses({ 200: halResponse('Audit events') }, [400]),
      },
    },
    async (request: Req<Record<string, string>, unknown, AuditQuery>, reply) => {
      const q = request.query;
      const events = await audit.list({
        principal: q.principal,
        pacticipant: q.pacticipant,
        since: q.since === undefined ? undefined : new Date(q.since),
        until: q.until === undefined ? undefined : new Date(q.until),
        limit: q.limit ?? 100,
      });
      return sendJson(reply, 200, presentAuditEvents(request.baseUrl, queryStringOf(request.url), events));
    },
  );
}
