import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';
import { queryRows } from './query.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));
// Arbitrary constant shared by every replica: only one of them migrates at a time.
const MIGRATION_LOCK_KEY = 727_274_001;

/** The newest migration's timestamp in drizzle's journal: drizzle applies every migration newer than its last row. */
function newestMigrationMillis(): number {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: Array<{ when: number }> };
  return Math.max(0, ...journal.entries.map((entry) => entry.when));
}

/**
 * Whether a migration is pending, in one statement: drizzle's own rule (a migration runs when its journal timestamp
 * is newer than the last applied row's created_at) against the newest journal entry. A store that was never migrated
 * has no drizzle.__drizzle_migrations table: the statement fails, which means pending.
 */
export async function migrationsPending(database: Database): Promise<boolean> {
  const newest = newestMigrationMillis();
  try {
    const [row] = await queryRows<{ last: string | number | bigint | null }>(
      database.db,
      sql`select max(created_at) as last from drizzle.__drizzle_migrations`,
    );
    return row?.last === null || row?.last === undefined || Number(row.last) < newest;
  } catch {
    return true;
  }
}

/** Applies the pending migrations; when none is pending (every start but the first after an upgrade) only one query runs. */
export async function runMigrations(database: Database): Promise<void> {
  if (!(await migrationsPending(database))) return;
  await database.withAdvisoryLock(MIGRATION_LOCK_KEY, async (db) => {
    if (database.kind === 'postgres') {
      const { migrate } = await import('drizzle-orm/node-postgres/migrator');
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } else {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
  });
}
