// `EXPLAIN_DATABASE=<seeded db> npx tsx bench/publish-contention.ts`: publishes at concurrency CONTENTION_CONNECTIONS (8)
// in this process (the bench's publish body) with CONTENTION_WEBHOOKS (0) matching webhooks, and reports what the
// PostgreSQL side spends per publish: backend CPU (all the pool's backends, from /proc), WAL bytes, and the wait events
// a 5 ms sampler of pg_stat_activity saw. For finding where concurrent publishes with webhooks lose time.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { openDatabase } from '../src/db/client.js';
import { queryRows } from '../src/db/query.js';
import { captureQueries } from './capture.js';
import { hubPublishSpec, publishBodies } from './pacts.js';
import { seedLayout, seedSizes } from './seed.js';
import { webhookBodies } from './webhooks.js';

const env = process.env;
const name = env.EXPLAIN_DATABASE?.trim();
if (!name) throw new Error('EXPLAIN_DATABASE=<a database seeded by bench/seed.ts> is required');
const serverUrl = new URL(env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres');
serverUrl.pathname = `/${name}`;
const connections = Number(env.CONTENTION_CONNECTIONS ?? 8);
const total = Number(env.CONTENTION_PUBLISHES ?? 800);
const hooks = Number(env.CONTENTION_WEBHOOKS ?? 0);
const out = (line = '') => process.stdout.write(`${line}\n`);

const database = await openDatabase({ databaseUrl: serverUrl.toString(), poolSize: connections });
const layout = seedLayout(seedSizes('postgres', env));
const app = await buildApp({ container: createContainer({ config: loadConfig({ TREATY_LOG_LEVEL: 'silent' }), database }), logger: false });
const runId = Date.now().toString(36);
// The webhooks group's webhooks (by any, by consumer label, by provider label, by both) plus 4 that must not fire.
const consumers = Array.from({ length: layout.hubConsumers }, (_, i) => layout.name(i + 1));
const providers = [...new Set([layout.name(layout.hubId), ...Array.from({ length: layout.hubConsumers }, (_, i) => layout.name(layout.otherProviderOf(i + 1)))])];
const bodies = hooks === 0 ? [] : webhookBodies({ runId, sinkUrl: 'https://example.com', matching: hooks, others: 4, consumerLabel: `c-${runId}`, providerLabel: `p-${runId}`, hub: layout.name(layout.hubId) });
const sampler = new pg.Client({ connectionString: serverUrl.toString() });
await sampler.connect();
try {
  if (hooks > 0) {
    for (const name of consumers) await app.inject({ method: 'PUT', url: `/pacticipants/${encodeURIComponent(name)}/labels/c-${runId}` });
    for (const name of providers) await app.inject({ method: 'PUT', url: `/pacticipants/${encodeURIComponent(name)}/labels/p-${runId}` });
  }
  for (const { uuid, body } of bodies) {
    const r = await app.inject({ method: 'PUT', url: `/webhooks/${uuid}`, payload: body });
    if (r.statusCode >= 300) throw new Error(`webhook ${uuid}: ${r.statusCode} ${r.body}`);
  }
  const body = publishBodies(hubPublishSpec(layout, `contention-${Date.now().toString(36)}-`, 5_000_000));
  let next = 0;
  const worker = async (limit: number) => {
    for (let n = next++; n < limit; n = next++) {
      const r = await app.inject({ method: 'POST', url: '/contracts/publish', headers: { 'content-type': 'application/json' }, payload: body(n) });
      if (r.statusCode !== 200) throw new Error(`publish ${n}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    }
  };
  if (env.CONTENTION_EXPLAIN === '1') {
    // EXPLAIN (ANALYZE, BUFFERS) of the trigger statement of one publish, rolled back, 5 times: the last plan printed.
    const { queries } = await captureQueries(database, async () => {
      const r = await app.inject({ method: 'POST', url: '/contracts/publish', headers: { 'content-type': 'application/json' }, payload: body(next++) });
      if (r.statusCode !== 200) throw new Error(`publish: ${r.statusCode}`);
    });
    const trigger = queries.find((q) => /event_pacticipants|event_labels/.test(q.text));
    if (!trigger) throw new Error('no trigger statement captured');
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    let plan = '';
    for (let i = 0; i < 5; i++) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        plan = (await client.query(`explain (analyze, buffers) ${trigger.text}`, trigger.values)).rows.map((r: Record<string, string>) => Object.values(r)[0]).join('\n');
        await client.query('rollback');
      } finally {
        client.release();
      }
    }
    out(plan);
  }
  const run = (limit: number) => Promise.all(Array.from({ length: connections }, () => worker(limit)));
  await run(Math.min(100, total / 4)); // warm: every pool connection opened and its statements prepared
  const pids = (await queryRows<{ pid: number }>(database.db, sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`))
    .map((r) => r.pid)
    .filter((pid) => pid !== (sampler as unknown as { processID: number }).processID);
  const ticks = () => pids.reduce((sum, pid) => sum + readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).map(Number).reduce((a, b) => a + b, 0), 0);
  const lsn = async () => (await sampler.query<{ l: string }>('select pg_current_wal_lsn()::text as l')).rows[0]!.l;
  const lsnBytes = (l: string) => { const [hi, lo] = l.split('/'); return parseInt(hi!, 16) * 2 ** 32 + parseInt(lo!, 16); };
  const waits = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const sample = async () => {
    while (sampling) {
      const rows = (await sampler.query<{ w: string; q: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'cpu') as w, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) as q
           from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`,
      )).rows;
      samples++;
      for (const r of rows) waits.set(`${r.w}  ${r.q}`, (waits.get(`${r.w}  ${r.q}`) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const [t0, c0, l0, w0] = [ticks(), process.cpuUsage(), await lsn(), performance.now()];
  const sampled = sample();
  await run(next + total);
  sampling = false;
  await sampled;
  const [t1, c1, l1, w1] = [ticks(), process.cpuUsage(c0), await lsn(), performance.now()];
  out(`${total} publishes at ${connections} connections, ${hooks} webhooks: ${((total * 1000) / (w1 - w0)).toFixed(0)} publishes/s; per publish: ` +
    `PostgreSQL backends ${(((t1 - t0) * 10) / total).toFixed(2)} ms CPU, this process ${((c1.user + c1.system) / 1000 / total).toFixed(2)} ms CPU, ` +
    `WAL ${((lsnBytes(l1) - lsnBytes(l0)) / total / 1024).toFixed(1)} KiB`);
  out(`${samples} samples of active backends (wait event, statement):`);
  for (const [k, v] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 25)) out(`  ${String(v).padStart(6)}  ${k}`);
} finally {
  await sampler.end();
  for (const { uuid } of bodies) await app.inject({ method: 'DELETE', url: `/webhooks/${uuid}` });
  await app.close();
  await database.close();
}
