import { bigint, pgTable, smallint } from 'drizzle-orm/pg-core';

/**
 * The write stamp of a PostgreSQL store (src/db/write-stamp.ts): every transaction that writes adds one to a row
 * (picked by its connection's backend pid, so concurrent writers rarely wait on the same row) just before it commits.
 * `sum(n)` therefore moves with every committed write, whichever replica made it, and an answer computed at one sum
 * is current while the sum is unchanged (src/shared/answer-cache.ts). The rows are created by the migration.
 */
export const writeStripes = pgTable('write_stripes', {
  stripe: smallint('stripe').primaryKey(),
  n: bigint('n', { mode: 'number' }).notNull().default(0),
});
