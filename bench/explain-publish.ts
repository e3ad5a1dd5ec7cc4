// `EXPLAIN_DATABASE=<seeded db> npx tsx bench/explain-publish.ts`: the plan of every statement one publish sends (the
// bench's publish: a new version of a hub consumer on branch main with 2 pacts), with actual times, buffers and the
// triggers (foreign-key checks) each fired, on a store seeded by bench/seed.ts. auto_explain is LOADed per session (no
// preload needed) and reports at NOTICE level, so the plans come back on the connection that ran the statements.
// EXPLAIN_PUBLISHES (20) warm-up publishes first; EXPLAIN_WEBHOOKS (0) webhooks matching every contract_published
// (removed at the end); EXPLAIN_MEASURE=<n>: then n more publishes without auto_explain, and the CPU time one costs the
// PostgreSQL backend (from /proc, the pool has one connection) and this process; EXPLAIN_REPEAT=<n>: execution time per statement over n more publishes; EXPLAIN_PLANNING=1: the planning time of each statement of one more; EXPLAIN_PLANS=1 prints the plans (else each statement's first line and its triggers). The publishes stay in the store (versions named explain-<time>-<n>).
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { queryRows } from '../src/db/query.js';
import { captureQueries } from './capture.js';
import { hubPublishSpec, publishBodies } from './pacts.js';
import { seedLayout, seedSizes } from './seed.js';

