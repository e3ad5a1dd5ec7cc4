import { bigserial, index, uniqueIndex, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per webhook an event triggered (src/webhooks/trigger.ts), written in the transaction of the write that
 * caused the event, with the job that delivers it. It carries names, version numbers and shas rather than foreign keys
 * to busy rows (pacts, versions, webhooks): a foreign key to the webhook made every publish lock each matching
 * webhook's row once per triggered row (FOR KEY SHARE, shared by concurrent publishes), a cost that grew with the
 * webhooks. Deleting webhooks deletes their rows (a statement trigger, migration 0010); a row a publish wrote for a
 * webhook deleted meanwhile is never read (the reads join webhooks) and its delivery fails (deliver.ts).
 */
export const triggeredWebhooks = pgTable(
  'triggered_webhooks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    webhookId: integer('webhook_id').notNull(),
    webhookUuid: text('webhook_uuid').notNull(),
    eventName: text('event_name').notNull(),
    consumerName: text('consumer_name').notNull(),
    providerName: text('provider_name').notNull(),
    consumerVersionNumber: text('consumer_version_number'),
    pactVersionSha: text('pact_version_sha').notNull(),
    providerVersionNumber: text('provider_version_number'),
    verificationId: integer('verification_id'),
    status: text('status', { enum: ['queued', 'succeeded', 'failed'] }).notNull().default('queued'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('triggered_webhooks_uuid_idx').on(t.uuid), index('triggered_webhooks_webhook_id_idx').on(t.webhookId)],
);
