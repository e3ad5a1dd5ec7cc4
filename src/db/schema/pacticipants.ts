import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const pacticipants = pgTable(
  'pacticipants',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    displayName: text('display_name'),
    repositoryUrl: text('repository_url'),
    repositoryName: text('repository_name'),
    repositoryNamespace: text('repository_namespace'),
    mainBranch: text('main_branch'),
    // Who owns it and how to reach them (Pact Broker issue #99): free text, one line each.
    team: text('team'),
    contact: text('contact'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('pacticipants_name_idx').on(t.name),
    // Case-insensitive sort and `q` filter on the list page.
    index('pacticipants_lower_name_idx').on(sql`lower(${t.name})`),
  ],
);

export const labels = pgTable(
  'labels',
  {
    pacticipantId: integer('pacticipant_id')
      .notNull()
      .references(() => pacticipants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pacticipantId, t.name] }), index('labels_name_idx').on(t.name)],
);
