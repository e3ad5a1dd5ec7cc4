// On PostgreSQL (DATABASE_URL set): migrate a template database once; each test file clones it.
// On PGlite nothing is shared: each file migrates its own in-memory database.
import pg from 'pg';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';
import { adminUrl, TEMPLATE_DB, urlFor } from './pg-urls.js';

export default async function setup(): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (!url) return async () => undefined;
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`DATABASE_URL is set but PostgreSQL is not reachable (${String(error)})`);
  }
  await admin.query(`drop database if exists "${TEMPLATE_DB}"`);
  await admin.query(`create database "${TEMPLATE_DB}"`);
  const database = await openDatabase({ databaseUrl: urlFor(url, TEMPLATE_DB), poolSize: 2 });
  await runMigrations(database);
  await database.close();
  return async () => {
    await admin.query(`drop database if exists "${TEMPLATE_DB}"`).catch(() => undefined);
    await admin.end();
  };
}
