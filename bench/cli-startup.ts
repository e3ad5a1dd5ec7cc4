// The cli-startup group of `npm run bench`: how long the treaty CLI takes to start, against `node -e 0` measured in
// the same run (the floor any Node program pays). Two commands: `treaty --version` (start-up alone) and
// `treaty list-environments` against a closed port (start-up up to the first request, which fails at once). Each is run
// from the compiled build (dist-cli/, when `npm run build:cli` is fresh) and from the sources through tsx
// (TREATY_CLI_SOURCE=1). The runs are interleaved so that load from elsewhere on the machine hits every row alike.
// Reported, never failed on: the issue's goal is start-up to first request ≤ 300 ms above nothing at all.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { compiledCliIsFresh } from '../bin/cli-build.js';
import { percentile } from './load.js';
import { printTable } from './table.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = resolve(ROOT, 'bin/treaty.js');

export interface StartupRow {
  name: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  /** Median minus the `node -e 0` median. */
  overBaselineMs: number;
  exitCodes: number[];
}

export interface CliStartupReport {
  compiledBuilt: boolean;
  rows: StartupRow[];
}

interface Case {
  name: string;
  args: string[];
  env: Record<string, string>;
}

function timeRun(args: string[], env: Record<string, string>): Promise<{ ms: number; code: number }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error) => {
      if (error && typeof error.code !== 'number') return fail(error);
      done({ ms: performance.now() - started, code: error ? (error.code as number) : 0 });
    });
  });
}

/** A port nothing listens on: bound, noted and closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}


export async function runCliStartupBench(options: { runs: number; out: (line?: string) => void }): Promise<CliStartupReport> {
  const { runs, out } = options;
  const port = await closedPort();
  const clean = { TREATY_HTTP_RETRIES: '0', TREATY_BROKER_TOKEN: '', PACT_BROKER_TOKEN: '' };
  const closed = ['list-environments', '-b', `http://127.0.0.1:${port}`];
  const compiledBuilt = compiledCliIsFresh();
  const cases: Case[] = [
    { name: 'node -e 0 (baseline)', args: ['-e', '0'], env: {} },
    ...(compiledBuilt
      ? [
          { name: 'treaty --version (compiled)', args: [BIN, '--version'], env: clean },
          { name: 'treaty list-environments, closed port (compiled)', args: [BIN, ...closed], env: clean },
        ]
      : []),
    { name: 'treaty --version (tsx)', args: [BIN, '--version'], env: { ...clean, TREATY_CLI_SOURCE: '1' } },
    { name: 'treaty list-environments, closed port (tsx)', args: [BIN, ...closed], env: { ...clean, TREATY_CLI_SOURCE: '1' } },
  ];
  out();
  out(`CLI start-up: ${runs} runs of each command, interleaved${compiledBuilt ? '' : ' (no fresh compiled build: run `npm run build:cli` to measure it)'}`);
  for (const c of cases) await timeRun(c.args, c.env); // warm the file system cache
  const samples = cases.map(() => [] as Array<{ ms: number; code: number }>);
  for (let i = 0; i < runs; i++) {
    for (const [index, c] of cases.entries()) samples[index]!.push(await timeRun(c.args, c.env));
  }
  const median = (index: number) => percentile(samples[index]!.map((s) => s.ms).sort((a, b) => a - b), 0.5);
  const baseline = median(0);
  const rows = cases.map((c, index) => {
    const sorted = samples[index]!.map((s) => s.ms).sort((a, b) => a - b);
    return {
      name: c.name,
      runs,
      medianMs: median(index),
      p90Ms: percentile(sorted, 0.9),
      overBaselineMs: median(index) - baseline,
      exitCodes: [...new Set(samples[index]!.map((s) => s.code))],
    };
  });
  return { compiledBuilt, rows };
}

export function reportCliStartup(report: CliStartupReport, out: (line?: string) => void): void {
  const ms = (n: number) => n.toFixed(0);
  printTable(
    out,
    ['command', 'runs', 'median ms', 'p90 ms', 'median over node -e 0', 'exit'],
    report.rows.map((r) => [r.name, String(r.runs), ms(r.medianMs), ms(r.p90Ms), r.name.startsWith('node ') ? '-' : `+${ms(r.overBaselineMs)}`, r.exitCodes.join(',')]),
  );
}