const env = process.env;
const name = env.EXPLAIN_DATABASE?.trim();
if (!name) throw new Error('EXPLAIN_DATABASE=<a database seeded by bench/seed.ts> is required');
const serverUrl = new URL(env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres');
serverUrl.pathname = `/${name}`;
const measure = Number(env.EXPLAIN_MEASURE ?? 0);
const showPlans = env.EXPLAIN_PLANS === '1';
const out = (line = '') => process.stdout.write(`${line}\n`);

const database = await openDatabase({ databaseUrl: serverUrl.toString(), poolSize: 1 });
const pool = (database.db as unknown as { $client: pg.Pool }).$client;
const notices: string[] = [];
let explaining = false;
pool.on('connect', (client) => {
  client.on('notice', (n) => {
    if (explaining) notices.push(n.message ?? '');
  });
  if (measure > 0) return;
  void client.query(
    `load 'auto_explain'; set auto_explain.log_min_duration = 0; set auto_explain.log_level = notice;
     set auto_explain.log_analyze = on; set auto_explain.log_buffers = on; set auto_explain.log_triggers = on;
     set auto_explain.log_nested_statements = on; set auto_explain.log_timing = on`,
  );
});

await runMigrations(database);
const sizes = seedSizes('postgres', env);
const layout = seedLayout(sizes);
const [counts] = await queryRows<{ versions: number; publications: number }>(
  database.db,
  sql`select (select count(*) from versions)::int as versions, (select count(*) from pact_publications)::int as publications`,
);
out(`store ${name}: ${counts?.versions} versions, ${counts?.publications} publications`);

const app = await buildApp({ container: createContainer({ config: loadConfig({ TREATY_LOG_LEVEL: 'silent' }), database }), logger: false });
const hooks = Number(env.EXPLAIN_WEBHOOKS ?? 0);
const hookUuid = (i: number) => `explain-publish-hook-${String(i).padStart(4, '0')}`;
try {
  for (let i = 0; i < hooks; i++) {
    const r = await app.inject({
      method: 'PUT',
      url: `/webhooks/${hookUuid(i)}`,
      payload: { description: `explain ${i}`, events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://example.com/build' } },
    });
    if (r.statusCode >= 300) throw new Error(`webhook ${i}: ${r.statusCode} ${r.body}`);
  }
  const body = publishBodies(hubPublishSpec(layout, `explain-${Date.now().toString(36)}-`, 5_000_000));
  const publish = async (n: number) => {
    const r = await app.inject({ method: 'POST', url: '/contracts/publish', headers: { 'content-type': 'application/json' }, payload: body(n) });
    if (r.statusCode !== 200) throw new Error(`publish ${n}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  };
  const warm = Number(env.EXPLAIN_PUBLISHES ?? 20);
  for (let n = 0; n < warm; n++) await publish(n);
  explaining = true;
  const started = performance.now();
  await publish(warm);
  const ms = performance.now() - started;
  const repeat = Number(env.EXPLAIN_REPEAT ?? 0);
  if (repeat > 0) {
    // Execution time per statement (by its first words) summed over `repeat` more publishes: the steadier figure.
    const first = notices.length;
    for (let n = 1; n <= repeat; n++) await publish(warm + 10_000 + n);
    const sums = new Map<string, number>();
    for (const text of notices.slice(first)) {
      const key = (/Query Text: ([\s\S]*?)\n(?=[A-Z])/.exec(text)?.[1] ?? '').replace(/\s+/g, ' ').trim().slice(0, 90);
      sums.set(key, (sums.get(key) ?? 0) + Number(/duration: ([\d.]+) ms/.exec(text)?.[1] ?? 0));
    }
    for (const [key, sum] of [...sums].sort((a, b) => b[1] - a[1])) out(`${(sum / repeat).toFixed(3)} ms per publish: ${key}`);
    const ms = (text: string) => Number(/duration: ([\d.]+) ms/.exec(text)?.[1] ?? 0);
    const slowest = notices.slice(first).sort((a, b) => ms(b) - ms(a));
    out(`slowest statements: ${slowest.slice(0, 20).map(ms).join(', ')} ms`);
    if (showPlans) out(slowest[0]);
    notices.length = first;
  }
  explaining = false;
  let total = 0;
  for (const [i, text] of notices.entries()) {
    const duration = Number(/duration: ([\d.]+) ms/.exec(text)?.[1] ?? 0);
    const nested = /FOR KEY SHARE OF/.test(text);
    if (!nested) total += duration;
    out(`--- statement ${i + 1}${nested ? ' (foreign-key check of the next statement)' : ''}: ${duration.toFixed(3)} ms`);
    out(showPlans ? text : (/Query Text: ([^\n]*)/.exec(text)?.[1] ?? '').slice(0, 160));
    for (const line of text.split('\n').filter((l) => /^Trigger /.test(l))) out(`  ${line}`);
  }
  if (env.EXPLAIN_PLANNING === '1') {
    // Planning time of each statement of one more publish: EXPLAIN (summary) plans without executing (best of 5).
    const { queries } = await captureQueries(database, () => publish(warm + measure + 1));
    let planning = 0;
    for (const q of queries.filter((x) => !/^\s*(begin|commit)\b/i.test(x.text))) {
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const rows = (await pool.query(`explain (summary) ${q.text}`, q.values)).rows as Array<Record<string, string>>;
        best = Math.min(best, Number(/Planning Time: ([\d.]+)/.exec(rows.map((r) => Object.values(r)[0]).join('\n'))?.[1]));
      }
      planning += best;
      out(`planning ${best.toFixed(3)} ms: ${q.text.replace(/\s+/g, ' ').slice(0, 110)}`);
    }
    out(`planning total ${planning.toFixed(2)} ms over ${queries.length} statements`);
  }
  if (measure > 0) {
    const [backend] = await queryRows<{ pid: number }>(database.db, sql`select pg_backend_pid() as pid`);
    // utime and stime of the backend, in clock ticks (100 per second on Linux).
    const ticks = () => readFileSync(`/proc/${backend!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).map(Number).reduce((a, b) => a + b, 0);
    out(`backend pid ${backend!.pid}`);
    const [t0, c0, w0] = [ticks(), process.cpuUsage(), performance.now()];
    for (let n = warm + 1; n <= warm + measure; n++) await publish(n);
    const [t1, c1, w1] = [ticks(), process.cpuUsage(c0), performance.now()];
    out(
      `${measure} publishes one at a time: ${((w1 - w0) / measure).toFixed(2)} ms each; CPU per publish: PostgreSQL backend ` +
        `${(((t1 - t0) * 10) / measure).toFixed(2)} ms, this process ${((c1.user + c1.system) / 1000 / measure).toFixed(2)} ms`,
    );
    // The named statements the connection holds, and how often each ran on a generic (reused) plan.
    const prepared = await queryRows<{ generic_plans: number; custom_plans: number; statement: string }>(
      database.db,
      sql`select generic_plans::int, custom_plans::int, statement from pg_prepared_statements order by generic_plans + custom_plans desc`,
    );
    for (const p of prepared) out(`prepared: ${p.generic_plans} generic, ${p.custom_plans} custom plans: ${p.statement.replace(/\s+/g, ' ').trim().slice(0, 80)}`);
  }
  out(`${notices.length} statements, ${total.toFixed(2)} ms executing (server side), request ${ms.toFixed(2)} ms (${hooks} webhooks)`);
} finally {
  for (let i = 0; i < hooks; i++) await app.inject({ method: 'DELETE', url: `/webhooks/${hookUuid(i)}` });
  await app.close();
  await database.close();
}
