// Records every write made by an authenticated principal in the audit trail, after the response is sent, so the
// request never waits for it (the audit service batches the inserts). Anonymous writes (access control off, or a
// request the authorization hook refused before knowing who it was) are not recorded.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditTarget, auditUrl, isAuditedWrite } from '../audit/audit-target.js';
import type { AuditService } from '../audit/audit.service.js';
import { OPEN_ACCESS, type Principal } from '../auth/principal.js';

/** Route pattern recorded for a write that matched no route (a 404). */
export const NO_ROUTE = '(no route)';

export function registerAuditTrail(app: FastifyInstance, audit: Pick<AuditService, 'record' | 'close' | 'reportErrorsTo'>): void {
  audit.reportErrorsTo((err, context) => app.log.error({ err }, `audit trail: ${context}`));
  // Synchronous (done-callback style): every request passes it, and an async hook costs a promise and a turn.
  app.addHook('onResponse', (request, reply, done) => {
    record(request, reply);
    done();
  });
  function record(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url;
    if (!isAuditedWrite(request.method, route)) return;
    // The authorization hook (src/auth/) sets the principal; without it every request is open access.
    const principal: Principal = (request.principal as Principal | undefined) ?? OPEN_ACCESS;
    if (principal.kind === 'anonymous') return;
    const target = auditTarget(request.params, request.body);
    audit.record({
      principalKind: principal.kind,
      principalId: principal.id,
      role: principal.role,
      method: request.method,
      route: route ?? NO_ROUTE,
      url: auditUrl(request.url),
      status: reply.statusCode,
      pacticipant: target.pacticipant,
      version: target.version,
      address: request.ip || null,
      requestId: request.id,
    });
  }
  // Buffered events are written before the database closes (server.ts and the tests close the app first).
  app.addHook('onClose', async () => audit.close());
}
