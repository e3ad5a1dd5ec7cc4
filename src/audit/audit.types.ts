// One recorded write: who (never a secret), what, when, from where and how it ended.
import type { PrincipalKind } from '../auth/principal.js';

export interface AuditEventInput {
  at: Date;
  principalKind: PrincipalKind;
  /** Token uuid, basic-auth user name or 'TREATY_ADMIN_TOKEN'. */
  principalId: string | null;
  role: string | null;
  method: string;
  /** The route pattern (`/pacticipants/:pacticipant`), so events group by endpoint whatever the names. */
  route: string;
  /** Path and query, with the values of secret-looking query parameters redacted. */
  url: string;
  status: number;
  pacticipant: string | null;
  version: string | null;
  address: string | null;
  requestId: string | null;
}

export interface AuditEvent extends AuditEventInput {
  id: number;
}

export interface AuditFilter {
  /** Principal id (token uuid or user name). */
  principal?: string | undefined;
  /** Pacticipant name, case-insensitive. */
  pacticipant?: string | undefined;
  /** Inclusive lower bound. */
  since?: Date | undefined;
  /** Exclusive upper bound. */
  until?: Date | undefined;
  limit: number;
}
