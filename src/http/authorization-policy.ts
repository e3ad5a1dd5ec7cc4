// THE authorization policy: every route (method + Fastify route URL) and the role it needs. One line per route;
// a route missing here is refused (403) and listed in an error at start-up, and test/http/authorization.test.ts
// fails. HEAD is answered as the GET of the same URL.
//
// Roles (src/auth/roles.ts), after the issue and the Pact Broker / PactFlow:
//   read  — every GET, and POST pacts-for-verification (the Pact Broker's one read-only POST);
//   ci    — what a pipeline does: publish pacts, publish verification results, record deployments and releases
//           (and undeploy / end support), create or update pacticipants and versions, add versions to branches, tag;
//           also delete a branch or a tag (the CLI's delete-branch runs in pipelines when a branch is merged; neither
//           deletes a version nor a pact);
//   admin — everything else: webhooks, environments, labels, deleting pacticipants, versions and pacts, tokens,
//           secrets, the audit log.
import type { AuthSettings } from '../config.js';
import type { Role } from '../auth/roles.js';

export type PolicyMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface PolicyEntry {
  method: PolicyMethod;
  url: string;
  role: Role;
  /** Public (no credentials) when the matching switch is on: TREATY_PUBLIC_HEARTBEAT / TREATY_ENABLE_PUBLIC_BADGE_ACCESS. */
  publicWhen?: 'heartbeat' | 'badge';
}

const P = '/pacticipants/:pacticipant';
const INTEGRATION = '/pacts/provider/:provider/consumer/:consumer';
const PACT_VERSION = `${INTEGRATION}/pact-version/:sha`;

const get = (url: string, publicWhen?: PolicyEntry['publicWhen']): PolicyEntry => ({ method: 'GET', url, role: 'read', ...(publicWhen ? { publicWhen } : {}) });
const ci = (method: PolicyMethod, url: string): PolicyEntry => ({ method, url, role: 'ci' });
const admin = (method: PolicyMethod, url: string): PolicyEntry => ({ method, url, role: 'admin' });
const badges = (url: string) => [get(`${url}/badge`, 'badge'), get(`${url}/badge.svg`, 'badge')];

