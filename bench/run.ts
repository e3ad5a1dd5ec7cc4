// `npm run bench`: seeds a large store in bulk, starts Treaty on it in this process and measures ten HTTP paths with
// autocannon (in a worker thread): heartbeat (the baseline), publishing pacts, two pact reads, the deploy gate
// (can-i-deploy of a leaf consumer and of the hub to production, the matrix of two explicit versions, the leaf's
// can-i-deploy through /matrix as the CLI sends it), pacts-for-verification and publishing verification results (a
// scenario is skipped with a message while its route answers 404). PostgreSQL when DATABASE_URL is set (a throwaway
// database on that server), PGlite in a temporary directory otherwise. Not part of `npm test`.
// Then the noisy neighbour (bench/noisy.ts): heartbeat latency while the worst request each request limit allows, and
// the smallest it refuses, runs in a loop; it fails the run when such a request gets another status than expected.
//
// Then the webhooks group (bench/webhooks.ts): publishing with and without matching webhooks configured, and the job
// runner's deliveries per second to a local sink; it fails the run when a publish triggers the wrong webhooks or jobs
// or a delivery goes wrong.
//
// Then the cli-startup group (bench/cli-startup.ts): the treaty CLI's start-up (the standalone package, the checkout's
// bundle and the sources through tsx) against `node -e 0` in the same run (BENCH_CLI_RUNS runs of each, 15 by default). It runs first, before the store is opened.
//
// Then the startup group (bench/startup.ts): `npm start`, `node dist/server.js` and `tsx src/server.ts` spawned
// BENCH_STARTUP_RUNS times each (5), spawn → first 200 from the heartbeat and the server's RSS, on PGlite (fresh dir and
// with data) and PostgreSQL when DATABASE_URL is set, next to `node -e 0`. It fails the run when a server does not answer.
//
// Then the ui group (bench/ui.ts): the pages rendered for 200 pacticipants and 1,000 integrations, in a store of its own
// (BENCH_UI_PACTICIPANTS, BENCH_UI_INTEGRATIONS, BENCH_UI_REQUESTS), next to the heartbeat.
//
// Then the parity group (bench/parity.ts): issue 14's headline comparison on an estate of the issue's size in a store of
// its own at BENCH_PARITY_CONNECTIONS (4) at once: asked again (autocannon, BENCH_PARITY_SECONDS, 5) and computed (that
// many sequential clients writing before each request, BENCH_PARITY_REQUESTS, 60, each), next to the Pact Broker
// figures the issue recorded; it fails the run when an answer is wrong.
//
// Then the rss group (bench/rss.ts), last: the compiled server spawned on the seeded store (this process closes its
// PGlite first), its RSS sampled under the standard load against the 250 MB target (BENCH_RSS_SECONDS per phase,
// BENCH_DURATION by default; BENCH_RSS_SAMPLE_MS, 100; BENCH_RSS_NODE_ARGS: node flags, ';' between variants).
//
// BENCH_SCENARIOS picks what runs: `standard` (the ten paths above), `webhooks`, `noisy`, `cli-startup`, `startup`, `ui`,
// `parity`, `rss`, or several comma-separated (all eight by default); the big store is seeded whenever a group other than
// cli-startup, startup, ui and parity runs. The limits are the defaults unless a TREATY_MAX_* / TREATY_BODY_LIMIT_BYTES
// variable is set, as for the server.
//
// Environment: BENCH_DURATION (s per scenario, 10), BENCH_WARMUP (s, 3), BENCH_CONNECTIONS (8), BENCH_POOL_SIZE (10),
// BENCH_PACTICIPANTS / BENCH_VERSIONS / BENCH_PUBLICATIONS / BENCH_PACT_CONTENTS (seed sizes), BENCH_EXPLAIN=1 (print
// the full EXPLAIN ANALYZE plans of the read, pacts-for-verification and deploy-gate queries; the slowest statement of
// each deploy-gate request is printed in full either way), BENCH_FK_CHECKS=1 (keep FK triggers on while seeding),
// BENCH_OUTPUT (JSON results path; default under the OS temp directory), BENCH_ONLY (a regex: only the standard scenarios whose
// name matches, after the heartbeat).
//
// The deploy-gate SQL is captured rather than rebuilt: the server runs in this process, so the statements of one
// request are recorded at the driver (bench/capture.ts) and explained with their own parameters.
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { LIMIT_SETTINGS } from '../src/shared/limits.js';
import { createContainer } from '../src/container.js';
import type { Database, Executor } from '../src/db/client.js';
import { queryRows } from '../src/db/query.js';
import { createPactsRepository } from '../src/pacts/pacts.repository.js';
import { createForVerificationRepository } from '../src/pacts-for-verification/for-verification.repository.js';
import { candidateNeeds, selectPacts } from '../src/pacts-for-verification/select-pacts.js';
import { parseForVerificationRequest, type ForVerificationInput } from '../src/pacts-for-verification/selectors.js';
import { DEFAULT_LIMITS } from '../src/shared/limits.js';
import { reportCliStartup, runCliStartupBench, type CliStartupReport } from './cli-startup.js';
import { reportStartup, runStartupBench } from './startup.js';
import { reportUiBench, runUiBench } from './ui.js';
import { reportParity, runParityBench } from './parity.js';
import { reportRss, runRssBench, type RssLoad, type RssReport } from './rss.js';
import { captureQueries, explainable, explainCaptured, storeWallMs, type CapturedQuery, type ExplainedQuery } from './capture.js';
import { cpuSince, cpuSnapshot, type CpuShare } from './cpu.js';
import { deployableOf, runLoad, type LoadRequest, type LoadStats } from './load.js';
import { hubPublishSpec, type PublishSpec } from './pacts.js';
import { reportNoisy, runNoisy, type NoisyReport } from './noisy.js';
import { rowCounts, seed, seedSizes, type DeployGate, type SeedLayout } from './seed.js';
import { openBenchStore, type BenchStore } from './store.js';
import { printTable as printRows } from './table.js';
import { sequentialLatency, unexpectedStatuses } from './sequential.js';
import { verificationRequests, type VerificationSpec } from './verifications.js';
import { runWebhookBench, WEBHOOK_BENCH_ENV, webhookBenchSettings, type WebhookBenchReport } from './webhooks.js';

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
const SCENARIO_GROUPS = ['standard', 'webhooks', 'noisy', 'cli-startup', 'startup', 'ui', 'parity', 'rss'] as const;
const selected = (env.BENCH_SCENARIOS?.trim() || SCENARIO_GROUPS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
for (const group of selected) {
  if (!(SCENARIO_GROUPS as readonly string[]).includes(group)) throw new Error(`BENCH_SCENARIOS: unknown '${group}' (known: ${SCENARIO_GROUPS.join(', ')})`);
}
const RUN_STANDARD = selected.includes('standard');
const RUN_NOISY = selected.includes('noisy');
const RUN_WEBHOOKS = selected.includes('webhooks');
const RUN_CLI_STARTUP = selected.includes('cli-startup');
const RUN_UI = selected.includes('ui');
const RUN_PARITY = selected.includes('parity');
const RUN_RSS = selected.includes('rss');
const RSS_SECONDS = num('BENCH_RSS_SECONDS', num('BENCH_DURATION', 10));
const RSS_SAMPLE_MS = Math.max(10, num('BENCH_RSS_SAMPLE_MS', 100));
// ';' separates variants, each measured in turn on the same store: '; --max-semi-space-size=4' is the default and one flag.
const RSS_NODE_ARGS = (env.BENCH_RSS_NODE_ARGS ?? '').split(';').map((variant) => variant.split(/\s+/).filter(Boolean));
const RUN_STARTUP = selected.includes('startup');
const STARTUP_RUNS = Math.max(1, Math.round(num('BENCH_STARTUP_RUNS', 5)));
const CLI_STARTUP_RUNS = Math.max(1, Math.round(num('BENCH_CLI_RUNS', 15)));
const WEBHOOK_SETTINGS = webhookBenchSettings(env);
const NOISY_CONNECTIONS = Math.max(1, Math.round(num('BENCH_NOISY_CONNECTIONS', 1)));
const ONLY = env.BENCH_ONLY?.trim() ? new RegExp(env.BENCH_ONLY.trim(), 'i') : undefined;
const NOISY_CASES = env.BENCH_NOISY_CASES?.trim() ? new RegExp(env.BENCH_NOISY_CASES.trim()) : undefined;

const out = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

interface Scenario {
  name: string;
  request: LoadRequest;
  pactsPerRequest?: number;
  /** Runs just before the scenario's warm-up (checks, unloaded latency); a string return skips the scenario. */
  prepare?: () => Promise<string | undefined>;
  /** Measured seconds when longer than BENCH_DURATION (a slow path needs more time for a useful sample). */
  durationSeconds?: number;
}

interface ScenarioResult {
  name: string;
  stats: LoadStats;
  pactsPerSecond?: number;
  rpsRatio: number;
  p50Ratio: number;
  p99Ratio: number;
  /** CPU during the measured seconds (the load generator's own thread is in the machine figure). */
  cpu: CpuShare;
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

/** What a deploy-gate answer must be, worked out from the tables (Treaty's strict environments, latestby=cvpv). */
interface DeployGateExpectation {
  deployable: boolean | null;
  success: number;
  failed: number;
  unknown: number;
}

interface MatrixBody {
  summary?: { deployable?: boolean | null; reason?: string; success?: number; failed?: number; unknown?: number };
  matrix?: unknown[];
}

interface DeployGateRun {
  path: string;
  expected: DeployGateExpectation;
  answer: { deployable: unknown; success: unknown; failed: unknown; unknown: unknown; rows: number; reason: unknown; bytes: number };
}

/** The statements of one deploy-gate request and their plans. */
interface DeployGateSql {
  requestMs: number;
  /** Of requestMs, the time at least one statement was in flight (the rest is the server's own work). */
  storeMs: number;
  statements: Array<CapturedQuery & Partial<ExplainedQuery>>;
}

const versionIdOf = async (database: Database, pacticipant: string, version: string): Promise<number> => {
  const [row] = await queryRows<{ id: number }>(
    database.db,
    sql`select v.id from versions v join pacticipants p on p.id = v.pacticipant_id where p.name = ${pacticipant} and v.number = ${version}`,
  );
  if (!row) throw new Error(`no version ${version} of ${pacticipant}`);
  return Number(row.id);
};

/** Versions currently in an environment: deployed and not undeployed, or released and still supported. */
const inEnvironment = (environment: string) => sql`(
  select d.pacticipant_id, d.version_id from deployed_versions d join environments e on e.id = d.environment_id
  where e.name = ${environment} and d.undeployed_at is null
  union
  select r.pacticipant_id, r.version_id from released_versions r join environments e on e.id = r.environment_id
  where e.name = ${environment} and r.support_ended_at is null)`;

/**
 * The expected answer, from the tables: one row per pact of the consumer version × provider version in the environment
 * (a consumer deploy), per pact of a consumer version in the environment with the provider version (a provider deploy),
 * or for the pact between two explicit versions; a row's result is the latest verification of its content by that
 * provider version. Any row without one (or a provider with nothing in the environment) → null, else any failed → false.
 */
async function deployGateExpectation(
  database: Database,
  spec:
    | { consumer: string; version: string; environment: string }
    | { provider: string; version: string; environment: string }
    | { pair: DeployGate['pair'] },
): Promise<DeployGateExpectation> {
  let rowsSql: SQL;
  if ('pair' in spec) {
    const cv = await versionIdOf(database, spec.pair.consumer, spec.pair.consumerVersion);
    const pv = await versionIdOf(database, spec.pair.provider, spec.pair.providerVersion);
    rowsSql = sql`select lv.success from latest_pact_publications l
                  join versions pv on pv.id = ${pv}
                  left join latest_verifications lv on lv.pact_version_id = l.pact_version_id and lv.provider_version_id = pv.id
                  where l.consumer_version_id = ${cv} and l.provider_id = pv.pacticipant_id`;
  } else if ('consumer' in spec) {
    const cv = await versionIdOf(database, spec.consumer, spec.version);
    rowsSql = sql`select lv.success from latest_pact_publications l
                  left join ${inEnvironment(spec.environment)} x on x.pacticipant_id = l.provider_id
                  left join latest_verifications lv on lv.pact_version_id = l.pact_version_id and lv.provider_version_id = x.version_id
                  where l.consumer_version_id = ${cv}`;
  } else {
    const pv = await versionIdOf(database, spec.provider, spec.version);
    rowsSql = sql`select lv.success from ${inEnvironment(spec.environment)} x
                  join versions v on v.id = ${pv}
                  join latest_pact_publications l on l.consumer_version_id = x.version_id and l.provider_id = v.pacticipant_id
                  left join latest_verifications lv on lv.pact_version_id = l.pact_version_id and lv.provider_version_id = v.id`;
  }
  const [row] = await queryRows<{ success: number; failed: number; unknown: number }>(
    database.db,
    sql`select count(*) filter (where r.success)::int as success, count(*) filter (where not r.success)::int as failed,
               count(*) filter (where r.success is null)::int as unknown
        from (${rowsSql}) r`,
  );
  const success = Number(row?.success ?? 0);
  const failed = Number(row?.failed ?? 0);
  const unknown = Number(row?.unknown ?? 0);
  return { deployable: unknown > 0 ? null : failed > 0 ? false : true, success, failed, unknown };
}

/** The hub's consumers' versions in an environment: what can-i-deploy of the hub checks. */
async function hubConsumersInEnvironment(database: Database, hubId: number, environment: string) {
  const [row] = await queryRows<{ consumers: number; versions: number; deployed: number; released: number; with_pact: number }>(
    database.db,
    sql`with x as (
          select d.pacticipant_id, d.version_id, 'deployed' as kind from deployed_versions d join environments e on e.id = d.environment_id
          where e.name = ${environment} and d.undeployed_at is null
          union all
          select r.pacticipant_id, r.version_id, 'released' from released_versions r join environments e on e.id = r.environment_id
          where e.name = ${environment} and r.support_ended_at is null)
        select count(distinct x.pacticipant_id)::int as consumers, count(distinct x.version_id)::int as versions,
               count(*) filter (where x.kind = 'deployed')::int as deployed, count(*) filter (where x.kind = 'released')::int as released,
               count(distinct x.version_id) filter (where exists (select 1 from latest_pact_publications l
                 where l.consumer_version_id = x.version_id and l.provider_id = ${hubId}))::int as with_pact
        from x where x.pacticipant_id in (select consumer_id from integrations where provider_id = ${hubId})`,
  );
  return {
    consumers: Number(row?.consumers ?? 0),
    versions: Number(row?.versions ?? 0),
    deployed: Number(row?.deployed ?? 0),
    released: Number(row?.released ?? 0),
    withPact: Number(row?.with_pact ?? 0),
  };
}

const printTable = (headers: string[], rows: string[][], alignLeft?: number[]) => printRows(out, headers, rows, alignLeft);

/** What one for-verification response contains: explicit entries (pending or not) and WIP entries. */
interface ForVerificationCounts {
  entries: number;
  consumers: number;
  pending: number;
  notPending: number;
  wip: number;
  bytes: number;
}

async function postForVerification(baseUrl: string, path: string, body: string): Promise<ForVerificationCounts> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST ${path} returned ${response.status}: ${text.slice(0, 500)}`);
  type Entry = { verificationProperties?: { pending?: boolean; wip?: boolean }; _links?: { self?: { href?: string; name?: string } } };
  const pacts = ((JSON.parse(text) as { _embedded?: { pacts?: Entry[] } })._embedded?.pacts ?? []) as Entry[];
  const explicit = pacts.filter((p) => !p.verificationProperties?.wip);
  const consumerOf = (p: Entry) => /\/consumer\/([^/]+)\//.exec(p._links?.self?.href ?? '')?.[1];
  return {
    entries: pacts.length,
    consumers: new Set(pacts.map(consumerOf)).size,
    pending: explicit.filter((p) => p.verificationProperties?.pending === true).length,
    notPending: explicit.filter((p) => p.verificationProperties?.pending === false).length,
    wip: pacts.length - explicit.length,
    bytes: text.length,
  };
}

/** The sanity a for-verification answer must have before it is worth timing. */
function forVerificationProblems(counts: ForVerificationCounts, hubConsumers: number): string[] {
  const problems: string[] = [];
  if (counts.entries < hubConsumers) problems.push(`${counts.entries} entries, expected at least ${hubConsumers}`);
  if (counts.consumers < hubConsumers) problems.push(`${counts.consumers} consumers, expected ${hubConsumers}`);
  if (counts.pending === 0) problems.push('no pending entry');
  if (counts.notPending === 0) problems.push('no entry that is not pending');
  if (counts.wip === 0) problems.push('no WIP entry');
  return problems;
}

const describeCounts = (c: ForVerificationCounts) =>
  `${c.entries} entries for ${c.consumers} consumers: ${c.pending} pending, ${c.notPending} not pending, ${c.wip} WIP ` +
  `(${(c.bytes / 1024).toFixed(0)} KiB)`;

async function main(): Promise<void> {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const kind = databaseUrl ? 'postgres' : 'pglite';
  const sizes = seedSizes(kind, env);
  const startedAt = performance.now();

  out(`Treaty benchmark — store: ${kind}; ${cpus().length} CPUs; node ${process.version}`);
  // Before the store exists, so nothing of the server's competes with the CLI processes for the CPUs.
  const cliStartup: CliStartupReport | undefined = RUN_CLI_STARTUP ? await runCliStartupBench({ runs: CLI_STARTUP_RUNS, out }) : undefined;
  if (cliStartup) reportCliStartup(cliStartup, out);
  // Server processes of their own, also before the big store exists; throws when a server does not answer.
  if (RUN_STARTUP) reportStartup(await runStartupBench({ runs: STARTUP_RUNS, databaseUrl, compareWith: env.BENCH_STARTUP_COMPARE?.trim() || undefined, out }), out);
  // The ui group seeds and measures its own estate in its own store, before the big one exists.
  if (RUN_UI) {
    const ui = await runUiBench({
      databaseUrl,
      pacticipants: Math.round(num('BENCH_UI_PACTICIPANTS', 200)),
      integrations: Math.round(num('BENCH_UI_INTEGRATIONS', 1000)),
      requests: Math.max(1, Math.round(num('BENCH_UI_REQUESTS', 60))),
      out,
    });
    reportUiBench(ui, out);
    if (ui.failures.length) throw new Error(`benchmark FAILED — ui pages:\n  ${ui.failures.join('\n  ')}`);
  }
  // The parity group too: issue 14's estate and concurrency, against the Pact Broker figures the issue recorded.
  if (RUN_PARITY) {
    const parity = await runParityBench({
      databaseUrl,
      connections: Math.max(1, Math.round(num('BENCH_PARITY_CONNECTIONS', 4))),
      seconds: Math.max(1, num('BENCH_PARITY_SECONDS', 5)),
      requests: Math.max(10, Math.round(num('BENCH_PARITY_REQUESTS', 60))),
      out,
    });
    reportParity(parity, out);
    if (parity.failures.length) throw new Error(`benchmark FAILED — parity:\n  ${parity.failures.join('\n  ')}`);
  }
  if (selected.every((group) => group === 'cli-startup' || group === 'startup' || group === 'ui' || group === 'parity')) return;
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

    // The provider side of the hub: how heavy the verification history is that pending and WIP look through.
    const [heavy] = await queryRows<{ contents: number; verified: number; p50: number; p90: number; max: number }>(
      database.db,
      sql`with per_content as (
            select pv.id, count(v.id)::bigint as n
            from pact_versions pv left join verifications v on v.pact_version_id = pv.id
            where pv.provider_id = ${layout.hubId} group by pv.id)
          select count(*)::bigint as contents, count(*) filter (where n > 0)::bigint as verified,
                 percentile_disc(0.5) within group (order by n) as p50, percentile_disc(0.9) within group (order by n) as p90,
                 max(n) as max
          from per_content`,
    );
    out(
      `hub verifications per pact content: ${Number(heavy?.verified)} of ${Number(heavy?.contents)} contents verified; ` +
        `p50 ${Number(heavy?.p50)}, p90 ${Number(heavy?.p90)}, max ${Number(heavy?.max)}`,
    );

    // Whose PostgreSQL backends count as the benchmark's in the CPU figures.
    const pgDatabase =
      kind === 'postgres' ? (await queryRows<{ name: string }>(database.db, sql`select current_database() as name`))[0]?.name : undefined;
    // The request limits as the server would read them (the noisy requests are built from them).
    const limitVariables = Object.fromEntries(Object.values(LIMIT_SETTINGS).map((s) => [s.variable, env[s.variable]]));
    // The webhooks group's webhooks call a sink on 127.0.0.1 over http; the runner's concurrency as the server's.
    const config = loadConfig({
      ...limitVariables,
      ...WEBHOOK_BENCH_ENV,
      TREATY_JOBS_CONCURRENCY: env.TREATY_JOBS_CONCURRENCY,
      TREATY_LOG_LEVEL: 'silent',
    });
    const container = createContainer({ config, database });
    app = await buildApp({ container, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    out(`Treaty listening on ${baseUrl}`);

    // autocannon stops at the deadline with requests in flight, and the server keeps working on them: wait until the
    // store is idle (three quiet checks in a row) so a slow scenario's leftovers do not land in the next measurement.
    const drain = async () => {
      const deadline = performance.now() + 120_000;
      for (let quiet = 0; quiet < 3 && performance.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        let busy = 0;
        if (kind === 'postgres') {
          const [row] = await queryRows<{ n: number }>(
            database.db,
            sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
          );
          busy = Number(row?.n ?? 0);
        } else {
          await database.db.execute(sql`select 1`); // PGlite runs one query at a time: this waits for the queue
        }
        quiet = busy === 0 ? quiet + 1 : 0;
      }
    };

    const enc = encodeURIComponent;
    const integrationPath = `/pacts/provider/${enc(target.provider)}/consumer/${enc(target.consumer)}`;
    const latestPath = `${integrationPath}/latest`;
    const branchLatestPath = `${integrationPath}/branch/main/latest`;
    // The newest pact of the read target: its consumer version and content sha name the other single-resource reads.
    const [newest] = await queryRows<{ number: string; sha: string }>(
      database.db,
      sql`select v.number, pv.sha from latest_pact_publications l join versions v on v.id = l.consumer_version_id
          join pact_versions pv on pv.id = l.pact_version_id
          where l.consumer_id = ${target.consumerId} and l.provider_id = ${target.providerId}
          order by l.consumer_version_order desc limit 1`,
    );
    if (!newest) throw new Error(`no pact between ${target.consumer} and ${target.provider}`);

    // The unloaded baseline for the ratios: as many sequential heartbeats as the deploy-gate scenarios take.
    const unloaded: Record<string, { p50: number; p99: number; requests?: number }> = {};
    // The deploy gates and pacts-for-verification keep their answers until the next committed write (the answer cache):
    // each is also measured computed, with an untimed write (a label put and deleted in turn) before every request.
    const writeBefore = `/pacticipants/${enc(layout.name(layout.hubId))}/labels/bench-write`;
    const COMPUTED = { warm: 10, measured: 300, maxSeconds: 30 };
    const heartbeat = await sequentialLatency(baseUrl, { path: '/diagnostic/status/heartbeat' }, { warm: 200, measured: 1000, maxSeconds: 30 });
    const heartbeatProblem = unexpectedStatuses(heartbeat);
    if (heartbeatProblem) throw new Error(`GET /diagnostic/status/heartbeat: ${heartbeatProblem}`);
    unloaded.heartbeat = heartbeat;

    // The single-resource reads (issue 14's first target): each is checked for the right answer (status and a field
    // that names the resource) before and while its unloaded latency is measured; a wrong answer fails the run.
    type Check = (body: Record<string, unknown>) => string | undefined;
    const pactIs = (version?: string, sha?: string): Check => (b) => {
      const body = b as { consumer?: { name?: string }; provider?: { name?: string }; interactions?: unknown[]; _links?: Record<string, { name?: string }> };
      if (body.consumer?.name !== target.consumer || body.provider?.name !== target.provider || !body.interactions?.length) return 'not the pact of the read target';
      if (version !== undefined && body._links?.['pb:consumer-version']?.name !== version) return `consumer version ${body._links?.['pb:consumer-version']?.name}, expected ${version}`;
      if (sha !== undefined && body._links?.['pb:pact-version']?.name !== sha) return `pact version ${body._links?.['pb:pact-version']?.name}, expected ${sha}`;
      return undefined;
    };
    const readScenario = (key: string, name: string, path: string, check: Check): Scenario & { warmup: LoadRequest; key: string } => ({
      key,
      name,
      request: { kind: 'get', path },
      warmup: { kind: 'get', path },
      prepare: async () => {
        const verify = (status: number | undefined, text: string) => {
          let problem = status === undefined || status === 200 ? undefined : `status ${status}`;
          if (!problem) {
            try {
              problem = check(JSON.parse(text) as Record<string, unknown>);
            } catch (error) {
              problem = `not JSON (${String(error)})`;
            }
          }
          if (problem) throw new Error(`GET ${path}: wrong answer — ${problem}: ${text.slice(0, 500)}`);
        };
        const response = await fetch(`${baseUrl}${path}`, { headers: { accept: 'application/hal+json' } });
        verify(response.status, await response.text());
        // Timed from a worker thread; every status must be 200 and the first and last bodies the right resource.
        const u = await sequentialLatency(baseUrl, { path, headers: { accept: 'application/hal+json' } }, { warm: 100, measured: 1000, maxSeconds: 10 });
        const statusProblem = unexpectedStatuses(u);
        if (statusProblem) throw new Error(`GET ${path}: wrong answer — ${statusProblem}`);
        verify(undefined, u.first);
        verify(undefined, u.last);
        unloaded[key] = u;
        out(`  unloaded ${key} (${u.requests} sequential requests): p50 ${fmt(u.p50, 2)} ms, p99 ${fmt(u.p99, 2)} ms`);
        return undefined;
      },
    });
    const readScenarios = [
      readScenario('latest', 'GET latest pact', latestPath, pactIs()),
      readScenario('branchLatest', 'GET latest pact on branch main', branchLatestPath, pactIs()),
      readScenario('pactForVersion', 'GET pact by consumer version', `${integrationPath}/version/${enc(newest.number)}`, pactIs(newest.number)),
      readScenario('pactVersion', 'GET pact version by SHA (permalink)', `${integrationPath}/pact-version/${newest.sha}`, pactIs(undefined, newest.sha)),
      readScenario('pacticipant', 'GET pacticipant', `/pacticipants/${enc(target.consumer)}`, (b) =>
        b.name === target.consumer ? undefined : `name ${String(b.name)}, expected ${target.consumer}`,
      ),
      readScenario('version', 'GET version', `/pacticipants/${enc(target.consumer)}/versions/${enc(newest.number)}`, (b) =>
        b.number === newest.number ? undefined : `number ${String(b.number)}, expected ${newest.number}`,
      ),
      readScenario('index', 'GET index', '/', (b) => {
        const links = b._links as Record<string, unknown> | undefined;
        return links?.['pb:latest-provider-pacts'] && links['pb:pacticipants'] ? undefined : 'no pb:pacticipants / pb:latest-provider-pacts link';
      }),
    ];

    // Pacts for verification, as a provider build on main asks for them (what the README's verifier example sends).
    const wipSince = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const forVerificationInput: ForVerificationInput = {
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
      includeWipPactsSince: wipSince,
    };
    const forVerificationPath = `/pacts/provider/${encodeURIComponent(target.provider)}/for-verification`;
    const forVerificationBody = JSON.stringify(forVerificationInput);
    const forVerification: { seeded?: ForVerificationCounts; beforeLoad?: ForVerificationCounts } = {};
    forVerification.seeded = await postForVerification(baseUrl, forVerificationPath, forVerificationBody);
    out(`for-verification on the seeded store: ${describeCounts(forVerification.seeded)}`);
    const seededProblems = forVerificationProblems(forVerification.seeded, layout.hubConsumers);
    if (seededProblems.length) throw new Error(`POST ${forVerificationPath} on the seeded store: ${seededProblems.join('; ')}`);

    // The pacts a provider build would publish results for: its consumers' main heads, deployed and released versions.
    const verificationTargets = async () =>
      (
        await queryRows<{ consumer: string; sha: string }>(
          database.db,
          sql`select distinct c.name as consumer, pv.sha
              from latest_pact_publications l join pact_versions pv on pv.id = l.pact_version_id
              join pacticipants c on c.id = l.consumer_id
              where l.provider_id = ${layout.hubId} and l.consumer_version_id in (
                select version_id from deployed_versions where undeployed_at is null
                union select version_id from released_versions where support_ended_at is null
                union select bh.version_id from branch_heads bh join branches b on b.id = bh.branch_id
                      join pacticipants p on p.id = b.pacticipant_id and b.name = p.main_branch)
              order by 1, 2`,
        )
      ).map((r) => ({ consumer: r.consumer, sha: r.sha }));
    const verificationSpec = (prefix: string, targets: VerificationSpec['targets']): VerificationSpec => ({
      provider: target.provider,
      versionPrefix: prefix,
      targets,
    });

    const publishSpec = (prefix: string, changedVariantBase: number): PublishSpec => hubPublishSpec(layout, prefix, changedVariantBase);
    const runId = Date.now().toString(36);
    const publishPrefix = `bench-${runId}-run-`;
    const verificationPrefix = `bench-${runId}-verify-run-`;
    // Filled in by the verification scenario's prepare step (the pacts as they are after the publishing load).
    const verificationScenario: Scenario & { warmup: LoadRequest } = {
      name: 'POST verification result (new provider version)',
      request: { kind: 'verification', spec: verificationSpec(verificationPrefix, []) },
      warmup: { kind: 'verification', spec: verificationSpec(`bench-${runId}-verify-warm-`, []) },
      prepare: async () => {
        const targets = await verificationTargets();
        if (targets.length === 0) throw new Error('no hub pacts to publish verification results for');
        verificationScenario.request = { kind: 'verification', spec: verificationSpec(verificationPrefix, targets) };
        verificationScenario.warmup = { kind: 'verification', spec: verificationSpec(`bench-${runId}-verify-warm-`, targets) };
        // Detect the route rather than assume it: it is being built on another branch.
        const probe = verificationRequests(verificationSpec(`bench-${runId}-verify-probe-`, targets))(0);
        const response = await fetch(`${baseUrl}${probe.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
          body: probe.body,
        });
        const text = await response.text();
        if (response.status === 404 && /No resource found/.test(text)) {
          return `POST /pacts/provider/{provider}/consumer/{consumer}/pact-version/{sha}/verification-results answers 404 (route not in this build)`;
        }
        if (response.status !== 201) throw new Error(`POST ${probe.path} returned ${response.status}: ${text.slice(0, 500)}`);
        out(`  verification results: ${targets.length} hub pacts, round-robin, a new provider version number per request`);
        return undefined;
      },
    };
    const forVerificationScenario: Scenario & { warmup: LoadRequest } = {
      name: 'POST for-verification [mainBranch, deployedOrReleased] + pending + WIP since a year ago',
      request: { kind: 'post', path: forVerificationPath, body: forVerificationBody },
      warmup: { kind: 'post', path: forVerificationPath, body: forVerificationBody },
      prepare: async () => {
        // After the publishing load every hub consumer's main head has a pact with the hub (one in ten new content).
        const counts = await postForVerification(baseUrl, forVerificationPath, forVerificationBody);
        forVerification.beforeLoad = counts;
        out(`  for-verification now: ${describeCounts(counts)}`);
        const problems = forVerificationProblems(counts, layout.hubConsumers);
        if (problems.length) throw new Error(`POST ${forVerificationPath}: ${problems.join('; ')}`);
        const fvRequest = {
          method: 'POST' as const,
          path: forVerificationPath,
          headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
          body: forVerificationBody,
          mustMatch: '"pacts"\\s*:\\s*\\[\\s*\\{',
        };
        const u = await sequentialLatency(baseUrl, fvRequest, { warm: 5, measured: 250, maxSeconds: 30 });
        const fvProblem = unexpectedStatuses(u) ?? (u.mismatches ? `${u.mismatches} answers without pacts: ${u.mismatch?.slice(0, 500)}` : undefined);
        if (fvProblem) throw new Error(`POST ${forVerificationPath} (sequential): ${fvProblem}`);
        unloaded.forVerification = u;
        out(`  unloaded for-verification (${u.requests} sequential requests): p50 ${fmt(u.p50, 2)} ms, p99 ${fmt(u.p99, 2)} ms`);
        const c = await sequentialLatency(baseUrl, { ...fvRequest, writeBefore }, { ...COMPUTED, measured: 150 });
        const computedProblem = unexpectedStatuses(c) ?? (c.mismatches ? `${c.mismatches} answers without pacts: ${c.mismatch?.slice(0, 500)}` : undefined);
        if (computedProblem) throw new Error(`POST ${forVerificationPath} (sequential, after writes): ${computedProblem}`);
        unloaded.forVerificationComputed = c;
        out(`  unloaded for-verification, computed after a write each time (${c.requests} requests): p50 ${fmt(c.p50, 2)} ms, p99 ${fmt(c.p99, 2)} ms`);
        // Long enough for ~30 responses at the unloaded service time (PGlite serves one query at a time), at most 120 s.
        const parallelism = kind === 'pglite' ? 1 : Math.min(CONNECTIONS, cpus().length);
        const wanted = Math.min(120, Math.ceil((30 * u.p50) / 1000 / parallelism));
        if (wanted > DURATION) {
          forVerificationScenario.durationSeconds = wanted;
          out(`  measuring for-verification for ${wanted} s (BENCH_DURATION ${DURATION} s is too short for ~30 responses)`);
        }
        return undefined;
      },
    };
    // The deploy gate: can-i-deploy and the matrix on the seeded deploy-gate data (bench/seed.ts seedDeployGate). The
    // answer each must give is worked out from the tables first (deployGateExpectation), so errors and wrong answers
    // are never timed: every response must be a 200 with that summary.deployable, unloaded and under load.
    const gate: DeployGate | undefined = 'skipped' in seeded.deployGate ? undefined : seeded.deployGate;
    const gateSkipped = 'skipped' in seeded.deployGate ? seeded.deployGate.skipped : undefined;
    const deployGate: Record<string, DeployGateRun> = {};
    const deployGateScenario = (key: string, name: string, path: string, expectation: () => Promise<DeployGateExpectation>) => {
      const scenario: Scenario & { warmup: LoadRequest; key: string; path: string } = {
        key,
        path,
        name,
        request: { kind: 'get', path },
        warmup: { kind: 'get', path },
        prepare: async () => {
          if (!gate) return `the seed has no deploy-gate data (${gateSkipped})`;
          const expected = await expectation();
          out(
            `  ${key}: the tables say deployable ${expected.deployable} (${expected.success} verified, ${expected.failed} failed, ` +
              `${expected.unknown} without a verification)`,
          );
          const response = await fetch(`${baseUrl}${path}`, { headers: { accept: 'application/hal+json' } });
          const text = await response.text();
          if (response.status === 404 && /No resource found/.test(text)) {
            return `GET ${path.split('?')[0]} answers 404 (route not in this build)`;
          }
          if (response.status !== 200) throw new Error(`GET ${path} returned ${response.status}: ${text.slice(0, 500)}`);
          const body = JSON.parse(text) as MatrixBody;
          const answer = {
            deployable: body.summary?.deployable,
            success: body.summary?.success,
            failed: body.summary?.failed,
            unknown: body.summary?.unknown,
            rows: body.matrix?.length ?? 0,
            reason: body.summary?.reason,
            bytes: text.length,
          };
          deployGate[key] = { path, expected, answer };
          out(
            `  ${key}: answered deployable ${answer.deployable}; ${answer.rows} rows, success ${answer.success}, ` +
              `failed ${answer.failed}, unknown ${answer.unknown}; ${(answer.bytes / 1024).toFixed(1)} KiB; ` +
              `reason: ${String(answer.reason ?? '').split('\n')[0]}`,
          );
          if (answer.deployable !== expected.deployable) {
            throw new Error(`GET ${path}: summary.deployable ${answer.deployable}, expected ${expected.deployable}: ${text.slice(0, 800)}`);
          }
          if (answer.success !== expected.success || answer.failed !== expected.failed || answer.unknown !== expected.unknown) {
            out(`  ${key}: WARNING — the summary counts differ from the ones worked out from the tables`);
          }
          scenario.request = { kind: 'get', path, deployable: expected.deployable };
          scenario.warmup = scenario.request;
          const gateRequest = { path, headers: { accept: 'application/hal+json' }, mustMatch: `"summary"\\s*:\\s*\\{\\s*"deployable"\\s*:\\s*${String(expected.deployable)}\\b` };
          const u = await sequentialLatency(baseUrl, gateRequest, { warm: 200, measured: 1000, maxSeconds: 30 });
          const gateProblem =
            unexpectedStatuses(u) ??
            (u.mismatches ? `${u.mismatches} answers without deployable ${expected.deployable}: ${u.mismatch?.slice(0, 500)}` : undefined) ??
            (deployableOf(u.last) !== expected.deployable ? `the last answer says deployable ${deployableOf(u.last)}` : undefined);
          if (gateProblem) throw new Error(`GET ${path} (sequential): ${gateProblem}`);
          unloaded[key] = u;
          out(`  unloaded ${key} (${u.requests} sequential requests): p50 ${fmt(u.p50, 2)} ms, p99 ${fmt(u.p99, 2)} ms`);
          const c = await sequentialLatency(baseUrl, { ...gateRequest, writeBefore }, COMPUTED);
          const computedProblem = unexpectedStatuses(c) ?? (c.mismatches ? `${c.mismatches} answers without deployable ${expected.deployable}: ${c.mismatch?.slice(0, 500)}` : undefined);
          if (computedProblem) throw new Error(`GET ${path} (sequential, after writes): ${computedProblem}`);
          unloaded[`${key}Computed`] = c;
          out(`  unloaded ${key}, computed after a write each time (${c.requests} requests): p50 ${fmt(c.p50, 2)} ms, p99 ${fmt(c.p99, 2)} ms`);
          const parallelism = kind === 'pglite' ? 1 : Math.min(CONNECTIONS, cpus().length);
          const wanted = Math.min(120, Math.ceil((30 * u.p50) / 1000 / parallelism));
          if (wanted > DURATION) {
            scenario.durationSeconds = wanted;
            out(`  measuring ${key} for ${wanted} s (BENCH_DURATION ${DURATION} s is too short for ~30 responses)`);
          }
          return undefined;
        },
      };
      return scenario;
    };
    const canIDeployPath = (pacticipant: string, version: string) =>
      `/can-i-deploy?pacticipant=${enc(pacticipant)}&version=${enc(version)}&environment=production`;
    const deployGateScenarios = gate
      ? [
          deployGateScenario(
            'canIDeployLeaf',
            `GET can-i-deploy leaf → production (${gate.leaf.providers.length} providers)`,
            canIDeployPath(gate.leaf.consumer, gate.leaf.version),
            () => deployGateExpectation(database, { consumer: gate.leaf.consumer, version: gate.leaf.version, environment: 'production' }),
          ),
          deployGateScenario(
            'canIDeployHub',
            `GET can-i-deploy hub → production (${Number(hubConsumers?.n)} integrations)`,
            canIDeployPath(gate.hub.provider, gate.hub.version),
            () => deployGateExpectation(database, { provider: gate.hub.provider, version: gate.hub.version, environment: 'production' }),
          ),
          deployGateScenario(
            'matrixExplicit',
            'GET matrix two explicit versions',
            `/matrix?q[][pacticipant]=${enc(gate.pair.consumer)}&q[][version]=${enc(gate.pair.consumerVersion)}` +
              `&q[][pacticipant]=${enc(gate.pair.provider)}&q[][version]=${enc(gate.pair.providerVersion)}&latestby=cvpv`,
            () => deployGateExpectation(database, { pair: gate.pair }),
          ),
          deployGateScenario(
            'canIDeployLeafViaMatrix',
            'GET can-i-deploy leaf via /matrix as the CLI sends it',
            `/matrix?q[][pacticipant]=${enc(gate.leaf.consumer)}&q[][version]=${enc(gate.leaf.version)}&latestby=cvpv&environment=production`,
            () => deployGateExpectation(database, { consumer: gate.leaf.consumer, version: gate.leaf.version, environment: 'production' }),
          ),
        ]
      : [];
    if (gate) {
      out(
        `deploy gate: leaf ${gate.leaf.consumer} version ${gate.leaf.version} → ` +
          `${gate.leaf.providers.map((p) => `${p.name} (production ${p.productionVersion})`).join(', ')}; ` +
          `hub ${gate.hub.provider} version ${gate.hub.version} (production ${gate.hub.productionVersion}); ` +
          `pair ${gate.pair.consumer} ${gate.pair.consumerVersion} × ${gate.pair.provider} ${gate.pair.providerVersion}`,
      );
      const inProduction = await hubConsumersInEnvironment(database, layout.hubId, 'production');
      out(
        `  hub consumers in production: ${inProduction.consumers} of ${layout.hubConsumers} consumers, ${inProduction.versions} ` +
          `versions (${inProduction.deployed} deployed, ${inProduction.released} released and supported), ` +
          `${inProduction.withPact} with a pact with the hub`,
      );
      if (inProduction.consumers < layout.hubConsumers) {
        throw new Error(`only ${inProduction.consumers} of the hub's ${layout.hubConsumers} consumers have a version in production`);
      }
    } else {
      out(`deploy gate: not seeded (${gateSkipped})`);
    }

    const scenarios: Array<Scenario & { warmup: LoadRequest }> = !RUN_STANDARD ? [] : [
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
      ...readScenarios,
      ...deployGateScenarios,
      forVerificationScenario,
      verificationScenario,
    ];

    if (RUN_STANDARD) out();
    if (RUN_STANDARD) out(`Load: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s measured per scenario (autocannon in a worker thread)`);
    const results: ScenarioResult[] = [];
    const skipped: Array<{ name: string; reason: string }> = [];
    const failures: string[] = [];
    const contended: string[] = [];
    for (const scenario of scenarios) {
      // BENCH_ONLY=<regex> keeps the heartbeat (the baseline every ratio needs) and the scenarios whose name matches.
      if (ONLY && results.length > 0 && !ONLY.test(scenario.name)) continue;
      const skip = await scenario.prepare?.();
      if (skip !== undefined) {
        skipped.push({ name: scenario.name, reason: skip });
        out(`  ${scenario.name}: SKIPPED — ${skip}`);
        continue;
      }
      if (WARMUP > 0) {
        const warm = await runLoad({ baseUrl, connections: CONNECTIONS, durationSeconds: WARMUP, request: scenario.warmup });
        if (warm.non2xx || warm.errors || warm.unexpected) failures.push(`${scenario.name} (warm-up): ${describeFailure(warm)}`);
        await drain();
      }
      const durationSeconds = Math.max(DURATION, scenario.durationSeconds ?? 0);
      const cpuAtStart = cpuSnapshot(pgDatabase);
      const stats = await runLoad({ baseUrl, connections: CONNECTIONS, durationSeconds, request: scenario.request });
      const cpu = cpuSince(cpuAtStart);
      await drain();
      const baseline = results[0]?.stats ?? stats;
      results.push({
        name: scenario.name,
        stats,
        ...(scenario.pactsPerRequest ? { pactsPerSecond: stats.requestsPerSecond * scenario.pactsPerRequest } : {}),
        rpsRatio: baseline.requestsPerSecond / stats.requestsPerSecond,
        p50Ratio: stats.latencyMs.p50 / baseline.latencyMs.p50,
        p99Ratio: stats.latencyMs.p99 / baseline.latencyMs.p99,
        cpu,
      });
      out(
        `  ${scenario.name}: ${stats.responses} responses in ${stats.seconds.toFixed(1)} s, ` +
          `p50 ${fmt(stats.latencyMs.p50, 2)} ms, p99 ${fmt(stats.latencyMs.p99, 2)} ms; CPU cores: server thread ` +
          `${fmt(cpu.serverThreadCores, 2)} (event loop ${fmt(cpu.serverEventLoop * 100, 0)}% busy), load generator and helper threads ` +
          `${fmt(cpu.restOfProcessCores, 2)}, PostgreSQL ${fmt(cpu.postgresCores, 2)}, other programs ${fmt(cpu.otherCores, 2)}, ` +
          `machine ${fmt(cpu.machineCores, 2)} of ${cpus().length}`,
      );
      if (cpu.otherCores > 0.25) {
        const warning = `${scenario.name}: other programs used ${fmt(cpu.otherCores, 2)} cores meanwhile; its numbers are not clean`;
        contended.push(warning);
        out(`  WARNING — ${warning}`);
      }
      if (stats.non2xx || stats.errors || stats.timeouts || stats.unexpected || stats.responses === 0) {
        failures.push(`${scenario.name}: ${describeFailure(stats)}`);
      }
    }

    // Before the noisy group, which publishes too: this group removes its webhooks when done.
    const webhooks: WebhookBenchReport | undefined = RUN_WEBHOOKS
      ? await runWebhookBench({
          baseUrl,
          database,
          settings: WEBHOOK_SETTINGS,
          publishSpec,
          createRunner: (overrides) => container.jobs.createRunner(overrides),
          runId,
          connections: CONNECTIONS,
          durationSeconds: DURATION,
          warmupSeconds: WARMUP,
          drain,
          pgDatabase,
          out,
        })
      : undefined;
    failures.push(...(webhooks?.failures ?? []));

    const noisy: NoisyReport | undefined = RUN_NOISY
      ? await runNoisy({
          baseUrl,
          limits: config.limits,
          names: {
            hub: layout.name(layout.hubId),
            hubConsumers: Array.from({ length: layout.hubConsumers }, (_, i) => layout.name(i + 1)),
            pacticipants: Array.from({ length: layout.hubId }, (_, i) => layout.name(i + 1)),
            versionsOwner: layout.name(1), // the consumer with the most versions (bench/seed.ts)
            runId,
          },
          connections: CONNECTIONS,
          noisyConnections: NOISY_CONNECTIONS,
          durationSeconds: DURATION,
          warmupSeconds: WARMUP,
          only: NOISY_CASES,
          unloadedHeartbeat: unloaded.heartbeat,
          drain,
          pgDatabase,
          out,
        })
      : undefined;
    failures.push(...(noisy?.failures ?? []));

    // Every publish request must have created a new version with both pacts (in-flight ones at the stop may add a few).
    const published = results.find((r) => r.name.startsWith('POST /contracts/publish'))?.stats;
    const [made] = await queryRows<{ versions: number; pacts: number }>(
      database.db,
      sql`select count(distinct v.id)::bigint as versions, count(l.consumer_version_id)::bigint as pacts
          from versions v left join latest_pact_publications l on l.consumer_version_id = v.id
          where v.number like ${`${publishPrefix}%`}`,
    );
    const versionsMade = Number(made?.versions ?? 0);
    const pactsMade = Number(made?.pacts ?? 0);
    if (published) {
      out(`  publish check: ${versionsMade} new versions and ${pactsMade} pacts stored for ${published.responses} responses`);
      if (versionsMade < published.responses || versionsMade > published.responses + CONNECTIONS || pactsMade !== versionsMade * 2) {
        failures.push(`publish: expected one new version with 2 pacts per response, got ${versionsMade} versions / ${pactsMade} pacts`);
      }
    }

    // Every verification result must have stored one verification, one new provider version and its latest pointer.
    let verificationCheck: { responses: number; verifications: number; providerVersions: number; latest: number } | undefined;
    const verified = results.find((r) => r.name === verificationScenario.name)?.stats;
    if (verified) {
      const [row] = await queryRows<{ verifications: number; versions: number; latest: number }>(
        database.db,
        sql`select count(v.id)::bigint as verifications, count(distinct pv.id)::bigint as versions,
                   (select count(*) from latest_verifications lv join versions x on x.id = lv.provider_version_id
                    where x.pacticipant_id = ${layout.hubId} and x.number like ${`${verificationPrefix}%`})::bigint as latest
            from versions pv join verifications v on v.provider_version_id = pv.id
            where pv.pacticipant_id = ${layout.hubId} and pv.number like ${`${verificationPrefix}%`}`,
      );
      verificationCheck = {
        responses: verified.responses,
        verifications: Number(row?.verifications ?? 0),
        providerVersions: Number(row?.versions ?? 0),
        latest: Number(row?.latest ?? 0),
      };
      const c = verificationCheck;
      out(
        `  verification check: ${c.verifications} verifications, ${c.providerVersions} new provider versions and ${c.latest} ` +
          `latest_verifications rows stored for ${c.responses} responses`,
      );
      if (c.verifications < c.responses || c.verifications > c.responses + CONNECTIONS || c.providerVersions !== c.verifications || c.latest !== c.verifications) {
        failures.push(`verification results: expected one verification, provider version and latest row per response, got ${JSON.stringify(c)}`);
      }
    }

    // Where the deploy-gate time goes: the statements of one request, recorded at the driver and explained with their
    // own parameters on the loaded store. The pool is warmed with concurrent requests first (a request runs some
    // statements in parallel, and a fresh connection's first statements pay for its catalog caches); of five recorded
    // requests the median one is kept.
    const deployGateSql: Record<string, DeployGateSql> = {};
    for (const scenario of deployGateScenarios) {
      if (!results.some((r) => r.name === scenario.name)) continue;
      const send = async () => {
        const response = await fetch(`${baseUrl}${scenario.path}`, { headers: { accept: 'application/hal+json' } });
        await response.text();
        if (response.status !== 200) throw new Error(`GET ${scenario.path} returned ${response.status}`);
      };
      for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: CONNECTIONS }, send));
      const recorded: Array<{ requestMs: number; queries: CapturedQuery[] }> = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const { queries } = await captureQueries(database, send);
        recorded.push({ requestMs: performance.now() - t, queries });
      }
      recorded.sort((a, b) => a.requestMs - b.requestMs);
      const { requestMs, queries } = recorded[2]!;
      const statements: DeployGateSql['statements'] = [];
      for (const query of queries) {
        statements.push(explainable(query.text) ? { ...query, ...(await explainCaptured(database, query)) } : query);
      }
      deployGateSql[scenario.key] = { requestMs, storeMs: storeWallMs(queries), statements };
    }

    // The statements of one for-verification request, recorded the same way (the median of five).
    let forVerificationSql: { requestMs: number; storeMs: number; statements: CapturedQuery[] } | undefined;
    if (results.some((r) => r.name === forVerificationScenario.name)) {
      const recorded: Array<{ requestMs: number; queries: CapturedQuery[] }> = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const { queries } = await captureQueries(database, () => postForVerification(baseUrl, forVerificationPath, forVerificationBody));
        recorded.push({ requestMs: performance.now() - t, queries });
      }
      recorded.sort((a, b) => a.requestMs - b.requestMs);
      const { requestMs, queries } = recorded[2]!;
      forVerificationSql = { requestMs, storeMs: storeWallMs(queries), statements: queries };
    }

    // Where the read time goes: the exact SQL the repository runs, explained on the loaded store.
    const pactsRepo = createPactsRepository(database.db);
    const plans: Record<string, string[]> = {
      latest: await explainAnalyze(database, (ex) => pactsRepo.latestForIntegration(target.consumerId, target.providerId, ex)),
      branchLatest: await explainAnalyze(database, (ex) =>
        pactsRepo.latestForIntegrationOnBranch(target.consumerId, target.providerId, 'main', ex),
      ),
    };
    // The three heavy queries of for-verification, with the arguments the service would pass for the measured request.
    const environmentNames = new Set(
      (await queryRows<{ name: string }>(database.db, sql`select name from environments`)).map((r) => r.name),
    );
    const parsed = parseForVerificationRequest(forVerificationInput, { environmentNames, limits: DEFAULT_LIMITS });
    if (!parsed.ok) throw new Error(`the for-verification request does not parse: ${JSON.stringify(parsed.errors)}`);
    const fvRepo = createForVerificationRepository(database.db);
    const needs = candidateNeeds(parsed.request.selectors);
    const since = parsed.request.includeWipPactsSince!;
    const providerContext = await fvRepo.providerContext(target.providerId, parsed.request.providerVersionBranch, []);
    const explicit = selectPacts(parsed.request.selectors, await fvRepo.candidates(target.providerId, needs, DEFAULT_LIMITS.historyVersions));
    const wipCandidates = await fvRepo.wipCandidates(target.providerId, since);
    const contentIds = [...new Set([...explicit.map((p) => p.pactVersionId), ...wipCandidates.map((c) => c.pactVersionId)])];
    plans.candidates = await explainAnalyze(database, (ex) => fvRepo.candidates(target.providerId, needs, DEFAULT_LIMITS.historyVersions, ex));
    plans.wipCandidates = await explainAnalyze(database, (ex) => fvRepo.wipCandidates(target.providerId, since, ex));
    plans.verificationFacts = await explainAnalyze(database, (ex) =>
      fvRepo.verificationFacts(
        { pending: explicit.map((p) => p.pactVersionId), wip: wipCandidates.map((c) => c.pactVersionId) },
        { branch: { id: providerContext.branch?.id ?? null }, tags: [] },
        ex,
      ),
    );
    out(
      `  for-verification queries explained with ${explicit.length} explicit pacts, ${wipCandidates.length} WIP candidates, ` +
        `${contentIds.length} contents`,
    );
    for (const [key, captured] of Object.entries(deployGateSql)) {
      captured.statements.forEach((st, i) => {
        if (st.plan) plans[`${key} #${i + 1}`] = st.plan;
      });
    }

    // The rss group last: the server in a process of its own on this store (PGlite: this process lets go of it first).
    const rss: RssReport[] = [];
    if (RUN_RSS) {
      await app.close();
      app = undefined;
      if (kind === 'pglite') await database.close();
      const byKey = (key: string) => readScenarios.find((s) => s.key === key)!;
      const gateLoad = (key: string) => deployGateScenarios.find((s) => s.key === key);
      const read = (key: string): RssLoad => ({ name: byKey(key).name, request: byKey(key).request });
      const gates = deployGateScenarios.map((s) => ({ name: s.name, request: s.request }));
      const fv: RssLoad = { name: forVerificationScenario.name, request: forVerificationScenario.request };
      const publish = (vary: string): RssLoad => ({ name: 'POST /contracts/publish', request: { kind: 'publish', spec: publishSpec(`bench-${runId}-rss-${vary}-`, 3_000_000) } });
      const mixedGates = ['canIDeployHub', 'canIDeployLeaf', 'matrixExplicit'].flatMap((key) => {
        const s = gateLoad(key);
        return s ? [{ name: s.name, request: s.request }] : [];
      });
      out();
      out(`rss: ${CONNECTIONS} connections per phase, ${RSS_SECONDS} s each, ${RSS_NODE_ARGS.length} variant(s) in turn on this store`);
      for (const [variant, nodeArgs] of RSS_NODE_ARGS.entries()) {
        const report = await runRssBench({
          store: store.serverEnv,
          connections: CONNECTIONS,
          durationSeconds: RSS_SECONDS,
          sampleMs: RSS_SAMPLE_MS,
          nodeArgs,
          out,
          phases: [
            { name: 'reads', loads: ['latest', 'branchLatest', 'pactForVersion', 'pactVersion', 'pacticipant', 'version', 'index'].map(read) },
            ...(gates.length ? [{ name: 'deploy gates', loads: gates }] : []),
            { name: 'for-verification', loads: [fv] },
            { name: 'publish', loads: [publish(`${variant}p`)] },
            { name: 'mixed (publish, gates, for-verification, reads)', loads: [publish(`${variant}m`), ...mixedGates, fv, read('latest'), read('pactForVersion')] },
          ],
        });
        rss.push(report);
        failures.push(...report.failures);
      }
    }

    out();
    if (results.length) out(
      `Results — store ${kind}; seeded ${counts.versions!.toLocaleString('en-US')} versions, ` +
        `${counts.pact_publications!.toLocaleString('en-US')} pact publications, ${counts.pacticipants} pacticipants ` +
        `(seeding ${seeded.seconds.toFixed(1)} s)`,
    );
    if (results.length) printTable(
      ['scenario', 'requests/s', 'pacts/s', 'p50 ms', 'p99 ms', 'baseline rps ÷ rps', 'p50 ÷ baseline p50', 'p99 ÷ baseline p99'],
      results.map((r) => [
        r.name,
        fmt(r.stats.requestsPerSecond, 0),
        r.pactsPerSecond === undefined ? '' : fmt(r.pactsPerSecond, 0),
        fmt(r.stats.latencyMs.p50, 2),
        fmt(r.stats.latencyMs.p99, 2),
        fmt(r.rpsRatio, 2),
        fmt(r.p50Ratio, 2),
        fmt(r.p99Ratio, 2),
      ]),
    );
    for (const s of skipped) out(`${s.name}: SKIPPED — ${s.reason}`);
    for (const warning of contended) out(`WARNING — ${warning}`);
    out();
    const hb = unloaded.heartbeat;
    for (const [name, u] of Object.entries(unloaded)) {
      const ratios = hb && name !== 'heartbeat' ? ` (÷ unloaded heartbeat: p50 ${fmt(u.p50 / hb.p50, 2)}, p99 ${fmt(u.p99 / hb.p99, 2)})` : '';
      out(`unloaded ${name} (${u.requests ?? 250} sequential requests): p50 ${fmt(u.p50, 2)} ms, p99 ${fmt(u.p99, 2)} ms${ratios}`);
    }
    for (const [name, plan] of Object.entries(plans)) {
      const timing = plan.filter((l) => /^(Planning|Execution) Time/.test(l.trim())).map((l) => l.trim());
      out(`EXPLAIN ANALYZE ${name}: ${timing.join(', ')}`);
      // The deploy-gate plans are printed below with their SQL.
      if (EXPLAIN_FULL && !(name.split(' #')[0]! in deployGateSql)) for (const line of plan) out(`    ${line}`);
    }
    reportReads({ results, unloaded, scenarios: readScenarios, kind });
    reportDeployGate({ results, unloaded, deployGate, deployGateSql, scenarios: deployGateScenarios, kind });
    reportForVerificationSql(forVerificationSql);
    reportGateTargets({
      results,
      unloaded,
      kind,
      gates: [
        ...deployGateScenarios.filter((s) => s.key !== 'canIDeployLeafViaMatrix').map((s) => ({ key: s.key, name: s.name, targetMs: 10 })),
        { key: 'forVerification', name: forVerificationScenario.name, targetMs: 50 },
      ],
    });
    if (rss.length) reportRss(rss, out);
    if (noisy) reportNoisy(noisy, { connections: CONNECTIONS, noisyConnections: NOISY_CONNECTIONS, unloadedHeartbeat: unloaded.heartbeat, out });

    const output = env.BENCH_OUTPUT || join(tmpdir(), `treaty-bench-${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      output,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          store: kind,
          node: process.version,
          cpus: cpus().length,
          load: { connections: CONNECTIONS, warmupSeconds: WARMUP, durationSeconds: DURATION, scenarios: selected },
          limits: config.limits,
          sizes,
          counts,
          seed: { seconds: seeded.seconds, steps: seeded.steps, foreignKeyChecks: seeded.foreignKeyChecks },
          target,
          scenarios: results,
          cliStartup,
          publishCheck: { versions: versionsMade, pacts: pactsMade },
          forVerification: { request: forVerificationInput, ...forVerification },
          verificationCheck,
          deployGate: { seeded: seeded.deployGate, answers: deployGate, sql: deployGateSql },
          skipped,
          contended,
          unloaded,
          plans,
          webhooks,
          noisy,
          rss,
          failures,
        },
        null,
        2,
      )}\n`,
    );
    out(`results written to ${output}`);
    out(`total ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);

    if (failures.length) {
      throw new Error(`benchmark FAILED — unexpected statuses or answers, errors:\n  ${failures.join('\n  ')}`);
    }
  } finally {
    await app?.close().catch(() => undefined);
    await store.dispose();
  }
}

/** The server thread's CPU time per response under load (ms). */
const cpuMsPerRequest = (r: ScenarioResult) => (1000 * r.cpu.serverThreadCores) / r.stats.requestsPerSecond;

/** Issue 14's single-resource read targets: unloaded p50 ≤ 1 ms (PostgreSQL) / 2 ms (PGlite), rps at c=8 ≥ 0.25 × heartbeat. */
function reportReads(input: {
  results: ScenarioResult[];
  unloaded: Record<string, { p50: number; p99: number; requests?: number }>;
  scenarios: Array<{ key: string; name: string }>;
  kind: 'postgres' | 'pglite';
}): void {
  const { results, unloaded, scenarios, kind } = input;
  const ran = scenarios.filter((s) => unloaded[s.key] && results.some((r) => r.name === s.name));
  if (ran.length === 0) return;
  const baseline = results[0]!.stats;
  const hb = unloaded.heartbeat;
  const p50Target = kind === 'postgres' ? 1 : 2;
  out();
  out(`Single-resource reads against the heartbeat of this run (targets: unloaded p50 ≤ ${p50Target} ms on ${kind}, rps @${CONNECTIONS} ≥ 0.25 × heartbeat):`);
  printTable(
    ['scenario', 'unloaded p50', 'p99', '÷ hb p50', `p50 ≤ ${p50Target} ms`, `rps @${CONNECTIONS}`, 'rps ÷ hb rps', '≥ 0.25', 'p50', 'p99', 'server CPU ms/req', '÷ hb', 'PG CPU ms/req'],
    ran.map((s) => {
      const r = results.find((x) => x.name === s.name)!;
      const u = unloaded[s.key]!;
      const share = r.stats.requestsPerSecond / baseline.requestsPerSecond;
      return [
        s.name,
        fmt(u.p50, 2),
        fmt(u.p99, 2),
        hb ? fmt(u.p50 / hb.p50, 1) : '-',
        u.p50 <= p50Target ? 'met' : 'MISSED',
        fmt(r.stats.requestsPerSecond, 0),
        fmt(share, 2),
        share >= 0.25 ? 'met' : 'MISSED',
        fmt(r.stats.latencyMs.p50, 2),
        fmt(r.stats.latencyMs.p99, 2),
        fmt(cpuMsPerRequest(r), 3),
        fmt(cpuMsPerRequest(r) / cpuMsPerRequest(results[0]!), 1),
        fmt((1000 * r.cpu.postgresCores) / r.stats.requestsPerSecond, 3),
      ];
    }),
  );
  out(`(heartbeat: unloaded p50 ${fmt(hb?.p50 ?? NaN, 2)} ms, p99 ${fmt(hb?.p99 ?? NaN, 2)} ms; at ${CONNECTIONS} connections ${fmt(baseline.requestsPerSecond, 0)} rps, ` +
    `${fmt(cpuMsPerRequest(results[0]!), 3)} ms of server-thread CPU a request. CPU a request is the figure least disturbed by other programs on a shared machine)`);
}

/** The deploy-gate summary: each scenario against the heartbeat baseline of this run, the target, and its SQL. */
function reportDeployGate(input: {
  results: ScenarioResult[];
  unloaded: Record<string, { p50: number; p99: number; requests?: number }>;
  deployGate: Record<string, DeployGateRun>;
  deployGateSql: Record<string, DeployGateSql>;
  scenarios: Array<{ key: string; name: string; path: string }>;
  kind: 'postgres' | 'pglite';
}): void {
  const { results, unloaded, deployGate, deployGateSql, scenarios, kind } = input;
  const ran = scenarios.filter((s) => deployGate[s.key] && results.some((r) => r.name === s.name));
  if (ran.length === 0) return;
  const baseline = results[0]!.stats;
  const hb = unloaded.heartbeat;
  out();
  out('Deploy gate (can-i-deploy / matrix), each against the heartbeat baseline of this run:');
  printTable(
    ['scenario', 'deployable', 'rows', 'unloaded p50', 'p99', '÷ hb p50', '÷ hb p99', `rps @${CONNECTIONS}`, 'p50', 'p99', 'hb rps ÷ rps', '÷ hb p50', '÷ hb p99', 'server cores', 'PG cores', 'other cores', 'SQL stmts'],
    ran.map((s) => {
      const r = results.find((x) => x.name === s.name)!;
      const u = unloaded[s.key]!;
      const answer = deployGate[s.key]!.answer;
      return [
        s.name,
        String(answer.deployable),
        String(answer.rows),
        fmt(u.p50, 2),
        fmt(u.p99, 2),
        hb ? fmt(u.p50 / hb.p50, 1) : '-',
        hb ? fmt(u.p99 / hb.p99, 1) : '-',
        fmt(r.stats.requestsPerSecond, 0),
        fmt(r.stats.latencyMs.p50, 2),
        fmt(r.stats.latencyMs.p99, 2),
        fmt(r.rpsRatio, 2),
        fmt(r.p50Ratio, 1),
        fmt(r.p99Ratio, 1),
        fmt(r.cpu.serverThreadCores, 2),
        fmt(r.cpu.postgresCores, 2),
        fmt(r.cpu.otherCores, 2),
        String(deployGateSql[s.key]?.statements.length ?? '-'),
      ];
    }),
  );
  out(`(heartbeat: unloaded p50 ${fmt(hb?.p50 ?? NaN, 2)} ms, p99 ${fmt(hb?.p99 ?? NaN, 2)} ms; at ${CONNECTIONS} connections ` +
    `${fmt(baseline.requestsPerSecond, 0)} rps, p50 ${fmt(baseline.latencyMs.p50, 2)} ms, p99 ${fmt(baseline.latencyMs.p99, 2)} ms. ` +
    `CPU under load in cores: server = Treaty's thread, PG = PostgreSQL's processes; the load generator has the rest of ${cpus().length})`);
  for (const s of ran) {
    const captured = deployGateSql[s.key];
    if (!captured) continue;
    out();
    out(
      `SQL of one ${s.key} request (the median of 5): ${captured.statements.length} statements, ${fmt(captured.requestMs, 2)} ms for ` +
        `the request, of which ${fmt(captured.storeMs, 2)} ms with a statement in flight and ` +
        `${fmt(captured.requestMs - captured.storeMs, 2)} ms in the server itself (parsing, building rows, presenting, JSON, HTTP)`,
    );
    out(`  (per statement: sent at, client-side time incl. round trip, rows; EXPLAIN ANALYZE planning + execution, and execution with TIMING OFF)`);
    captured.statements.forEach((st, i) => {
      const timing =
        st.executionMs === undefined
          ? ''
          : ` | plan ${fmt(st.planningMs ?? NaN, 2)} + exec ${fmt(st.executionMs, 2)} ms (timing off ${fmt(st.executionMsTimingOff ?? NaN, 2)})`;
      out(`  #${i + 1} at ${fmt(st.startMs, 2)} ms: ${fmt(st.ms, 2)} ms, ${st.rows} rows${timing}: ${oneLine(st.text, 140)}`);
    });
    const slowest = captured.statements
      .filter((st) => st.plan)
      .reduce<(typeof captured.statements)[number] | undefined>((a, b) => (!a || (b.executionMs ?? 0) > (a.executionMs ?? 0) ? b : a), undefined);
    // The slowest statement in full, every one with BENCH_EXPLAIN=1.
    captured.statements.forEach((st, i) => {
      if (!st.plan || (st !== slowest && !EXPLAIN_FULL)) return;
      out(`  ${st === slowest ? 'slowest, ' : ''}#${i + 1}: ${oneLine(st.text, 4000)}`);
      out(`  parameters: ${oneLine(JSON.stringify(st.values), 1000)}`);
      for (const line of st.plan) out(`    ${line}`);
    });
  }
}

