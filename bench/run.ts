// `npm run bench`: seeds a large store in bulk, starts Treaty on it in this process and measures four HTTP paths with
// autocannon (in a worker thread). PostgreSQL when DATABASE_URL is set (a throwaway database on that server),
// PGlite in a temporary directory otherwise. Not part of `npm test`.
//
// Environment: BENCH_DURATION (s per scenario, 10), BENCH_WARMUP (s, 3), BENCH_CONNECTIONS (8), BENCH_POOL_SIZE (10),
// BENCH_PACTICIPANTS / BENCH_VERSIONS / BENCH_PUBLICATIONS / BENCH_PACT_CONTENTS (seed sizes), BENCH_EXPLAIN=1 (print
// the full EXPLAIN ANALYZE plans of the read queries), BENCH_FK_CHECKS=1 (keep FK triggers on while seeding),
// BENCH_OUTPUT (JSON results path; default under the OS temp directory).
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';
import type { Database, Executor } from '../src/db/client.js';
import { queryRows } from '../src/db/query.js';
import { createPactsRepository } from '../src/pacts/pacts.repository.js';
import { percentile, runLoad, type LoadRequest, type LoadStats } from './load.js';
import type { PublishSpec } from './pacts.js';
import { rowCounts, seed, seedSizes, type SeedLayout } from './seed.js';
import { openBenchStore, type BenchStore } from './store.js';

const env = process.env;
const num = (name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  return value;
};

const DURATION = num('BENCH_DURATION', 10);
const WARMUP = num('BENCH_WARMUP', 3);
const CONNECTIONS = Math.max(1, Math.round(num('BENCH_CONNECTIONS', 8)));
const POOL_SIZE = Math.max(1, Math.round(num('BENCH_POOL_SIZE', 10)));
const EXPLAIN_FULL = env.BENCH_EXPLAIN === '1';

const out = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

interface Scenario {
  name: string;
  request: LoadRequest;
  pactsPerRequest?: number;
}

interface ScenarioResult {
  name: string;
  stats: LoadStats;
  pactsPerSecond?: number;
  rpsRatio: number;
  p50Ratio: number;
}

/** Runs a repository query against an executor that only records the SQL, then EXPLAIN ANALYZEs it for real. */
async function explainAnalyze(database: Database, build: (ex: Executor) => Promise<unknown>): Promise<string[]> {
  let captured: SQL | undefined;
  const recorder = {
    execute: async (query: SQL) => {
      captured = query;
      return { rows: [] };
    },
  } as unknown as Executor;
  await build(recorder);
  if (!captured) throw new Error('the repository ran no query');
  // The last of three runs: the first pays for catalog caches of a fresh pool connection.
  let rows: Array<Record<string, string>> = [];
  for (let i = 0; i < 3; i++) rows = await queryRows<Record<string, string>>(database.db, sql`explain (analyze, buffers) ${captured}`);
  return rows.map((row) => String(Object.values(row)[0]));
}

async function pickIntegration(database: Database, layout: SeedLayout) {
  // The hub consumer with the most pacts with the hub (by construction also the one with the most versions).
  const [row] = await queryRows<{ consumer_id: number; pacts: number; versions: number; main_versions: number }>(
    database.db,
    sql`select l.consumer_id, count(*)::bigint as pacts,
               (select count(*) from versions v where v.pacticipant_id = l.consumer_id)::bigint as versions,
               (select count(*) from branch_versions bv join branches b on b.id = bv.branch_id
                 where b.pacticipant_id = l.consumer_id and b.name = 'main')::bigint as main_versions
        from latest_pact_publications l
        where l.provider_id = ${layout.hubId}
        group by l.consumer_id order by count(*) desc, l.consumer_id limit 1`,
  );
  if (!row) throw new Error('the seed produced no pacts with the hub provider');
  return {
    consumerId: Number(row.consumer_id),
    providerId: layout.hubId,
    consumer: layout.name(Number(row.consumer_id)),
    provider: layout.name(layout.hubId),
    pacts: Number(row.pacts),
    versions: Number(row.versions),
    mainVersions: Number(row.main_versions),
  };
}

function printTable(headers: string[], rows: string[][], alignLeft: number[] = [0]) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (alignLeft.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out(line(headers));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) out(line(row));
}

