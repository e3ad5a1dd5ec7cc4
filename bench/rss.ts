// The rss group of `npm run bench` (issue 14: "RSS ≤ 250 MB under the bench load"). The bench's server runs in the
// bench's own process, next to its load generator, so its RSS says nothing about the server's: this group spawns the
// compiled server (`node dist/server.js`, built first when stale) on the seeded store, drives the standard load at it
// through bench/load.ts (reads, deploy gates, for-verification, publishing, then all of them at once), and samples
// the server process's /proc VmRSS every BENCH_RSS_SAMPLE_MS (100) and its VmHWM (the kernel's peak) at the end.
// It reports the peak and the steady (median under the mixed load) RSS against the target; missing the target does not
// fail the run, a wrong status does. BENCH_RSS_NODE_ARGS (space-separated) goes to node before dist/server.js, to
// measure a V8 flag without a rebuild (e.g. --max-semi-space-size=4); its NAME=value words go to the server's environment.
// Every variant runs with the node flags of `npm start` (package.json; the Dockerfile's CMD has the same, a unit test
// says so) first, so a variant's own flags override them; the word `node-defaults` leaves them out. BENCH_RSS_NODE: the
// node binary to run the server with (this process's by default), e.g. Node 24's to check the image's runtime.
// Where the memory is: the server also gets `--import bench/rss-probe.mjs` (the bench's, not the server's code), which
// logs its V8 heap, external/ArrayBuffer and wasm (PGlite) memory to a file; with /proc/<pid>/smaps_rollup (anonymous
// vs file-backed) the report splits each phase's largest sample.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentile, runLoad, type LoadRequest, type LoadStats } from './load.js';
import { memoryMb, residentKindsMb, residentPartsMb, spawnServer } from './spawn-server.js';
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

/** One moment's memory, in MB: the kernel's split (smaps_rollup) and the server's own view (bench/rss-probe.mjs). */
export interface MemorySplit {
  rss: number;
  anonymous: number;
  fileAndShmem: number;
  heapTotal: number;
  heapUsed: number;
  newSpace: number;
  oldSpace: number;
  external: number;
  arrayBuffers: number;
  /** PGlite's WebAssembly.Memory (Postgres's heap and shared buffers); it grows and never shrinks. */
  wasm: number;
}

/** Read from the full smaps at the end of a phase (too slow to read per sample). */
export interface PhaseEnd {
  /** The resident part of the wasm memory. */
  wasmResident: number;
  /** glibc malloc's heap and thread arenas. */
  malloc: number;
}

/** One line of bench/rss-probe.mjs: the server's own view at time t (ms), with its RSS. */
type ProbeLine = { t: number } & Omit<MemorySplit, 'anonymous' | 'fileAndShmem'>;

interface Sample {
  t: number;
  rss: number;
  anonymous: number;
  fileAndShmem: number;
}

export interface RssPhaseResult {
  name: string;
  /** At the phase's largest RSS sample. */
  atMax?: MemorySplit | undefined;
  atEnd?: PhaseEnd | undefined;
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
  /** Start (spawn to first answer): the server's own view at its largest RSS sample. */
  startAtMax?: MemorySplit | undefined;
  ready?: PhaseEnd | undefined;
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

/** The node flags `npm start` runs the server with: the words between `node` and the script in package.json. */
export function startFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = manifest.scripts.start.trim().split(/\s+/);
  return words[0] === 'node' ? words.slice(1, -1) : [];
}

