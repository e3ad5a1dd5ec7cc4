import { boolean, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const environments = pgTable(
  'environments',
  {
    id: serial('id').primaryKey(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    name: text('name').notNull(),
    displayName: text('display_name'),
    production: boolean('production').notNull().default(false),
    contacts: jsonb('contacts').$type<Array<{ name: string; details?: Record<string, unknown> }>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('environments_uuid_idx').on(t.uuid), uniqueIndex('environments_name_idx').on(t.name)],
);
