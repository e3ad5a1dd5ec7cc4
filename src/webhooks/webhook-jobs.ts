// The two job kinds webhooks/ writes and what they carry. A publish (or a verification) writes one expansion job in
// its transaction; expanding it (webhook-expansion.repository.ts) writes the triggered webhooks and one delivery job
// each (deliver.ts).
import { DEFAULT_MAX_ATTEMPTS } from '../jobs/jobs.repository.js';
import type { TriggerContext } from './expand-event.js';

export const WEBHOOK_JOB_KIND = 'webhook';
/** Never claimed by the runner: expanded inline, before a claim or a read of triggered webhooks. */
export const WEBHOOK_EXPANSION_JOB_KIND = 'webhook-expansion';
/** Attempts a delivery gets (the first and one per retry of the default schedule); deliver.ts reads it. */
export const WEBHOOK_MAX_ATTEMPTS = DEFAULT_MAX_ATTEMPTS;

/** What a 'webhook' job carries: the triggered webhook and the event's facts. The job's uuid is the triggered webhook's. */
export interface WebhookJobPayload extends TriggerContext {
  triggeredWebhookUuid: string;
  webhookUuid: string;
}

/**
 * What a 'webhook-expansion' job carries: the contexts of a write's events, and per webhook matched at the time of the
 * event, in trigger order, the webhook's id and uuid and the index of its context. The n-th match's triggered-webhook
 * uuid (the one the publish's notices link to) is triggeredUuid(the job's uuid, n) (triggered-webhooks.repository.ts). Jobs written before that carry
 * `triggered` instead, each match with its drawn uuid first; expanding still reads them.
 */
export interface WebhookExpansionPayload {
  contexts: TriggerContext[];
  matches: Array<[webhookId: number, webhookUuid: string, contextIndex: number]>;
}