export const AUTHORIZATION_POLICY: readonly PolicyEntry[] = Object.freeze([
  // index (and, for browsers, the dashboard page)
  get('/'),
  // the UI's stylesheet and scripts: read like the pages that use them (they hold no data, but a browser that may
  // see the page already sends its credentials for them)
  get('/ui/assets/*'),
  get('/ui/vendor/*'),
  // a pacticipant's interactions page
  get('/ui/pacticipants/:pacticipant/interactions'),
  // the network graph page (its data: GET /integrations/graph)
  get('/ui/graph'),
  get('/diagnostic/status/heartbeat', 'heartbeat'),

  // pacticipants and labels
  get('/pacticipants'),
  ci('POST', '/pacticipants'),
  get('/pacticipants/label/:label'),
  get(P),
  ci('PUT', P),
  ci('PATCH', P),
  admin('DELETE', P),
  get(`${P}/labels/:label`),
  admin('PUT', `${P}/labels/:label`),
  admin('DELETE', `${P}/labels/:label`),

  // versions, tags, branches
  get(`${P}/versions`),
  get(`${P}/tags/:tag/versions`),
  get(`${P}/versions/:version`),
  ci('PUT', `${P}/versions/:version`),
  ci('PATCH', `${P}/versions/:version`),
  admin('DELETE', `${P}/versions/:version`),
  get(`${P}/latest-version`),
  get(`${P}/latest-version/:tag`),
  get(`${P}/versions/:version/tags`),
  get(`${P}/versions/:version/tags/:tag`),
  ci('PUT', `${P}/versions/:version/tags/:tag`),
  ci('DELETE', `${P}/versions/:version/tags/:tag`),
  get(`${P}/branches`),
  get(`${P}/branches/:branch`),
  ci('DELETE', `${P}/branches/:branch`),
  get(`${P}/branches/:branch/latest-version`),
  get(`${P}/branches/:branch/versions`),
  get(`${P}/branches/:branch/versions/:version`),
  ci('PUT', `${P}/branches/:branch/versions/:version`),

  // pacts
  ci('POST', '/contracts/publish'),
  get('/pacts/latest'),
  get(`${INTEGRATION}/version/:version`),
  ci('PUT', `${INTEGRATION}/version/:version`),
  admin('DELETE', `${INTEGRATION}/version/:version`),
  get(`${INTEGRATION}/latest`),
  get(`${INTEGRATION}/latest/:tag`),
  get(`${INTEGRATION}/latest-untagged`),
  get(`${INTEGRATION}/branch/:branch/latest`),
  get(PACT_VERSION),
  get(`${PACT_VERSION}/metadata/:metadata`),
  get(`${INTEGRATION}/version/:version/previous-distinct`),
  get(`${INTEGRATION}/version/:version/diff/previous-distinct`),
  get(`${INTEGRATION}/version/:version/diff/version/:otherVersion`),
  get(`${PACT_VERSION}/diff/pact-version/:otherSha`),
  get(`${INTEGRATION}/versions`),
  admin('DELETE', `${INTEGRATION}/versions`),
  get(`${INTEGRATION}/tag/:tag`),
  get(`${INTEGRATION}/branch/versions`),
  get(`${INTEGRATION}/branch/latest/versions`),
  get(`${INTEGRATION}/branch/:branch`),
  get(`${INTEGRATION}/branch/:branch/latest/versions`),
  get('/pacts/provider/:provider'),
  get('/pacts/provider/:provider/latest'),
  get('/pacts/provider/:provider/latest/:tag'),
  get('/pacts/provider/:provider/tag/:tag'),
  get('/pacts/provider/:provider/branch'),
  get('/pacts/provider/:provider/branch/latest'),
  get('/pacts/provider/:provider/branch/:branch'),
  get('/pacts/provider/:provider/branch/:branch/latest'),

  // pacts for verification: the read-only POST
  get('/pacts/provider/:provider/for-verification'),
  { method: 'POST', url: '/pacts/provider/:provider/for-verification', role: 'read' },

  // verification results
  ci('POST', `${PACT_VERSION}/verification-results`),
  ci('POST', `${PACT_VERSION}/metadata/:metadata/verification-results`),
  get(`${PACT_VERSION}/verification-results`),
  get(`${PACT_VERSION}/verification-results/latest`),
  get(`${PACT_VERSION}/verification-results/:number`),
  get('/verification-results/consumer/:consumer/version/:version/latest'),

  // environments, deployments, releases
  get('/environments'),
  admin('POST', '/environments'),
  get('/environments/:uuid'),
  admin('PUT', '/environments/:uuid'),
  admin('DELETE', '/environments/:uuid'),
  ci('POST', `${P}/versions/:version/deployed-versions/environment/:uuid`),
  get(`${P}/versions/:version/deployed-versions/environment/:uuid`),
  get('/environments/:uuid/deployed-versions/currently-deployed'),
  get('/deployed-versions/:uuid'),
  ci('PATCH', '/deployed-versions/:uuid'),
  ci('POST', `${P}/versions/:version/released-versions/environment/:uuid`),
  get(`${P}/versions/:version/released-versions/environment/:uuid`),
  get('/environments/:uuid/released-versions/currently-supported'),
  get('/released-versions/:uuid'),
  ci('PATCH', '/released-versions/:uuid'),

  // integrations, matrix, can-i-deploy and badges
  get('/integrations'),
  get('/integrations/graph'),
  get('/matrix'),
  get('/can-i-deploy'),
  get(`${P}/latest-version/:tag/can-i-deploy/to/:toTag`),
  get(`${P}/branches/:branch/latest-version/can-i-deploy/to-environment/:environment`),
  ...badges(`${P}/latest-version/:tag/can-i-deploy/to/:toTag`),
  ...badges(`${P}/branches/:branch/latest-version/can-i-deploy/to-environment/:environment`),
  ...badges(`${P}/main-branch/can-i-merge`),
  ...badges(`${INTEGRATION}/latest`),
  ...badges(`${INTEGRATION}/latest/:tag`),
  ...badges(`${INTEGRATION}/latest-untagged`),
  ...badges(`${INTEGRATION}/branch/:branch/latest`),
  ...badges('/matrix/provider/:provider/latest/:providerTag/consumer/:consumer/latest/:consumerTag'),

  // webhooks
  get('/webhooks'),
  admin('POST', '/webhooks'),
  get('/webhooks/provider/:provider/consumer/:consumer'),
  admin('POST', '/webhooks/provider/:provider/consumer/:consumer'),
  get('/webhooks/provider/:provider'),
  admin('POST', '/webhooks/provider/:provider'),
  get('/webhooks/consumer/:consumer'),
  admin('POST', '/webhooks/consumer/:consumer'),
  get(`${INTEGRATION}/webhooks`),
  admin('POST', `${INTEGRATION}/webhooks`),
  get('/webhooks/:uuid'),
  admin('PUT', '/webhooks/:uuid'),
  admin('DELETE', '/webhooks/:uuid'),
  admin('POST', '/webhooks/:uuid/execute'),
  admin('POST', '/webhooks/execute'),
  get(`${INTEGRATION}/version/:version/triggered-webhooks`),
  get(`${PACT_VERSION}/verification-results/:id/triggered-webhooks`),
  get('/triggered-webhooks/:uuid/logs'),

  // access control itself (contracts.md): tokens, secrets, audit — admin only, reads included
  admin('GET', '/tokens'),
  admin('POST', '/tokens'),
  admin('GET', '/tokens/:uuid'),
  admin('DELETE', '/tokens/:uuid'),
  admin('GET', '/secrets'),
  admin('POST', '/secrets'),
  admin('GET', '/secrets/:name'),
  admin('PUT', '/secrets/:name'),
  admin('DELETE', '/secrets/:name'),
  admin('GET', '/audit'),

  // UI pages (src/ui/matrix.routes.ts): read like the data they show
  get('/ui/matrix/provider/:provider/consumer/:consumer'),
  get('/ui/matrix/provider/:provider/consumer/:consumer/cell'),
  get('/ui/can-i-deploy'),

  // API documentation (@fastify/swagger-ui, src/http/docs.ts): the page, its files and the spec it renders
  get('/docs'),
  get('/docs/static/index.html'),
  get('/docs/static/swagger-initializer.js'),
  get('/docs/static/*'),
  get('/docs/json'),
  get('/docs/yaml'),

  // search across pact contents: the page and its JSON
  get('/ui/search'),
  get('/search/pacts'),
]);

