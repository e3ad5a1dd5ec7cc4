// API tokens: random bearer secrets with a role, shown once, stored as a SHA-256 (the secret has 256 random bits, so
// a slow hash would add nothing and a plain one allows a single indexed lookup per request), may expire, revocable.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../shared/clock.js';
import { DomainError, orNotFound } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import { sha256 } from './credentials.js';
import type { Principal } from './principal.js';
import { isRole, type Role } from './roles.js';
import type { ApiToken, TokensRepository } from './tokens.repository.js';

export const TOKEN_PREFIX = 'treaty_';
/** treaty_ + 32 random bytes in base64url (43 characters, no padding). */
const TOKEN_SHAPE = /^treaty_[A-Za-z0-9_-]{43}$/;
/** lastUsedAt is written at most this often per token: a busy CI must not turn every read into a write. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export interface TokenInput {
  name: string;
  role: Role;
  expiresAt?: string | null | undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function generateTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Cheap shape check before hashing and a database lookup: garbage never costs a query. */
export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

export function createTokensService(deps: { repo: TokensRepository; clock?: Clock; onChange?: () => void }) {
  const { repo } = deps;
  const clock = deps.clock ?? systemClock;
  const changed = () => deps.onChange?.();

  const notFound = (uuid: string) => `No token found with uuid ${uuid}`;

  return {
    /** Creates a token; the returned secret is never stored nor shown again. */
    async create(input: TokenInput, creator: Principal): Promise<{ token: ApiToken; secret: string }> {
      const name = input.name.trim();
      if (name === '' || name.length > 100) throw new DomainError('validation', 'The token name must be 1 to 100 characters', { name: ['must be 1 to 100 characters'] });
      if (!isRole(input.role)) throw new DomainError('validation', 'The role must be read, ci or admin', { role: ['must be one of: read, ci, admin'] });
      let expiresAt: Date | null = null;
      if (input.expiresAt !== undefined && input.expiresAt !== null) {
        expiresAt = new Date(input.expiresAt);
        if (!ISO_DATE_TIME.test(input.expiresAt) || Number.isNaN(expiresAt.getTime())) throw new DomainError('validation', 'expiresAt must be an ISO 8601 date-time', { expiresAt: ['must be an ISO 8601 date-time'] });
        if (expiresAt.getTime() <= clock.now().getTime()) throw new DomainError('validation', 'expiresAt must be in the future', { expiresAt: ['must be in the future'] });
      }
      const secret = generateTokenSecret();
      const token = await repo.insert({
        uuid: randomUUID(),
        name,
        role: input.role,
        tokenHash: sha256(secret),
        createdBy: creator.id === null ? null : `${creator.kind}:${creator.id}`,
        expiresAt,
      });
      changed();
      return { token, secret };
    },
    list: () => repo.list(),
    async get(uuid: string): Promise<ApiToken> {
      return orNotFound(isUuid(uuid) ? await repo.findByUuid(uuid) : undefined, notFound(uuid));
    },
    /** Idempotent: revoking a revoked token succeeds and keeps the first revocation time. */
    async revoke(uuid: string): Promise<void> {
      const token = orNotFound(isUuid(uuid) ? await repo.findByUuid(uuid) : undefined, notFound(uuid));
      await repo.revoke(token.id, clock.now());
      changed();
    },
    /** The usable token with this secret, recording its use (at most once a minute); undefined otherwise. */
    async authenticate(secret: string): Promise<ApiToken | undefined> {
      if (!looksLikeToken(secret)) return undefined;
      const token = await repo.findByHash(sha256(secret));
      const now = clock.now();
      if (!token || token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime())) return undefined;
      if (token.lastUsedAt === null || now.getTime() - token.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
        await repo.touch(token.id, now);
      }
      return token;
    },
    anyUsable: () => repo.anyUsable(clock.now()),
  };
}

export type TokensService = ReturnType<typeof createTokensService>;
