// The write stamp of a PostgreSQL store: a number that every committed write moves, whichever replica made it, read
// in one round trip. Kept by the driver (a wrapper around the pg Pool, as src/db/client.ts counts PGlite's writes), so
// no repository can forget it: a transaction that wrote bumps its stripe (src/db/schema/write-stripes.ts) in the same
// round trip as its COMMIT, and a data-modifying statement sent outside a transaction is wrapped in one that does.
// The bump commits atomically with the write, so a reader that sees the write sees the new sum, and the reverse.
// It is the transaction's last statement (no lock is taken after it: no deadlock), under read committed (the only
// isolation used; two repeatable-read writers on one stripe would fail with a serialization error).
import type pg from 'pg';
import { statementKind } from './statement-kind.js';

/** Stripes in the table (the migration inserts rows 0..15). */
const STRIPES = 16;
// Only a transaction that changed data has a transaction id (PostgreSQL assigns one at the first row written or
// locked): a statement that matched no row (the job runner's claim, polled every second) leaves cached answers valid.
const BUMP = `update write_stripes set n = n + 1 where stripe = pg_backend_pid() % ${STRIPES} and pg_current_xact_id_if_assigned() is not null`;
const BUMP_AND_COMMIT = `${BUMP}; commit`;
const READ = { name: 'treaty_write_stamp', text: 'select coalesce(sum(n), 0)::bigint as n from write_stripes' };
const TABLE_MISSING = '42P01';

/** A plain COMMIT (not COMMIT AND CHAIN / PREPARED), the one the bump can be sent with in the same round trip. */
const PLAIN_COMMIT = /^\s*(commit|end)\s*;?\s*$/i;

const textOf = (query: unknown): string =>
  typeof query === 'string' ? query : typeof query === 'object' && query !== null && typeof (query as { text?: unknown }).text === 'string' ? (query as { text: string }).text : '';

export interface StampedPool {
  /** The pool to give drizzle: same API, writes bump the stamp. */
  pool: pg.Pool;
  /** The current write stamp (one round trip), or undefined while the table does not exist yet (before migrating). */
  read(): Promise<number | undefined>;
  /** Moves before and after every write this process sends (a cheap local check that nothing was written meanwhile). */
  localWrites(): number;
}

export function stampingWrites(pool: pg.Pool): StampedPool {
  let local = 0;
  // The table appears with migration 0010: until then a write has nothing to bump (checked until it exists).
  let ready = false;
  const tableExists = async (client: pg.Pool | pg.PoolClient) => {
    if (!ready) ready = Boolean((await client.query<{ t: string | null }>(`select to_regclass('write_stripes')::text as t`)).rows[0]?.t);
    return ready;
  };

  const wrapClient = (client: pg.PoolClient): pg.PoolClient => {
    let inTransaction = false;
    let wrote = false;
    const query = async (...args: unknown[]) => {
      const text = textOf(args[0]);
      const run = () => (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      const kind = statementKind(text);
      if (kind === 'begin') {
        [inTransaction, wrote] = [true, false];
        return run();
      }
      if (kind === 'commit' || kind === 'rollback') {
        const writing = inTransaction && wrote;
        const bump = writing && PLAIN_COMMIT.test(text) && (await tableExists(client));
        [inTransaction, wrote] = [false, false];
        try {
          return await (bump ? client.query(BUMP_AND_COMMIT) : run());
        } finally {
          if (writing) local++;
        }
      }
      if (kind === 'read' || kind === 'savepoint') return run();
      if (inTransaction) {
        if (!wrote) local++;
        wrote = true;
        return run();
      }
      // DDL and VACUUM outside a transaction are not wrapped (they cannot all run inside one).
      if (kind !== 'data' || !(await tableExists(client))) return run();
      return inOwnTransaction(client, run);
    };
    return new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'query') return query;
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };

  /** A lone data-modifying statement, made a transaction that bumps its stripe. */
  const inOwnTransaction = async <T>(client: pg.PoolClient, run: () => Promise<T>): Promise<T> => {
    local++;
    try {
      await client.query('begin');
      try {
        const result = await run();
        await client.query(BUMP_AND_COMMIT);
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    } finally {
      local++;
    }
  };

  const poolQuery = async (...args: unknown[]) => {
    const run = (on: pg.Pool | pg.PoolClient) => (on.query as (...a: unknown[]) => Promise<unknown>).apply(on, args);
    if (statementKind(textOf(args[0])) !== 'data' || !(await tableExists(pool))) return run(pool);
    const client = await pool.connect();
    try {
      return await inOwnTransaction(client, () => run(client));
    } finally {
      client.release();
    }
  };

  const wrapped = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'query') return poolQuery;
      if (property === 'connect') {
        return async (...args: unknown[]) => {
          if (args.length) throw new Error('stampingWrites: connect(callback) is not supported; await connect()');
          return wrapClient(await target.connect());
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  return {
    pool: wrapped,
    async read() {
      try {
        const { rows } = await pool.query<{ n: number }>(READ);
        return Number(rows[0]!.n);
      } catch (error) {
        if ((error as { code?: string }).code === TABLE_MISSING) return undefined;
        throw error;
      }
    },
    localWrites: () => local,
  };
}
