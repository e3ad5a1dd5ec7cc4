// The ui group of `npm run bench`: server-side page rendering on an estate of BENCH_UI_PACTICIPANTS (200) pacticipants
// and BENCH_UI_INTEGRATIONS (1,000) integrations, seeded through the real services into its own store. Each page is
// requested one at a time (BENCH_UI_REQUESTS, 60 after 10 warm-up) and its p50/p90 printed next to the heartbeat's from
// the same run. Issue 13's target: the dashboard under 100 ms p50 on PostgreSQL. A page whose route answers 404 is
// skipped with a message; any other non-200, or a dashboard that does not count the whole estate, fails the run.
// Then the whole-estate graph page in Chromium (bench/ui-graph-browser.ts; issue 13's target: drawn in under 2 s): a
// graph that does not draw every pacticipant and integration, a console error or a CSP violation fails the run.
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer, type Services } from '../src/container.js';
import { percentile } from './load.js';
import { openBenchStore } from './store.js';
import { printTable } from './table.js';
import { uiEstateLayout } from './ui-estate.js';
import { GRAPH_DRAWN_TARGET_MS, timeGraphInBrowser, type GraphBrowserTiming } from './ui-graph-browser.js';

export interface UiBenchOptions {
  databaseUrl: string | undefined;
  pacticipants: number;
  integrations: number;
  requests: number;
  out: (line?: string) => void;
}

export interface UiPageRow {
  page: string;
  path: string;
  p50Ms: number;
  p90Ms: number;
  bytes: number;
  /** Over the heartbeat's p50 in the same run. */
  ratio: number;
}

export interface UiBenchReport {
  store: 'postgres' | 'pglite';
  seedSeconds: number;
  rows: UiPageRow[];
  skipped: string[];
  failures: string[];
  /** The whole-estate graph in Chromium (undefined when skipped). */
  graph: GraphBrowserTiming | undefined;
}

const pact = (consumer: string, provider: string, round: number) => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [
    {
      description: `a request for ${provider} things (round ${round})`,
      providerState: 'things exist',
      request: { method: 'GET', path: '/things', query: 'page=1' },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { items: [{ id: 1, total: 10.5 }], round } },
    },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

