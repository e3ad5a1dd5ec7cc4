// queryPrepared (src/db/query.ts): on PostgreSQL a named statement on the connection that runs it — the pool's, or a
// transaction's own — so the connection parses it once and reuses its plan; on PGlite a plain query. Same rows either way.
// preparedQuery: the same, its text compiled once with placeholders and each call's values bound to it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Executor } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { preparedQuery, queryPrepared, queryRows } from '../../src/db/query.js';

const url = process.env.DATABASE_URL;
let database: Database;

beforeAll(async () => {
  database = url ? await openDatabase({ databaseUrl: url, poolSize: 1 }) : await openDatabase({ dataDir: ':memory:' });
  await runMigrations(database);
});
afterAll(async () => {
  await database?.close();
});

/** A statement text no other test sends, so its named statement is this test's own. */
const probe = (tag: string, value: number) => sql`select ${value}::int + 1 as n, ${tag}::text as tag`;
/** How often the executor's connection ran probe's named statement (0 when it holds none). */
const runs = async (ex: Executor) =>
  (
    await queryRows<{ n: number }>(
      ex,
      sql`select coalesce(sum(generic_plans + custom_plans), 0)::int as n from pg_prepared_statements
           where statement like '%::int + 1 as n, %::text as tag'`,
    )
  )[0]!.n;
const rolledBack = new Error('rolled back on purpose');

describe('queryPrepared', () => {
  it('answers the same rows as queryRows, outside and inside a transaction', async () => {
    expect(await queryPrepared(database.db, probe('a', 1))).toEqual(await queryRows(database.db, probe('a', 1)));
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into pacticipants (name) values ('prepared-statements-probe')`);
      // Sees the transaction's own uncommitted row: it runs on the transaction's connection.
      const [row] = await queryPrepared<{ n: number }>(tx, sql`select count(*)::int as n from pacticipants where name = ${'prepared-statements-probe'}`);
      expect(row?.n).toBe(1);
      expect(await queryPrepared(tx, probe('b', 2))).toEqual([{ n: 3, tag: 'b' }]);
      throw rolledBack;
    }).catch((error: unknown) => {
      if (error !== rolledBack) throw error;
    });
    expect(await queryRows(database.db, sql`select 1 from pacticipants where name = ${'prepared-statements-probe'}`)).toEqual([]);
  });

  it.skipIf(!url)('is a named statement on PostgreSQL, reused by the connection, in a transaction too', async () => {
    const before = await runs(database.db);
    for (let i = 0; i < 3; i++) await queryPrepared(database.db, probe('c', i));
    // One connection in the pool: the one named statement ran three more times there.
    expect((await runs(database.db)) - before).toBe(3);
    await database.db.transaction(async (tx) => {
      const inTx = await runs(tx);
      await queryPrepared(tx, probe('c', 7));
      expect((await runs(tx)) - inTx).toBe(1);
    });
  });
});

describe('preparedQuery', () => {
  let built = 0;
  const compiled = preparedQuery(['tag', 'value'], ({ tag, value }) => {
    built += 1;
    return probe(tag as string, value as number);
  });

  it('answers what queryRows answers for the same values, call after call, outside and inside a transaction', async () => {
    for (const [tag, value] of [['d', 1], ['e', 41], ['it\'s "quoted"', -5]] as const) {
      expect(await compiled(database.db, { tag, value })).toEqual(await queryRows(database.db, probe(tag, value)));
    }
    await database.db.transaction(async (tx) => {
      expect(await compiled(tx, { tag: 'f', value: 9 })).toEqual([{ n: 10, tag: 'f' }]);
    });
  });

  it('uses the name and text queryPrepared gives the same SQL, a value for every placeholder', async () => {
    const byName = preparedQuery(['name'], ({ name }) => sql`select count(*)::int as n from pacticipants where name = ${name} or ${name} = 'x'`);
    expect(await byName(database.db, { name: 'x' })).toEqual(await queryPrepared(database.db, sql`select count(*)::int as n from pacticipants where name = ${'x'} or ${'x'} = 'x'`));
    await expect(byName(database.db, {} as { name: string })).rejects.toThrow();
  });

  it.skipIf(!url)('builds the SQL once on PostgreSQL and runs the one named statement', async () => {
    const before = await runs(database.db);
    const builtBefore = built;
    for (let i = 0; i < 3; i++) await compiled(database.db, { tag: 'g', value: i });
    expect(built - builtBefore).toBe(0); // compiled by the first test already
    expect((await runs(database.db)) - before).toBe(3);
  });
});
