import { bigint, bigserial, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { pacticipants } from './pacticipants.js';
import { versions } from './versions.js';

/** Content-addressed pact content: the same content for one consumer/provider pair is stored once. */
export const pactVersions = pgTable(
  'pact_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    consumerId: integer('consumer_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    sha: text('sha').notNull(),
    content: text('content').notNull(),
    interactionCount: integer('interaction_count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pact_versions_consumer_provider_sha_idx').on(t.consumerId, t.providerId, t.sha),
    index('pact_versions_provider_idx').on(t.providerId),
  ],
);

/** One row per (consumer version, provider, revision); only the highest revision counts. */
export const pactPublications = pgTable(
  'pact_publications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    consumerVersionId: bigint('consumer_version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    consumerId: integer('consumer_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    revisionNumber: integer('revision_number').notNull(),
    pactVersionId: bigint('pact_version_id', { mode: 'number' })
      .notNull()
      .references(() => pactVersions.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pact_publications_cv_provider_revision_idx').on(t.consumerVersionId, t.providerId, t.revisionNumber),
    index('pact_publications_pact_version_idx').on(t.pactVersionId),
    index('pact_publications_provider_idx').on(t.providerId),
    index('pact_publications_consumer_idx').on(t.consumerId),
  ],
);

/**
 * Maintained in the publish transaction: the latest revision per (consumer version, provider), with the consumer
 * version's order copied in so "latest pact for an integration / a branch / a tag" is one index range scan.
 */
export const latestPactPublications = pgTable(
  'latest_pact_publications',
  {
    consumerVersionId: bigint('consumer_version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    consumerId: integer('consumer_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    consumerVersionOrder: bigint('consumer_version_order', { mode: 'number' }).notNull(),
    pactPublicationId: bigint('pact_publication_id', { mode: 'number' })
      .notNull()
      .references(() => pactPublications.id, { onDelete: 'cascade' }),
    pactVersionId: bigint('pact_version_id', { mode: 'number' })
      .notNull()
      .references(() => pactVersions.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.consumerVersionId, t.providerId] }),
    index('latest_pact_publications_integration_order_idx').on(t.consumerId, t.providerId, t.consumerVersionOrder),
    index('latest_pact_publications_provider_order_idx').on(t.providerId, t.consumerVersionOrder),
    // "The consumer versions whose latest pact has this content, newest first" (bySha, a verification's pact link):
    // an index walk that stops at the first row, however often the content was republished unchanged.
    index('latest_pact_publications_pact_version_order_idx').on(t.pactVersionId, t.consumerVersionOrder),
    // Cascading deletes of publications look rows up by this key.
    index('latest_pact_publications_publication_idx').on(t.pactPublicationId),
  ],
);

/** Consumer × provider pairs that have at least one pact. */
export const integrations = pgTable(
  'integrations',
  {
    consumerId: integer('consumer_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    contractDataUpdatedAt: timestamp('contract_data_updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumerId, t.providerId] }), index('integrations_provider_idx').on(t.providerId)],
);
