// The webhooks scenario group of `npm run bench` (BENCH_SCENARIOS=webhooks runs only it), on the seeded store:
// 1. Publishing with and without webhooks: the standard publish load (a new version of a hub consumer with 2 pacts per
//    request) with none of this group's webhooks, then with BENCH_WEBHOOKS webhooks that match every pact published
//    (by any, by consumer label, by provider label, by both labels) plus a few that must not fire (disabled, another
//    event, a label nobody has, a pacticipant that never consumes). Issue 14's target: publishing costs at most 1.10×
//    with them; printed as met / NOT met, never failing the run. Rounds alternate the order (none first, then with,
//    then the other way round) so a drift of the shared machine falls on both sides. A publish writes one expansion
//    job (src/webhooks/trigger.ts); after each load they are expanded into triggered webhooks and delivery jobs, as the
//    runner does before its next claim, timed apart (CPU per publish, printed next to the publish's own).
// 2. Delivering: the job runner (this server's handlers, the configured concurrency) delivers BENCH_WEBHOOK_DELIVERIES
//    of the triggered webhooks to a local HTTP sink on 127.0.0.1; deliveries per second.
// Wrong answers fail the run (non-zero exit): a publish that stored other than one version with 2 pacts, triggered
// webhooks or jobs other than one per matching webhook and pact once expanded (none without webhooks), an expansion
// job left pending, a delivery missing, repeated, not for one of the chosen jobs, or with a body that is not the job's
// rendered template.
//
// Environment (besides run.ts's): BENCH_WEBHOOKS (matching webhooks, 20), BENCH_WEBHOOK_OTHERS (non-matching ones, 4),
// BENCH_WEBHOOK_ROUNDS (pairs of publish measurements, 2: one round swings too much on a shared machine), BENCH_WEBHOOK_DELIVERIES (500), BENCH_WEBHOOK_CONCURRENCY
// (the runner's jobs at once; TREATY_JOBS_CONCURRENCY's value by default).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';
import { queryRows } from '../src/db/query.js';
import type { JobRunner, JobRunnerOptions } from '../src/jobs/runner.js';
import { WEBHOOK_EXPANSION_JOB_KIND } from '../src/webhooks/webhook-jobs.js';
import { createWebhookExpansion } from '../src/webhooks/webhook-expansion.repository.js';
import { captureQueries, storeWallMs } from './capture.js';
import { cpuSince, cpuSnapshot, type CpuShare } from './cpu.js';
import { percentile, runLoad, type LoadStats } from './load.js';
import { publishBodies, type PublishSpec } from './pacts.js';
import { printTable } from './table.js';

export interface WebhookBenchSettings {
  webhooks: number;
  others: number;
  rounds: number;
  deliveries: number;
  /** Undefined: the server's TREATY_JOBS_CONCURRENCY. */
  concurrency: number | undefined;
}

