// Triggering (broker-semantics C1/C2): inside the transaction of the write that caused an event, the enabled webhooks
// it matches get a triggered_webhooks row each and one 'webhook' job each, so a rolled-back write triggers nothing.
// One statement per event does the matching (match.ts's rules, in SQL) and both inserts: a publish pays one round trip
// per event whether or not webhooks are configured (test/integration/webhook-trigger-sql.test.ts checks the SQL
// against match.ts).
import type { Executor } from '../db/client.js';
import type { EventBus, EventNotices, TransactionalEvent } from '../events/event-bus.js';
import { urls } from '../http/urls.js';
import { DEFAULT_MAX_ATTEMPTS } from '../jobs/jobs.repository.js';
import { expandEvent, type TriggerContext } from './expand-event.js';
import type { TriggeredByEvent, TriggeredWebhooksRepository } from './triggered-webhooks.repository.js';

export const WEBHOOK_JOB_KIND = 'webhook';
/** Attempts a delivery gets (the first and one per retry of the default schedule); deliver.ts reads it. */
export const WEBHOOK_MAX_ATTEMPTS = DEFAULT_MAX_ATTEMPTS;

/** What a 'webhook' job carries: the triggered webhook and the event's facts. The job's uuid is the triggered webhook's. */
export interface WebhookJobPayload extends TriggerContext {
  triggeredWebhookUuid: string;
  webhookUuid: string;
}

/** The Pact Broker's publish notice per triggered webhook: its description (quoted) or uuid, and where its logs are. */
function triggeredNotices(triggered: readonly TriggeredByEvent[], name: string): EventNotices {
  return (baseUrl) =>
    triggered.map((t) => ({
      type: 'debug' as const,
      text:
        `  Webhook ${t.description ? JSON.stringify(t.description) : t.webhookUuid} triggered for event ${name}.\n` +
        `    View logs at ${urls.triggeredWebhookLogs(baseUrl, t.uuid)}`,
    }));
}

export interface TriggerDeps {
  triggeredRepo: Pick<TriggeredWebhooksRepository, 'triggerForEvents'>;
}

/** Triggers the webhooks of a batch of events in one statement; the notices per event, in order. */
export function createWebhookTrigger(deps: TriggerDeps) {
  return async function trigger(events: readonly TransactionalEvent[], tx: Executor): Promise<Array<EventNotices | void>> {
    // The job payload is a context plus the two uuids (WebhookJobPayload); one job per triggered webhook under the
    // same uuid: reads join on it, and it is the delivery's idempotency key.
    const triggered = await deps.triggeredRepo.triggerForEvents(
      events.map(({ name, payload }) => ({
        event: { name, consumerName: payload.consumerName, providerName: payload.providerName },
        contexts: expandEvent(name, payload) as TriggerContext[],
      })),
      { kind: WEBHOOK_JOB_KIND, maxAttempts: WEBHOOK_MAX_ATTEMPTS },
      tx,
    );
    return triggered.map((rows, index) => (rows.length === 0 ? undefined : triggeredNotices(rows, events[index]!.name)));
  };
}

/** Subscribes the trigger to every transactional event, in batches; returns the unsubscribe. */
export function subscribeWebhookTriggers(events: EventBus, deps: TriggerDeps): () => void {
  return events.subscribeAllInTransaction(createWebhookTrigger(deps));
}