/** Runs `tasks` with at most `limit` in flight. */
async function pool(limit: number, tasks: Array<() => Promise<unknown>>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

/**
 * Seeds the estate: every consumer publishes its pacts twice (versions 1 and 2 on main; the second changes half of
 * them), four in five integrations are verified (one in ten of those failing), every pacticipant's newest version is
 * deployed to production and every third one released to a "mobile" environment, every tenth pacticipant is labelled.
 */
export async function seedUiEstate(services: Services, pacticipants: number, integrations: number): Promise<void> {
  const { names, pairs } = uiEstateLayout(pacticipants, integrations);
  const byConsumer = new Map<number, number[]>();
  for (const [c, p] of pairs) byConsumer.set(c, [...(byConsumer.get(c) ?? []), p]);
  // A fresh store may already hold default environments: use them when they are there.
  const environment = async (name: string) => (await services.environments.list(name))[0] ?? services.environments.create({ name, production: true });
  const production = await environment('production');
  const mobile = await environment('mobile');
  for (const round of [1, 2]) {
    await pool(
      4,
      [...byConsumer].map(([c, providers]) => () =>
        services.pacts.publishContracts({
          pacticipantName: names[c]!,
          pacticipantVersionNumber: `${c}.${round}.0`,
          branch: 'main',
          tags: [],
          contracts: providers.map((p) => ({
            consumerName: names[c]!,
            providerName: names[p]!,
            document: pact(names[c]!, names[p]!, round === 2 && p % 2 === 0 ? 2 : 1) as never,
            onConflict: 'overwrite' as const,
          })),
        }),
      ),
    );
  }
  await pool(
    4,
    pairs
      .filter((_, i) => i % 5 !== 4)
      .map(([c, p], i) => async () => {
        const sha = (await services.pacts.forConsumerVersion(names[p]!, names[c]!, `${c}.2.0`)).sha;
        await services.verifications.publish({
          providerName: names[p]!,
          consumerName: names[c]!,
          sha,
          result: { success: i % 10 !== 3, providerApplicationVersion: `${p}.2.0` },
        });
      }),
  );
  await pool(
    4,
    names.map((name, i) => async () => {
      const version = `${i}.2.0`;
      await services.versions.upsert(name, version, {}, 'merge');
      await services.deployments.recordDeployment({ pacticipantName: name, versionNumber: version, environmentUuid: production.uuid });
      if (i % 3 === 0) await services.releases.recordRelease({ pacticipantName: name, versionNumber: version, environmentUuid: mobile.uuid });
      if (i % 10 === 0) await services.pacticipants.addLabel(name, `team-${i % 30}`);
    }),
  );
}

interface PageCase {
  page: string;
  path: string;
  accept: string;
  /** What the body must show; a failure stops the run. */
  check?: (body: string) => string | undefined;
}

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function timePage(baseUrl: string, c: PageCase, requests: number): Promise<{ status: number; type: string; times: number[]; body: string }> {
  let body = '';
  let status = 0;
  let type = '';
  const times: number[] = [];
  for (let i = 0; i < requests + 10; i++) {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${c.path}`, { headers: { accept: c.accept } });
    body = await res.text();
    const ms = performance.now() - started;
    status = res.status;
    type = res.headers.get('content-type') ?? '';
    if (status !== 200) break;
    if (i >= 10) times.push(ms);
  }
  return { status, type, times: times.sort((a, b) => a - b), body };
}

export async function runUiBench(options: UiBenchOptions): Promise<UiBenchReport> {
  const { out } = options;
  const kind = options.databaseUrl ? 'postgres' : 'pglite';
  const store = await openBenchStore({ databaseUrl: options.databaseUrl, poolSize: 10 });
  const failures: string[] = [];
  const skipped: string[] = [];
  const rows: UiPageRow[] = [];
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const container = createContainer({ config: loadConfig({ TREATY_LOG_LEVEL: 'silent' }), database: store.database });
    out(`ui: seeding ${options.pacticipants} pacticipants and ${options.integrations} integrations through the services (${store.where})`);
    const seedStarted = performance.now();
    await seedUiEstate(container.services, options.pacticipants, options.integrations);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    out(`ui: seeding took ${seedSeconds.toFixed(1)} s`);
    app = await buildApp({ container, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const total = options.integrations;
    const hub = 'svc-010';
    const cases: PageCase[] = [
      { page: 'heartbeat (baseline)', path: '/diagnostic/status/heartbeat', accept: 'application/json' },
      {
        page: 'dashboard',
        path: '/',
        accept: HTML,
        check: (b) => (b.includes(`of ${total.toLocaleString('en-US')} integrations`) || b.includes(`of ${total} integrations`) ? undefined : `does not count ${total} integrations`),
      },
      { page: 'dashboard, text filter', path: '/?q=svc-01', accept: HTML },
      { page: 'dashboard, failed first, page 3', path: '/?sort=status&page=3', accept: HTML },
      { page: 'HAL index (same URL)', path: '/', accept: 'application/hal+json' },
      { page: 'pacticipant page (hub)', path: `/pacticipants/${hub}`, accept: HTML },
      { page: 'matrix page', path: `/ui/matrix/provider/${hub}/consumer/svc-009`, accept: HTML },
      { page: 'can-i-deploy page', path: `/ui/can-i-deploy?pacticipant=${hub}&version=10.2.0&environment=production`, accept: HTML },
      { page: 'graph JSON (whole estate)', path: '/integrations/graph', accept: 'application/json' },
      { page: 'graph page (neighbourhood)', path: `/ui/graph?pacticipant=${hub}`, accept: HTML },
      { page: 'pact page', path: `/pacts/provider/${hub}/consumer/svc-009/latest`, accept: HTML },
      { page: 'search pacts', path: '/ui/search?q=total', accept: HTML },
    ];
    let heartbeatP50 = Number.NaN;
    for (const c of cases) {
      const { status, type, times, body } = await timePage(baseUrl, c, options.requests);
      if (status === 404 || (status === 200 && c.accept === HTML && !type.startsWith('text/html'))) {
        skipped.push(`${c.page}: ${c.path} answers ${status === 404 ? '404' : type} (page not built yet)`);
        continue;
      }
      if (status !== 200) {
        failures.push(`${c.page}: ${c.path} answered ${status}: ${body.slice(0, 200)}`);
        continue;
      }
      const problem = c.check?.(body);
      if (problem) failures.push(`${c.page}: ${problem}`);
      const p50 = percentile(times, 0.5);
      if (Number.isNaN(heartbeatP50)) heartbeatP50 = p50;
      rows.push({ page: c.page, path: c.path, p50Ms: p50, p90Ms: percentile(times, 0.9), bytes: Buffer.byteLength(body), ratio: p50 / heartbeatP50 });
    }
    let graph: GraphBrowserTiming | undefined;
    const timing = await timeGraphInBrowser(baseUrl, { pacticipants: options.pacticipants, integrations: total });
    if (typeof timing === 'string') skipped.push(`graph in the browser: ${timing}`);
    else {
      graph = timing;
      for (const problem of timing.problems) failures.push(`graph in the browser: ${problem}`);
    }
    return { store: kind, seedSeconds, rows, skipped, failures, graph };
  } finally {
    await app?.close().catch(() => undefined);
    await store.dispose();
  }
}

export function reportUiBench(report: UiBenchReport, out: (line?: string) => void): void {
  out();
  out(`UI pages (${report.store}; one request at a time; the heartbeat is the floor):`);
  printTable(
    out,
    ['page', 'p50 ms', 'p90 ms', 'KiB', '× heartbeat'],
    report.rows.map((r) => [r.page, r.p50Ms.toFixed(1), r.p90Ms.toFixed(1), (r.bytes / 1024).toFixed(1), r.ratio.toFixed(1)]),
  );
  const dashboard = report.rows.find((r) => r.page === 'dashboard');
  if (dashboard) {
    const met = dashboard.p50Ms < 100;
    out(`target: dashboard p50 < 100 ms${report.store === 'postgres' ? '' : ' (set on PostgreSQL; shown here for the embedded store)'}: ${dashboard.p50Ms.toFixed(1)} ms — ${met ? 'met' : 'NOT met'}`);
  }
  const graph = report.graph;
  if (graph && graph.warmMs.length) {
    const best = Math.min(...graph.warmMs);
    out(
      `graph page in Chromium (whole estate): cold ${graph.coldMs.toFixed(0)} ms, warm ${graph.warmMs.map((ms) => ms.toFixed(0)).join(' / ')} ms ` +
        `(cytoscape's first render ${graph.inPageMs ?? '?'} ms)`,
    );
    out(`target: whole-estate graph drawn in < ${GRAPH_DRAWN_TARGET_MS} ms (best warm navigation): ${best.toFixed(0)} ms — ${best < GRAPH_DRAWN_TARGET_MS ? 'met' : 'NOT met'}`);
  }
  for (const s of report.skipped) out(`skipped: ${s}`);
  for (const f of report.failures) out(`FAILED: ${f}`);
}
