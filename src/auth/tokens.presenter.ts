import { link, timestamp } from '../http/hal.js';
import type { ApiToken } from './tokens.repository.js';

export const tokenUrl = (base: string, uuid: string) => `${base}/tokens/${uuid}`;
export const tokensUrl = (base: string) => `${base}/tokens`;

/** A token as listed: never the secret nor its hash. */
export function presentToken(base: string, t: ApiToken) {
  return {
    uuid: t.uuid,
    name: t.name,
    role: t.role,
    createdAt: timestamp(t.createdAt),
    expiresAt: t.expiresAt ? timestamp(t.expiresAt) : null,
    revokedAt: t.revokedAt ? timestamp(t.revokedAt) : null,
    lastUsedAt: t.lastUsedAt ? timestamp(t.lastUsedAt) : null,
    createdBy: t.createdBy,
    _links: { self: link(tokenUrl(base, t.uuid), { title: 'API token', name: t.name }) },
  };
}

/** The creation response: the only time the secret is shown. */
export function presentCreatedToken(base: string, t: ApiToken, secret: string) {
  return {
    uuid: t.uuid,
    name: t.name,
    role: t.role,
    createdAt: timestamp(t.createdAt),
    expiresAt: t.expiresAt ? timestamp(t.expiresAt) : null,
    createdBy: t.createdBy,
    token: secret,
    _links: { self: link(tokenUrl(base, t.uuid), { title: 'API token', name: t.name }) },
  };
}

export function presentTokens(base: string, list: ApiToken[]) {
  return { tokens: list.map((t) => presentToken(base, t)), _links: { self: link(tokensUrl(base), { title: 'API tokens' }) } };
}
