import type { SQL } from 'drizzle-orm';
import type { Executor } from './client.js';

/** Runs raw SQL and returns its rows; both drivers (pg and PGlite) expose them as `.rows`. */
export async function queryRows<T>(ex: Executor, query: SQL): Promise<T[]> {
  const result = (await ex.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

