// Triggering (broker-semantics C1/C2): inside the transaction of the write that caused an event, the enabled webhooks
// it matches get a triggered_webhooks row each and one 'webhook' job each, so a rolled-back write triggers nothing.
import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/client.js';
import type { EventBus, EventNotices, TransactionalEventName, TransactionalEvents } from '../events/event-bus.js';
import { urls } from '../http/urls.js';
import { DEFAULT_MAX_ATTEMPTS, type JobsRepository } from '../jobs/jobs.repository.js';
import { expandEvent, type TriggerContext } from './expand-event.js';
import { webhooksToTrigger } from './match.js';
import type { NewTriggeredWebhook, TriggeredWebhooksRepository } from './triggered-webhooks.repository.js';
import type { WebhooksRepository } from './webhooks.repository.js';

export const WEBHOOK_JOB_KIND = 'webhook';
/** Attempts a delivery gets (the first and one per retry of the default schedule); deliver.ts reads it. */
export const WEBHOOK_MAX_ATTEMPTS = DEFAULT_MAX_ATTEMPTS;

/** What a 'webhook' job carries: the triggered webhook and the event's facts. The job's uuid is the triggered webhook's. */
export interface WebhookJobPayload extends TriggerContext {
  triggeredWebhookUuid: string;
  webhookUuid: string;
}

/** The row's columns of a context (the rest only travels with the job, for the template). */
const rowFacts = ({ success: _s, branch: _b, tags: _t, consumerVersionTags: _c, buildUrl: _u, providerVersionBranch: _pb, providerVersionDescriptions: _pd, ...row }: TriggerContext) =>
  row;

/** The Pact Broker's publish notice per triggered webhook: its description (quoted) or uuid, and where its logs are. */
function triggeredNotices(triggered: Array<{ uuid: string; webhook: { uuid: string; description: string | null } }>, name: string): EventNotices {
  return (baseUrl) =>
    triggered.map((t) => ({
      type: 'debug' as const,
      text:
        `  Webhook ${t.webhook.description ? JSON.stringify(t.webhook.description) : t.webhook.uuid} triggered for event ${name}.\n` +
        `    View logs at ${urls.triggeredWebhookLogs(baseUrl, t.uuid)}`,
    }));
}

export interface TriggerDeps {
  webhooksRepo: Pick<WebhooksRepository, 'list'>;
  triggeredRepo: Pick<TriggeredWebhooksRepository, 'labelsByName' | 'insertMany'>;
  jobsRepo: Pick<JobsRepository, 'enqueue'>;
}

export function createWebhookTrigger(deps: TriggerDeps) {
  return async function trigger(name: TransactionalEventName, facts: TransactionalEvents[TransactionalEventName], tx: Executor): Promise<EventNotices | void> {
    const webhooks = await deps.webhooksRepo.list(undefined, tx);
    if (!webhooks.some((w) => w.enabled && w.events.includes(name))) return;
    const labels = await deps.triggeredRepo.labelsByName([facts.consumerName, facts.providerName], tx);
    const matched = webhooksToTrigger(webhooks, {
      name,
      consumer: { name: facts.consumerName, labels: labels.get(facts.consumerName) ?? [] },
      provider: { name: facts.providerName, labels: labels.get(facts.providerName) ?? [] },
    });
    if (matched.length === 0) return;
    const contexts = expandEvent(name, facts);
    const triggered = matched.flatMap((w) => contexts.map((context) => ({ uuid: randomUUID(), webhook: w, context })));
    const rows: NewTriggeredWebhook[] = triggered.map((t) => ({ uuid: t.uuid, webhookId: t.webhook.id, webhookUuid: t.webhook.uuid, ...rowFacts(t.context) }));
    await deps.triggeredRepo.insertMany(rows, tx);
    // One job per triggered webhook under the same uuid: reads join on it, and it is the delivery's idempotency key.
    await deps.jobsRepo.enqueue(
      triggered.map((t) => ({
        kind: WEBHOOK_JOB_KIND,
        uuid: t.uuid,
        maxAttempts: WEBHOOK_MAX_ATTEMPTS,
        payload: { triggeredWebhookUuid: t.uuid, webhookUuid: t.webhook.uuid, ...t.context } satisfies WebhookJobPayload,
      })),
      tx,
    );
    return triggeredNotices(triggered, name);
  };
}

const EVENT_NAMES: readonly TransactionalEventName[] = [
  'contract_published',
  'contract_content_changed',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
];

/** Subscribes the trigger to every transactional event; returns the unsubscribe. */
export function subscribeWebhookTriggers(events: EventBus, deps: TriggerDeps): () => void {
  const trigger = createWebhookTrigger(deps);
  const offs = EVENT_NAMES.map((name) => events.subscribeInTransaction(name, (facts, tx) => trigger(name, facts, tx)));
  return () => offs.forEach((off) => off());
}
