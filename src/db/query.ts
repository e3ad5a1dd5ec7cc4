import { createHash } from 'node:crypto';
import { fillPlaceholders, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Executor } from './client.js';

/** One page of a list that grows with history: `limit` rows after `offset`. */
export interface Page {
  offset: number;
  limit: number;
}

/** A page of rows and whether more follow (the query reads one row past the page to know, instead of counting). */
export interface PageOf<T> {
  items: T[];
  more: boolean;
}

/** Runs raw SQL and returns its rows; both drivers (pg and PGlite) expose them as `.rows`. */
export async function queryRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** What a pg Pool and a pg Client (a transaction's connection) share: named statements in the query config. */
interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface WithSession {
  dialect?: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  /** drizzle's session: its client is the pool for the database, the checked-out connection for a transaction. */
  session?: { client?: unknown };
}

// Duck-typed so that this module does not load pg on the embedded store: a Pool counts its clients, a Client (pooled
// or not) has the wire connection that remembers which statements it has parsed.
const isPgQueryable = (client: unknown): client is PgQueryable => {
  if (typeof client !== 'object' || client === null || typeof (client as PgQueryable).query !== 'function') return false;
  const c = client as { totalCount?: unknown; connection?: { parsedStatements?: unknown } };
  return typeof c.totalCount === 'number' || typeof c.connection?.parsedStatements === 'object';
};

/**
 * Like queryRows, but on PostgreSQL as a named prepared statement, so each connection parses the statement once and,
 * after PostgreSQL's five custom plans, reuses a generic plan when it is no worse: for short indexed statements
 * planning costs more than executing. Also inside a transaction (on the transaction's connection). Only for SQL whose
 * text does not depend on its values (pass lists as one array parameter). The name is a hash of the text, so two
 * texts never share a name. On PGlite it runs as queryRows does, which there is a named statement too (the client
 * names every data statement: src/db/pglite-statements.ts).
 */
export async function queryPrepared<T>(ex: Executor, query: SQL): Promise<T[]> {
  const db = ex as unknown as WithSession;
  const client = db.session?.client;
  if (!isPgQueryable(client) || typeof db.dialect?.sqlToQuery !== 'function') return queryRows<T>(ex, query);
  const { sql: text, params } = db.dialect.sqlToQuery(query);
  return (await client.query({ name: statementName(text), text, values: params })).rows as T[];
}

/**
 * A hot statement whose text depends only on its shape, compiled once: on PostgreSQL `build` runs once with a
 * placeholder for each of `names`, and every call binds its values to that text (no SQL tree to build and walk per
 * request, which cost more than the rest of a one-row read's JavaScript); on PGlite `build` gets the values and runs
 * as queryPrepared does (a named statement, by PGlite's client). `build` may only interpolate the values into the SQL,
 * never branch on them.
 */
export function preparedQuery<K extends string>(names: readonly K[], build: (values: Record<K, unknown>) => SQL) {
  let compiled: { name: string; text: string; params: unknown[] } | undefined;
  return async function run<T>(ex: Executor, values: Record<K, unknown>): Promise<T[]> {
    const db = ex as unknown as WithSession;
    const client = db.session?.client;
    if (!isPgQueryable(client) || typeof db.dialect?.sqlToQuery !== 'function') return queryRows<T>(ex, build(values));
    if (compiled === undefined) {
      const { sql: text, params } = db.dialect.sqlToQuery(build(Object.fromEntries(names.map((n) => [n, sql.placeholder(n)])) as Record<K, unknown>));
      compiled = { name: statementName(text), text, params };
    }
    return (await client.query({ name: compiled.name, text: compiled.text, values: fillPlaceholders(compiled.params, values) })).rows as T[];
  };
}

/** A statement value: the value itself, or its placeholder while a statement is compiled (preparedQuery, shapedQuery). */
export type Bindable<T> = T | Placeholder;

/** Shapes shapedQuery compiles per statement; past them a call builds its statement as queryPrepared does. */
const MAX_SHAPES = 64;

/**
 * preparedQuery for a statement whose text also depends on its shape (how many parts, which optional parts), not on
 * its values: compiled once per `key(shape)` with a placeholder for each of the first call's value names, then each
 * call binds its values. A publish's reads are one such statement per number of contracts (a 14 KB text built and
 * hashed on every publish before). `build` may branch on the shape only, never on the values, and the value names
 * must follow from the shape.
 */
export function shapedQuery<S>(key: (shape: S) => string, build: (shape: S, values: Record<string, Bindable<unknown>>) => SQL) {
  const compiled = new Map<string, ReturnType<typeof preparedQuery<string>>>();
  return async function run<T>(ex: Executor, shape: S, values: Record<string, unknown>): Promise<T[]> {
    const k = key(shape);
    let statement = compiled.get(k);
    if (statement === undefined) {
      if (compiled.size >= MAX_SHAPES) return queryPrepared<T>(ex, build(shape, values));
      statement = preparedQuery(Object.keys(values), (v) => build(shape, v));
      compiled.set(k, statement);
    }
    return statement<T>(ex, values);
  };
}

const names = new Map<string, string>();
/** The statement's name: a hash of its text (remembered: the same few texts come back on every request). */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `q${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (names.size < 10_000) names.set(text, name);
  }
  return name;
}

// Lists as ONE parameter each (a PostgreSQL array literal), so a statement's text is the same whatever the list length:
// never more bind parameters than the statement has lists (PostgreSQL allows 65,535), and one plan shape. drizzle's
// sql template would expand a JS array into one parameter per item. Use as `= any(${bigintArray(ids)})` or in unnest.
const arrayLiteral = (items: string[]) => `{${items.join(',')}}`;
const quoted = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** One bigint[] parameter. */
export const bigintArray = (values: readonly number[]) => sql`${arrayLiteral(values.map((v) => String(Math.trunc(v))))}::bigint[]`;
/** One int[] parameter. */
export const intArray = (values: readonly number[]) => sql`${arrayLiteral(values.map((v) => String(Math.trunc(v))))}::int[]`;
/** One text[] parameter. */
export const textArray = (values: readonly string[]) => sql`${arrayLiteral(values.map(quoted))}::text[]`;

/**
 * A list the planner cannot look into (an uncorrelated subquery, run once before the statement), for a named statement
 * whose generic plan is as good as a custom one: PostgreSQL keeps planning a statement afresh on every execution
 * while the custom plans, which see the lists, look cheaper than the generic plan, which assumes ten items per list.
 * Hidden, both estimate alike, and after its five custom plans the statement runs its cached generic plan. The outer
 * cast keeps `= any((select …))` a scalar subquery: without it PostgreSQL reads an ANY over the subquery's rows.
 */
const opaque = (list: SQL, type: string) => sql`(select ${list})${sql.raw(`::${type}`)}`;
export const opaqueBigintArray = (values: readonly number[]) => opaque(bigintArray(values), 'bigint[]');
export const opaqueIntArray = (values: readonly number[]) => opaque(intArray(values), 'int[]');
export const opaqueTextArray = (values: readonly string[]) => opaque(textArray(values), 'text[]');

/**
 * A timestamp column as epoch milliseconds (a float8, exact below 2^53): pg parses each timestamptz with a regular
 * expression into a Date (a hub's deploy gate reads 600 of them, its pacts-for-verification 870), PGlite likewise; a
 * number costs a parseFloat and `new Date(ms)` (the same instant: a Date keeps milliseconds, truncated, either way).
 */
export const epochMs = (column: string) => sql.raw(`floor(extract(epoch from ${column}) * 1000)::float8`);
