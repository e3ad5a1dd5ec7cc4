// Triggering (broker-semantics C1/C2): inside the transaction of the write that caused an event, the enabled webhooks
// it matches get a triggered_webhooks row each and one 'webhook' job each, so a rolled-back write triggers nothing.
import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/client.js';
import type { EventBus, TransactionalEventName, TransactionalEvents } from '../events/event-bus.js';
import { DEFAULT_MAX_ATTEMPTS, type JobsRepository } from '../jobs/jobs.repository.js';
import { webhooksToTrigger } from './match.js';
import type { NewTriggeredWebhook, TriggeredWebhooksRepository } from './triggered-webhooks.repository.js';
import type { WebhooksRepository } from './webhooks.repository.js';

export const WEBHOOK_JOB_KIND = 'webhook';
/** Attempts a delivery gets (the first and one per retry of the default schedule); deliver.ts reads it. */
export const WEBHOOK_MAX_ATTEMPTS = DEFAULT_MAX_ATTEMPTS;

/** What a 'webhook' job carries: the triggered webhook and the event's facts (names and shas, no foreign keys). */
export interface WebhookJobPayload {
  triggeredWebhookUuid: string;
  webhookUuid: string;
  eventName: TransactionalEventName;
  consumerName: string;
  providerName: string;
  consumerVersionNumber: string | null;
  pactVersionSha: string;
  providerVersionNumber: string | null;
  verificationId: number | null;
  /** The verification's result (verification events only). */
  success: boolean | null;
  branch: string | null;
  tags: string[];
}

/** The row's columns of a payload (the rest only travels with the job, for the template). */
const rowFacts = ({ success: _s, branch: _b, tags: _t, ...row }: Omit<WebhookJobPayload, 'triggeredWebhookUuid' | 'webhookUuid'>) => row;

type Facts = TransactionalEvents[TransactionalEventName];

function eventFacts(name: TransactionalEventName, facts: Facts): Omit<WebhookJobPayload, 'triggeredWebhookUuid' | 'webhookUuid'> {
  return {
    eventName: name,
    consumerName: facts.consumerName,
    providerName: facts.providerName,
    consumerVersionNumber: 'consumerVersionNumber' in facts ? facts.consumerVersionNumber : null,
    pactVersionSha: facts.pactVersionSha,
    providerVersionNumber: 'providerVersionNumber' in facts ? facts.providerVersionNumber : null,
    verificationId: 'verificationId' in facts ? facts.verificationId : null,
    success: 'success' in facts ? facts.success : null,
    // The consumer version's branch and tags for contract events, the provider version's for verification events.
    branch: 'providerVersionBranches' in facts ? (facts.providerVersionBranches.at(-1) ?? null) : (facts.branch ?? null),
    tags: 'providerVersionTags' in facts ? facts.providerVersionTags : facts.tags,
  };
}

export interface TriggerDeps {
  webhooksRepo: Pick<WebhooksRepository, 'list'>;
  triggeredRepo: Pick<TriggeredWebhooksRepository, 'labelsByName' | 'insertMany'>;
  jobsRepo: Pick<JobsRepository, 'enqueue'>;
}

export function createWebhookTrigger(deps: TriggerDeps) {
  return async function trigger(name: TransactionalEventName, facts: Facts, tx: Executor): Promise<void> {
    const webhooks = await deps.webhooksRepo.list(undefined, tx);
    if (!webhooks.some((w) => w.enabled && w.events.includes(name))) return;
    const labels = await deps.triggeredRepo.labelsByName([facts.consumerName, facts.providerName], tx);
    const matched = webhooksToTrigger(webhooks, {
      name,
      consumer: { name: facts.consumerName, labels: labels.get(facts.consumerName) ?? [] },
      provider: { name: facts.providerName, labels: labels.get(facts.providerName) ?? [] },
    });
    if (matched.length === 0) return;
    const common = eventFacts(name, facts);
    const rows: NewTriggeredWebhook[] = matched.map((w) => ({ uuid: randomUUID(), webhookId: w.id, webhookUuid: w.uuid, ...rowFacts(common) }));
    await deps.triggeredRepo.insertMany(rows, tx);
    await deps.jobsRepo.enqueue(
      rows.map((row) => ({
        kind: WEBHOOK_JOB_KIND,
        maxAttempts: WEBHOOK_MAX_ATTEMPTS,
        payload: { triggeredWebhookUuid: row.uuid, webhookUuid: row.webhookUuid, ...common } satisfies WebhookJobPayload,
      })),
      tx,
    );
  };
}

const EVENT_NAMES: readonly TransactionalEventName[] = [
  'contract_published',
  'contract_content_changed',
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
