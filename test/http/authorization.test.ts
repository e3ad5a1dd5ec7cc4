// Access control over HTTP: every registered route has a policy entry, and every route × caller gets the status
// its entry says (generated from the registered routes, not listed by hand); tokens; basic users; public switches.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows } from '../../src/auth/roles.js';
import { missingEntries, policyFor, requiredAccess } from '../../src/http/authorization-policy.js';
import { routesSeen, WWW_AUTHENTICATE } from '../../src/http/authorization.js';
import { AUTH_ENV, basicAuth, bearer, BOOTSTRAP_TOKEN, buildAuthApp, PRINCIPAL_ROLE, RO_USER, RW_USER, sampleUrl, type AuthApp, type PrincipalName } from '../support/auth.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** Refused by authorization (not by the route itself, which may answer 400/404 to the sample request). */
function authOutcome(res: LightMyRequestResponse): 'unauthorized' | 'forbidden' | 'allowed' | 'limited' {
  if (res.statusCode === 401) return 'unauthorized';
  if (res.statusCode === 429) return 'limited';
  if (res.statusCode === 403 && /authorization/.test(res.body)) {
    const body = res.json();
    if (body.errors?.authorization) return 'forbidden';
  }
  return 'allowed';
}

function expectedOutcome(role: (typeof PRINCIPAL_ROLE)[PrincipalName], needed: string): 'unauthorized' | 'forbidden' | 'allowed' {
  if (needed === 'public') return 'allowed';
  if (role === 'none' || role === 'invalid') return 'unauthorized';
  return roleAllows(role, needed as never) ? 'allowed' : 'forbidden';
}

