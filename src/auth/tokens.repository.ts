import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { apiTokens } from '../db/schema/index.js';

export type ApiToken = typeof apiTokens.$inferSelect;
export type NewApiToken = Pick<ApiToken, 'uuid' | 'name' | 'role' | 'tokenHash' | 'createdBy' | 'expiresAt'>;

export function createTokensRepository(db: Executor) {
  return {
    async insert(fields: NewApiToken, ex: Executor = db): Promise<ApiToken> {
      const [row] = await ex.insert(apiTokens).values(fields).returning();
      return row!;
    },
    /** Newest first; revoked and expired tokens included (they stay for the audit trail). */
    list(ex: Executor = db): Promise<ApiToken[]> {
      return ex.select().from(apiTokens).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
    },
    async findByUuid(uuid: string, ex: Executor = db): Promise<ApiToken | undefined> {
      const [row] = await ex.select().from(apiTokens).where(eq(apiTokens.uuid, uuid));
      return row;
    },
    /** The one indexed lookup a bearer request costs. */
    async findByHash(tokenHash: Buffer, ex: Executor = db): Promise<ApiToken | undefined> {
      const [row] = await ex.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
      return row;
    },
    /** Sets revokedAt once (a second revoke keeps the first time). */
    async revoke(id: number, at: Date, ex: Executor = db): Promise<void> {
      await ex.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
    },
    async touch(id: number, at: Date, ex: Executor = db): Promise<void> {
      await ex.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
    },
    /** Whether some token could authenticate a request now (unrevoked and unexpired). */
    async anyUsable(now: Date, ex: Executor = db): Promise<boolean> {
      const rows = await ex
        .select({ one: sql<number>`1` })
        .from(apiTokens)
        .where(and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))))
        .limit(1);
      return rows.length > 0;
    },
  };
}

export type TokensRepository = ReturnType<typeof createTokensRepository>;
