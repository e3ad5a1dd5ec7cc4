// `npx tsx bench/gates-local.ts`: the deploy gates and pacts-for-verification measured sequentially (unloaded) on a
// seeded store that is KEPT between runs, for quick before/after comparisons of these paths alone.
// GATES_DATABASE=<name> (PostgreSQL on DATABASE_URL's server) or GATES_DIR=<dir> (PGlite): seeded on first use
// (BENCH_VERSIONS etc. as for `npm run bench`), the seed's answers kept in <name>.json / <dir>/gates.json.
// GATES_N (requests per path, 300), GATES_ONLY (regex over leaf|hub|pair|viaMatrix|fv), GATES_SAVE=<dir> writes every
// response body there (compare two runs' bodies byte for byte with `cmp`). GATES_AFTER_WRITE=1: a write (untimed)
// before every request, so each answer is computed, not served from the answer cache (src/shared/answer-cache.ts).
// Prints per request: latency p50/p99, this process's CPU (the server's, plus the client's fetch without decoding the
// body), its minor page faults (fresh memory is expensive on a microVM), PostgreSQL's CPU and, with
// GATES_AFTER_WRITE, the PostgreSQL CPU of the same number of writes alone (included in the previous number).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import { openDatabase, type Database } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { queryRows } from '../src/db/query.js';
import { captureQueries } from './capture.js';
import { seed, seedSizes, type DeployGate } from './seed.js';