const inject = (t: TestApp, method: string, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: method as never,
    url,
    headers: { accept: 'application/hal+json', ...(method === 'GET' || method === 'DELETE' || method === 'HEAD' ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(method === 'GET' || method === 'DELETE' || method === 'HEAD' ? {} : { payload: '{}' }),
  });

describe('with credentials configured', () => {
  let auth: AuthApp;
  let routes: Array<{ method: string; url: string }>;
  beforeAll(async () => {
    auth = await buildAuthApp({ TREATY_AUTH_FAILURE_LIMIT: '1000000' });
    routes = [...routesSeen(auth.t.app)].filter((r) => r.method !== 'HEAD');
  });
  afterAll(() => auth?.t.close());

  it('has a policy entry for every registered route (new routes are refused until they get one)', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(missingEntries(routesSeen(auth.t.app))).toEqual([]);
  });

  it('answers every route × caller as the policy table says', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const needed = requiredAccess(policyFor(route.method, route.url)!, auth.t.config.auth);
      for (const [name, headers] of Object.entries(auth.headers) as Array<[PrincipalName, Record<string, string>]>) {
        const res = await inject(auth.t, route.method, sampleUrl(route.url), headers);
        const expected = expectedOutcome(PRINCIPAL_ROLE[name], needed);
        const actual = authOutcome(res);
        checked++;
        if (actual !== expected) failures.push(`${route.method} ${route.url} as ${name}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (res.statusCode >= 500) failures.push(`${route.method} ${route.url} as ${name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(routes.length * Object.keys(auth.headers).length);
  }, 180_000);

  it('asks for credentials before saying a URL does not exist', async () => {
    expect((await inject(auth.t, 'GET', '/no/such/resource')).statusCode).toBe(401);
    expect((await inject(auth.t, 'GET', '/no/such/resource', auth.headers.readToken)).statusCode).toBe(404);
    expect((await inject(auth.t, 'GET', '/no/such/resource', auth.headers.revokedToken)).statusCode).toBe(401);
  });

  it('names the caller in the audit trail: token uuid, basic user', async () => {
    const create = (headers: Record<string, string>, name: string) =>
      auth.t.app.inject({ method: 'POST', url: '/pacticipants', headers: { ...headers, 'content-type': 'application/json' }, payload: { name } });
    expect((await create(auth.headers.ciToken, 'Audited By Token')).statusCode).toBe(201);
    expect((await create(auth.headers.rwBasic, 'Audited By Basic')).statusCode).toBe(201);
    await new Promise((r) => setTimeout(r, 50)); // onResponse runs after the reply is sent
    await auth.t.container.services.audit.flush();
    const ciUuid = (await inject(auth.t, 'GET', '/tokens', auth.headers.bootstrap)).json().tokens.find((t: { name: string }) => t.name === 'ci token').uuid;
    const byToken = await inject(auth.t, 'GET', `/audit?principal=${ciUuid}`, auth.headers.bootstrap);
    expect(byToken.statusCode, byToken.body).toBe(200);
    expect(byToken.json().events[0]).toMatchObject({ principal: { kind: 'token', id: ciUuid, role: 'ci' }, method: 'POST', route: '/pacticipants', status: 201 });
    const byBasic = (await inject(auth.t, 'GET', '/audit?principal=rw-user', auth.headers.bootstrap)).json().events;
    expect(byBasic[0]).toMatchObject({ principal: { kind: 'basic', id: 'rw-user', role: 'admin' }, method: 'POST', route: '/pacticipants' });
  });

  it('answers HEAD like GET', async () => {
    expect((await inject(auth.t, 'HEAD', '/pacticipants')).statusCode).toBe(401);
    expect((await inject(auth.t, 'HEAD', '/pacticipants', auth.headers.readToken)).statusCode).toBe(200);
  });

  it('asks for credentials with WWW-Authenticate, in the error shape, saying what to send', async () => {
    const res = await inject(auth.t, 'GET', '/pacticipants');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe(WWW_AUTHENTICATE);
    expect(res.headers['content-type']).toBe('application/hal+json;charset=utf-8');
    const body = res.json();
    expect(body).toMatchObject({ title: 'Unauthorized' });
    expect(body.detail).toMatch(/--broker-token/);
    expect(body.errors.authorization[0]).toBe(body.detail);
  });

  it('names the role needed in a 403', async () => {
    const res = await inject(auth.t, 'DELETE', '/pacticipants/Foo', auth.headers.ciToken);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ title: 'Forbidden' });
    expect(res.json().detail).toMatch(/needs the admin role/);
    const webhook = await inject(auth.t, 'POST', '/webhooks', auth.headers.ciToken);
    expect(webhook.json().detail).toMatch(/POST \/webhooks needs the admin role/);
    const publish = await inject(auth.t, 'POST', '/contracts/publish', auth.headers.readBasic);
    expect(publish.json().detail).toMatch(/needs the ci role.*basic user ro-user \(role read\)/);
  });

  it('answers 401, never 500, to garbage credentials', async () => {
    const headers = [
      'Basic',
      'Basic !!!',
      `Basic ${Buffer.from('nocolon').toString('base64')}`,
      `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x00]).toString('base64')}`,
      'Bearer',
      `Bearer ${'x'.repeat(5000)}`,
      'Bearer treaty_\u0000abc',
      'Bearer a b c',
      'Negotiate abc',
      '\u00e9\u00e9\u00e9',
      basicAuth(RW_USER.username, ''),
      basicAuth('', ''),
      basicAuth(RW_USER.username, `${RW_USER.password}x`),
      basicAuth(RO_USER.username, RW_USER.password),
      bearer(`treaty_${'A'.repeat(43)}`),
      bearer(BOOTSTRAP_TOKEN.slice(0, -1)),
    ];
    for (const authorization of headers) {
      let res: LightMyRequestResponse;
      try {
        res = await inject(auth.t, 'GET', '/pacticipants', { authorization });
      } catch {
        continue; // light-my-request refuses header values Node would never send (a NUL); nothing reached Treaty
      }
      expect({ authorization: authorization.slice(0, 40), status: res.statusCode }).toEqual({ authorization: authorization.slice(0, 40), status: 401 });
      expect(res.headers['www-authenticate']).toBe(WWW_AUTHENTICATE);
    }
  });

  describe('API tokens', () => {
    it('shows the secret once, lists tokens without it, newest first, revoked ones included', async () => {
      const created = await inject(auth.t, 'POST', '/tokens', auth.headers.adminToken);
      expect(created.statusCode).toBe(400); // {} has no name nor role
      const res = await auth.t.app.inject({
        method: 'POST',
        url: '/tokens',
        headers: { ...auth.headers.adminToken, 'content-type': 'application/json' },
        payload: { name: 'lifecycle', role: 'ci', expiresAt: '2099-01-01T00:00:00Z' },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ name: 'lifecycle', role: 'ci', expiresAt: '2099-01-01T00:00:00+00:00', createdBy: expect.stringMatching(/^token:/) });
      expect(body.token).toMatch(/^treaty_[A-Za-z0-9_-]{43}$/);
      expect(res.headers.location).toBe(body._links.self.href);

      const list = await inject(auth.t, 'GET', '/tokens', auth.headers.adminToken);
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(body.token);
      expect(list.body).not.toMatch(/treaty_[A-Za-z0-9_-]{43}/);
      const tokens = list.json().tokens;
      expect(tokens[0]).toMatchObject({ uuid: body.uuid, name: 'lifecycle', revokedAt: null, lastUsedAt: null });
      expect(tokens.find((t: { name: string }) => t.name === 'revoked').revokedAt).toEqual(expect.any(String));
      expect(tokens.every((t: object) => !('token' in t) && !('tokenHash' in t))).toBe(true);

      // used: lastUsedAt is set; revoked: 401 from then on; revoking again is fine; unknown uuid 404
      expect((await inject(auth.t, 'POST', '/contracts/publish', { authorization: bearer(body.token) })).statusCode).toBe(400);
      const one = await inject(auth.t, 'GET', `/tokens/${body.uuid}`, auth.headers.bootstrap);
      expect(one.json().lastUsedAt).toEqual(expect.any(String));
      expect(one.body).not.toContain(body.token);
      expect((await inject(auth.t, 'DELETE', `/tokens/${body.uuid}`, auth.headers.rwBasic)).statusCode).toBe(204);
      expect((await inject(auth.t, 'DELETE', `/tokens/${body.uuid}`, auth.headers.rwBasic)).statusCode).toBe(204);
      expect((await inject(auth.t, 'GET', '/pacticipants', { authorization: bearer(body.token) })).statusCode).toBe(401);
      expect((await inject(auth.t, 'GET', '/tokens/00000000-0000-4000-8000-000000000000', auth.headers.adminToken)).statusCode).toBe(404);
      expect((await inject(auth.t, 'DELETE', '/tokens/nope', auth.headers.adminToken)).statusCode).toBe(404);
    });

    it('refuses a token once it has expired', async () => {
      const res = await inject(auth.t, 'GET', '/pacticipants', auth.headers.expiredToken);
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toMatch(/unknown, expired or revoked/);
    });
  });

  it('lets the read-only basic user read but not write, and the read-write user do everything', async () => {
    expect((await inject(auth.t, 'GET', '/pacticipants', auth.headers.readBasic)).statusCode).toBe(200);
    expect((await inject(auth.t, 'POST', '/pacts/provider/P/for-verification', auth.headers.readBasic)).statusCode).not.toBe(403);
    const create = (headers: Record<string, string>) =>
      auth.t.app.inject({ method: 'POST', url: '/pacticipants', headers: { ...headers, 'content-type': 'application/json' }, payload: { name: 'Foo' } });
    expect((await create(auth.headers.readBasic)).statusCode).toBe(403);
    expect((await create(auth.headers.rwBasic)).statusCode).toBe(201);
    expect((await inject(auth.t, 'DELETE', '/pacticipants/Foo', auth.headers.rwBasic)).statusCode).toBe(204);
  });
});

