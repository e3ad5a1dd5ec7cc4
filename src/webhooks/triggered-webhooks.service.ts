// The triggered webhooks of a publication or a verification, and a triggered webhook's delivery attempts (its logs).
import { notFound } from '../shared/errors.js';
import type { TriggeredWebhooksReader } from './triggered-webhooks-read.repository.js';
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

export function createTriggeredWebhooksService(reader: TriggeredWebhooksReader, policy: Pick<WebhookPolicy, 'hosts'>) {
  return {
    list: (filter: TriggeredFilter) => reader.list(filter),
    async logs(uuid: string): Promise<TriggeredWebhookLogs> {
      // Not a uuid cannot name one; checked here so the reads can compare uuids and use their unique indexes.
      const eventName = UUID.test(uuid) ? await reader.eventName(uuid) : undefined;
      if (eventName === undefined) throw notFound(`No triggered webhook found with uuid ${uuid}`);
      return { eventName, attempts: await reader.logs(uuid), showResponse: policy.hosts !== undefined };
    },
  };
}
