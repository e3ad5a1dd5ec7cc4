import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/query.js';
import { auditEvents } from '../db/schema/index.js';
import type { AuditEvent, AuditEventInput, AuditFilter } from './audit.types.js';

/** Rows one prune statement deletes, so a large backlog is removed in short statements (PGlite has one connection). */
const PRUNE_CHUNK = 5000;

export function createAuditRepository(db: Executor) {
  return {
    /** One multi-row insert (at most a batch of 200 rows × 12 parameters). */
    async insertMany(events: readonly AuditEventInput[], ex: Executor = db): Promise<void> {
      if (events.length === 0) return;
      await ex.insert(auditEvents).values(events.map((e) => ({ ...e })));
    },

    /** Newest first. */
    async list(filter: AuditFilter, ex: Executor = db): Promise<AuditEvent[]> {
      const conditions: SQL[] = [];
      if (filter.principal !== undefined) conditions.push(eq(auditEvents.principalId, filter.principal));
      if (filter.pacticipant !== undefined) conditions.push(sql`lower(${auditEvents.pacticipant}) = lower(${filter.pacticipant})`);
      if (filter.since !== undefined) conditions.push(gte(auditEvents.at, filter.since));
      if (filter.until !== undefined) conditions.push(lt(auditEvents.at, filter.until));
      const rows = await ex
        .select()
        .from(auditEvents)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(auditEvents.at), desc(auditEvents.id))
        .limit(filter.limit);
      return rows.map((r) => ({ ...r, principalKind: r.principalKind as AuditEvent['principalKind'] }));
    },

    /** Deletes events older than `cutoff`, a chunk per statement; returns how many. */
    async deleteBefore(cutoff: Date, ex: Executor = db): Promise<number> {
      let total = 0;
      for (;;) {
        const [row] = await queryRows<{ n: number | string }>(
          ex,
          sql`with gone as (
                delete from ${auditEvents} where id in (select id from ${auditEvents} where at < ${cutoff} limit ${PRUNE_CHUNK})
                returning 1)
              select count(*)::int as n from gone`,
        );
        const n = Number(row?.n ?? 0);
        total += n;
        if (n < PRUNE_CHUNK) return total;
      }
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
