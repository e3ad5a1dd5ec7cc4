// The triggered webhooks of a publication or a verification, and a triggered webhook's delivery attempts (its logs).
import { notFound } from '../shared/errors.js';
import type { TriggeredWebhooksReader } from './triggered-webhooks-read.repository.js';
import type { WebhookExpansion } from './webhook-expansion.repository.js';
import type { WebhookPolicy } from './webhook-policy.js';

export interface TriggeredWebhookView {
  uuid: string;
  webhookUuid: string;
  description: string | null;
  eventName: string;
  status: string;
  attempts: number;
  attemptsRemaining: number;
  nextRetryAt: Date | null;
  createdAt: Date;
  updatedAt: Date | null;
}

export interface TriggeredWebhookLog {
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  outcome: string;
  detail: unknown;
  error: string | null;
}

export type TriggeredFilter =
  | { consumer: string; provider: string; consumerVersion: string }
  | { consumer: string; provider: string; verificationId: number };

/** A triggered webhook's delivery attempts, and whether their response details may be shown. */
export interface TriggeredWebhookLogs {
  eventName: string;
  attempts: TriggeredWebhookLog[];
  /** Only with a host allow list, as for a test execution (the Pact Broker hides them otherwise). */
  showResponse: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createTriggeredWebhooksService(reader: TriggeredWebhooksReader, policy: Pick<WebhookPolicy, 'hosts'>, expansion: Pick<WebhookExpansion, 'expandPending'>) {
  // What a write triggered is written when expanded (trigger.ts): first expand what is pending, waiting for an
  // expansion in progress, so a client that has just published sees its triggered webhooks (the notices link them).
  const expanded = () => expansion.expandPending({ wait: true });
  return {
    async list(filter: TriggeredFilter): Promise<TriggeredWebhookView[]> {
      await expanded();
      return reader.list(filter);
    },
    async logs(uuid: string): Promise<TriggeredWebhookLogs> {
      // Not a uuid cannot name one; checked here so the reads can compare uuids and use their unique indexes.
      const missing = () => notFound(`No triggered webhook found with uuid ${uuid}`);
      if (!UUID.test(uuid)) throw missing();
      await expanded();
      const eventName = await reader.eventName(uuid);
      if (eventName === undefined) throw missing();
      return { eventName, attempts: await reader.logs(uuid), showResponse: policy.hosts !== undefined };
    },
  };
}