/** A variant's words as run: npm start's flags, then the variant's (which win), unless it says `node-defaults`. */
export function variantArgs(words: string[]): string[] {
  return words.includes('node-defaults') ? words.filter((word) => word !== 'node-defaults') : [...startFlags(), ...words];
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
  const nodeArgs = variantArgs(options.nodeArgs);
  execFileSync(process.execPath, ['scripts/server-build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'pipe' });
  const probeDir = mkdtempSync(join(tmpdir(), 'treaty-rss-probe-'));
  const probeFile = join(probeDir, 'memory.jsonl');
  const probe = pathToFileURL(join(ROOT, 'bench', 'rss-probe.mjs')).href;
  // NAME=value words of a variant are the server's environment (MALLOC_ARENA_MAX=2), the rest node's flags.
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
  const variantEnv = Object.fromEntries(nodeArgs.flatMap((word) => (assignment.test(word) ? [assignment.exec(word)!.slice(1, 3)] : [])));
  const server = await spawnServer({
    command: process.env.BENCH_RSS_NODE?.trim() || process.execPath,
    args: [...nodeArgs.filter((word) => !assignment.test(word)), '--import', probe, 'dist/server.js'],
    cwd: ROOT,
    env: { ...serverEnv(options.store), ...variantEnv, TREATY_RSS_PROBE_FILE: probeFile, TREATY_RSS_PROBE_MS: String(options.sampleMs) },
    label: 'node dist/server.js (rss)',
  });
  const pid = server.child.pid!;
  const failures: string[] = [];
  try {
    const readyRssMb = memoryMb(pid)?.rss ?? Number.NaN;
    const readyParts = residentPartsMb(pid);
    const startLines = probeLines(probeFile);
    const startMax = largest(startLines);
    const startAtMax = startMax ? split({ t: startMax.t, rss: startMax.rss, anonymous: Number.NaN, fileAndShmem: Number.NaN }, startLines) : undefined;
    out(`rss: ${command(nodeArgs)} answered after ${server.readyMs.toFixed(0)} ms, RSS ${readyRssMb.toFixed(0)} MB`);
    const phases: RssPhaseResult[] = [];
    for (const phase of options.phases) {
      const samples: number[] = [];
      const kinds: Sample[] = [];
      const sample = () => {
        const rss = memoryMb(pid)?.rss;
        if (rss !== undefined) samples.push(rss);
        const resident = residentKindsMb(pid);
        if (resident) kinds.push({ t: Date.now(), ...resident });
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
      const parts = residentPartsMb(pid);
      const seconds = (performance.now() - started) / 1000;
      const sorted = [...samples].sort((a, b) => a - b);
      const result: RssPhaseResult = {
        name: phase.name,
        seconds,
        loads: phase.loads.map((load, i) => ({ name: load.name, connections: spread[i]!, stats: stats[i]! })),
        rssMb: { median: percentile(sorted, 0.5), max: sorted[sorted.length - 1] ?? Number.NaN },
        cpuMsPerResponse: cpu / stats.reduce((n, s) => n + s.responses, 0),
        atMax: largest(kinds) && split(largest(kinds)!, probeLines(probeFile)),
        atEnd: parts && { wasmResident: parts.wasm, malloc: parts.malloc },
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
      nodeArgs,
      readyRssMb,
      startAtMax,
      ready: readyParts && { wasmResident: readyParts.wasm, malloc: readyParts.malloc },
      phases,
      peakMb: memory.peak,
      steadyMb: phases.at(-1)?.rssMb.median ?? Number.NaN,
      targetMb: RSS_TARGET_MB,
      failures,
    };
  } finally {
    await server.stop();
    rmSync(probeDir, { recursive: true, force: true });
  }
}

function probeLines(file: string): ProbeLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as ProbeLine] : [];
    } catch {
      return []; // a line being written
    }
  });
}

/** The sample (or probe line) with the largest RSS. */
function largest<T extends { rss: number }>(samples: T[]): T | undefined {
  return samples.reduce<T | undefined>((best, s) => (s.rss > (best?.rss ?? -1) ? s : best), undefined);
}

/** The kernel's sample with the server's own probe line nearest to it in time. */
function split(sample: Sample, lines: ProbeLine[]): MemorySplit | undefined {
  const near = lines.reduce<ProbeLine | undefined>((best, l) => (Math.abs(l.t - sample.t) < Math.abs((best?.t ?? -Infinity) - sample.t) ? l : best), undefined);
  if (!near) return undefined;
  const { t: _t, rss: _rss, ...own } = near;
  return { rss: sample.rss, anonymous: sample.anonymous, fileAndShmem: sample.fileAndShmem, ...own };
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
    const splits = [
      ...(report.startAtMax ? [['start', report.startAtMax, report.ready] as const] : []),
      ...report.phases.flatMap((p) => (p.atMax ? [[p.name, p.atMax, p.atEnd] as const] : [])),
    ];
    if (splits.length) {
      out('Where the memory is, MB, at each phase\'s largest RSS sample (anonymous / file+shmem: smaps_rollup; V8 to wasm size:');
      out('the server\'s own view) and at its end (wasm resident, malloc: full smaps)');
      printTable(
        out,
        ['phase', 'RSS', 'anonymous', 'file+shmem', 'V8 heap total', 'heap used', 'new space', 'old space', 'external', 'ArrayBuffers', 'wasm size', 'end: wasm resident', 'end: malloc'],
        splits.map(([name, m, end]) => [
          name,
          fmt(m.rss),
          fmt(m.anonymous),
          fmt(m.fileAndShmem),
          fmt(m.heapTotal),
          fmt(m.heapUsed),
          fmt(m.newSpace),
          fmt(m.oldSpace),
          fmt(m.external),
          fmt(m.arrayBuffers),
          fmt(m.wasm),
          fmt(end?.wasmResident ?? Number.NaN),
          fmt(end?.malloc ?? Number.NaN),
        ]),
      );
    }
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
