// The rss group of `npm run bench` (issue 14: "RSS ≤ 250 MB under the bench load"). The bench's server runs in the
// bench's own process, next to its load generator, so its RSS says nothing about the server's: this group spawns the
// compiled server (`node dist/server.js`, built first when stale) on the seeded store, drives the standard load at it
// through bench/load.ts (reads, deploy gates, for-verification, publishing, then all of them at once), and samples
// the server process's /proc VmRSS every BENCH_RSS_SAMPLE_MS (100) and its VmHWM (the kernel's peak) at the end.
// It reports the peak and the steady (median under the mixed load) RSS against the target; missing the target does not
// fail the run, a wrong status does. BENCH_RSS_NODE_ARGS (space-separated) goes to node before dist/server.js, to
// measure a V8 flag without a rebuild (e.g. --max-semi-space-size=4); its NAME=value words go to the server's environment.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { percentile, runLoad, type LoadRequest, type LoadStats } from './load.js';
import { memoryMb, spawnServer } from './spawn-server.js';
import { printTable } from './table.js';

const ROOT = resolve(import.meta.dirname, '..');
export const RSS_TARGET_MB = 250;

export interface RssLoad {
  name: string;
  request: LoadRequest;
}

export interface RssPhase {
  name: string;
  loads: RssLoad[];
}

export interface RssPhaseResult {
  name: string;
  seconds: number;
  loads: Array<{ name: string; connections: number; stats: LoadStats }>;
  rssMb: { median: number; max: number };
  /** The server process's CPU time (user + system) over the phase, per response of all its loads. */
  cpuMsPerResponse: number;
}

export interface RssReport {
  nodeArgs: string[];
  /** RSS once the server first answered. */
  readyRssMb: number;
  phases: RssPhaseResult[];
  /** VmHWM at the end: the largest RSS the server ever had (sampling can miss a short spike, the kernel does not). */
  peakMb: number;
  /** The median of the samples under the last (mixed) phase. */
  steadyMb: number;
  targetMb: number;
  failures: string[];
}

/** A process's CPU time so far (user + system), in ms; /proc/<pid>/stat counts clock ticks (100 per second). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** `connections` spread over the loads of a phase, at least one each (so a phase may use a few more). */
export function spreadConnections(loads: number, connections: number): number[] {
  return Array.from({ length: loads }, (_, i) => Math.max(1, Math.floor(connections / loads) + (i < connections % loads ? 1 : 0)));
}

/** The parent's environment without the settings that would point the server elsewhere, plus the store's. */
function serverEnv(store: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (/^PACT_BROKER_/.test(name)) delete env[name];
  for (const name of ['DATABASE_URL', 'TREATY_DATABASE_URL', 'TREATY_DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL']) delete env[name];
  return { ...env, TREATY_LOG_LEVEL: 'warn', ...store };
}

/** How a variant is shown: its environment, then the node command line. */
const command = (nodeArgs: string[]) => {
  const env = nodeArgs.filter((word) => word.includes('=') && !word.startsWith('-'));
  return [...env, 'node', ...nodeArgs.filter((word) => !env.includes(word)), 'dist/server.js'].join(' ');
};

