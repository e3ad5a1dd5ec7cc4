// Creates or drops a database on the local PostgreSQL for the CI pass: `node scripts/ci-database.mjs create|drop NAME`.
import pg from 'pg';

const [action, name] = process.argv.slice(2);
if (!['create', 'drop'].includes(action) || !/^[a-z0-9_]+$/.test(name ?? '')) {
  console.error('usage: ci-database.mjs create|drop <name>');
  process.exit(2);
}
const client = new pg.Client({ connectionString: process.env.CI_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 5000 });
try {
  await client.connect();
} catch (error) {
  console.error(`PostgreSQL is not reachable at 127.0.0.1:5432: ${error.message}`);
  process.exit(3);
}
await client.query(`drop database if exists "${name}" with (force)`);
if (action === 'create') await client.query(`create database "${name}"`);
await client.end();
console.log(`${action === 'create' ? 'Created' : 'Dropped'} database ${name}`);
