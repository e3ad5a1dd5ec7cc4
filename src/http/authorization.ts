// The one place requests are authorized: an onRequest hook that finds the route's entry in the policy table
// (authorization-policy.ts), works out who is asking (access-control.ts) and answers 401/403/429 in Treaty's error
// shape, or lets the request through with request.principal set.
//
// Credentials are parsed here by hand rather than with @fastify/basic-auth and @fastify/bearer-auth: one hook must
// accept both schemes on the same route, decide by the policy table, and switch off entirely when nothing is
// configured; two plugins would mean two hooks, two error shapes and a per-route opt-in that new routes could forget.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessControl } from '../auth/access-control.js';
import { parseAuthorization } from '../auth/credentials.js';
import { OPEN_ACCESS, type Principal } from '../auth/principal.js';
import { roleAllows } from '../auth/roles.js';
import type { AuthSettings, Config } from '../config.js';
import { missingEntries, policyFor, requiredAccess } from './authorization-policy.js';
import { sendError } from './error-handler.js';

export const REALM = 'Treaty';
export const WWW_AUTHENTICATE = `Basic realm="${REALM}", charset="UTF-8", Bearer realm="${REALM}"`;

const ROLE_DOES: Record<string, string> = {
  read: 'read access (a read token, the read-only basic user or any stronger credential)',
  ci: 'the ci role (a ci or admin token, or the read-write basic user)',
  admin: 'the admin role (an admin token, the read-write basic user or TREATY_ADMIN_TOKEN)',
};

/** Every refusal of this hook, in Treaty's error shape with the reason under `authorization`. */
function refuse(reply: FastifyReply, status: 401 | 403 | 429, detail: string): FastifyReply {
  return sendError(reply, status, { detail, error: detail, errors: { authorization: [detail] } });
}

function unauthorized(reply: FastifyReply, detail: string): FastifyReply {
  reply.header('WWW-Authenticate', WWW_AUTHENTICATE);
  return refuse(reply, 401, detail);
}

function forbidden(reply: FastifyReply, principal: Principal, needed: string, request: FastifyRequest): FastifyReply {
  const who = principal.kind === 'token' ? `token ${principal.id} (role ${principal.role})` : principal.kind === 'anonymous' ? 'anonymous access' : `${principal.kind} user ${principal.id} (role ${principal.role})`;
  const detail = `${request.method} ${request.routeOptions.url} needs ${ROLE_DOES[needed] ?? needed}; ${who} is not enough`;
  return refuse(reply, 403, detail);
}

/**
 * Client addresses that failed authentication too often, until when. The counting is @fastify/rate-limit's; this map
 * only remembers a verdict so a blocked client is refused before its next guess is even checked.
 */
function blockList() {
  const until = new Map<string, number>();
  return {
    blockedFor(ip: string, now: number): number {
      const end = until.get(ip);
      if (end === undefined) return 0;
      if (end <= now) until.delete(ip);
      return Math.max(0, end - now);
    },
    block(ip: string, end: number, now: number): void {
      if (until.size > 10_000) for (const [key, value] of until) if (value <= now) until.delete(key);
      until.set(ip, end);
    },
  };
}

const ROUTES_SEEN = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route registered after the authorization hook (HEAD included), for the route-walk test. */
export function routesSeen(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return ROUTES_SEEN.get(app) ?? [];
}

