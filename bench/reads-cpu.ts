// The single-resource reads' cost per request, for comparing two builds on a busy machine where wall-clock latency is
// noise: server-thread CPU and PostgreSQL backend CPU per request (from /proc, over many sequential requests), the
// statements one request sends, and the unloaded p50 for reference. Runs on a store it keeps between runs
// (DATABASE_URL, seeded on first use with bench/seed.ts at BENCH_VERSIONS etc.; PGlite is not supported here).
//
//   DATABASE_URL=postgres://…/treaty_x npx tsx bench/reads-cpu.ts [requests per read, 3000]
//   node --cpu-prof --import tsx bench/reads-cpu.ts   (a profile of the server thread as well)
//   BENCH_AFTER_WRITE=1 …   also each read right after a write (the read cache cannot serve it): p50 of the read, and
//                           CPU per write + read pair (the same write in every build, so builds compare by the read)
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { openDatabase } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { queryRows } from '../src/db/query.js';
import { captureQueries } from './capture.js';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { seed, seedLayout, seedSizes } from './seed.js';
import { sequentialLatency } from './sequential.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const requests = Number(process.argv[2] ?? 3000);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : undefined;

const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
await runMigrations(database);
const sizes = seedSizes('postgres', { BENCH_VERSIONS: '100000', BENCH_PUBLICATIONS: '50000', ...process.env });
const layout = seedLayout(sizes);
const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from pacticipants`);
if (Number(n) === 0) await seed(database, sizes, { log: (line) => console.log(line) });

const [row] = await queryRows<{ consumer_id: number }>(
  database.db,
  sql`select consumer_id from latest_pact_publications where provider_id = ${layout.hubId} group by 1 order by count(*) desc, 1 limit 1`,
);
const consumer = layout.name(Number(row!.consumer_id));
const provider = layout.name(layout.hubId);
const [newest] = await queryRows<{ number: string; sha: string }>(
  database.db,
  sql`select v.number, pv.sha from latest_pact_publications l join versions v on v.id = l.consumer_version_id
      join pact_versions pv on pv.id = l.pact_version_id
      where l.consumer_id = ${row!.consumer_id} and l.provider_id = ${layout.hubId} order by l.consumer_version_order desc limit 1`,
);
const [{ name: dbName } = { name: '' }] = await queryRows<{ name: string }>(database.db, sql`select current_database() as name`);

const container = createContainer({ config: loadConfig({ TREATY_LOG_LEVEL: 'silent' }), database });
const app = await buildApp({ container, logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
const baseUrl = `http://127.0.0.1:${address.port}`;

const enc = encodeURIComponent;
const integration = `/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}`;
const reads: Array<[string, string]> = [
  ['heartbeat', '/diagnostic/status/heartbeat'],
  ['latest', `${integration}/latest`],
  ['branchLatest', `${integration}/branch/main/latest`],
  ['pactForVersion', `${integration}/version/${enc(newest!.number)}`],
  ['pactVersion', `${integration}/pact-version/${newest!.sha}`],
  ['pacticipant', `/pacticipants/${enc(consumer)}`],
  ['version', `/pacticipants/${enc(consumer)}/versions/${enc(newest!.number)}`],
  ['index', '/'],
];

const headers = { accept: 'application/hal+json' };
console.log(`read            server µs/req  pg µs/req  statements  p50 ms  bytes`);
for (const [key, path] of reads) {
  if (only && key !== 'heartbeat' && !only.test(key)) continue;
  await fetch(`${baseUrl}${path}`, { headers }).then((r) => r.text());
  const { result: response, queries } = await captureQueries(database, () => fetch(`${baseUrl}${path}`, { headers }).then((r) => r.text().then((t) => ({ status: r.status, t }))));
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.t.slice(0, 300)}`);
  await sequentialLatency(baseUrl, { path, headers }, { warm: 300, measured: 300, maxSeconds: 30 });
  const start = cpuSnapshot(dbName);
  const t0 = performance.now();
  const u = await sequentialLatency(baseUrl, { path, headers }, { warm: 0, measured: requests, maxSeconds: 600 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSince(start);
  const perReq = (cores: number) => ((cores * seconds) / u.requests) * 1e6;
  console.log(
    `${key.padEnd(16)}${perReq(cpu.serverThreadCores).toFixed(0).padStart(13)}${perReq(cpu.postgresCores).toFixed(0).padStart(11)}` +
      `${String(queries.length).padStart(12)}${u.p50.toFixed(2).padStart(8)}  ${response.t.length}`,
  );
}
// A read right after a write, as a miss of the read cache costs it: a lone write (bumps the write stamp) then the timed
// read, from this thread (its client CPU counts as server thread here, the same in every build).
if (process.env.BENCH_AFTER_WRITE === '1') {
  const pairs = Math.min(requests, 1000);
  const write = () => database.db.execute(sql`update write_stripes set n = n where stripe = 0`);
  console.log(`after a write    server µs/pair  pg µs/pair  read p50 ms`);
  for (const [key, path] of reads) {
    if (key === 'heartbeat' || (only && !only.test(key))) continue;
    const start = cpuSnapshot(dbName);
    const t0 = performance.now();
    const times: number[] = [];
    for (let i = 0; i < pairs; i++) {
      await write();
      const t = performance.now();
      const response = await fetch(`${baseUrl}${path}`, { headers });
      await response.text();
      times.push(performance.now() - t);
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSince(start);
    const perPair = (cores: number) => ((cores * seconds) / pairs) * 1e6;
    times.sort((a, b) => a - b);
    console.log(`${key.padEnd(16)}${perPair(cpu.serverThreadCores).toFixed(0).padStart(15)}${perPair(cpu.postgresCores).toFixed(0).padStart(12)}${times[pairs >> 1]!.toFixed(2).padStart(13)}`);
  }
}
// The plans PostgreSQL chose for the prepared statements (sequential requests reuse the pool's last idle client).
if (process.env.BENCH_PLANS === '1') {
  const plans = await queryRows<{ name: string; generic_plans: number; custom_plans: number; statement: string }>(
    database.db,
    sql`select name, generic_plans, custom_plans, left(regexp_replace(statement, '\s+', ' ', 'g'), 90) as statement from pg_prepared_statements order by 2 + 3 desc`,
  );
  for (const p of plans) console.log(`${p.name} generic ${p.generic_plans} custom ${p.custom_plans} ${p.statement}`);
}
await app.close();
await database.close();