const intFrom = (env: Record<string, string | undefined>, name: string, fallback: number, min: number): number => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got '${raw}'`);
  return value;
};

export function webhookBenchSettings(env: Record<string, string | undefined>): WebhookBenchSettings {
  const concurrency = env.BENCH_WEBHOOK_CONCURRENCY?.trim() ? intFrom(env, 'BENCH_WEBHOOK_CONCURRENCY', 4, 1) : undefined;
  return {
    webhooks: intFrom(env, 'BENCH_WEBHOOKS', 20, 1),
    others: intFrom(env, 'BENCH_WEBHOOK_OTHERS', 4, 0),
    rounds: intFrom(env, 'BENCH_WEBHOOK_ROUNDS', 2, 1),
    deliveries: intFrom(env, 'BENCH_WEBHOOK_DELIVERIES', 500, 0),
    concurrency,
  };
}

/** What the server needs so this group's webhooks may call the sink (http on 127.0.0.1). */
export const WEBHOOK_BENCH_ENV = { TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'https http', TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1' };

/** Issue 14: publishing with webhooks costs at most this much more time than without. */
export const PUBLISH_WITH_WEBHOOKS_TARGET = 1.1;

export interface WebhookBenchOptions {
  baseUrl: string;
  database: Database;
  settings: WebhookBenchSettings;
  /** run.ts's publish load: every hub consumer round-robin, 2 pacts per request, changed content every 10th. */
  publishSpec: (prefix: string, changedVariantBase: number) => PublishSpec;
  /** A job runner with the server's handlers and configuration (container.jobs.createRunner). */
  createRunner: (overrides: Partial<JobRunnerOptions>) => JobRunner;
  runId: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  drain: () => Promise<void>;
  pgDatabase: string | undefined;
  out: (line?: string) => void;
}

/** Publishes sent one at a time, each recorded at the driver: what one publish costs, whatever the machine's load. */
interface PublishProbe {
  requests: number;
  p50Ms: number;
  /** SQL statements one publish sends (median), BEGIN/COMMIT included. */
  statements: number;
  /** Of the request, time with a statement in flight (median). */
  storeMs: number;
}

interface PublishRun {
  round: number;
  webhooks: number;
  stats: LoadStats;
  cpu: CpuShare;
  /** CPU of Treaty's thread and PostgreSQL's backends per response (ms): less sensitive to other programs than rps. */
  cpuMsPerPublish: number;
  probe: PublishProbe;
  versions: number;
  pacts: number;
  triggered: number;
  jobs: number;
  /**
   * Expanding what the run's publishes triggered into triggered webhooks and delivery jobs (the runner's work before
   * its next claim, or a read of triggered webhooks; trigger.ts), done right after the load so the check can count:
   * how many publishes' expansions (the load's, its warm-up's and the probe's), and their CPU per publish (ms).
   */
  expansion: { publishes: number; seconds: number; cpuMsPerPublish: number };
}

export interface WebhookBenchReport {
  settings: WebhookBenchSettings;
  publish: PublishRun[];
  /** Requests per second without ÷ with, over all rounds (time-weighted). */
  slowdown: number;
  /** CPU per publish with ÷ without, over all rounds. */
  cpuRatio: number;
  /** The same with the CPU of expanding what the publishes triggered added to the publishes with webhooks. */
  cpuRatioWithExpansion: number;
  met: boolean;
  delivery?: { deliveries: number; seconds: number; perSecond: number; concurrency: number | undefined; p50Ms: number; p99Ms: number };
  failures: string[];
}

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const enc = encodeURIComponent;

async function send(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? { accept: 'application/hal+json' } : { 'content-type': 'application/json', accept: 'application/hal+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

async function expectStatus(baseUrl: string, method: string, path: string, expect: number[], body?: unknown): Promise<void> {
  const r = await send(baseUrl, method, path, body);
  if (!expect.includes(r.status)) throw new Error(`webhooks bench setup: ${method} ${path} returned ${r.status}: ${r.text.slice(0, 500)}`);
}

/** The sink the deliveries go to: records each request's delivery id, arrival time and body; answers 200. */
async function startSink() {
  const received: Array<{ delivery: string; at: number; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ delivery: String(req.headers['x-treaty-delivery'] ?? ''), at: performance.now(), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The group's webhooks: `matching` that fire for every pact the load publishes, then `others` that never do. */
export function webhookBodies(options: { runId: string; sinkUrl: string; matching: number; others: number; consumerLabel: string; providerLabel: string; hub: string }) {
  const request = {
    method: 'POST',
    url: `${options.sinkUrl}/build`,
    headers: { 'Content-Type': 'application/json' },
    body: { pact: '${pactbroker.pactUrl}', consumer: '${pactbroker.consumerName}', version: '${pactbroker.consumerVersionNumber}', provider: '${pactbroker.providerName}' },
  };
  const sides = [
    {},
    { consumer: { label: options.consumerLabel } },
    { provider: { label: options.providerLabel } },
    { consumer: { label: options.consumerLabel }, provider: { label: options.providerLabel } },
  ];
  const misses = [
    { enabled: false },
    { events: [{ name: 'provider_verification_published' }] },
    { consumer: { label: `${options.consumerLabel}-nobody` } },
    { consumer: { name: options.hub } }, // the hub only provides
  ];
  const uuid = (i: number) => `bench-${options.runId}-hook-${String(i).padStart(4, '0')}`; // 16 or more of A-Z a-z 0-9 _ -
  const matching = Array.from({ length: options.matching }, (_, i) => ({
    uuid: uuid(i),
    body: { description: `bench webhook ${i}`, events: [{ name: 'contract_published' }], request, ...sides[i % sides.length] },
  }));
  const others = Array.from({ length: options.others }, (_, i) => ({
    uuid: uuid(options.matching + i),
    body: { description: `bench webhook that must not fire ${i}`, events: [{ name: 'contract_published' }], request, ...misses[i % misses.length] },
  }));
  return [...matching, ...others];
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);

/**
 * Sends `n` publishes one at a time (after one unrecorded), each a new version, recording its statements; every response
 * must be a 200 whose notices name `webhooks` triggered webhooks per pact.
 */
async function probePublish(options: WebhookBenchOptions, prefix: string, variantBase: number, webhooks: number, failures: string[], n = 7): Promise<PublishProbe> {
  const bodyFor = publishBodies(options.publishSpec(prefix, variantBase));
  const times: number[] = [];
  const statements: number[] = [];
  const store: number[] = [];
  for (let i = 0; i <= n; i++) {
    const started = performance.now();
    const { result, queries } = await captureQueries(options.database, () => send(options.baseUrl, 'POST', '/contracts/publish', JSON.parse(bodyFor(i)) as unknown));
    const ms = performance.now() - started;
    const notices = (JSON.parse(result.text) as { notices?: Array<{ text?: string }> }).notices ?? [];
    const triggered = notices.filter((x) => / triggered for event contract_published\./.test(x.text ?? '')).length;
    if (result.status !== 200 || triggered !== webhooks * 2) {
      failures.push(`webhooks publish probe with ${webhooks} webhooks: status ${result.status}, ${triggered} webhook notices (expected ${webhooks * 2}): ${result.text.slice(0, 300)}`);
    }
    if (i === 0) continue;
    times.push(ms);
    statements.push(queries.length);
    store.push(storeWallMs(queries));
  }
  return { requests: n, p50Ms: median(times), statements: median(statements), storeMs: median(store) };
}

const count = async (database: Database, query: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(database.db, query))[0]?.n ?? 0);

export async function runWebhookBench(options: WebhookBenchOptions): Promise<WebhookBenchReport> {
  const { baseUrl, database, settings, connections, out } = options;
  const failures: string[] = [];
  const spec = options.publishSpec('probe-', 0);
  const consumers = spec.consumers.map((c) => c.name);
  const providers = [...new Set(spec.consumers.flatMap((c) => c.providers.map((p) => p.name)))];
  const hub = spec.consumers[0]!.providers[0]!.name;
  const consumerLabel = `bench-${options.runId}-consumers`;
  const providerLabel = `bench-${options.runId}-providers`;
  const sink = await startSink();

  out();
  out(
    `Webhooks: publishing with 0 vs ${settings.webhooks} matching webhooks (+${settings.others} that must not fire), ` +
      `${settings.rounds} round(s) of ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s each at ${connections} connections; ` +
      `then ${settings.deliveries} deliveries to a sink on ${sink.url}`,
  );
  try {
    for (const name of consumers) await expectStatus(baseUrl, 'PUT', `/pacticipants/${enc(name)}/labels/${enc(consumerLabel)}`, [200, 201]);
    for (const name of providers) await expectStatus(baseUrl, 'PUT', `/pacticipants/${enc(name)}/labels/${enc(providerLabel)}`, [200, 201]);
    const hooks = webhookBodies({ runId: options.runId, sinkUrl: sink.url, matching: settings.webhooks, others: settings.others, consumerLabel, providerLabel, hub });
    const configure = async (on: boolean) => {
      for (const hook of hooks) {
        if (on) await expectStatus(baseUrl, 'PUT', `/webhooks/${hook.uuid}`, [200, 201], hook.body);
        else await expectStatus(baseUrl, 'DELETE', `/webhooks/${hook.uuid}`, [204, 404]);
      }
    };

    const publish: PublishRun[] = [];
    let variantBase = 3_000_000;
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? [0, settings.webhooks] : [settings.webhooks, 0];
      for (const webhooks of order) {
        await configure(webhooks > 0);
        const prefix = `bench-${options.runId}-wh${webhooks}-r${round}-`;
        const probe = await probePublish(options, `${prefix}probe-`, variantBase + 150_000, webhooks, failures);
        if (options.warmupSeconds > 0) {
          await runLoad({ baseUrl, connections, durationSeconds: options.warmupSeconds, request: { kind: 'publish', spec: options.publishSpec(`${prefix}warm-`, variantBase) } });
          await options.drain();
        }
        const cpuAtStart = cpuSnapshot(options.pgDatabase);
        const stats = await runLoad({
          baseUrl,
          connections,
          durationSeconds: options.durationSeconds,
          request: { kind: 'publish', spec: options.publishSpec(`${prefix}run-`, variantBase + 100_000) },
        });
        const cpu = cpuSince(cpuAtStart);
        variantBase += 200_000;
        await options.drain();
        // What the publishes triggered is one expansion job each: expand them now, as the runner would, so the check
        // below counts the triggered webhooks and delivery jobs (and leave none pending).
        const expansionAtStart = cpuSnapshot(options.pgDatabase);
        const expansionStarted = performance.now();
        const expandedPublishes = await createWebhookExpansion(database.db).expandPending({ wait: true });
        const expansionSeconds = (performance.now() - expansionStarted) / 1000;
        const expansionCpu = cpuSince(expansionAtStart);
        const pendingExpansions = await count(database, sql`select count(*)::bigint as n from jobs where kind = ${WEBHOOK_EXPANSION_JOB_KIND}`);
        // Check the answer before the next configure: deleting a webhook deletes its triggered webhooks.
        const like = `${prefix}run-%`;
        const [made] = await queryRows<{ versions: number; pacts: number }>(
          database.db,
          sql`select count(distinct v.id)::bigint as versions, count(l.consumer_version_id)::bigint as pacts
                from versions v left join latest_pact_publications l on l.consumer_version_id = v.id where v.number like ${like}`,
        );
        const run: PublishRun = {
          round,
          webhooks,
          stats,
          cpu,
          // PGlite runs on the server's thread; without a database name cpu.ts counts every PostgreSQL process.
          cpuMsPerPublish: ((cpu.serverThreadCores + (options.pgDatabase ? cpu.postgresCores : 0)) * stats.seconds * 1000) / stats.responses,
          probe,
          versions: Number(made?.versions ?? 0),
          pacts: Number(made?.pacts ?? 0),
          triggered: await count(database, sql`select count(*)::bigint as n from triggered_webhooks where consumer_version_number like ${like}`),
          jobs: await count(database, sql`select count(*)::bigint as n from jobs where kind = 'webhook' and payload->>'consumerVersionNumber' like ${like}`),
          expansion: {
            publishes: expandedPublishes,
            seconds: expansionSeconds,
            cpuMsPerPublish: expandedPublishes
              ? ((expansionCpu.serverThreadCores + (options.pgDatabase ? expansionCpu.postgresCores : 0)) * expansionSeconds * 1000) / expandedPublishes
              : 0,
          },
        };
        publish.push(run);
        out(
          `  publish with ${webhooks} webhooks (round ${round + 1}): ${stats.responses} responses in ${stats.seconds.toFixed(1)} s, ` +
            `${fmt(stats.requestsPerSecond, 0)} requests/s, p50 ${fmt(stats.latencyMs.p50, 2)} ms, p99 ${fmt(stats.latencyMs.p99, 2)} ms; ` +
            `${run.versions} versions, ${run.pacts} pacts, ${run.triggered} triggered webhooks, ${run.jobs} jobs; ` +
            `CPU cores: server ${fmt(cpu.serverThreadCores, 2)}, PostgreSQL ${fmt(cpu.postgresCores, 2)}, other programs ${fmt(cpu.otherCores, 2)}; ` +
            `one at a time: p50 ${fmt(probe.p50Ms, 2)} ms, ${probe.statements} SQL statements, ${fmt(probe.storeMs, 2)} ms in the store; ` +
            `then expanding ${expandedPublishes} publishes' triggered webhooks: ${fmt(expansionSeconds, 2)} s, ${fmt(run.expansion.cpuMsPerPublish, 2)} ms CPU per publish`,
        );
        const label = `webhooks publish with ${webhooks} webhooks (round ${round + 1})`;
        if (stats.non2xx || stats.errors || stats.timeouts || stats.responses === 0) {
          failures.push(`${label}: ${stats.non2xx} non-2xx (${JSON.stringify(stats.statusCounts)}), ${stats.errors} errors, ${stats.timeouts} timeouts; first: ${stats.firstFailure ?? '-'}`);
        }
        if (run.versions < stats.responses || run.versions > stats.responses + connections || run.pacts !== run.versions * 2) {
          failures.push(`${label}: expected one new version with 2 pacts per response, got ${run.versions} versions / ${run.pacts} pacts for ${stats.responses} responses`);
        }
        if (pendingExpansions !== 0) failures.push(`${label}: ${pendingExpansions} expansion jobs still pending after expanding`);
        if (webhooks === 0 && expandedPublishes !== 0) failures.push(`${label}: ${expandedPublishes} expansion jobs without webhooks`);
        if (webhooks > 0 && expandedPublishes < run.versions) failures.push(`${label}: ${expandedPublishes} expansion jobs for ${run.versions} publishes`);
        const expected = webhooks * run.pacts;
        if (run.triggered !== expected || run.jobs !== expected) {
          failures.push(`${label}: expected ${expected} triggered webhooks and jobs (${webhooks} per pact), got ${run.triggered} triggered webhooks and ${run.jobs} jobs`);
        }
      }
    }

    const total = (webhooks: number) => {
      const runs = publish.filter((r) => r.webhooks === webhooks);
      return runs.reduce((n, r) => n + r.stats.responses, 0) / runs.reduce((s, r) => s + r.stats.seconds, 0);
    };
    const slowdown = total(0) / total(settings.webhooks);
    const met = slowdown <= PUBLISH_WITH_WEBHOOKS_TARGET;
    const cpuPer = (webhooks: number) => {
      const runs = publish.filter((r) => r.webhooks === webhooks);
      return runs.reduce((n, r) => n + r.cpuMsPerPublish * r.stats.responses, 0) / runs.reduce((n, r) => n + r.stats.responses, 0);
    };
    const cpuRatio = cpuPer(settings.webhooks) / cpuPer(0);
    const expansionCpuPer = (webhooks: number) => {
      const runs = publish.filter((r) => r.webhooks === webhooks && r.expansion.publishes > 0);
      return runs.length ? runs.reduce((n, r) => n + r.expansion.cpuMsPerPublish * r.expansion.publishes, 0) / runs.reduce((n, r) => n + r.expansion.publishes, 0) : 0;
    };
    const cpuRatioWithExpansion = (cpuPer(settings.webhooks) + expansionCpuPer(settings.webhooks)) / cpuPer(0);
    out();
    printTable(
      out,
      ['publish (new version, 2 pacts)', 'round', 'requests/s', 'pacts/s', 'p50 ms', 'p99 ms', 'triggered', 'server cores', 'PG cores', 'other cores', 'CPU ms/publish', 'alone p50 ms', 'SQL stmts', 'expand CPU ms/publish'],
      publish.map((r) => [
        `${r.webhooks} webhooks`,
        String(r.round + 1),
        fmt(r.stats.requestsPerSecond, 0),
        fmt(r.stats.requestsPerSecond * 2, 0),
        fmt(r.stats.latencyMs.p50, 2),
        fmt(r.stats.latencyMs.p99, 2),
        String(r.triggered),
        fmt(r.cpu.serverThreadCores, 2),
        fmt(r.cpu.postgresCores, 2),
        fmt(r.cpu.otherCores, 2),
        fmt(r.cpuMsPerPublish, 2),
        fmt(r.probe.p50Ms, 2),
        String(r.probe.statements),
        fmt(r.expansion.cpuMsPerPublish, 2),
      ]),
    );
    out(
      `target publish with ${settings.webhooks} webhooks ≤ ${PUBLISH_WITH_WEBHOOKS_TARGET.toFixed(2)}× the time without: ` +
        `${fmt(total(0), 0)} vs ${fmt(total(settings.webhooks), 0)} requests/s = ${fmt(slowdown, 3)}× (${met ? 'met' : 'NOT met'}); ` +
        `CPU (Treaty's thread + PostgreSQL) per publish ${fmt(cpuPer(0), 2)} vs ${fmt(cpuPer(settings.webhooks), 2)} ms = ${fmt(cpuRatio, 3)}×; ` +
        `with the later expansion into triggered webhooks and jobs (${fmt(expansionCpuPer(settings.webhooks), 2)} ms per publish, the runner's work) ${fmt(cpuRatioWithExpansion, 3)}×`,
    );
    const other = Math.max(...publish.map((r) => r.cpu.otherCores));
    if (other > 0.25) out(`  WARNING — other programs used up to ${fmt(other, 2)} cores meanwhile: requests/s are not clean; CPU per publish and SQL statements are the steadier figures`);

    const report: WebhookBenchReport = { settings, publish, slowdown, cpuRatio, cpuRatioWithExpansion, met, failures };
    if (settings.deliveries > 0) {
      // Fresh jobs whose webhooks and triggered webhooks exist (a round ending without webhooks deleted the earlier ones).
      await configure(true);
      const prefix = `bench-${options.runId}-deliver-`;
      const bodyFor = publishBodies(options.publishSpec(prefix, variantBase));
      for (let i = 0; i < Math.ceil(settings.deliveries / (settings.webhooks * 2)); i++) {
        const r = await send(baseUrl, 'POST', '/contracts/publish', JSON.parse(bodyFor(i)) as unknown);
        if (r.status !== 200) throw new Error(`webhooks bench: publish for the deliveries returned ${r.status}: ${r.text.slice(0, 300)}`);
      }
      await createWebhookExpansion(database.db).expandPending({ wait: true }); // the jobs to choose from
      report.delivery = await measureDelivery(options, sink, await chooseJobs(options, `${prefix}%`), failures);
    }
    return report;

  } finally {
    // Later groups (noisy) publish too: they must not trigger this group's webhooks.
    for (const hook of webhookBodies({ runId: options.runId, sinkUrl: sink.url, matching: settings.webhooks, others: settings.others, consumerLabel, providerLabel, hub })) {
      await send(baseUrl, 'DELETE', `/webhooks/${hook.uuid}`).catch(() => undefined);
    }
    await sink.close();
  }
}

