// Opens the store: PostgreSQL through a `pg` pool when a URL is configured, embedded PGlite on disk otherwise.
// Both give the same drizzle API over the same schema, so nothing above this file knows which one it has.
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';
import { freshReads } from './fresh-read.js';
import { namedStatements } from './pglite-statements.js';
import { readsOnly } from './statement-kind.js';
import { stampingWrites } from './write-stamp.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Db;

export interface Database {
  readonly db: Db;
  readonly kind: 'postgres' | 'pglite';
  /**
   * Embedded store only: a number that moves before and after every write (src/shared/read-cache.ts). Undefined for
   * PostgreSQL, where other processes write too.
   */
  readonly writeGeneration?: () => number;
  /**
   * Both stores: a number that every committed write moves, whichever process made it (PostgreSQL: one round trip,
   * src/db/write-stamp.ts; PGlite: the write generation). Undefined before the migrations created what it reads.
   * On PostgreSQL the read answering a call is always sent after the call (src/db/fresh-read.ts).
   */
  readonly writeStamp: () => Promise<number | undefined>;
  /** Moves around every write this process sends (no round trip). */
  readonly localWrites: () => number;
  /** Runs fn with exclusive use of one connection holding a session advisory lock (used by migrations). */
  withAdvisoryLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir ?? './data');
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // bigint/numeric come back as strings by default; our ids and orders fit in a JS number.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
  // JIT compilation pays off for long analytical queries; for this API's short indexed queries it only added
  // compile time (over a second on pacts-for-verification when the planner's cost estimate crossed jit_above_cost).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c jit=off' });
  // A pool error on an idle client must not crash the process; the next query reports the problem.
  pool.on('error', () => undefined);
  const stamped = stampingWrites(pool);
  const db = drizzle(stamped.pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    // Coalesced: under concurrent requests one stamp read per round trip, each caller's sent after it called.
    writeStamp: freshReads(stamped.read),
    localWrites: stamped.localWrites,
    async withAdvisoryLock(key, fn) {
      const client = await stamped.pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn(drizzle(client, { schema }) as unknown as Db);
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  // PostgreSQL's shared buffers live in PGlite's wasm memory: the default 128 MB made the wasm memory grow past its
  // initial 128 MB at start (RSS 348 MB after start with data). 16 MB: RSS after start 232 MB (251 with 32 MB), with the
  // same read and deploy-gate latency in `npm run bench` (stop 22). The data dir is a real directory, so a page these
  // buffers miss is a read from the OS page cache.
  const options = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };
  let client: InstanceType<typeof PGlite>;
  if (dataDir === ':memory:') {
    client = new PGlite(options);
  } else {
    mkdirSync(dataDir, { recursive: true });
    client = new PGlite(dataDir, options);
  }
  await client.waitReady;
  const counted = countingWrites(preparingStatements(client));
  const db = drizzle(counted.client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    writeGeneration: () => counted.generation,
    writeStamp: async () => counted.generation,
    localWrites: () => counted.generation,
    // PGlite is a single connection inside this process: nothing else can race the migration.
    withAdvisoryLock: (_key, fn) => fn(db),
    close: () => client.close(),
  };
}

type PgliteClient = InstanceType<(typeof import('@electric-sql/pglite'))['PGlite']>;

/**
 * The PGlite client with its data statements sent as named prepared statements (src/db/pglite-statements.ts), at the
 * top level and inside transactions. Everything else goes to PGlite's own methods.
 */
function preparingStatements(client: PgliteClient): PgliteClient {
  const named = namedStatements(client);
  type Query = PgliteClient['query'];
  type Tx = Parameters<Parameters<PgliteClient['transaction']>[0]>[0];
  // PGlite's own methods, taken once: a property assigned through a proxy later lands on the instance itself.
  const query = client.query.bind(client);
  const transaction = client.transaction.bind(client);
  // PGlite is one connection: a statement outside a transaction waits for any open transaction, as PGlite's query() does.
  const topLevel: Query = (text, params, options) =>
    named.accepts(text) ? client._runExclusiveTransaction(() => named.query(text, params, options, false)) : query(text, params, options);
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'query') return topLevel;
      if (property === 'transaction') {
        return <T>(callback: (tx: Tx) => Promise<T>) =>
          transaction((tx) => {
            const inTransaction: Query = (text, params, options) =>
              named.accepts(text) ? named.query(text, params, options, true) : tx.query(text, params, options);
            return callback(new Proxy(tx, { get: (t, p, r) => (p === 'query' ? inTransaction : Reflect.get(t, p, r)) }));
          });
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The PGlite client as drizzle sees it, counting writes: a transaction or a statement that may modify data moves the
 * generation when it starts and when it ends, so a read that overlapped a write is never kept as current.
 */
function countingWrites<C extends { query: Function; exec: Function; transaction: Function }>(client: C) {
  const state = { generation: 0, client };
  const around = async <T>(run: () => Promise<T>): Promise<T> => {
    state.generation++;
    try {
      return await run();
    } finally {
      state.generation++;
    }
  };
  state.client = new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'transaction' || property === 'exec') return (...args: unknown[]) => around(() => value.apply(target, args));
      if (property === 'query') {
        return (text: unknown, ...rest: unknown[]) =>
          typeof text === 'string' && readsOnly(text) ? value.call(target, text, ...rest) : around(() => value.call(target, text, ...rest));
      }
      return value.bind(target);
    },
  });
  return state;
}
