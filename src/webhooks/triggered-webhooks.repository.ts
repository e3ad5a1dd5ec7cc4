// Data access for triggered webhooks (trigger.ts): the one statement a write's events run to trigger their webhooks,
// the labels an event's pacticipants carry, and the triggered rows' status.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryPrepared, queryRows, textArray } from '../db/query.js';
import { labels, pacticipants, triggeredWebhooks } from '../db/schema/index.js';
import type { TriggerContext } from './expand-event.js';
import { WEBHOOK_EXPANSION_JOB_KIND } from './webhook-jobs.js';

export type TriggeredWebhookRow = typeof triggeredWebhooks.$inferSelect;

/** An event as matching sees it (match.ts): its name and its consumer's and provider's names. */
export interface TriggeringEvent {
  name: string;
  consumerName: string;
  providerName: string;
}

/** One triggered webhook an event wrote: its uuid (also its job's), its webhook, and which of the event's contexts. */
export interface TriggeredByEvent {
  uuid: string;
  webhookUuid: string;
  description: string | null;
  /** Index into the contexts passed in. */
  contextIndex: number;
}

/**
 * A webhook side's selector (match.ts selectorMatches) in SQL, for the `matched` CTE below: its pacticipant by name,
 * else its label on the event's pacticipant, else any.
 */
function sideMatches(side: 'consumer' | 'provider', name: SQL) {
  const [id, label, named] = side === 'consumer' ? ['w.consumer_id', 'w.consumer_label', 'wc'] : ['w.provider_id', 'w.provider_label', 'wp'];
  return sql`case when ${sql.raw(id)} is not null then ${sql.raw(named)}.name = ${name}
                  when ${sql.raw(label)} is not null
                    then exists (select 1 from event_labels el where el.pacticipant = ${name} and el.label = ${sql.raw(label)})
                  else true end`;
}

export function createTriggeredWebhooksRepository(db: Executor) {
  const repo = {
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
    /** triggerForEvents for one event. */
    async triggerForEvent(event: TriggeringEvent, contexts: readonly TriggerContext[], ex: Executor = db): Promise<TriggeredByEvent[]> {
      return (await repo.triggerForEvents([{ event, contexts }], ex))[0]!;
    },
    /**
     * Triggers, in one statement on the caller's executor (the transaction of the write that caused the events), every
     * enabled webhook each event matches (match.ts webhooksToTrigger, here in SQL): it draws a triggered-webhook uuid
     * per matched webhook and context and writes one expansion job carrying them with the contexts (none when nothing
     * matched); expanding it writes the rows (webhook-expansion.repository.ts). The order is event by event, in webhook
     * order (created_at, id), then context order; the answer is per event, in that order (empty when nothing matched).
     */
    async triggerForEvents(events: ReadonlyArray<{ event: TriggeringEvent; contexts: readonly TriggerContext[] }>, ex: Executor = db): Promise<TriggeredByEvent[][]> {
      const answer: TriggeredByEvent[][] = events.map(() => []);
      // What matching needs of each context (its event's index and its own, the event's name and pacticipants); the
      // contexts themselves go to the expansion job as they are, the k-th item being the k-th context.
      const items = events.flatMap(({ event, contexts }, eventIndex) =>
        contexts.map((_, contextIndex) => ({ e: eventIndex, i: contextIndex, name: event.name, consumer: event.consumerName, provider: event.providerName })),
      );
      if (items.length === 0) return answer;
      const contexts = events.flatMap((e) => e.contexts);
      const names = [...new Set(events.flatMap(({ event }) => [event.consumerName, event.providerName]))];
      const rows = await queryPrepared<{ uuid: string; webhook_uuid: string; description: string | null; event_index: number | string; context_index: number | string }>(
        ex,
        sql`with event_labels as (
              select p.name as pacticipant, l.name as label from labels l join pacticipants p on p.id = l.pacticipant_id
               where p.name = any(${textArray(names)})),
            -- materialized: each row's gen_random_uuid() is drawn once and shared by the job and the answer
            matched as materialized (
              select gen_random_uuid() as uuid, w.id as webhook_id, w.uuid as webhook_uuid, w.description, w.created_at,
                     (c.value->>'e')::int as event_index, (c.value->>'i')::int as context_index, (c.k - 1)::int as k
                from webhooks w
                left join pacticipants wc on wc.id = w.consumer_id
                left join pacticipants wp on wp.id = w.provider_id
               cross join jsonb_array_elements(${JSON.stringify(items)}::jsonb) with ordinality as c(value, k)
               where w.enabled and (c.value->>'name') = any(w.events)
                 and ${sideMatches('consumer', sql`(c.value->>'consumer')`)}
                 and ${sideMatches('provider', sql`(c.value->>'provider')`)}),
            queued as (
              insert into jobs (kind, payload, max_attempts)
              select ${WEBHOOK_EXPANSION_JOB_KIND}::text,
                     jsonb_build_object('contexts', ${JSON.stringify(contexts)}::jsonb,
                       'triggered', jsonb_agg(jsonb_build_array(uuid, webhook_id, webhook_uuid, k) order by event_index, created_at, webhook_id, context_index)),
                     1
                from matched having count(*) > 0)
          select uuid, webhook_uuid, description, event_index, context_index from matched
           order by event_index, created_at, webhook_id, context_index`,
      );
      for (const r of rows) {
        answer[Number(r.event_index)]!.push({ uuid: r.uuid, webhookUuid: r.webhook_uuid, description: r.description, contextIndex: Number(r.context_index) });
      }
      return answer;
    },
    async findByUuid(uuid: string, ex: Executor = db): Promise<TriggeredWebhookRow | undefined> {
      const [row] = await ex.select().from(triggeredWebhooks).where(eq(triggeredWebhooks.uuid, uuid));
      return row;
    },
    async setStatus(uuid: string, status: 'queued' | 'succeeded' | 'failed', ex: Executor = db): Promise<void> {
      await ex.update(triggeredWebhooks).set({ status, updatedAt: new Date() }).where(eq(triggeredWebhooks.uuid, uuid));
    },
  };
  return repo;
}

export type TriggeredWebhooksRepository = ReturnType<typeof createTriggeredWebhooksRepository>;