async function main(): Promise<void> {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const kind = databaseUrl ? 'postgres' : 'pglite';
  const sizes = seedSizes(kind, env);
  const startedAt = performance.now();

  out(`Treaty benchmark — store: ${kind}; ${cpus().length} CPUs; node ${process.version}`);
  const store: BenchStore = await openBenchStore({ databaseUrl, poolSize: POOL_SIZE });
  const cleanupOnSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: removing the benchmark store\n`);
    void store.dispose().finally(() => process.exit(130));
  };
  process.once('SIGINT', cleanupOnSignal);
  process.once('SIGTERM', cleanupOnSignal);

  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const { database } = store;
    out(`store: ${store.where} (migrated)`);
    out(
      `seeding ${sizes.pacticipants} pacticipants, ${sizes.versions} versions, ${sizes.publications} publications, ` +
        `~${sizes.pactContents} distinct pact contents`,
    );
    const seeded = await seed(database, sizes, { foreignKeyChecks: env.BENCH_FK_CHECKS === '1', log: out });
    const { layout } = seeded;
    out(`seeding took ${seeded.seconds.toFixed(1)} s${seeded.foreignKeyChecks ? '' : ' (FK triggers off while loading)'}`);
    const counts = await rowCounts(database.db);
    out();
    out('Seeded rows:');
    printTable(['table', 'rows'], Object.entries(counts).map(([t, n]) => [t, n.toLocaleString('en-US')]));

    const target = await pickIntegration(database, layout);
    const [hubConsumers] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::bigint as n from integrations where provider_id = ${layout.hubId}`,
    );
    out();
    out(`hub provider ${target.provider}: ${Number(hubConsumers?.n)} consumer integrations`);
    out(
      `read target: ${target.consumer} → ${target.provider} (${target.versions} versions, ${target.mainVersions} on main, ` +
        `${target.pacts} pacts with the hub)`,
    );

    const config = loadConfig({ TREATY_LOG_LEVEL: 'silent' });
    const container = createContainer({ config, database });
    app = await buildApp({ container, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    out(`Treaty listening on ${baseUrl}`);

    const latestPath = `/pacts/provider/${encodeURIComponent(target.provider)}/consumer/${encodeURIComponent(target.consumer)}/latest`;
    const branchLatestPath = `/pacts/provider/${encodeURIComponent(target.provider)}/consumer/${encodeURIComponent(target.consumer)}/branch/main/latest`;
    // The read paths must return the right document before they are worth timing.
    for (const path of [latestPath, branchLatestPath]) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { accept: 'application/hal+json' } });
      const body = (await response.json()) as { consumer?: { name?: string }; provider?: { name?: string }; interactions?: unknown[] };
      if (response.status !== 200 || body.consumer?.name !== target.consumer || body.provider?.name !== target.provider || !body.interactions?.length) {
        throw new Error(`GET ${path} returned ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
      }
    }

    // Unloaded latency of the read paths (one request at a time), to tell service time from queueing under load.
    const unloaded: Record<string, { p50: number; p99: number }> = {};
    for (const [name, path] of [['latest', latestPath], ['branchLatest', branchLatestPath]] as const) {
      const times: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t = performance.now();
        const response = await fetch(`${baseUrl}${path}`);
        await response.arrayBuffer();
        if (i >= 50) times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      unloaded[name] = { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
    }

    const publishSpec = (prefix: string, changedVariantBase: number): PublishSpec => ({
      versionPrefix: prefix,
      branch: 'main',
      changeEvery: 10,
      changedVariantBase,
      consumers: Array.from({ length: layout.hubConsumers }, (_, i) => {
        const id = i + 1;
        const variant = layout.variantsPerIntegration - 1;
        return {
          name: layout.name(id),
          providers: [
            { name: layout.name(layout.hubId), variant },
            { name: layout.name(layout.otherProviderOf(id)), variant },
          ],
        };
      }),
    });
    const runId = Date.now().toString(36);
    const publishPrefix = `bench-${runId}-run-`;
    const scenarios: Array<Scenario & { warmup: LoadRequest }> = [
      {
        name: 'GET heartbeat (baseline)',
        request: { kind: 'get', path: '/diagnostic/status/heartbeat' },
        warmup: { kind: 'get', path: '/diagnostic/status/heartbeat' },
      },
      {
        name: 'POST /contracts/publish (new version, 2 pacts)',
        request: { kind: 'publish', spec: publishSpec(publishPrefix, 2_000_000) },
        warmup: { kind: 'publish', spec: publishSpec(`bench-${runId}-warm-`, 1_000_000) },
        pactsPerRequest: 2,
      },
      { name: 'GET latest pact', request: { kind: 'get', path: latestPath }, warmup: { kind: 'get', path: latestPath } },
      {
        name: 'GET latest pact on branch main',
        request: { kind: 'get', path: branchLatestPath },
        warmup: { kind: 'get', path: branchLatestPath },
      },
    ];

    out();
    out(`Load: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s measured per scenario (autocannon in a worker thread)`);
    const results: ScenarioResult[] = [];
    const failures: string[] = [];
    for (const scenario of scenarios) {
      if (WARMUP > 0) {
        const warm = await runLoad({ baseUrl, connections: CONNECTIONS, durationSeconds: WARMUP, request: scenario.warmup });
        if (warm.non2xx || warm.errors) failures.push(`${scenario.name} (warm-up): ${describeFailure(warm)}`);
      }
      const stats = await runLoad({ baseUrl, connections: CONNECTIONS, durationSeconds: DURATION, request: scenario.request });
      const baseline = results[0]?.stats ?? stats;
      results.push({
        name: scenario.name,
        stats,
        ...(scenario.pactsPerRequest ? { pactsPerSecond: stats.requestsPerSecond * scenario.pactsPerRequest } : {}),
        rpsRatio: baseline.requestsPerSecond / stats.requestsPerSecond,
        p50Ratio: stats.latencyMs.p50 / baseline.latencyMs.p50,
      });
      out(
        `  ${scenario.name}: ${stats.responses} responses in ${stats.seconds.toFixed(1)} s, ` +
          `p50 ${fmt(stats.latencyMs.p50, 2)} ms, p99 ${fmt(stats.latencyMs.p99, 2)} ms`,
      );
      if (stats.non2xx || stats.errors || stats.timeouts || stats.responses === 0) failures.push(`${scenario.name}: ${describeFailure(stats)}`);
    }

    // Every publish request must have created a new version with both pacts (in-flight ones at the stop may add a few).
    const published = results[1]!.stats;
    const [made] = await queryRows<{ versions: number; pacts: number }>(
      database.db,
      sql`select count(distinct v.id)::bigint as versions, count(l.consumer_version_id)::bigint as pacts
          from versions v left join latest_pact_publications l on l.consumer_version_id = v.id
          where v.number like ${`${publishPrefix}%`}`,
    );
    const versionsMade = Number(made?.versions ?? 0);
    const pactsMade = Number(made?.pacts ?? 0);
    out(`  publish check: ${versionsMade} new versions and ${pactsMade} pacts stored for ${published.responses} responses`);
    if (versionsMade < published.responses || versionsMade > published.responses + CONNECTIONS || pactsMade !== versionsMade * 2) {
      failures.push(`publish: expected one new version with 2 pacts per response, got ${versionsMade} versions / ${pactsMade} pacts`);
    }

    // Where the read time goes: the exact SQL the repository runs, explained on the loaded store.
    const pactsRepo = createPactsRepository(database.db);
    const plans = {
      latest: await explainAnalyze(database, (ex) => pactsRepo.latestForIntegration(target.consumerId, target.providerId, ex)),
      branchLatest: await explainAnalyze(database, (ex) =>
        pactsRepo.latestForIntegrationOnBranch(target.consumerId, target.providerId, 'main', ex),
      ),
    };

    out();
    out(
      `Results — store ${kind}; seeded ${counts.versions!.toLocaleString('en-US')} versions, ` +
        `${counts.pact_publications!.toLocaleString('en-US')} pact publications, ${counts.pacticipants} pacticipants ` +
        `(seeding ${seeded.seconds.toFixed(1)} s)`,
    );
    printTable(
      ['scenario', 'requests/s', 'pacts/s', 'p50 ms', 'p99 ms', 'baseline rps ÷ rps', 'p50 ÷ baseline p50'],
      results.map((r) => [
        r.name,
        fmt(r.stats.requestsPerSecond, 0),
        r.pactsPerSecond === undefined ? '' : fmt(r.pactsPerSecond, 0),
        fmt(r.stats.latencyMs.p50, 2),
        fmt(r.stats.latencyMs.p99, 2),
        fmt(r.rpsRatio, 2),
        fmt(r.p50Ratio, 2),
      ]),
    );
    out();
    for (const [name, u] of Object.entries(unloaded)) {
      out(`unloaded ${name} (250 sequential requests): p50 ${fmt(u.p50, 2)} ms, p99 ${fmt(u.p99, 2)} ms`);
    }
    for (const [name, plan] of Object.entries(plans)) {
      const timing = plan.filter((l) => /^(Planning|Execution) Time/.test(l.trim())).map((l) => l.trim());
      out(`EXPLAIN ANALYZE ${name}: ${timing.join(', ')}`);
      if (EXPLAIN_FULL) for (const line of plan) out(`    ${line}`);
    }

    const output = env.BENCH_OUTPUT || join(tmpdir(), `treaty-bench-${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      output,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          store: kind,
          node: process.version,
          cpus: cpus().length,
          load: { connections: CONNECTIONS, warmupSeconds: WARMUP, durationSeconds: DURATION },
          sizes,
          counts,
          seed: { seconds: seeded.seconds, steps: seeded.steps, foreignKeyChecks: seeded.foreignKeyChecks },
          target,
          scenarios: results,
          publishCheck: { versions: versionsMade, pacts: pactsMade },
          unloaded,
          plans,
          failures,
        },
        null,
        2,
      )}\n`,
    );
    out(`results written to ${output}`);
    out(`total ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);

    if (failures.length) {
      throw new Error(`benchmark FAILED — non-2xx responses or errors:\n  ${failures.join('\n  ')}`);
    }
  } finally {
    await app?.close().catch(() => undefined);
    await store.dispose();
  }
}

function describeFailure(stats: LoadStats): string {
  return (
    `${stats.non2xx} non-2xx (${JSON.stringify(stats.statusCounts)}), ${stats.errors} errors, ${stats.timeouts} timeouts` +
    (stats.firstFailure ? `; first: ${stats.firstFailure}` : '')
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