describe('public switches', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ ...AUTH_ENV, PACT_BROKER_ALLOW_PUBLIC_READ: 'true' });
  });
  afterAll(() => t?.close());

  it('public read: every GET and pacts-for-verification without credentials, writes still 401', async () => {
    const routes = routesSeen(t.app).filter((r) => r.method !== 'HEAD');
    const failures: string[] = [];
    for (const route of routes) {
      const needed = requiredAccess(policyFor(route.method, route.url)!, t.config.auth);
      const res = await inject(t, route.method, sampleUrl(route.url));
      const expected = expectedOutcome('none', needed);
      if (authOutcome(res) !== expected) failures.push(`${route.method} ${route.url}: expected ${expected}, got ${res.statusCode}`);
      if (route.method === 'GET' && !/^\/(tokens|secrets|audit)/.test(route.url) && expected !== 'allowed') failures.push(`${route.url} not public`);
    }
    expect(failures).toEqual([]);
    expect((await inject(t, 'POST', '/contracts/publish')).statusCode).toBe(401);
    expect((await inject(t, 'GET', '/tokens')).statusCode).toBe(401);
    // a bad credential on a public resource is ignored, as in the Pact Broker
    expect((await inject(t, 'GET', '/pacticipants', { authorization: 'Bearer nope' })).statusCode).toBe(200);
  });

  it('heartbeat and badges are public only when configured', async () => {
    const badge = '/pacticipants/Foo/main-branch/can-i-merge/badge';
    expect((await inject(t, 'GET', '/diagnostic/status/heartbeat')).statusCode).toBe(200);
    // (closed by default: the route × caller matrix above has anonymous refused on both)
    const heartbeat = await buildTestApp({ ...AUTH_ENV, TREATY_PUBLIC_HEARTBEAT: 'true' });
    const badges = await buildTestApp({ ...AUTH_ENV, PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS: 'true' });
    try {
      expect((await inject(heartbeat, 'GET', '/diagnostic/status/heartbeat')).statusCode).toBe(200);
      expect((await inject(heartbeat, 'GET', badge)).statusCode).toBe(401);
      expect((await inject(badges, 'GET', badge)).statusCode).toBe(200);
      expect((await inject(badges, 'GET', `${badge}.svg`)).statusCode).toBe(200);
      expect((await inject(badges, 'GET', '/diagnostic/status/heartbeat')).statusCode).toBe(401);
      expect((await inject(badges, 'GET', '/pacticipants')).statusCode).toBe(401);
    } finally {
      await Promise.all([heartbeat.close(), badges.close()]);
    }
  }, 120_000);
});

