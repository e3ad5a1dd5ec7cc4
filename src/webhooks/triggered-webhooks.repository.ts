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
 * A webhook side's selector (match.ts selectorMatches) in SQL, for the `matched` CTE below: its pacticipant, else its
 * label on the event's pacticipant (`event_pacticipants` row `ep`, absent when no pacticipant has that name), else any.
 */
function sideMatches(side: 'consumer' | 'provider', ep: string) {
  const [id, label] = side === 'consumer' ? ['w.consumer_id', 'w.consumer_label'] : ['w.provider_id', 'w.provider_label'];
  return sql.raw(`case when ${id} is not null then ${id} = ${ep}.id
                  when ${label} is not null then ${label} = any(${ep}.labels)
                  else true end`);
}

/**
 * The uuid of the n-th (1-based) webhook an expansion job triggered, in SQL: 128 bits of sha256(job uuid, n). The job's
 * uuid is random and never shown, so these are as unguessable as drawn ones, and one job row need not carry 40 of them.
 */
export function triggeredUuid(jobUuid: SQL, n: SQL): SQL {
  return sql`substr(encode(sha256(convert_to(${jobUuid}::text || '/' || ${n}::text, 'UTF8')), 'hex'), 1, 32)::uuid`;
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
     * enabled webhook each event matches (match.ts webhooksToTrigger, here in SQL) and writes one expansion job carrying
     * the matches with the contexts (none when nothing matched); expanding it (webhook-expansion.repository.ts) writes
     * the rows under uuids derived from the job's (triggeredUuid: the job stays small, inline, with less WAL). The order
     * is event by event, in webhook order (created_at, id), then context order; the answer is per event, in that order
     * (empty when nothing matched).
     */
    async triggerForEvents(events: ReadonlyArray<{ event: TriggeringEvent; contexts: readonly TriggerContext[] }>, ex: Executor = db): Promise<TriggeredByEvent[][]> {
      const answer: TriggeredByEvent[][] = events.map(() => []);
      // What matching needs of each context (its event's index and its own, the event's name and pacticipants); the
      // contexts themselves go to the expansion job as they are, the k-th item being the k-th context.
      let k = 0;
      const items = events.flatMap(({ event, contexts }, eventIndex) =>
        contexts.map((_, contextIndex) => ({ e: eventIndex, i: contextIndex, k: k++, name: event.name, consumer: event.consumerName, provider: event.providerName })),
      );
      if (items.length === 0) return answer;
      const contexts = events.flatMap((e) => e.contexts);
      const names = [...new Set(events.flatMap(({ event }) => [event.consumerName, event.providerName]))];
      const rows = await queryPrepared<{ uuid: string; webhook_uuid: string; description: string | null; event_index: number | string; context_index: number | string }>(
        ex,
        sql`with event_pacticipants as (
              select p.id, p.name, array(select l.name from labels l where l.pacticipant_id = p.id) as labels
                from pacticipants p where p.name = any(${textArray(names)})),
            job as materialized (select gen_random_uuid() as uuid),
            matched as materialized (
              select w.id as webhook_id, w.uuid as webhook_uuid, w.description, c.e as event_index, c.i as context_index, c.k,
                     row_number() over (order by c.e, w.created_at, w.id, c.i) as ord
                from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as c(e int, i int, k int, name text, consumer text, provider text)
                left join event_pacticipants ec on ec.name = c.consumer
                left join event_pacticipants ep on ep.name = c.provider
                join webhooks w on w.enabled and c.name = any(w.events)
                 and ${sideMatches('consumer', 'ec')}
                 and ${sideMatches('provider', 'ep')}),
            queued as (
              insert into jobs (uuid, kind, payload, max_attempts)
              select job.uuid, ${WEBHOOK_EXPANSION_JOB_KIND}::text,
                     jsonb_build_object('contexts', ${JSON.stringify(contexts)}::jsonb,
                       'matches', jsonb_agg(jsonb_build_array(webhook_id, webhook_uuid, k) order by ord)),
                     1
                from matched cross join job group by job.uuid)
          select ${triggeredUuid(sql.raw('job.uuid'), sql.raw('ord'))} as uuid, webhook_uuid, description, event_index, context_index
            from matched cross join job order by ord`,
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
