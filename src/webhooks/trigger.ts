// Triggering (broker-semantics C1/C2): inside the transaction of the write that caused a batch of events, one
// statement matches them against the enabled webhooks (match.ts's rules, in SQL), draws a triggered-webhook uuid per
// matched webhook and context, and writes ONE expansion job carrying them (nothing when nothing matched), so a
// rolled-back write triggers nothing and the webhooks are fixed at the time of the event, as the Pact Broker does.
// The triggered_webhooks rows and delivery jobs are written when the expansion runs (webhook-expansion.repository.ts:
// before the runner claims, before any read of triggered webhooks): a publish writes one row, not two per delivery
// (issue 14). test/integration/webhook-trigger-sql.test.ts checks the SQL against match.ts.
import type { Executor } from '../db/client.js';
import type { EventBus, EventNotices, TransactionalEvent } from '../events/event-bus.js';
import { urls } from '../http/urls.js';
import { expandEvent, type TriggerContext } from './expand-event.js';
import type { TriggeredByEvent, TriggeredWebhooksRepository } from './triggered-webhooks.repository.js';

export { WEBHOOK_EXPANSION_JOB_KIND, WEBHOOK_JOB_KIND, WEBHOOK_MAX_ATTEMPTS, type WebhookJobPayload } from './webhook-jobs.js';

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
    const triggered = await deps.triggeredRepo.triggerForEvents(
      events.map(({ name, payload }) => ({
        event: { name, consumerName: payload.consumerName, providerName: payload.providerName },
        contexts: expandEvent(name, payload) as TriggerContext[],
      })),
      tx,
    );
    return triggered.map((rows, index) => (rows.length === 0 ? undefined : triggeredNotices(rows, events[index]!.name)));
  };
}

/** Subscribes the trigger to every transactional event, in batches; returns the unsubscribe. */
export function subscribeWebhookTriggers(events: EventBus, deps: TriggerDeps): () => void {
  return events.subscribeAllInTransaction(createWebhookTrigger(deps));
}
