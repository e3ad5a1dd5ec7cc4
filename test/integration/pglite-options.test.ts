// The embedded store's PostgreSQL settings (src/db/client.ts): smaller shared buffers than PGlite's default (RSS),
// on top of PGlite's own start parameters, which must all still apply. PGlite only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/query.js';

const postgres = Boolean(process.env.DATABASE_URL);
let dir: string;
let database: Database;

beforeAll(async () => {
  if (postgres) return;
  dir = await mkdtemp(join(tmpdir(), 'treaty-pglite-options-'));
  database = await openDatabase({ dataDir: dir });
});
afterAll(async () => {
  await database?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(postgres)('PGlite settings', () => {
  it('runs with 16 MB of shared buffers and keeps PGlite default start parameters', async () => {
    const settings = await queryRows<{ name: string; setting: string }>(
      database.db,
      sql`select name, setting from pg_settings where name in ('shared_buffers', 'search_path', 'max_worker_processes') order by name`,
    );
    expect(settings).toEqual([
      { name: 'max_worker_processes', setting: '0' },
      { name: 'search_path', setting: 'public' },
      { name: 'shared_buffers', setting: String((16 * 1024) / 8) }, // in 8 kB pages
    ]);
  });
});