/**
 * Issue 14's deploy-gate targets, each met or missed on the unloaded (sequential) p99; the c=CONNECTIONS numbers are
 * printed next to them. The embedded-within-2x-of-PostgreSQL target needs two runs: compare the unloaded p99 lines.
 */
function reportGateTargets(input: {
  results: ScenarioResult[];
  unloaded: Record<string, { p50: number; p99: number; requests?: number }>;
  kind: 'postgres' | 'pglite';
  gates: Array<{ key: string; name: string; targetMs: number }>;
}): void {
  const { results, unloaded, kind, gates } = input;
  const ran = gates.filter((g) => unloaded[g.key] && results.some((r) => r.name === g.name));
  if (ran.length === 0) return;
  const hb = unloaded.heartbeat;
  out();
  out(`Deploy-gate targets (issue 14; p99 of sequential requests, store ${kind}${kind === 'postgres' ? '' : ' — the absolute targets are for PostgreSQL, embedded must be within 2× of it'}):`);
  printTable(
    [
      'target',
      'unloaded p50 ms',
      'unloaded p99 ms',
      'p99 target ms',
      'verdict',
      'computed p50 ms',
      'computed p99 ms',
      'verdict computed',
      `p50 @${CONNECTIONS} ms`,
      `p99 @${CONNECTIONS} ms`,
      `rps @${CONNECTIONS}`,
    ],
    ran.map((g) => {
      const u = unloaded[g.key]!;
      const c = unloaded[`${g.key}Computed`];
      const r = results.find((x) => x.name === g.name)!;
      return [
        g.key,
        fmt(u.p50, 2),
        fmt(u.p99, 2),
        String(g.targetMs),
        u.p99 <= g.targetMs ? 'met' : 'MISSED',
        c ? fmt(c.p50, 2) : '-',
        c ? fmt(c.p99, 2) : '-',
        c ? (c.p99 <= g.targetMs ? 'met' : 'MISSED') : '-',
        fmt(r.stats.latencyMs.p50, 2),
        fmt(r.stats.latencyMs.p99, 2),
        fmt(r.stats.requestsPerSecond, 0),
      ];
    }),
  );
  if (hb) out(`(same run's unloaded heartbeat: p50 ${fmt(hb.p50, 2)} ms, p99 ${fmt(hb.p99, 2)} ms)`);
  out('(unloaded: the same question asked again, answered from the answer cache while no write commits; computed: after a write each time)');
}

