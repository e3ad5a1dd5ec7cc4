// Treaty with access control configured, and a credential for every kind of caller the issue names.
import { sql } from 'drizzle-orm';
import type { Role } from '../../src/auth/roles.js';
import { buildTestApp, type TestApp } from './test-app.js';

export const RW_USER = { username: 'rw-user', password: 'rw-pässword' };
export const RO_USER = { username: 'ro-user', password: 'ro-password' };
export const BOOTSTRAP_TOKEN = 'bootstrap-admin-token-0123456789';

/** The environment that turns access control on with both basic users and the bootstrap token. */
export const AUTH_ENV: Record<string, string> = {
  TREATY_BASIC_AUTH_USERNAME: RW_USER.username,
  TREATY_BASIC_AUTH_PASSWORD: RW_USER.password,
  TREATY_BASIC_AUTH_READ_ONLY_USERNAME: RO_USER.username,
  TREATY_BASIC_AUTH_READ_ONLY_PASSWORD: RO_USER.password,
  TREATY_ADMIN_TOKEN: BOOTSTRAP_TOKEN,
};

export const basicAuth = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
export const bearer = (token: string) => `Bearer ${token}`;

export type PrincipalName = 'anonymous' | 'readBasic' | 'rwBasic' | 'readToken' | 'ciToken' | 'adminToken' | 'bootstrap' | 'expiredToken' | 'revokedToken';

/** What each caller is: the role it proves, 'none' (no credentials) or 'invalid' (a credential that proves nothing). */
export const PRINCIPAL_ROLE: Record<PrincipalName, Role | 'none' | 'invalid'> = {
  anonymous: 'none',
  readBasic: 'read',
  rwBasic: 'admin',
  readToken: 'read',
  ciToken: 'ci',
  adminToken: 'admin',
  bootstrap: 'admin',
  expiredToken: 'invalid',
  revokedToken: 'invalid',
};

export interface AuthApp {
  t: TestApp;
  /** The Authorization header of each caller (none for anonymous). */
  headers: Record<PrincipalName, Record<string, string>>;
  /** Creates a token through the API (as the bootstrap admin) and returns its secret and uuid. */
  createToken(role: Role, name?: string, expiresAt?: string): Promise<{ token: string; uuid: string }>;
}

export async function buildAuthApp(env: Record<string, string> = {}): Promise<AuthApp> {
  const t = await buildTestApp({ ...AUTH_ENV, ...env });
  const createToken = async (role: Role, name = `${role} token`, expiresAt?: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/tokens',
      headers: { authorization: bearer(BOOTSTRAP_TOKEN), 'content-type': 'application/json' },
      payload: { name, role, ...(expiresAt ? { expiresAt } : {}) },
    });
    if (res.statusCode !== 201) throw new Error(`creating a ${role} token: ${res.statusCode} ${res.body}`);
    const body = res.json();
    return { token: body.token as string, uuid: body.uuid as string };
  };
  const read = await createToken('read');
  const ci = await createToken('ci');
  const admin = await createToken('admin');
  const expired = await createToken('admin', 'expired', new Date(Date.now() + 3_600_000).toISOString());
  await t.database.db.execute(sql`update api_tokens set expires_at = now() - interval '1 minute' where uuid = ${expired.uuid}`);
  const revoked = await createToken('admin', 'revoked');
  await t.app.inject({ method: 'DELETE', url: `/tokens/${revoked.uuid}`, headers: { authorization: bearer(BOOTSTRAP_TOKEN) } });
  const h = (authorization: string) => ({ authorization });
  return {
    t,
    createToken,
    headers: {
      anonymous: {},
      readBasic: h(basicAuth(RO_USER.username, RO_USER.password)),
      rwBasic: h(basicAuth(RW_USER.username, RW_USER.password)),
      readToken: h(bearer(read.token)),
      ciToken: h(bearer(ci.token)),
      adminToken: h(bearer(admin.token)),
      bootstrap: h(bearer(BOOTSTRAP_TOKEN)),
      expiredToken: h(bearer(expired.token)),
      revokedToken: h(bearer(revoked.token)),
    },
  };
}

/** Sample values for route parameters, so every registered route can be requested. */
const SAMPLE: Record<string, string> = {
  pacticipant: 'Sample%20Consumer',
  consumer: 'Sample%20Consumer',
  provider: 'Sample%20Provider',
  version: '1.0.0',
  otherVersion: '2.0.0',
  tag: 'prod',
  toTag: 'prod',
  providerTag: 'prod',
  consumerTag: 'dev',
  branch: 'main',
  environment: 'production',
  label: 'team-a',
  uuid: '00000000-0000-4000-8000-000000000000',
  sha: 'abc123',
  otherSha: 'def456',
  metadata: 'e30',
  number: '1',
  id: '1',
  name: 'sample-secret',
};

/** The route URL with its parameters filled in. */
export function sampleUrl(routeUrl: string): string {
  return routeUrl.replace(/:(\w+)/g, (_m, name: string) => {
    const value = SAMPLE[name];
    if (value === undefined) throw new Error(`test/support/auth.ts has no sample value for :${name} (in ${routeUrl}); add one`);
    return value;
  });
}
