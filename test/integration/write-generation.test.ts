// The embedded store's write generation (src/db/client.ts), which the read cache trusts: reads leave it, every kind
// of write moves it. PGlite only: PostgreSQL has none (other replicas write too), and that is checked as well.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';

const postgres = Boolean(process.env.DATABASE_URL);
let database: Database;

beforeAll(async () => {
  if (postgres) return;
  database = await openDatabase({ dataDir: ':memory:' });
  await runMigrations(database);
});
afterAll(async () => {
  await database?.close();
});

describe.skipIf(postgres)('PGlite write generation', () => {
  const generation = () => database.writeGeneration!();

  it('stays on reads', async () => {
    const before = generation();
    await database.db.execute(sql`select count(*) from pacticipants`);
    await database.db.execute(sql`with p as (select id from pacticipants) select count(*) from p`);
    // Session settings and introspection change no data either (src/db/statement-kind.ts).
    await database.db.execute(sql`set statement_timeout = 5000`);
    await database.db.execute(sql`show statement_timeout`);
    await database.db.execute(sql`reset statement_timeout`);
    expect(generation()).toBe(before);
  });

  it('moves on a statement that writes, a with-query that writes, and a transaction', async () => {
    let before = generation();
    await database.db.execute(sql`insert into pacticipants (name) values ('write-generation-a')`);
    expect(generation()).toBeGreaterThan(before);
    before = generation();
    await database.db.execute(sql`with gone as (delete from pacticipants where name = 'write-generation-a' returning id) select count(*) from gone`);
    expect(generation()).toBeGreaterThan(before);
    before = generation();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
    });
    expect(generation()).toBeGreaterThan(before);
  });

  it('moves while a transaction is open, so a read overlapping it is not kept', async () => {
    const before = generation();
    let during = before;
    await database.db.transaction(async (tx) => {
      during = generation();
      await tx.execute(sql`update pacticipants set name = name where false`);
    });
    expect(during).toBeGreaterThan(before);
    expect(generation()).toBeGreaterThan(during);
  });
});

describe.runIf(postgres)('PostgreSQL', () => {
  it('has no write generation', async () => {
    const pg = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
    try {
      expect(pg.writeGeneration).toBeUndefined();
    } finally {
      await pg.close();
    }
  });
});
