// The OpenAPI document as generated from the route schemas; written by `npm run openapi`, drift-tested.
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createContainer } from './container.js';
import type { Database } from './db/client.js';

/** Builds the app without a database (no route runs) and returns its OpenAPI document as stable JSON text. */
export async function generateOpenApi(): Promise<string> {
  const unused = new Proxy({}, { get: () => { throw new Error('no database while generating OpenAPI'); } });
  const database = { db: unused, kind: 'pglite', withAdvisoryLock: unused, close: async () => undefined } as unknown as Database;
  const container = createContainer({ config: loadConfig({}), database });
  const app = await buildApp({ container });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}