interface ChosenJobs {
  ids: number[];
  /** By job uuid (the delivery id): what its body must name. */
  uuids: Map<string, { consumer: string; version: string; provider: string }>;
}

/** The jobs to deliver, of the given consumer versions; every other queued webhook job is put off for good. */
async function chooseJobs(options: WebhookBenchOptions, versions: string): Promise<ChosenJobs> {
  const { database, settings } = options;
  const rows = await queryRows<{ id: number; uuid: string; consumer: string; version: string; provider: string }>(
    database.db,
    sql`select id, uuid::text as uuid, payload->>'consumerName' as consumer, payload->>'consumerVersionNumber' as version,
               payload->>'providerName' as provider
          from jobs where kind = 'webhook' and status = 'queued'
           and payload->>'consumerVersionNumber' like ${versions}
         order by id limit ${settings.deliveries}`,
  );
  const ids = rows.map((r) => Number(r.id));
  // This store is thrown away afterwards.
  await database.db.execute(
    sql`update jobs set run_at = 'infinity' where kind = 'webhook' and status = 'queued' and not (id = any(${`{${ids.join(',')}}`}::bigint[]))`,
  );
  return { ids, uuids: new Map(rows.map((r) => [r.uuid, { consumer: r.consumer, version: r.version, provider: r.provider }])) };
}

