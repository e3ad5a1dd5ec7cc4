import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgSequence, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { pacticipants } from './pacticipants.js';

/** One global sequence gives every version its creation order: "latest" means highest order. */
export const versionOrderSeq = pgSequence('version_order_seq');

export const versions = pgTable(
  'versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pacticipantId: integer('pacticipant_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    order: bigint('order', { mode: 'number' })
      .notNull()
      .default(sql`nextval('version_order_seq')`),
    buildUrl: text('build_url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('versions_pacticipant_number_idx').on(t.pacticipantId, t.number),
    uniqueIndex('versions_pacticipant_order_idx').on(t.pacticipantId, t.order),
  ],
);

export const branches = pgTable(
  'branches',
  {
    id: serial('id').primaryKey(),
    pacticipantId: integer('pacticipant_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('branches_pacticipant_name_idx').on(t.pacticipantId, t.name)],
);

/** Membership of a version in a branch. `versionOrder` is copied so branch listings sort without a join. */
export const branchVersions = pgTable(
  'branch_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id, { onDelete: 'cascade' }),
    versionId: bigint('version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    versionOrder: bigint('version_order', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('branch_versions_branch_version_idx').on(t.branchId, t.versionId),
    index('branch_versions_branch_order_idx').on(t.branchId, t.versionOrder),
    index('branch_versions_version_idx').on(t.versionId),
  ],
);

/** Maintained in the write transaction: the version most recently added to each branch. */
export const branchHeads = pgTable(
  'branch_heads',
  {
    branchId: integer('branch_id')
      .primaryKey()
      .references(() => branches.id, { onDelete: 'cascade' }),
    branchVersionId: bigint('branch_version_id', { mode: 'number' })
      .notNull()
      .references(() => branchVersions.id, { onDelete: 'cascade' }),
    versionId: bigint('version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
  },
  (t) => [index('branch_heads_version_idx').on(t.versionId), index('branch_heads_branch_version_idx').on(t.branchVersionId)],
);

export const tags = pgTable(
  'tags',
  {
    versionId: bigint('version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    pacticipantId: integer('pacticipant_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    versionOrder: bigint('version_order', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.name] }),
    // "latest version of P with tag T"
    index('tags_pacticipant_name_order_idx').on(t.pacticipantId, t.name, t.versionOrder),
  ],
);