export async function registerAuthorization(app: FastifyInstance, deps: { accessControl: AccessControl; settings: AuthSettings }): Promise<void> {
  const { accessControl, settings } = deps;

  // Every route registered from here on is checked against the table once the app is ready.
  const routes: Array<{ method: string; url: string }> = [];
  ROUTES_SEEN.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.addHook('onReady', async () => {
    const missing = missingEntries(routes);
    if (missing.length) app.log.error({ missing }, `Routes without an authorization policy entry are refused (403) until one is added to src/http/authorization-policy.ts: ${missing.join(', ')}`);
  });

  await app.register(rateLimit, { global: false });
  const countFailure = app.createRateLimit({
    max: settings.failureLimit,
    timeWindow: settings.failureWindowSeconds * 1000,
    keyGenerator: (request) => `auth-failure:${request.ip}`,
  });
  const blocked = blockList();

  async function tooMany(request: FastifyRequest, reply: FastifyReply, waitMs: number): Promise<FastifyReply> {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    reply.header('Retry-After', String(seconds));
    const detail = `Too many failed authentication attempts from ${request.ip}; try again in ${seconds} s`;
    return refuse(reply, 429, detail);
  }

  app.decorateRequest('principal', null as unknown as Principal);
  // Synchronous while access control is known to be off (no promise, no extra turn per request); else authorize.
  app.addHook('onRequest', (request, reply, done) => {
    if (accessControl.knownState() === false) {
      request.principal = OPEN_ACCESS;
      return done();
    }
    authorize(request, reply).then(() => done(), done);
  });

  async function authorize(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (!(await accessControl.isOn())) {
      // Off: as the Pact Broker without credentials, any Authorization header is ignored.
      request.principal = OPEN_ACCESS;
      return;
    }
    const url = request.routeOptions.url;
    const entry = url === undefined ? undefined : policyFor(request.method, url);
    // No route matched (404, or a method the URL lacks): authenticate as for a read, then let the 404 through.
    const needed = url === undefined ? 'read' : entry ? requiredAccess(entry, settings) : undefined;

    const header = request.headers.authorization;
    const credential = parseAuthorization(typeof header === 'string' ? header : undefined);
    let principal = accessControl.anonymous();
    if (credential !== undefined && needed === 'public') {
      // As in the Pact Broker, a public resource ignores credentials it cannot verify; a valid one still names the caller.
      principal = (credential.scheme === 'malformed' ? undefined : await accessControl.authenticate(credential)) ?? principal;
    } else if (credential !== undefined) {
      const wait = blocked.blockedFor(request.ip, Date.now());
      if (wait > 0) return tooMany(request, reply, wait);
      const proven = credential.scheme === 'malformed' ? undefined : await accessControl.authenticate(credential);
      if (proven === undefined) {
        const reason = credential.scheme === 'malformed' ? credential.reason : credential.scheme === 'basic' ? 'unknown basic user or wrong password' : 'unknown, expired or revoked token';
        // Never the secret: the scheme, the reason, and for basic auth the (cut) user name.
        request.log.warn({ ip: request.ip, scheme: credential.scheme, user: credential.scheme === 'basic' ? credential.username.slice(0, 100) : undefined, reason }, 'authentication failed');
        const verdict = await countFailure(request);
        if (!verdict.isAllowed && verdict.isExceeded) {
          blocked.block(request.ip, Date.now() + verdict.ttl, Date.now());
          return tooMany(request, reply, verdict.ttl);
        }
        return unauthorized(
          reply,
          credential.scheme === 'bearer'
            ? 'The bearer token is not valid: it is unknown, expired or revoked'
            : credential.scheme === 'basic'
              ? 'The basic auth user name or password is wrong'
              : 'The Authorization header is not a valid Basic or Bearer credential',
        );
      }
      principal = proven;
    }
    request.principal = principal;

    if (needed === 'public') return;
    if (needed === undefined) {
      const detail = `${request.method} ${url} has no authorization policy entry, so it is refused for everyone`;
      request.log.error({ route: `${request.method} ${url}` }, 'route without an authorization policy entry');
      return refuse(reply, 403, detail);
    }
    if (principal.role === null || (principal.kind === 'anonymous' && !roleAllows(principal.role, needed))) {
      return unauthorized(reply, `Authentication required: this needs ${ROLE_DOES[needed]}; send a bearer token (--broker-token) or basic auth credentials (--broker-username/--broker-password)`);
    }
    if (!roleAllows(principal.role, needed)) return forbidden(reply, principal, needed, request);
  }
}

/** Log lines about the access control state at start-up: loud when open, a warning when open on a network. */
export async function logAccessControlState(app: FastifyInstance, accessControl: AccessControl, config: Pick<Config, 'host'>): Promise<void> {
  if (await accessControl.isOn()) {
    app.log.info({ credentials: accessControl.configured ? 'configured' : 'api tokens only' }, 'Access control is on');
    return;
  }
  app.log.warn(
    '*** ACCESS CONTROL IS OFF: anyone who can reach Treaty can read, publish, deploy and delete everything. Set TREATY_BASIC_AUTH_USERNAME/TREATY_BASIC_AUTH_PASSWORD or TREATY_ADMIN_TOKEN to turn it on. ***',
  );
  if (!isLoopback(config.host)) {
    app.log.warn(
      { host: config.host },
      `Treaty listens on ${config.host}, reachable from other machines, without access control: set TREATY_BASIC_AUTH_USERNAME and TREATY_BASIC_AUTH_PASSWORD (or PACT_BROKER_BASIC_AUTH_USERNAME/PASSWORD), TREATY_BASIC_AUTH_READ_ONLY_USERNAME/_PASSWORD, or TREATY_ADMIN_TOKEN`,
    );
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
