// The SQL one HTTP request runs, for the EXPLAIN dumps of code whose repository the benchmark does not call itself
// (the matrix / can-i-deploy queries): the server runs in this process, so the driver's query method is wrapped for
// the duration of one request and every statement it sends is recorded with its parameters and client-side time.
// PostgreSQL: pg.Client.prototype.query (pool queries and transactions both end there). PGlite: the query of the
// client drizzle's session calls and of the transactions it opens. auto_explain and pg_stat_statements are not needed
// (nor preloaded on the bench server); the recorded statements are then EXPLAIN (ANALYZE, BUFFERS)ed with the same
// parameters.
import pg from 'pg';
import type { Database } from '../src/db/client.js';

export interface CapturedQuery {
  text: string;
  values: unknown[];
  /** When it was sent, ms after the capture started. */
  startMs: number;
  /** Client-side time from sending to the result (round trip included), ms. */
  ms: number;
  rows: number;
}

type QueryFn = (...args: unknown[]) => unknown;
interface QueryResultLike {
  rows?: unknown[];
  rowCount?: number | null;
}

function textOf(first: unknown): string | undefined {
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && typeof (first as { text?: unknown }).text === 'string') return (first as { text: string }).text;
  if (first && typeof first === 'object' && typeof (first as { sql?: unknown }).sql === 'string') return (first as { sql: string }).sql;
  return undefined;
}

/** Wraps one query function so every call is recorded in `into` (callback and promise styles). */
function recording(original: QueryFn, into: CapturedQuery[], origin: number): QueryFn {
  return function (this: unknown, ...args: unknown[]) {
    const text = textOf(args[0]);
    if (text === undefined) return original.apply(this, args);
    const values = Array.isArray(args[1]) ? (args[1] as unknown[]) : ((args[0] as { values?: unknown[] }).values ?? []);
    const started = performance.now();
    const entry: CapturedQuery = { text, values, startMs: started - origin, ms: Number.NaN, rows: 0 };
    into.push(entry);
    const done = (result: unknown) => {
      entry.ms = performance.now() - started;
      const r = result as QueryResultLike | undefined;
      entry.rows = Array.isArray(r?.rows) ? r.rows.length : Number(r?.rowCount ?? 0);
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = function (this: unknown, error: unknown, result: unknown) {
        done(result);
        return (last as QueryFn).call(this, error, result);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(done, () => done(undefined));
    }
    return result;
  };
}

interface PgliteLike {
  query: QueryFn;
  transaction: (callback: (tx: { query: QueryFn }) => Promise<unknown>) => Promise<unknown>;
}

/** Runs fn and returns the SQL statements the process sent to the store meanwhile (fn should be one HTTP request). */
export async function captureQueries<T>(database: Database, fn: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const origin = performance.now();
  let restore: () => void;
  if (database.kind === 'postgres') {
    const proto = pg.Client.prototype as unknown as { query: QueryFn };
    const original = proto.query;
    proto.query = recording(original, queries, origin);
    restore = () => {
      proto.query = original;
    };
  } else {
    // drizzle's session calls its client's query and transaction: swap in a recording view of that client.
    const session = (database.db as unknown as { session: { client: PgliteLike } }).session;
    const client = session.client;
    session.client = new Proxy(client, {
      get(target, key, receiver) {
        if (key === 'query') return recording(target.query.bind(target), queries, origin);
        if (key === 'transaction') {
          return (callback: (tx: { query: QueryFn }) => Promise<unknown>) =>
            target.transaction((tx) => {
              const txQuery = recording(tx.query.bind(tx), queries, origin);
              return callback(new Proxy(tx, { get: (t, k, r) => (k === 'query' ? txQuery : Reflect.get(t, k, r)) }));
            });
        }
        return Reflect.get(target, key, receiver);
      },
    });
    restore = () => {
      session.client = client;
    };
  }
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    restore();
  }
}

/** A read-only statement that EXPLAIN ANALYZE may run again (no transaction control, no writes). */
export function explainable(text: string): boolean {
  return /^\s*\(?\s*(select|with)\b/i.test(text) && !/\b(insert\s+into|update\s+"?\w+"?\s+set|delete\s+from)\b/i.test(text);
}

/** Milliseconds the store was busy with at least one of the statements (parallel ones overlap), and its share. */
export function storeWallMs(queries: CapturedQuery[]): number {
  const spans = queries
    .filter((q) => Number.isFinite(q.ms))
    .map((q) => [q.startMs, q.startMs + q.ms] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of spans) {
    if (from > end) {
      total += to - from;
      end = to;
    } else if (to > end) {
      total += to - end;
      end = to;
    }
  }
  return total;
}

export interface ExplainedQuery {
  plan: string[];
  planningMs?: number;
  executionMs?: number;
  /** Execution time of EXPLAIN (ANALYZE, TIMING OFF): without the per-node clock reads that inflate nested loops. */
  executionMsTimingOff?: number;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a recorded statement with its recorded parameters (the last of three runs: the first
 * pays for a fresh connection's catalog caches), and the execution time once more with TIMING OFF.
 */
export async function explainCaptured(database: Database, query: CapturedQuery): Promise<ExplainedQuery> {
  const client = (database.db as unknown as { $client: { query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> } })
    .$client;
  const lines = async (options: string) =>
    (await client.query(`explain (${options}) ${query.text}`, query.values)).rows.map((row) => String(Object.values(row)[0]));
  let plan: string[] = [];
  for (let i = 0; i < 3; i++) plan = await lines('analyze, buffers');
  const timeOf = (from: string[], label: string) => {
    const line = from.find((l) => l.trim().startsWith(label));
    return line ? Number(/([\d.]+) ms/.exec(line)?.[1]) : undefined;
  };
  const untimed = await lines('analyze, timing off');
  return {
    plan,
    planningMs: timeOf(plan, 'Planning Time'),
    executionMs: timeOf(plan, 'Execution Time'),
    executionMsTimingOff: timeOf(untimed, 'Execution Time'),
  };
}
