import type { StoredWebhookRequest } from '../db/schema/webhooks.js';
import type { WebhookEventName } from './webhook-events.js';

export type { StoredWebhookRequest };

/** One side of a webhook: a named pacticipant, every pacticipant with a label, or (absent) any pacticipant. */
export type WebhookSide = { name: string; label?: undefined } | { label: string; name?: undefined };

/** A stored webhook with its pacticipants' names resolved. */
export interface Webhook {
  id: number;
  uuid: string;
  description: string | null;
  enabled: boolean;
  consumer: WebhookSide | undefined;
  provider: WebhookSide | undefined;
  events: WebhookEventName[];
  request: StoredWebhookRequest;
  createdAt: Date;
  updatedAt: Date | null;
}

/** What is written for a webhook once its input is valid (names resolved to pacticipant ids). */
export interface WebhookFields {
  description: string;
  enabled: boolean;
  consumerId: number | null;
  consumerLabel: string | null;
  providerId: number | null;
  providerLabel: string | null;
  events: WebhookEventName[];
  request: StoredWebhookRequest;
}

/** A webhook as a client sends it to POST /webhooks or PUT /webhooks/{uuid}. */
export interface WebhookInput {
  description?: string | null;
  enabled?: boolean;
  events?: Array<{ name: string }>;
  request?: Partial<StoredWebhookRequest>;
  consumer?: { name?: string | null; label?: string | null } | null;
  provider?: { name?: string | null; label?: string | null } | null;
}

/** Which webhooks a collection URL stands for: the named pacticipants exactly, absent = no pacticipant on that side. */
export interface WebhookScope {
  consumerName?: string | undefined;
  providerName?: string | undefined;
}
