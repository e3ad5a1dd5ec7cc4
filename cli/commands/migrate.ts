// treaty migrate: the same as db-migrate (kept for `npm run migrate` users), under the name pipelines expect.
export { run } from './db-migrate.js';