async function measureDelivery(
  options: WebhookBenchOptions,
  sink: Awaited<ReturnType<typeof startSink>>,
  chosen: ChosenJobs,
  failures: string[],
): Promise<WebhookBenchReport['delivery']> {
  const { database, settings, out } = options;
  const wanted = chosen.ids.length;
  if (wanted < settings.deliveries) {
    out(`  only ${wanted} queued webhook jobs from the measured runs (BENCH_WEBHOOK_DELIVERIES ${settings.deliveries})`);
  }
  if (wanted === 0) {
    failures.push('webhooks delivery: no queued webhook jobs to deliver');
    return undefined;
  }
  const idList = sql`${`{${chosen.ids.join(',')}}`}::bigint[]`;
  sink.received.length = 0;
  const runner = options.createRunner({ workerId: `bench-${options.runId}`, pollMs: 50, ...(settings.concurrency ? { concurrency: settings.concurrency } : {}) });
  const startedAt = performance.now();
  const deadline = startedAt + Math.max(120_000, wanted * 200); // generous: the machine may be busy
  runner.start();
  let finished = { succeeded: 0, failed: 0 };
  try {
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [row] = await queryRows<{ succeeded: number; failed: number }>(
        database.db,
        sql`select count(*) filter (where status = 'succeeded')::int as succeeded, count(*) filter (where status = 'failed')::int as failed
              from jobs where id = any(${idList})`,
      );
      finished = { succeeded: Number(row?.succeeded ?? 0), failed: Number(row?.failed ?? 0) };
      if (finished.succeeded + finished.failed >= wanted) break;
    }
  } finally {
    await runner.stop();
  }
  const lastAt = sink.received.reduce((max, r) => Math.max(max, r.at), startedAt);
  const seconds = (lastAt - startedAt) / 1000;
  const deliveries = sink.received.length;
  const perSecond = deliveries / seconds;
  // How long each job waited from the start to its attempt's end: a rough latency under a full queue.
  const [lat] = await queryRows<{ p50: number; p99: number }>(
    database.db,
    sql`select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99
          from (select extract(epoch from (a.finished_at - a.started_at)) * 1000 as ms from job_attempts a where a.job_id = any(${idList})) x`,
  );
  const delivery = { deliveries, seconds, perSecond, concurrency: settings.concurrency, p50Ms: Number(lat?.p50 ?? NaN), p99Ms: Number(lat?.p99 ?? NaN) };
  out(
    `  delivery: ${deliveries} requests at the sink in ${fmt(seconds, 2)} s = ${fmt(perSecond, 0)} deliveries/s ` +
      `(runner concurrency ${settings.concurrency ?? 'as configured'}); attempt p50 ${fmt(delivery.p50Ms, 2)} ms, p99 ${fmt(delivery.p99Ms, 2)} ms; ` +
      `${finished.succeeded} succeeded, ${finished.failed} failed`,
  );

  // The answer: each chosen job delivered once, with its own rendered body, and marked succeeded with its triggered webhook.
  const seen = new Map<string, number>();
  let wrongBody = 0;
  let strangers = 0;
  for (const r of sink.received) {
    seen.set(r.delivery, (seen.get(r.delivery) ?? 0) + 1);
    const job = chosen.uuids.get(r.delivery);
    if (!job) {
      strangers++;
      continue;
    }
    let body: { consumer?: string; version?: string; provider?: string; pact?: string } = {};
    try {
      body = JSON.parse(r.body) as typeof body;
    } catch {
      // counted as a wrong body below
    }
    if (body.consumer !== job.consumer || body.version !== job.version || body.provider !== job.provider || !body.pact?.includes(`/pacts/provider/${enc(job.provider)}/consumer/${enc(job.consumer)}/`)) {
      wrongBody++;
    }
  }
  const repeated = [...seen.values()].filter((n) => n > 1).length;
  const missing = [...chosen.uuids.keys()].filter((uuid) => !seen.has(uuid)).length;
  const triggeredSucceeded = await count(
    database,
    sql`select count(*)::bigint as n from triggered_webhooks t join jobs j on j.uuid = t.uuid where j.id = any(${idList}) and t.status = 'succeeded'`,
  );
  const problems = [
    missing ? `${missing} of ${wanted} jobs never reached the sink` : '',
    repeated ? `${repeated} delivered more than once` : '',
    strangers ? `${strangers} requests for jobs not chosen` : '',
    wrongBody ? `${wrongBody} bodies not the job's rendered template` : '',
    finished.succeeded !== wanted ? `${finished.succeeded} of ${wanted} jobs succeeded (${finished.failed} failed)` : '',
    triggeredSucceeded !== wanted ? `${triggeredSucceeded} of ${wanted} triggered webhooks marked succeeded` : '',
  ].filter(Boolean);
  if (problems.length) failures.push(`webhooks delivery: ${problems.join('; ')}`);
  return delivery;
}
