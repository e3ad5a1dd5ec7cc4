// The benchmark's own store: a fresh PostgreSQL database on DATABASE_URL's server (created through the `postgres`
// maintenance database and dropped afterwards), or PGlite in a temporary directory; migrated either way.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';

export interface BenchStore {
  database: Database;
  /** What the report shows: the database name or the data directory. */
  where: string;
  /** What a server process needs to open this store (DATABASE_URL or TREATY_DATA_DIR); PGlite only once this one is closed. */
  serverEnv: Record<string, string>;
  /** Closes the store and removes it (drops the database / deletes the directory). Safe to call twice. */
  dispose(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function onMaintenanceDb<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function openBenchStore(options: { databaseUrl: string | undefined; poolSize: number }): Promise<BenchStore> {
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const name = `treaty_bench_${randomBytes(4).toString('hex')}`;
    await onMaintenanceDb(url, (c) => c.query(`create database "${name}"`));
    let database: Database | undefined;
    let disposed = false;
    const dispose = async () => {
      if (disposed) return;
      disposed = true;
      await database?.close().catch(() => undefined);
      await onMaintenanceDb(url, (c) => c.query(`drop database if exists "${name}" with (force)`));
    };
    try {
      database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: options.poolSize });
      await runMigrations(database);
    } catch (error) {
      await dispose();
      throw error;
    }
    return { database, where: `database ${name} on ${new URL(url).host}`, serverEnv: { DATABASE_URL: withDatabase(url, name) }, dispose };
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'treaty-bench-'));
  let database: Database | undefined;
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await database?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    database = await openDatabase({ dataDir });
    await runMigrations(database);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { database, where: `PGlite in ${dataDir}`, serverEnv: { DATABASE_URL: '', TREATY_DATA_DIR: dataDir }, dispose };
}
