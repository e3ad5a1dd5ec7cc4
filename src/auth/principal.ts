// Who is making a request, as the authorization hook decided; read by the audit trail and by services that record
// an author (token creation). Never holds a secret.
import type { Role } from './roles.js';

export type PrincipalKind = 'token' | 'basic' | 'bootstrap' | 'anonymous';

export interface Principal {
  kind: PrincipalKind;
  /** Token uuid, basic-auth user name, 'TREATY_ADMIN_TOKEN', or null when anonymous. */
  id: string | null;
  /** null: anonymous with access control on and no public read. */
  role: Role | null;
}

/** Access control off (no credential configured): every request may do everything, as in the Pact Broker. */
export const OPEN_ACCESS: Principal = { kind: 'anonymous', id: null, role: 'admin' };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}
