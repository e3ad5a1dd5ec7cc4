// A fresh, migrated database and a Treaty app around it, for one test file.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { adminUrl, TEMPLATE_DB, urlFor } from './pg-urls.js';

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  database: Database;
  config: Config;
  /** Removes every pacticipant (and with them versions, pacts, branches, tags); environments stay. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fresh migrated database; `openAnother` opens a second handle on the same PostgreSQL database (a second process's pool), or returns the
 * same PGlite; `url` is the PostgreSQL database's URL (for a Treaty child process), absent on PGlite.
 */
export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void>; openAnother: () => Promise<Database>; url?: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: ':memory:' });
    await runMigrations(database);
    return { database, drop: async () => undefined, openAnother: async () => database };
  }
  const name = `treaty_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  await admin.query(`create database "${name}" template "${TEMPLATE_DB}"`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: urlFor(url, name), poolSize: 10 });
  return {
    database,
    url: urlFor(url, name),
    openAnother: () => openDatabase({ databaseUrl: urlFor(url, name), poolSize: 10 }),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl(url) });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

export async function buildTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ TREATY_LOG_LEVEL: 'silent', ...env });
  const { database, drop } = await openTestDatabase();
  const container = createContainer({ config, database });
  const app = await buildApp({ container });
  await app.ready();
  return {
    app,
    container,
    database,
    config,
    async reset() {
      await database.db.execute(sql`truncate table pacticipants restart identity cascade`);
    },
    async close() {
      await app.close();
      await database.close();
      await drop();
    },
  };
}

/**
 * Another app on `on`'s database with its own settings (cheaper than a second database: each PGlite costs seconds to
 * open and migrate). Close it before `on`.
 */
export async function buildAppOn(on: TestApp, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ TREATY_LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ container: createContainer({ config, database: on.database }) });
  await app.ready();
  return app;
}