export async function runRssBench(options: {
  /** DATABASE_URL or TREATY_DATA_DIR of the seeded store (PGlite: closed by the caller first). */
  store: Record<string, string>;
  phases: RssPhase[];
  connections: number;
  durationSeconds: number;
  sampleMs: number;
  nodeArgs: string[];
  out: (line?: string) => void;
}): Promise<RssReport> {
  const { out } = options;
  execFileSync(process.execPath, ['scripts/server-build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'pipe' });
  // NAME=value words of a variant are the server's environment (MALLOC_ARENA_MAX=2), the rest node's flags.
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
  const variantEnv = Object.fromEntries(options.nodeArgs.flatMap((word) => (assignment.test(word) ? [assignment.exec(word)!.slice(1, 3)] : [])));
  const server = await spawnServer({
    command: process.execPath,
    args: [...options.nodeArgs.filter((word) => !assignment.test(word)), 'dist/server.js'],
    cwd: ROOT,
    env: { ...serverEnv(options.store), ...variantEnv },
    label: 'node dist/server.js (rss)',
  });
  const pid = server.child.pid!;
  const failures: string[] = [];
  try {
    const readyRssMb = memoryMb(pid)?.rss ?? Number.NaN;
    out(`rss: ${command(options.nodeArgs)} answered after ${server.readyMs.toFixed(0)} ms, RSS ${readyRssMb.toFixed(0)} MB`);
    const phases: RssPhaseResult[] = [];
    for (const phase of options.phases) {
      const samples: number[] = [];
      const sample = () => {
        const rss = memoryMb(pid)?.rss;
        if (rss !== undefined) samples.push(rss);
      };
      const timer = setInterval(sample, options.sampleMs);
      const started = performance.now();
      const cpuAtStart = cpuMs(pid);
      const spread = spreadConnections(phase.loads.length, options.connections);
      const stats = await Promise.all(
        phase.loads.map((load, i) => runLoad({ baseUrl: server.baseUrl, connections: spread[i]!, durationSeconds: options.durationSeconds, request: load.request })),
      ).finally(() => clearInterval(timer));
      sample();
      const cpu = cpuMs(pid) - cpuAtStart;
      const seconds = (performance.now() - started) / 1000;
      const sorted = [...samples].sort((a, b) => a - b);
      const result: RssPhaseResult = {
        name: phase.name,
        seconds,
        loads: phase.loads.map((load, i) => ({ name: load.name, connections: spread[i]!, stats: stats[i]! })),
        rssMb: { median: percentile(sorted, 0.5), max: sorted[sorted.length - 1] ?? Number.NaN },
        cpuMsPerResponse: cpu / stats.reduce((n, s) => n + s.responses, 0),
      };
      phases.push(result);
      for (const load of result.loads) {
        const s = load.stats;
        if (s.non2xx || s.errors || s.timeouts || s.responses === 0) {
          failures.push(`rss ${phase.name} / ${load.name}: ${s.responses} responses, ${s.non2xx} non-2xx, ${s.errors} errors, ${s.timeouts} timeouts; ${s.firstFailure ?? ''}`.trim());
        }
      }
      out(`  ${phase.name}: RSS median ${result.rssMb.median.toFixed(0)} MB, max ${result.rssMb.max.toFixed(0)} MB (${samples.length} samples in ${seconds.toFixed(1)} s)`);
    }
    const memory = memoryMb(pid);
    if (!memory) throw new Error(`rss: the server exited under load:\n${server.output()}`);
    return {
      nodeArgs: options.nodeArgs,
      readyRssMb,
      phases,
      peakMb: memory.peak,
      steadyMb: phases.at(-1)?.rssMb.median ?? Number.NaN,
      targetMb: RSS_TARGET_MB,
      failures,
    };
  } finally {
    await server.stop();
  }
}


/** Each variant's phases, then one line per variant: RSS against the target and the latency of a few loads. */
export function reportRss(reports: RssReport[], out: (line?: string) => void): void {
  const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  const verdict = (mb: number, target: number) => (mb <= target ? 'met' : 'NOT met');
  for (const report of reports) {
    out();
    out(`Server RSS under load — ${command(report.nodeArgs)} in a process of its own`);
    printTable(
      out,
      ['phase / load', 'connections', 'requests/s', 'p50 ms', 'p99 ms', 'server CPU ms / response', 'RSS median MB', 'RSS max MB'],
      report.phases.flatMap((phase) => [
        [phase.name, '', '', '', '', fmt(phase.cpuMsPerResponse, 2), fmt(phase.rssMb.median), fmt(phase.rssMb.max)],
        ...phase.loads.map((l) => [`  ${l.name}`, String(l.connections), fmt(l.stats.requestsPerSecond), fmt(l.stats.latencyMs.p50, 2), fmt(l.stats.latencyMs.p99, 2), '', '', '']),
      ]),
    );
    out(`RSS at first answer ${fmt(report.readyRssMb)} MB`);
    out(`RSS peak (VmHWM) ${fmt(report.peakMb)} MB — target ≤ ${report.targetMb} MB: ${verdict(report.peakMb, report.targetMb)}`);
    out(`RSS steady (median under the mixed load) ${fmt(report.steadyMb)} MB — target ≤ ${report.targetMb} MB: ${verdict(report.steadyMb, report.targetMb)}`);
  }
  if (reports.length < 2) return;
  // The p50 of the first load of each single-kind phase (reads: latest pact; gates: the leaf's can-i-deploy; ...).
  const firsts = reports[0]!.phases.filter((p) => !p.name.startsWith('mixed')).map((p) => p.name);
  const p50 = (report: RssReport, phase: string) => report.phases.find((p) => p.name === phase)?.loads[0]?.stats.latencyMs.p50 ?? Number.NaN;
  out();
  out('Server RSS by variant (same store, in turn)');
  printTable(
    out,
    ['variant', 'ready MB', 'peak MB', 'steady MB', 'target', ...firsts.flatMap((f) => [`${f} p50 ms`, `${f} CPU ms/resp`])],
    reports.map((r) => [
      command(r.nodeArgs),
      fmt(r.readyRssMb),
      fmt(r.peakMb),
      fmt(r.steadyMb),
      verdict(r.peakMb, r.targetMb),
      ...firsts.flatMap((f) => [fmt(p50(r, f), 2), fmt(r.phases.find((p) => p.name === f)?.cpuMsPerResponse ?? Number.NaN, 3)]),
    ]),
  );
}