const env = process.env;
const out = (line = '') => process.stdout.write(`${line}\n`);
const N = Number(env.GATES_N ?? 300);
const ONLY = env.GATES_ONLY ? new RegExp(env.GATES_ONLY) : undefined;
const serverUrl = env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function open(): Promise<{ database: Database; infoFile: string; kind: 'postgres' | 'pglite' }> {
  if (env.GATES_DATABASE) {
    const name = env.GATES_DATABASE;
    const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
    if (!exists) await admin.query(`create database "${name}"`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(serverUrl, name), poolSize: 10 });
    return { database, infoFile: `/tmp/${name}.json`, kind: 'postgres' };
  }
  const dir = env.GATES_DIR ?? '/tmp/perf-gates-pglite';
  mkdirSync(dir, { recursive: true });
  return { database: await openDatabase({ dataDir: dir }), infoFile: join(dir, '..', `${dir.split('/').pop()}.json`), kind: 'pglite' };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const { database, infoFile, kind } = await open();
  await runMigrations(database);
  if (!existsSync(infoFile)) {
    const sizes = seedSizes(kind, env);
    out(`seeding ${JSON.stringify(sizes)}`);
    const seeded = await seed(database, sizes, { log: out });
    if ('skipped' in seeded.deployGate) throw new Error(seeded.deployGate.skipped);
    writeFileSync(infoFile, JSON.stringify({ gate: seeded.deployGate, hub: seeded.layout.name(seeded.layout.hubId) }));
    out(`seeded in ${seeded.seconds.toFixed(1)} s`);
  }
  const { gate, hub } = JSON.parse(readFileSync(infoFile, 'utf8')) as { gate: DeployGate; hub: string };
  const [count] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from versions`);
  out(`${kind}: ${count!.n} versions`);
  const app = await buildApp({ container: createContainer({ config: loadConfig({ TREATY_LOG_LEVEL: 'silent' }), database }), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}`;
  const enc = encodeURIComponent;
  const cid = (p: string, v: string) => `/can-i-deploy?pacticipant=${enc(p)}&version=${enc(v)}&environment=production`;
  const wipSince = '2000-01-01';
  const paths: Array<{ key: string; path: string; body?: string }> = [
    { key: 'leaf', path: cid(gate.leaf.consumer, gate.leaf.version) },
    { key: 'hub', path: cid(gate.hub.provider, gate.hub.version) },
    {
      key: 'pair',
      path:
        `/matrix?q[][pacticipant]=${enc(gate.pair.consumer)}&q[][version]=${enc(gate.pair.consumerVersion)}` +
        `&q[][pacticipant]=${enc(gate.pair.provider)}&q[][version]=${enc(gate.pair.providerVersion)}&latestby=cvpv`,
    },
    {
      key: 'viaMatrix',
      path: `/matrix?q[][pacticipant]=${enc(gate.leaf.consumer)}&q[][version]=${enc(gate.leaf.version)}&latestby=cvpv&environment=production`,
    },
    {
      key: 'fv',
      path: `/pacts/provider/${enc(hub)}/for-verification`,
      body: JSON.stringify({
        consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
        providerVersionBranch: 'main',
        includePendingStatus: true,
        includeWipPactsSince: wipSince,
      }),
    },
  ];
  // PostgreSQL's CPU (ms, user + system) in the backends of this database, from /proc (the server runs on this machine;
  // the untimed writes count too, a few µs each). Undefined on PGlite (it runs in this process: cpu/req has it).
  const serverCpu = async (): Promise<Map<number, number> | undefined> => {
    if (kind !== 'postgres') return undefined;
    const pids = await queryRows<{ pid: number }>(database.db, sql`select pid from pg_stat_activity where datname = current_database()`);
    const tick = 1000 / 100; // USER_HZ
    const ms = new Map<number, number>();
    for (const { pid } of pids) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ms.set(pid, (Number(fields[11]) + Number(fields[12])) * tick);
      } catch {
        // A backend that exited in between.
      }
    }
    return ms;
  };
  // The CPU of the backends alive at both ends (the pool keeps its connections while requests keep coming).
  const cpuSince = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, ms]) => sum + (before.has(pid) ? ms - before.get(pid)! : 0), 0);
  for (const { key, path, body } of paths) {
    if (ONLY && !ONLY.test(key)) continue;
    const once = async () => {
      const r = await fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json', accept: 'application/hal+json' } : { accept: 'application/hal+json' },
        body,
      });
      // Bytes, not text: decoding the hub's ~700 KiB as UTF-8 is the client's work (a few ms here), not the server's.
      const bytes = Buffer.from(await r.arrayBuffer());
      if (r.status !== 200) throw new Error(`${key}: ${r.status} ${bytes.toString('utf8', 0, 300)}`);
      return bytes;
    };
    // Moves the write stamp (any write does): the next answer is computed again.
    const write = env.GATES_AFTER_WRITE ? () => database.db.execute(sql`update write_stripes set n = n + 1 where stripe = 0`) : async () => undefined;
    const first = await once();
    if (env.GATES_STATEMENTS) {
      // The statements of one request (the best of 5 runs per statement), client-side time, in the order sent.
      let best: Array<{ text: string; ms: number; startMs: number; rows: number }> | undefined;
      let bestTotal = Infinity;
      for (let i = 0; i < 5; i++) {
        await write();
        const t = performance.now();
        const { queries } = await captureQueries(database, () => app.inject({ method: body ? 'POST' : 'GET', url: path, payload: body, headers: body ? { 'content-type': 'application/json' } : {} }));
        const total = performance.now() - t;
        if (total < bestTotal) [best, bestTotal] = [queries, total];
      }
      out(`${key}: ${best!.length} statements, request ${bestTotal.toFixed(2)} ms`);
      for (const q of best!) {
        out(`  @${q.startMs.toFixed(2).padStart(7)} ${q.ms.toFixed(2).padStart(7)} ms ${String(q.rows).padStart(5)} rows  ${q.text.replace(/\s+/g, ' ').slice(0, 110)}`);
        if (env.GATES_EXPLAIN && /^\s*(select|with)/i.test(q.text) && new RegExp(env.GATES_EXPLAIN).test(q.text)) {
          const client = (database.db as unknown as { $client: { query(t: string, v: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> } }).$client;
          const plan = (await client.query(`explain (analyze, buffers) ${q.text}`, (q as { values?: unknown[] }).values ?? [])).rows;
          for (const r of plan) out(`      ${String(Object.values(r)[0])}`);
        }
      }
      continue;
    }
    if (env.GATES_SAVE) {
      mkdirSync(env.GATES_SAVE, { recursive: true });
      writeFileSync(join(env.GATES_SAVE, `${key}.json`), first);
    }
    const n = key === 'fv' ? Math.max(20, Math.round(N / 5)) : N;
    for (let i = 0; i < Math.min(50, n / 5); i++) await write().then(once);
    const times: number[] = [];
    let cpu = { user: 0, system: 0 };
    const faults0 = process.resourceUsage().minorPageFault;
    const pg0 = await serverCpu();
    for (let i = 0; i < n; i++) {
      await write();
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      await once();
      times.push(performance.now() - t);
      const used = process.cpuUsage(cpu0);
      cpu = { user: cpu.user + used.user, system: cpu.system + used.system };
    }
    const faults = (process.resourceUsage().minorPageFault - faults0) / n;
    times.sort((a, b) => a - b);
    const cpuMs = (cpu.user + cpu.system) / 1000 / n;
    const pgMs = pg0 === undefined ? undefined : cpuSince(pg0, (await serverCpu())!) / n;
    // The same number of writes alone: their share of the PostgreSQL CPU above (the rest is the requests').
    let writePgMs: number | undefined;
    if (env.GATES_AFTER_WRITE && pg0 !== undefined) {
      const w0 = (await serverCpu())!;
      for (let i = 0; i < n; i++) await write();
      writePgMs = cpuSince(w0, (await serverCpu())!) / n;
    }
    out(
      `${key.padEnd(10)} ${String(n).padStart(5)} req  p50 ${percentile(times, 50).toFixed(2).padStart(7)}  p99 ${percentile(times, 99).toFixed(2).padStart(7)}` +
        `  cpu/req ${cpuMs.toFixed(2).padStart(7)}  faults/req ${faults.toFixed(0).padStart(5)}${pgMs === undefined ? '' : `  pg cpu/req ${pgMs.toFixed(2).padStart(6)}`}` +
        `${writePgMs === undefined ? '' : ` (writes alone ${writePgMs.toFixed(2)})`}  ${(first.length / 1024).toFixed(1)} KiB`,
    );
  }
  await app.close();
  await database.close();
}

await main();
