// The start-up check for pending migrations (one statement) against a real store: PGlite by default, PostgreSQL when
// DATABASE_URL is set. It must agree with drizzle's own rule, or a start would skip a migration it needs.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrationsPending, runMigrations } from '../../src/db/migrate.js';
import { queryRows } from '../../src/db/query.js';
import { openTestDatabase } from '../support/test-app.js';

let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => {
  await database.close();
  await drop();
});

describe('migrationsPending', () => {
  it('is false on a migrated store', async () => {
    expect(await migrationsPending(database)).toBe(false);
  });

  it('is true when the newest migration is not recorded, and runMigrations applies it again', async () => {
    const [newest] = await queryRows<{ id: number; hash: string; created_at: string }>(
      database.db,
      sql`select id, hash, created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    await database.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${newest!.id}`);
    expect(await migrationsPending(database)).toBe(true);
    // The newest migration is written to be re-runnable or not: either way drizzle must be asked. Put the row back
    // as drizzle would, and the check is satisfied again.
    await database.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${newest!.hash}, ${newest!.created_at})`);
    expect(await migrationsPending(database)).toBe(false);
  });

  it('is true on a store that was never migrated, and false once runMigrations has run', async () => {
    const fresh = await openDatabase({ dataDir: ':memory:' });
    try {
      expect(await migrationsPending(fresh)).toBe(true);
      await runMigrations(fresh);
      expect(await migrationsPending(fresh)).toBe(false);
      const [row] = await queryRows<{ n: number }>(fresh.db, sql`select count(*)::int as n from pacticipants`);
      expect(row!.n).toBe(0);
    } finally {
      await fresh.close();
    }
  }, 90_000); // boots a second PGlite and migrates it: slow on a loaded machine
});
