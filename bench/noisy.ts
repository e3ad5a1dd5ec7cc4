// The noisy-neighbour scenario of `npm run bench` (BENCH_SCENARIOS=noisy runs only it): while the worst request each
// request limit allows (or just refuses) runs in a loop on a few connections, heartbeat latency is measured with
// autocannon at the usual connection count, next to the heartbeat measured alone in the same run. The requests come
// from bench/noisy-requests.ts, built from the configured limits. Every noisy response must have the status its case
// expects (allowed → 2xx, or 409 for a conflicting republish; refused → 400 / 413), and the bounded diffs must stay
// under their size, or the run fails: the scenario also guards the limits.
//
// Environment (besides run.ts's): BENCH_NOISY_CONNECTIONS (noisy connections, 1), BENCH_NOISY_CASES (a regular
// expression on the case keys, e.g. 'publish|matrix'; all by default).
import { runLoad, type LoadRequest, type LoadStats } from './load.js';
import { cpuSince, cpuSnapshot } from './cpu.js';
import { noisyPlan, type NoisyCase, type NoisyNames, type SetupRequest } from './noisy-requests.js';
import type { Limits } from '../src/shared/limits.js';
import { printTable } from './table.js';

export interface NoisyOptions {
  baseUrl: string;
  limits: Limits;
  names: NoisyNames;
  /** Heartbeat connections (run.ts's BENCH_CONNECTIONS). */
  connections: number;
  noisyConnections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** A regular expression on case keys; undefined runs every case. */
  only: RegExp | undefined;
  /** The sequential (one at a time) heartbeat latency measured earlier in this run. */
  unloadedHeartbeat: { p50: number; p99: number; requests?: number } | undefined;
  /** Waits until the store is idle (run.ts), so one case's leftovers do not land in the next. */
  drain: () => Promise<void>;
  pgDatabase: string | undefined;
  out: (line?: string) => void;
}

export interface NoisyProbe {
  status: number;
  ms: number;
  bytes: number;
  /** Start of the body when the status was not the expected one. */
  body?: string;
}

export interface NoisyResult {
  key: string;
  name: string;
  limit: string;
  side: 'at' | 'over';
  expect: number[];
  /** One request sent alone before the load (also a warm-up). */
  probe: NoisyProbe;
  durationSeconds: number;
  noisy: LoadStats;
  heartbeat: LoadStats;
  otherCores: number;
  serverEventLoop: number;
  problems: string[];
}

export interface NoisyReport {
  setupSeconds: number;
  /** Heartbeat at `connections` connections with nothing else running. */
  quietHeartbeat: LoadStats;
  results: NoisyResult[];
  failures: string[];
}

