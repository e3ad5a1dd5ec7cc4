import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { environments } from './environments.js';
import { pacticipants } from './pacticipants.js';
import { versions } from './versions.js';

/**
 * record-deployment. A row is "currently deployed" while undeployed_at is null; the partial unique index allows one
 * current row per (environment, pacticipant, application instance), so racing deploy pipelines cannot leave two.
 * A null instance is its own slot (coalesced to '').
 */
export const deployedVersions = pgTable(
  'deployed_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    versionId: bigint('version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    pacticipantId: integer('pacticipant_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    environmentId: integer('environment_id')
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
    applicationInstance: text('application_instance'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    undeployedAt: timestamp('undeployed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('deployed_versions_uuid_idx').on(t.uuid),
    uniqueIndex('deployed_versions_current_slot_idx')
      .on(t.environmentId, t.pacticipantId, sql`coalesce(${t.applicationInstance}, '')`)
      .where(sql`${t.undeployedAt} is null`),
    // "currently deployed versions of this pacticipant" (deployed selectors without an environment)
    index('deployed_versions_current_pacticipant_idx').on(t.pacticipantId).where(sql`${t.undeployedAt} is null`),
    index('deployed_versions_version_idx').on(t.versionId),
    // Whole (non-partial) indexes on the cascading foreign keys: deleting a pacticipant or an environment finds its
    // rows, ended deployments included, without reading the table.
    index('deployed_versions_pacticipant_idx').on(t.pacticipantId),
    index('deployed_versions_environment_idx').on(t.environmentId),
  ],
);

/** record-release. "Currently supported" while support_ended_at is null; one row per (version, environment). */
export const releasedVersions = pgTable(
  'released_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    versionId: bigint('version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    pacticipantId: integer('pacticipant_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    environmentId: integer('environment_id')
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
    supportEndedAt: timestamp('support_ended_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('released_versions_uuid_idx').on(t.uuid),
    uniqueIndex('released_versions_version_environment_idx').on(t.versionId, t.environmentId),
    index('released_versions_supported_environment_idx')
      .on(t.environmentId, t.pacticipantId)
      .where(sql`${t.supportEndedAt} is null`),
    index('released_versions_supported_pacticipant_idx').on(t.pacticipantId).where(sql`${t.supportEndedAt} is null`),
    // As for deployed_versions: the cascading foreign keys need whole indexes.
    index('released_versions_pacticipant_idx').on(t.pacticipantId),
    index('released_versions_environment_idx').on(t.environmentId),
  ],
);
