import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { pacticipants } from './pacticipants.js';
import { pactVersions } from './pacts.js';
import { versions } from './versions.js';

/**
 * A verification result belongs to pact *content* (pact_versions), not to a consumer version: every consumer version
 * whose latest pact has this content is verified by it. `id` is the broker-wide result number in URLs.
 */
export const verifications = pgTable(
  'verifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pactVersionId: bigint('pact_version_id', { mode: 'number' })
      .notNull()
      .references(() => pactVersions.id, { onDelete: 'cascade' }),
    consumerId: integer('consumer_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    providerId: integer('provider_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    providerVersionId: bigint('provider_version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    success: boolean('success').notNull(),
    buildUrl: text('build_url'),
    testResults: jsonb('test_results'),
    verifiedBy: jsonb('verified_by'),
    /** Published through a WIP pact URL: does not take the pact out of WIP (see broker-semantics B6). */
    wip: boolean('wip').notNull().default(false),
    /** The pending flag the pact had when it was verified (from the pact URL's metadata); null when unknown. */
    pending: boolean('pending'),
    /** The consumer version selectors that picked the pact, decoded from the pact URL's metadata. */
    consumerVersionSelectors: jsonb('consumer_version_selectors'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('verifications_pact_version_provider_version_idx').on(t.pactVersionId, t.providerVersionId, t.id),
    // The results of one content newest first (latest result, the paged list): stops after the rows it returns.
    index('verifications_pact_version_id_idx').on(t.pactVersionId, t.id),
    index('verifications_provider_version_idx').on(t.providerVersionId),
    index('verifications_provider_idx').on(t.providerId, t.id),
    index('verifications_consumer_idx').on(t.consumerId),
    // Pending and WIP ask "the earliest successful (non-WIP) verification of this content": a short index walk even
    // with thousands of re-verifications of one pact.
    index('verifications_success_idx').on(t.pactVersionId, t.createdAt).where(sql`${t.success}`),
    index('verifications_success_non_wip_idx').on(t.pactVersionId, t.createdAt).where(sql`${t.success} and not ${t.wip}`),
  ],
);

/** Maintained in the publishing transaction: the latest verification per (pact content, provider version). */
export const latestVerifications = pgTable(
  'latest_verifications',
  {
    pactVersionId: bigint('pact_version_id', { mode: 'number' })
      .notNull()
      .references(() => pactVersions.id, { onDelete: 'cascade' }),
    providerVersionId: bigint('provider_version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    verificationId: bigint('verification_id', { mode: 'number' })
      .notNull()
      .references(() => verifications.id, { onDelete: 'cascade' }),
    consumerId: integer('consumer_id').notNull(),
    providerId: integer('provider_id').notNull(),
    providerVersionOrder: bigint('provider_version_order', { mode: 'number' }).notNull(),
    success: boolean('success').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.pactVersionId, t.providerVersionId] }),
    index('latest_verifications_provider_version_idx').on(t.providerVersionId),
    index('latest_verifications_verification_idx').on(t.verificationId),
    // "latest verification of this content" (newest provider version first)
    index('latest_verifications_pact_version_order_idx').on(t.pactVersionId, t.providerVersionOrder),
  ],
);