const HEARTBEAT: LoadRequest = { kind: 'get', path: '/diagnostic/status/heartbeat' };
/** A noisy request slower than this counts as a timeout (and fails the run). */
const NOISY_TIMEOUT_SECONDS = 300;
/** At most this long per case, however slow its request (the probe decides: ~3 requests' worth). */
const MAX_CASE_SECONDS = 120;

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const kib = (bytes: number) => (bytes >= 10 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${bytes} B`);

async function send(baseUrl: string, request: { method: string; path: string; body?: string }): Promise<NoisyProbe & { text: string }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.body === undefined ? { accept: 'application/hal+json' } : { 'content-type': 'application/json', accept: 'application/hal+json' },
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(NOISY_TIMEOUT_SECONDS * 1000),
  });
  const buffer = await response.arrayBuffer();
  const text = new TextDecoder().decode(buffer.byteLength > 2000 ? buffer.slice(0, 2000) : buffer);
  return { status: response.status, ms: performance.now() - started, bytes: buffer.byteLength, text };
}

async function runSetup(baseUrl: string, setup: SetupRequest[]): Promise<void> {
  const one = async (request: SetupRequest) => {
    const response = await send(baseUrl, request);
    if (!request.expect.includes(response.status)) {
      throw new Error(`noisy setup: ${request.method} ${request.path} returned ${response.status}: ${response.text.slice(0, 500)}`);
    }
  };
  // The PUTs in order (the diff pair), then the publishes a few at a time.
  const puts = setup.filter((r) => r.method === 'PUT');
  for (const request of puts) await one(request);
  const rest = setup.filter((r) => r.method !== 'PUT');
  for (let i = 0; i < rest.length; i += 4) await Promise.all(rest.slice(i, i + 4).map(one));
}

const statusText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([status, n]) => `${status}×${n}`)
    .join(' ') || '-';

function problemsOf(c: NoisyCase, probe: NoisyProbe, noisy: LoadStats): string[] {
  const problems: string[] = [];
  if (!c.expect.includes(probe.status)) problems.push(`alone: status ${probe.status}, expected ${c.expect.join('/')}: ${probe.body ?? ''}`);
  const wrong = Object.entries(noisy.statusCounts).filter(([status]) => !c.expect.includes(Number(status)));
  if (wrong.length) {
    problems.push(`under load: ${statusText(Object.fromEntries(wrong))}, expected ${c.expect.join('/')}` + (noisy.firstFailure ? `; first: ${noisy.firstFailure.slice(0, 160)}` : ''));
  }
  // A body over the limit is answered 413 before it is read and the connection closed: the client's write fails.
  if (noisy.errors && !c.expect.includes(413)) problems.push(`${noisy.errors} connection errors`);
  if (noisy.timeouts) problems.push(`${noisy.timeouts} requests slower than ${NOISY_TIMEOUT_SECONDS} s`);
  const biggest = Math.max(probe.bytes, noisy.maxResponseBytes);
  if (c.maxResponseBytes !== undefined && biggest > c.maxResponseBytes) {
    problems.push(`a response of ${biggest} bytes, more than the ${c.maxResponseBytes} its limit allows`);
  }
  return problems;
}

export async function runNoisy(options: NoisyOptions): Promise<NoisyReport> {
  const { baseUrl, limits, connections, noisyConnections, out } = options;
  const plan = noisyPlan(limits, options.names);
  const cases = plan.cases.filter((c) => !options.only || options.only.test(c.key));
  out();
  out(
    `Noisy neighbour: each request below in a loop on ${noisyConnections} connection(s) while the heartbeat runs on ${connections}; ` +
      `${cases.length} of ${plan.cases.length} cases; limits ${JSON.stringify(limits)}`,
  );
  const setupStarted = performance.now();
  await runSetup(baseUrl, plan.setup);
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  out(`  setup: ${plan.setup.length} requests in ${setupSeconds.toFixed(1)} s (a big pact and a conflicting pair, a tag on ${limits.historyVersions + 1} versions)`);
  await options.drain();

  if (options.warmupSeconds > 0) await runLoad({ baseUrl, connections, durationSeconds: options.warmupSeconds, request: HEARTBEAT });
  const quietHeartbeat = await runLoad({ baseUrl, connections, durationSeconds: options.durationSeconds, request: HEARTBEAT });
  out(
    `  heartbeat alone at ${connections} connections: ${fmt(quietHeartbeat.requestsPerSecond, 0)} rps, p50 ${fmt(quietHeartbeat.latencyMs.p50, 2)} ms, ` +
      `p99 ${fmt(quietHeartbeat.latencyMs.p99, 2)} ms`,
  );
  await options.drain();

  const results: NoisyResult[] = [];
  const failures: string[] = [];
  let round = 0;
  for (const c of cases) {
    round++;
    const template = (vary: string): LoadRequest => ({
      kind: 'template',
      method: c.method,
      path: c.path,
      ...(c.body === undefined ? {} : { body: c.body }),
      vary,
      expect: c.expect,
    });
    // One request alone first: its status, its time without company (which sizes the run), and a warm-up.
    const startedAlone = performance.now();
    const alone = await send(baseUrl, {
      method: c.method,
      path: c.path.replaceAll('{{n}}', `p${round}`),
      ...(c.body === undefined ? {} : { body: c.body.replaceAll('{{n}}', `p${round}`) }),
    }).catch((error: unknown) => ({ status: 0, ms: performance.now() - startedAlone, bytes: 0, text: String(error) }));
    const probe: NoisyProbe = { status: alone.status, ms: alone.ms, bytes: alone.bytes, ...(c.expect.includes(alone.status) ? {} : { body: alone.text.slice(0, 160) }) };
    await options.drain();
    if (alone.status === 0) {
      // No answer within the timeout: a loop of them would only pile up; the case fails without a load run.
      failures.push(`noisy ${c.key} (${c.name}): no answer alone: ${alone.text.slice(0, 200)}`);
      out(`  ${c.key}: no answer alone after ${fmt(alone.ms, 0)} ms (${alone.text.slice(0, 200)}) — FAILED, not run under load`);
      continue;
    }
    const durationSeconds = Math.max(options.durationSeconds, Math.min(MAX_CASE_SECONDS, Math.ceil((3 * probe.ms) / 1000)));
    const cpuAtStart = cpuSnapshot(options.pgDatabase);
    const [heartbeat, noisy] = await Promise.all([
      runLoad({ baseUrl, connections, durationSeconds, request: HEARTBEAT }),
      runLoad({ baseUrl, connections: noisyConnections, durationSeconds, timeoutSeconds: NOISY_TIMEOUT_SECONDS, request: template(`m${round}-`) }),
    ]);
    const cpu = cpuSince(cpuAtStart);
    await options.drain();
    const problems = problemsOf(c, probe, noisy);
    results.push({
      key: c.key,
      name: c.name,
      limit: c.limit,
      side: c.side,
      expect: c.expect,
      probe,
      durationSeconds,
      noisy,
      heartbeat,
      otherCores: cpu.otherCores,
      serverEventLoop: cpu.serverEventLoop,
      problems,
    });
    if (problems.length) failures.push(`noisy ${c.key} (${c.name}): ${problems.join('; ')}`);
    out(
      `  ${c.key}: alone ${probe.status} in ${fmt(probe.ms, 1)} ms (${kib(probe.bytes)}); under load ${statusText(noisy.statusCounts)} in ` +
        `${durationSeconds} s, p50 ${fmt(noisy.latencyMs.p50, 1)} ms, p99 ${fmt(noisy.latencyMs.p99, 1)} ms; heartbeat p50 ` +
        `${fmt(heartbeat.latencyMs.p50, 2)} ms, p99 ${fmt(heartbeat.latencyMs.p99, 2)} ms` +
        (heartbeat.timeouts ? ` (${heartbeat.timeouts} heartbeat timeouts)` : '') +
        (problems.length ? ` — FAILED: ${problems.join('; ')}` : ''),
    );
  }
  return { setupSeconds, quietHeartbeat, results, failures };
}

/** The summary table: per noisy request its own latency and statuses, and the heartbeat under it. */
export function reportNoisy(report: NoisyReport, options: Pick<NoisyOptions, 'connections' | 'noisyConnections' | 'unloadedHeartbeat' | 'out'>): void {
  const { out, unloadedHeartbeat: u } = options;
  const quiet = report.quietHeartbeat;
  out();
  out(`Noisy neighbour — heartbeat at ${options.connections} connections while each request runs on ${options.noisyConnections}:`);
  printTable(
    out,
    ['limit', 'side', 'request', 'expect', 'statuses under load', 'alone ms', 'p50 ms', 'p99 ms', 'max bytes', 'hb rps', 'hb p50', 'hb p99', 'hb p99 ÷ alone', 'ok'],
    report.results.map((r) => [
      r.limit,
      r.side,
      r.name,
      r.expect.join('/'),
      statusText(r.noisy.statusCounts),
      fmt(r.probe.ms, 1),
      fmt(r.noisy.latencyMs.p50, 1),
      fmt(r.noisy.latencyMs.p99, 1),
      kib(Math.max(r.probe.bytes, r.noisy.maxResponseBytes)),
      fmt(r.heartbeat.requestsPerSecond, r.heartbeat.requestsPerSecond < 10 ? 1 : 0),
      fmt(r.heartbeat.latencyMs.p50, 2),
      fmt(r.heartbeat.latencyMs.p99, 2),
      fmt(r.heartbeat.latencyMs.p99 / quiet.latencyMs.p99, 1),
      r.problems.length ? 'FAIL' : 'ok',
    ]),
    [0, 1, 2, 3, 4],
  );
  out(
    `(heartbeat alone at ${options.connections} connections: ${fmt(quiet.requestsPerSecond, 0)} rps, p50 ${fmt(quiet.latencyMs.p50, 2)} ms, ` +
      `p99 ${fmt(quiet.latencyMs.p99, 2)} ms; unloaded, one at a time: p50 ${fmt(u?.p50 ?? NaN, 2)} ms, p99 ${fmt(u?.p99 ?? NaN, 2)} ms. ` +
      `"alone ms" is the noisy request sent once on its own)`,
  );
  const worst = report.results.reduce<NoisyResult | undefined>((a, b) => (!a || b.heartbeat.latencyMs.p99 > a.heartbeat.latencyMs.p99 ? b : a), undefined);
  if (worst) out(`worst heartbeat p99: ${fmt(worst.heartbeat.latencyMs.p99, 2)} ms under ${worst.key} (${worst.name})`);
  const contended = report.results.filter((x) => x.otherCores > 0.25);
  if (contended.length) {
    out(
      `WARNING — other programs used more than 0.25 cores during ${contended.length} of ${report.results.length} cases, so their ` +
        `numbers are not clean: ${contended.map((r) => `${r.key} ${fmt(r.otherCores, 2)}`).join(', ')}`,
    );
  }
}
