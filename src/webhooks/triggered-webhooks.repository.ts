// Data access for triggered webhooks (trigger.ts): the one statement an event runs to trigger its webhooks, the labels
// an event's pacticipants carry, and the triggered rows' status.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows, textArray } from '../db/query.js';
import { labels, pacticipants, triggeredWebhooks } from '../db/schema/index.js';
import { enqueueFrom } from '../jobs/jobs.repository.js';
import type { TriggerContext } from './expand-event.js';

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
function sideMatches(side: 'consumer' | 'provider', name: string) {
  const [id, label, named] = side === 'consumer' ? ['w.consumer_id', 'w.consumer_label', 'wc'] : ['w.provider_id', 'w.provider_label', 'wp'];
  return sql`case when ${sql.raw(id)} is not null then ${sql.raw(named)}.name = ${name}::text
                  when ${sql.raw(label)} is not null
                    then exists (select 1 from event_labels el where el.pacticipant = ${name}::text and el.label = ${sql.raw(label)})
                  else true end`;
}

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
    /**
     * Triggers, in one statement on the caller's executor (the transaction of the write that caused the event), every
     * enabled webhook the event matches (match.ts webhooksToTrigger, here in SQL): one triggered_webhooks row and one
     * job under the same uuid per matched webhook and context, the job's payload being `payloadOf` the context with
     * the two uuids. Returns them in webhook order (created_at, id), then context order; none when nothing matched.
     */
    async triggerForEvent(
      event: TriggeringEvent,
      contexts: readonly TriggerContext[],
      job: { kind: string; maxAttempts: number },
      ex: Executor = db,
    ): Promise<TriggeredByEvent[]> {
      if (contexts.length === 0) return [];
      const rows = await queryRows<{ uuid: string; webhook_uuid: string; description: string | null; context_index: number | string }>(
        ex,
        sql`with event_labels as (
              select p.name as pacticipant, l.name as label from labels l join pacticipants p on p.id = l.pacticipant_id
               where p.name in (${event.consumerName}::text, ${event.providerName}::text)),
            -- materialized: each row's gen_random_uuid() is drawn once and shared by both inserts and the answer
            matched as materialized (
              select gen_random_uuid() as uuid, w.id as webhook_id, w.uuid as webhook_uuid, w.description,
                     w.created_at, c.ordinality - 1 as context_index, c.value as context
                from webhooks w
                left join pacticipants wc on wc.id = w.consumer_id
                left join pacticipants wp on wp.id = w.provider_id
               cross join jsonb_array_elements(${JSON.stringify(contexts)}::jsonb) with ordinality as c(value, ordinality)
               where w.enabled and ${event.name}::text = any(w.events)
                 and ${sideMatches('consumer', event.consumerName)}
                 and ${sideMatches('provider', event.providerName)}),
            triggered as (
              insert into triggered_webhooks (uuid, webhook_id, webhook_uuid, event_name, consumer_name, provider_name,
                                              consumer_version_number, pact_version_sha, provider_version_number, verification_id)
              select uuid, webhook_id, webhook_uuid, context->>'eventName', context->>'consumerName', context->>'providerName',
                     context->>'consumerVersionNumber', context->>'pactVersionSha', context->>'providerVersionNumber',
                     (context->>'verificationId')::int
                from matched order by created_at, webhook_id, context_index),
            queued as (${enqueueFrom(
              sql`select uuid, jsonb_build_object('triggeredWebhookUuid', uuid, 'webhookUuid', webhook_uuid) || context as payload
                    from matched order by created_at, webhook_id, context_index`,
              job.kind,
              job.maxAttempts,
            )})
          select uuid, webhook_uuid, description, context_index from matched order by created_at, webhook_id, context_index`,
      );
      return rows.map((r) => ({ uuid: r.uuid, webhookUuid: r.webhook_uuid, description: r.description, contextIndex: Number(r.context_index) }));
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
