import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
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

interface PgPoolLike {
  totalCount: number;
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface WithDialect {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  $client?: unknown;
}

const isPool = (client: unknown): client is PgPoolLike =>
  typeof client === 'object' && client !== null && typeof (client as PgPoolLike).totalCount === 'number' && typeof (client as PgPoolLike).query === 'function';

/**
 * Like queryRows, but on PostgreSQL as a named prepared statement, so each pooled connection parses and plans the
 * statement once: for the short indexed lookups of hot read paths planning costs more than executing. Only for SQL
 * whose text does not depend on its values (pass lists as one array parameter). The name is a hash of the text, so
 * two texts never share a name. Inside a transaction, and on PGlite, it runs as a plain query.
 */
export async function queryPrepared<T>(ex: Executor, query: SQL): Promise<T[]> {
  const db = ex as unknown as WithDialect;
  if (!isPool(db.$client) || typeof db.dialect?.sqlToQuery !== 'function') return queryRows<T>(ex, query);
  const { sql: text, params } = db.dialect.sqlToQuery(query);
  const name = `q${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
  return (await db.$client.query({ name, text, values: params })).rows as T[];
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