describe('without credentials configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t?.close());

  it('is open and ignores any Authorization header, until a usable API token exists', async () => {
    expect((await inject(t, 'GET', '/pacticipants')).statusCode).toBe(200);
    expect((await inject(t, 'GET', '/pacticipants', { authorization: 'Bearer wrong' })).statusCode).toBe(200);
    expect((await inject(t, 'GET', '/pacticipants', { authorization: 'Basic !!!' })).statusCode).toBe(200);
    const created = await t.app.inject({
      method: 'POST',
      url: '/pacticipants',
      headers: { authorization: basicAuth('x', 'y'), 'content-type': 'application/json' },
      payload: { name: 'Foo' },
    });
    expect(created.statusCode).toBe(201);

    // Creating the first token (allowed while open) turns access control on at once in this process.
    const res = await t.app.inject({ method: 'POST', url: '/tokens', headers: { 'content-type': 'application/json' }, payload: { name: 'first', role: 'admin' } });
    expect(res.statusCode).toBe(201);
    const { token, uuid } = res.json();
    expect((await inject(t, 'GET', '/pacticipants')).statusCode).toBe(401);
    expect((await inject(t, 'GET', '/pacticipants', { authorization: bearer(token) })).statusCode).toBe(200);

    // Revoking the only token opens it again.
    expect((await inject(t, 'DELETE', `/tokens/${uuid}`, { authorization: bearer(token) })).statusCode).toBe(204);
    expect((await inject(t, 'GET', '/pacticipants')).statusCode).toBe(200);
  });
});

describe('repeated failures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ ...AUTH_ENV, TREATY_AUTH_FAILURE_LIMIT: '3', TREATY_AUTH_FAILURE_WINDOW_SECONDS: '60' });
  });
  afterAll(() => t?.close());

  it('are answered 429 with Retry-After, even with the right password, while the window lasts', async () => {
    const wrong = { authorization: basicAuth(RW_USER.username, 'guess') };
    for (let i = 0; i < 3; i++) expect((await inject(t, 'GET', '/pacticipants', wrong)).statusCode).toBe(401);
    const limited = await inject(t, 'GET', '/pacticipants', wrong);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ title: 'Too many requests' });
    const right = await inject(t, 'GET', '/pacticipants', { authorization: basicAuth(RW_USER.username, RW_USER.password) });
    expect(right.statusCode).toBe(429);
    // requests without credentials are not failures: they still get their 401
    expect((await inject(t, 'GET', '/pacticipants')).statusCode).toBe(401);
  });
});
