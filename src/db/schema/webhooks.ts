import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { pacticipants } from './pacticipants.js';

/** A webhook's HTTP request as stored (the password in clear: it is sent on delivery, and masked in every response). */
export interface StoredWebhookRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  username?: string;
  password?: string;
}

export const webhooks = pgTable(
  'webhooks',
  {
    id: serial('id').primaryKey(),
    /** 22-char URL-safe base64 when generated; a client's own (A-Z a-z 0-9 _ -, 16 or more) via PUT. */
    uuid: text('uuid').notNull(),
    description: text('description'),
    enabled: boolean('enabled').notNull().default(true),
    // A named side is a pacticipant: deleting it deletes its webhooks, as the Pact Broker does.
    consumerId: integer('consumer_id').references(() => pacticipants.id, { onDelete: 'cascade' }),
    consumerLabel: text('consumer_label'),
    providerId: integer('provider_id').references(() => pacticipants.id, { onDelete: 'cascade' }),
    providerLabel: text('provider_label'),
    events: text('events').array().notNull(),
    request: jsonb('request').$type<StoredWebhookRequest>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhooks_uuid_idx').on(t.uuid),
    // The pacticipant cascades look webhooks up by these.
    index('webhooks_consumer_id_idx').on(t.consumerId),
    index('webhooks_provider_id_idx').on(t.providerId),
  ],
);
