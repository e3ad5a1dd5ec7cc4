// Two apps on one store, as two replicas on one PostgreSQL database: the second app has its own pool (PGlite is one
// process's store, so both share its handle). For tests of what one replica's write does to the other's caches.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createContainer } from '../../src/container.js';
import type { Database } from '../../src/db/client.js';
import { openTestDatabase } from './test-app.js';

export interface Replicas {
  database: Database;
  /** The second app's store: another pool on PostgreSQL, the same handle on PGlite. */
  other: Database;
  first: FastifyInstance;
  second: FastifyInstance;
  close(): Promise<void>;
}

const appOn = async (on: Database) => {
  const app = await buildApp({ container: createContainer({ config: loadConfig({ TREATY_LOG_LEVEL: 'silent' }), database: on }) });
  await app.ready();
  return app;
};

export async function openReplicas(): Promise<Replicas> {
  const opened = await openTestDatabase();
  const { database } = opened;
  const other = await opened.openAnother();
  const first = await appOn(database);
  const second = await appOn(other);
  return {
    database,
    other,
    first,
    second,
    async close() {
      await second.close();
      await first.close();
      if (other !== database) await other.close();
      await database.close();
      await opened.drop();
    },
  };
}
