import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../src/auth/credentials.js';
import type { ApiToken, TokensRepository } from '../../../src/auth/tokens.repository.js';
import { createTokensService, generateTokenSecret, LAST_USED_RESOLUTION_MS, looksLikeToken } from '../../../src/auth/tokens.service.js';
import { OPEN_ACCESS } from '../../../src/auth/principal.js';

/** An in-memory repository with the real one's behaviour, and a settable clock. */
function fakes() {
  const rows: ApiToken[] = [];
  let now = new Date('2026-06-01T12:00:00Z');
  const touches: number[] = [];
  const repo: TokensRepository = {
    async insert(fields) {
      const row: ApiToken = { id: rows.length + 1, createdAt: now, revokedAt: null, lastUsedAt: null, ...fields } as ApiToken;
      rows.push(row);
      return row;
    },
    list: async () => [...rows].reverse(),
    findByUuid: async (uuid) => rows.find((r) => r.uuid === uuid),
    findByHash: async (hash) => rows.find((r) => r.tokenHash.equals(hash)),
    async revoke(id, at) {
      const row = rows.find((r) => r.id === id)!;
      row.revokedAt ??= at;
    },
    async touch(id, at) {
      touches.push(id);
      rows.find((r) => r.id === id)!.lastUsedAt = at;
    },
    anyUsable: async (at) => rows.some((r) => r.revokedAt === null && (r.expiresAt === null || r.expiresAt > at)),
  };
  const service = createTokensService({ repo, clock: { now: () => now } });
  return { rows, repo, service, touches, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('token secrets', () => {
  it('are treaty_ + 256 random bits in base64url, all different', () => {
    const secrets = new Set(Array.from({ length: 200 }, generateTokenSecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) {
      expect(secret).toMatch(/^treaty_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret.slice(7), 'base64url')).toHaveLength(32);
      expect(looksLikeToken(secret)).toBe(true);
    }
    expect(looksLikeToken('treaty_short')).toBe(false);
    expect(looksLikeToken(`treaty_${'a'.repeat(42)}\u0000`)).toBe(false);
  });
});

describe('tokens service', () => {
  it('stores only the SHA-256 of the secret and finds the token by it', async () => {
    const { rows, service } = fakes();
    const { token, secret } = await service.create({ name: ' ci pipeline ', role: 'ci' }, { kind: 'bootstrap', id: 'TREATY_ADMIN_TOKEN', role: 'admin' });
    expect(token).toMatchObject({ name: 'ci pipeline', role: 'ci', createdBy: 'bootstrap:TREATY_ADMIN_TOKEN', expiresAt: null });
    expect(rows[0]!.tokenHash.equals(sha256(secret))).toBe(true);
    expect(JSON.stringify(rows[0])).not.toContain(secret.slice(7));
    expect((await service.authenticate(secret))?.uuid).toBe(token.uuid);
    expect(await service.authenticate(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await service.authenticate('garbage')).toBeUndefined();
  });

  it('refuses expired and revoked tokens', async () => {
    const { service, advance } = fakes();
    const expiring = await service.create({ name: 'short', role: 'read', expiresAt: '2026-06-01T13:00:00Z' }, OPEN_ACCESS);
    const revoked = await service.create({ name: 'gone', role: 'admin' }, OPEN_ACCESS);
    expect(await service.authenticate(expiring.secret)).toBeDefined();
    await service.revoke(revoked.token.uuid);
    await service.revoke(revoked.token.uuid); // idempotent
    expect(await service.authenticate(revoked.secret)).toBeUndefined();
    expect(await service.anyUsable()).toBe(true);
    advance(60 * 60 * 1000);
    expect(await service.authenticate(expiring.secret)).toBeUndefined();
    expect(await service.anyUsable()).toBe(false);
  });

  it('records the last use at most once a minute', async () => {
    const { service, touches, advance } = fakes();
    const { secret } = await service.create({ name: 'busy', role: 'read' }, OPEN_ACCESS);
    for (let i = 0; i < 10; i++) await service.authenticate(secret);
    expect(touches).toHaveLength(1);
    advance(LAST_USED_RESOLUTION_MS);
    await service.authenticate(secret);
    expect(touches).toHaveLength(2);
  });

  it.each([
    [{ name: '', role: 'read' }, 'name'],
    [{ name: 'x'.repeat(101), role: 'read' }, 'name'],
    [{ name: 'x', role: 'root' }, 'role'],
    [{ name: 'x', role: 'read', expiresAt: 'tomorrow' }, 'expiresAt'],
    [{ name: 'x', role: 'read', expiresAt: '5' }, 'expiresAt'],
    [{ name: 'x', role: 'read', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
  ])('validates %j', async (input, field) => {
    const { service } = fakes();
    await expect(service.create(input as never, OPEN_ACCESS)).rejects.toMatchObject({ code: 'validation', fields: { [field]: expect.any(Array) } });
  });

  it('answers not found for unknown or malformed uuids', async () => {
    const { service } = fakes();
    await expect(service.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.revoke('not-a-uuid')).rejects.toMatchObject({ code: 'not_found' });
  });
});
