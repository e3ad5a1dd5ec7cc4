import { link } from '../http/hal.js';
import { urls } from '../http/urls.js';
import type { AuditEvent } from './audit.types.js';

export function presentAuditEvent(e: AuditEvent) {
  return {
    at: e.at.toISOString(), // milliseconds, so a `since`/`until` taken from an event is exact
    principal: { kind: e.principalKind, id: e.principalId, role: e.role },
    method: e.method,
    route: e.route,
    url: e.url,
    status: e.status,
    pacticipant: e.pacticipant,
    version: e.version,
    address: e.address,
    requestId: e.requestId,
  };
}

export function presentAuditEvents(base: string, query: string, events: AuditEvent[]) {
  return {
    events: events.map(presentAuditEvent),
    _links: { self: link(`${urls.audit(base)}${query}`, { title: 'Audit trail' }) },
  };
}
