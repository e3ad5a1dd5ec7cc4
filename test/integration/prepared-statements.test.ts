// queryPrepared (src/db/query.ts): on PostgreSQL a named statement on the connection that runs it — the pool's, or a
// transaction's own — so the connection parses it once and reuses its plan. On PGlite every data statement is a named
// statement (src/db/pglite-statements.ts). Same rows either way.
// preparedQuery: the same, its text compiled once with placeholders and each call's values bound to it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Executor } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { preparedQuery, queryPrepared, queryRows, shapedQuery } from '../../src/db/query.js';

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

  it('is a named statement, reused by the connection, in a transaction too', async () => {
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

describe('shapedQuery', () => {
  // The shape is how many terms to add up; the values are the terms. One compiled statement per shape.
  let built = 0;
  const sum = shapedQuery(
    (terms: number) => String(terms),
    (terms, v) => {
      built += 1;
      return sql`select ${sql.join(
        Array.from({ length: terms }, (_, i) => sql`${v[`t${i}`]}::int`),
        sql` + `,
      )} as n, 'shaped-probe' as tag`;
    },
  );
  const values = (terms: number[]) => Object.fromEntries(terms.map((t, i) => [`t${i}`, t]));

  it('answers each shape with its own values, call after call, outside and inside a transaction', async () => {
    expect(await sum(database.db, 2, values([1, 2]))).toEqual([{ n: 3, tag: 'shaped-probe' }]);
    expect(await sum(database.db, 3, values([1, 2, 3]))).toEqual([{ n: 6, tag: 'shaped-probe' }]);
    expect(await sum(database.db, 2, values([40, 2]))).toEqual([{ n: 42, tag: 'shaped-probe' }]);
    await database.db.transaction(async (tx) => {
      expect(await sum(tx, 3, values([-1, -2, -3]))).toEqual([{ n: -6, tag: 'shaped-probe' }]);
    });
  });

  it.skipIf(!url)('builds each shape once on PostgreSQL', async () => {
    const before = built;
    for (let i = 0; i < 3; i++) await sum(database.db, 2, values([i, i]));
    await sum(database.db, 4, values([1, 1, 1, 1]));
    expect(built - before).toBe(1); // shape 2 compiled by the first test; shape 4 now
  });

  it('still answers past 64 shapes, building those statements per call', async () => {
    for (let terms = 1; terms <= 70; terms++) {
      const [row] = await sum<{ n: number }>(database.db, terms, values(Array.from({ length: terms }, () => 1)));
      expect(row!.n).toBe(terms);
    }
  });
});

describe.skipIf(url)('PGlite named statements', () => {
  const namedLike = async (pattern: string) =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from pg_prepared_statements where statement like ${pattern}`))[0]!.n;

  it('names every data statement drizzle sends, once per text, and no DDL', async () => {
    await database.db.execute(sql`create table named_probe (id int primary key, label text)`);
    for (let i = 0; i < 3; i++) await database.db.execute(sql`insert into named_probe (id, label) values (${i}, ${`l${i}`})`);
    expect(await queryRows(database.db, sql`select id, label from named_probe where id >= ${1} order by id`)).toEqual([
      { id: 1, label: 'l1' },
      { id: 2, label: 'l2' },
    ]);
    expect(await namedLike('insert into named_probe%')).toBe(1);
    expect(await namedLike('select id, label from named_probe%')).toBe(1);
    expect(await namedLike('create table named_probe%')).toBe(0);
  });

  it('reports a failed statement with its code and text; the next statement runs; a transaction it failed in rolls back', async () => {
    const insert = (id: number) => database.db.execute(sql`insert into named_probe (id, label) values (${id}, ${'dup'})`);
    // drizzle wraps the driver's error in `cause`.
    const failure = await insert(1).then(
      () => undefined,
      (e: unknown) => (e as { cause?: { code?: string; query?: string; constraint?: string } }).cause,
    );
    expect(failure?.code).toBe('23505');
    expect(failure?.constraint).toBe('named_probe_pkey');
    expect(failure?.query).toContain('insert into named_probe');
    await insert(10);
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into named_probe (id, label) values (${11}, ${'in tx'})`);
        await tx.execute(sql`insert into named_probe (id, label) values (${1}, ${'dup'})`);
      })
      .catch(() => undefined);
    expect(await queryRows(database.db, sql`select id from named_probe where id >= ${10} order by id`)).toEqual([{ id: 10 }]);
  });

  it('names at most 2,000 texts; further texts still answer, unnamed', async () => {
    for (let i = 0; i < 2_100; i++) {
      expect(await queryRows(database.db, sql.raw(`select ${i} as distinct_text_probe`))).toEqual([{ distinct_text_probe: i }]);
    }
    expect(await namedLike('%distinct_text_probe%')).toBeGreaterThan(1_000);
    expect((await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from pg_prepared_statements`))[0]!.n).toBeLessThanOrEqual(2_000);
  });

  it('answers a statement of 300,000 rows', async () => {
    const rows = await queryRows<{ n: number }>(database.db, sql`select n from generate_series(1, ${300_000}::int) as n`);
    expect(rows.length).toBe(300_000);
    expect(rows[299_999]).toEqual({ n: 300_000 });
  });

  it('answers the new shape after the table under a named statement changed', async () => {
    const all = () => queryRows<Record<string, unknown>>(database.db, sql`select * from named_probe where id = ${0}`);
    expect(await all()).toEqual([{ id: 0, label: 'l0' }]);
    await database.db.execute(sql`alter table named_probe add column extra int default 7`);
    expect(await all()).toEqual([{ id: 0, label: 'l0', extra: 7 }]);
    expect(await all()).toEqual([{ id: 0, label: 'l0', extra: 7 }]);
  });
});
