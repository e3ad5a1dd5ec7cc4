// Data access for triggered webhooks (trigger.ts): the labels an event's pacticipants carry, and the rows it writes.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { textArray } from '../db/query.js';
import { labels, pacticipants, triggeredWebhooks } from '../db/schema/index.js';

export type NewTriggeredWebhook = typeof triggeredWebhooks.$inferInsert & { uuid: string };
export type TriggeredWebhookRow = typeof triggeredWebhooks.$inferSelect;

export function createTriggeredWebhooksRepository(db: Executor) {
  return {
    /** The label names of the named pacticipants, by pacticipant name (a name without labels is absent). */
    async labelsByName(names: readonly string[], ex: Executor = db): Promise<Map<string, string[]>> {
      const result = new Map<string, string[]>();
      if (names.length === 0) return result;
      const rows = await ex
        .select({ pacticipant: pacticipants.name, label: labels.name })
        .from(labels)
        .innerJoin(pacticipants, eq(pacticipants.id, labels.pacticipantId))
        .where(sql`${pacticipants.name} = any(${textArray(names)})`);
      for (const row of rows) result.set(row.pacticipant, [...(result.get(row.pacticipant) ?? []), row.label]);
      return result;
    },
    /** One multi-row insert on the caller's executor (the transaction of the write that triggered them). */
    async insertMany(rows: readonly NewTriggeredWebhook[], ex: Executor = db): Promise<void> {
      if (rows.length > 0) await ex.insert(triggeredWebhooks).values([...rows]);
    },
    async findByUuid(uuid: string, ex: Executor = db): Promise<TriggeredWebhookRow | undefined> {
      const [row] = await ex.select().from(triggeredWebhooks).where(eq(triggeredWebhooks.uuid, uuid));
      return row;
    },
    async setStatus(uuid: string, status: 'queued' | 'succeeded' | 'failed', ex: Executor = db): Promise<void> {
      await ex.update(triggeredWebhooks).set({ status, updatedAt: new Date() }).where(eq(triggeredWebhooks.uuid, uuid));
    },
  };
}

export type TriggeredWebhooksRepository = ReturnType<typeof createTriggeredWebhooksRepository>;
