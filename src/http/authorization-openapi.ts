// The OpenAPI view of the policy table: security schemes, global security, and each operation's role
// (`x-treaty-role`, plus `x-treaty-public-when` for the switches that make it public), so the document cannot drift.
import { policyFor } from './authorization-policy.js';

const PUBLIC_SWITCH = { heartbeat: 'TREATY_PUBLIC_HEARTBEAT', badge: 'TREATY_ENABLE_PUBLIC_BADGE_ACCESS' } as const;

type Operation = Record<string, unknown> & { description?: string };
type OpenApi = Record<string, unknown> & { paths?: Record<string, Record<string, Operation>>; components?: Record<string, unknown> };

export function documentSecurity<T extends object>(document: T): T {
  const doc = document as unknown as OpenApi;
  doc.components = {
    ...doc.components,
    securitySchemes: {
      basic: { type: 'http', scheme: 'basic', description: 'TREATY_BASIC_AUTH_USERNAME/_PASSWORD (role admin) or the read-only user (role read)' },
      bearer: { type: 'http', scheme: 'bearer', description: 'An API token (POST /tokens) or TREATY_ADMIN_TOKEN' },
    },
  };
  // Security applies only when access control is on (a credential configured or an API token created).
  doc.security = [{ basic: [] }, { bearer: [] }];
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    const url = path.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, operation] of Object.entries(operations)) {
      const entry = policyFor(method.toUpperCase(), url);
      if (!entry) continue; // the route-walk test fails for such a route
      operation['x-treaty-role'] = entry.role;
      if (entry.publicWhen) operation['x-treaty-public-when'] = PUBLIC_SWITCH[entry.publicWhen];
    }
  }
  return document;
}