const key = (method: string, url: string) => `${method} ${url}`;
const BY_KEY = new Map(AUTHORIZATION_POLICY.map((entry) => [key(entry.method, entry.url), entry]));

/** The entry for a route; HEAD uses its GET. undefined: no entry (refused). */
export function policyFor(method: string, url: string): PolicyEntry | undefined {
  return BY_KEY.get(key(method === 'HEAD' ? 'GET' : method, url));
}

/** What an entry requires under the configured switches: 'public' (no credentials needed) or a role. */
export function requiredAccess(entry: PolicyEntry, settings: Pick<AuthSettings, 'allowPublicRead' | 'publicHeartbeat' | 'publicBadgeAccess'>): Role | 'public' {
  if (entry.publicWhen === 'heartbeat' && settings.publicHeartbeat) return 'public';
  if (entry.publicWhen === 'badge' && settings.publicBadgeAccess) return 'public';
  if (entry.role === 'read' && settings.allowPublicRead) return 'public';
  return entry.role;
}

/** Routes of the app that have no entry ("GET /x"), for the start-up error and the route-walk test. */
export function missingEntries(routes: Iterable<{ method: string; url: string }>): string[] {
  const missing = new Set<string>();
  for (const route of routes) if (!policyFor(route.method, route.url)) missing.add(key(route.method, route.url));
  return [...missing].sort();
}
