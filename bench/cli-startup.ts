// The cli-startup group of `npm run bench`: how long the treaty CLI takes to start, against `node -e 0` measured in
// the same run (the floor any Node program pays). Three commands: `treaty --version` (start-up alone),
// `treaty list-environments` against a closed port (start-up up to the first request, which fails at once) and
// `treaty can-i-deploy` against a stub broker in this process (start-up, one request, the answer printed). Each is
// run from the standalone package (`npm run pack:cli`'s package, built into a temporary directory for the run), from
// the checkout's bundle (dist-cli/, when `npm run build:cli` is fresh) and from the sources through tsx
// (TREATY_CLI_SOURCE=1). The runs are interleaved so that load from elsewhere on the machine hits every row alike.
// Reported, never failed on: the issue's goal is start-up to first request ≤ 300 ms above nothing at all.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compiledCliIsFresh } from '../bin/cli-build.js';
import { percentile } from './load.js';
import { printTable } from './table.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = resolve(ROOT, 'bin/treaty.js');

/** What a stub broker answers to /matrix: deployable, one verified row (the shape Treaty sends). */
export const STUB_MATRIX = {
  summary: { deployable: true, reason: 'All required verification results are published and successful', success: 1, failed: 0, unknown: 0 },
  notices: [],
  matrix: [
    {
      consumer: { name: 'web', version: { number: '1' } },
      provider: { name: 'orders', version: { number: '7' } },
      verificationResult: { success: true },
      reason: { kind: 'verified' },
    },
  ],
};

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
  packageBuilt: boolean;
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

/** A broker that answers every request with STUB_MATRIX, so can-i-deploy measures the CLI and not the broker. */
async function stubBroker(): Promise<{ baseUrl: string; server: Server }> {
  const body = JSON.stringify(STUB_MATRIX);
  const server = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/hal+json' }).end(body));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

/** The standalone package, built into a temporary directory; undefined (with the reason printed) when that fails. */
function buildPackage(out: (line?: string) => void): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'treaty-cli-bench-'));
  try {
    execFileSync(process.execPath, [resolve(ROOT, 'scripts/build-cli.mjs'), '--package-only', dir], { cwd: ROOT, stdio: 'pipe' });
    return dir;
  } catch (error) {
    out(`(the standalone package did not build, so it is not measured: ${(error as Error).message.split('\n')[0]})`);
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** The three commands, each with the program's arguments before them. */
function commands(name: string, program: string[], env: Record<string, string>, closed: string[], canIDeploy: string[]): Case[] {
  return [
    { name: `treaty --version (${name})`, args: [...program, '--version'], env },
    { name: `treaty list-environments, closed port (${name})`, args: [...program, ...closed], env },
    { name: `treaty can-i-deploy, stub broker (${name})`, args: [...program, ...canIDeploy], env },
  ];
}

export async function runCliStartupBench(options: { runs: number; out: (line?: string) => void }): Promise<CliStartupReport> {
  const { runs, out } = options;
  const port = await closedPort();
  const stub = await stubBroker();
  const packageDir = buildPackage(out);
  const clean = { TREATY_HTTP_RETRIES: '0', TREATY_BROKER_TOKEN: '', PACT_BROKER_TOKEN: '' };
  const closed = ['list-environments', '-b', `http://127.0.0.1:${port}`];
  const canIDeploy = ['can-i-deploy', '-a', 'web', '-e', '1', '--to-environment', 'production', '-b', stub.baseUrl];
  const compiledBuilt = compiledCliIsFresh();
  const cases: Case[] = [
    { name: 'node -e 0 (baseline)', args: ['-e', '0'], env: {} },
    ...(packageDir ? commands('package', [join(packageDir, 'bin/treaty.js')], clean, closed, canIDeploy) : []),
    ...(compiledBuilt ? commands('checkout bundle', [BIN], clean, closed, canIDeploy) : []),
    ...commands('tsx', [BIN], { ...clean, TREATY_CLI_SOURCE: '1' }, closed, canIDeploy),
  ];
  out();
  out(`CLI start-up: ${runs} runs of each command, interleaved${compiledBuilt ? '' : ' (no fresh checkout bundle: run `npm run build:cli` to measure it)'}`);
  try {
    return { compiledBuilt, packageBuilt: packageDir !== undefined, rows: await measure(cases, runs) };
  } finally {
    await new Promise((done) => stub.server.close(done));
    if (packageDir) rmSync(packageDir, { recursive: true, force: true });
  }
}

async function measure(cases: Case[], runs: number): Promise<StartupRow[]> {
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
  return rows;
}

export function reportCliStartup(report: CliStartupReport, out: (line?: string) => void): void {
  const ms = (n: number) => n.toFixed(0);
  printTable(
    out,
    ['command', 'runs', 'median ms', 'p90 ms', 'median over node -e 0', 'exit'],
    report.rows.map((r) => [r.name, String(r.runs), ms(r.medianMs), ms(r.p90Ms), r.name.startsWith('node ') ? '-' : `+${ms(r.overBaselineMs)}`, r.exitCodes.join(',')]),
  );
}
