import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { runMigrations } from '../../src/db/migrate.js';

export async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await runMigrations(database);
    process.stdout.write(`Migrations applied (${database.kind === 'postgres' ? 'PostgreSQL' : `embedded store in ${config.dataDir}`})\n`);
  } finally {
    await database.close();
  }
}