/** The statements of one for-verification request (the median of 5), as for the deploy gates. */
function reportForVerificationSql(captured: { requestMs: number; storeMs: number; statements: CapturedQuery[] } | undefined): void {
  if (!captured) return;
  out();
  out(
    `SQL of one for-verification request (the median of 5): ${captured.statements.length} statements, ${fmt(captured.requestMs, 2)} ms for ` +
      `the request, of which ${fmt(captured.storeMs, 2)} ms with a statement in flight and ` +
      `${fmt(captured.requestMs - captured.storeMs, 2)} ms in the server itself (selecting, presenting, JSON, HTTP)`,
  );
  captured.statements.forEach((st, i) => out(`  #${i + 1} at ${fmt(st.startMs, 2)} ms: ${fmt(st.ms, 2)} ms, ${st.rows} rows: ${oneLine(st.text, 140)}`));
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

function describeFailure(stats: LoadStats): string {
  return (
    `${stats.non2xx} non-2xx (${JSON.stringify(stats.statusCounts)}), ${stats.errors} errors, ${stats.timeouts} timeouts, ` +
    `${stats.unexpected} 2xx with an unexpected summary.deployable` +
    (stats.firstFailure ? `; first failure: ${stats.firstFailure}` : '') +
    (stats.firstUnexpected ? `; first unexpected: ${stats.firstUnexpected}` : '')
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
