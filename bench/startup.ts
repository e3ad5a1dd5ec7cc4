// The startup group of `npm run bench`: a new server process, spawned N times (BENCH_STARTUP_RUNS, 5), timed from spawn
// to the first 200 from /diagnostic/status/heartbeat, next to `node -e 0` in the same run. Stores: PGlite in a fresh
// data dir (initdb + migrations every run), PGlite on a dir that already holds a migrated store with rows (the usual
// restart), and PostgreSQL (a throwaway database on DATABASE_URL's server, migrated, with rows) when DATABASE_URL is
// set. Commands: `npm start` (what the README says), `node dist/server.js` (what the image runs; measured after
// `npm start` has built dist/) and `tsx src/server.ts` (how `npm start` ran before the build). The RSS is the server
// process's (the deepest node process under the spawned one) once it answers. Runs are interleaved so load from
// elsewhere on the machine hits every row alike. BENCH_STARTUP_COMPARE=<dir> also measures `tsx src/server.ts` in
// another checkout (e.g. an older commit, for a before/after in the same run). Throws when a server does not answer 200 (or exits first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { percentile } from './load.js';
import { benchPactDocument } from './pacts.js';
import { memoryMb, serverPid, spawnServer } from './spawn-server.js';
import { printTable } from './table.js';

const ROOT = resolve(import.meta.dirname, '..');
const START_TIMEOUT_MS = 120_000;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface ServerStartRow {
  name: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  overBaselineMs: number;
  /** Median RSS of the server process once it answered, in MB (undefined for the baseline). */
  rssMb?: number;
}

interface StoreCase {
  label: string;
  /** Environment for one run (a fresh dir is made per run for the fresh store). */
  env: () => Record<string, string>;
}

interface Command {
  label: string;
  command: string;
  args: string[];
  /** Where it runs (the checkout by default). */
  cwd?: string;
}

/** One start: spawn, wait for the heartbeat's 200, note the time and RSS; the caller's `then` runs before the stop. */
export async function timeServerStart(
  command: Command,
  env: Record<string, string>,
  then?: (port: number) => Promise<void>,
): Promise<{ ms: number; rssMb: number | undefined }> {
  const server = await spawnServer({
    command: command.command,
    args: command.args,
    cwd: command.cwd ?? ROOT,
    env: { ...process.env, TREATY_LOG_LEVEL: 'warn', ...env },
    label: command.label,
    timeoutMs: START_TIMEOUT_MS,
  });
  try {
    const pid = serverPid(server.child.pid!);
    const rss = pid === undefined ? undefined : memoryMb(pid)?.rss;
    if (then) await then(server.port);
    return { ms: server.readyMs, rssMb: rss };
  } finally {
    await server.stop();
  }
}

async function timeBaseline(): Promise<number> {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', '0']);
  if (result.status !== 0) throw new Error('node -e 0 failed');
  return performance.now() - started;
}

/** Publishes a few pacts, so the "with data" stores hold rows in the main tables. */
async function publishSome(port: number): Promise<void> {
  for (let n = 0; n < 6; n++) {
    const consumer = `startup-consumer-${n % 3}`;
    const provider = `startup-provider-${n % 2}`;
    const res = await fetch(`http://127.0.0.1:${port}/pacts/provider/${provider}/consumer/${consumer}/version/1.0.${n}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(benchPactDocument(consumer, provider, n)),
    });
    if (res.status >= 300) throw new Error(`startup bench: publishing a pact answered ${res.status}: ${await res.text()}`);
  }
}

async function onMaintenanceDb<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function runStartupBench(options: {
  runs: number;
  databaseUrl: string | undefined;
  /** Another checkout (with node_modules) whose `tsx src/server.ts` is measured too: a before/after in one run. */
  compareWith?: string | undefined;
  out: (line?: string) => void;
}): Promise<ServerStartRow[]> {
  const { runs, databaseUrl, compareWith, out } = options;
  const tmp = mkdtempSync(join(tmpdir(), 'treaty-startup-bench-'));
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(tmp, { recursive: true, force: true })];
  let fresh = 0;
  try {
    const npmStart: Command = { label: 'npm start', command: NPM, args: ['start', '--silent'] };
    const tsx: Command = { label: 'tsx src/server.ts', command: process.execPath, args: [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/server.ts'] };
    const compiled: Command = { label: 'node dist/server.js', command: process.execPath, args: ['dist/server.js'] };

    const dataDir = join(tmp, 'with-data');
    const stores: StoreCase[] = [
      { label: 'PGlite, fresh data dir', env: () => ({ DATABASE_URL: '', TREATY_DATA_DIR: join(tmp, `fresh-${fresh++}`) }) },
      { label: 'PGlite, with data', env: () => ({ DATABASE_URL: '', TREATY_DATA_DIR: dataDir }) },
    ];
    // The with-data dir: migrated and given rows by one start of the server, which also builds dist/ when needed.
    out('startup: preparing the stores (first `npm start` builds dist/ when it is missing or stale)');
    await timeServerStart(npmStart, stores[1]!.env(), publishSome);
    if (databaseUrl) {
      const name = `treaty_startup_${process.pid}`;
      await onMaintenanceDb(databaseUrl, (c) => c.query(`create database "${name}"`));
      cleanups.push(() => onMaintenanceDb(databaseUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined));
      const url = new URL(databaseUrl);
      url.pathname = `/${name}`;
      const pgEnv = { DATABASE_URL: url.toString() };
      await timeServerStart(npmStart, pgEnv, publishSome);
      stores.push({ label: 'PostgreSQL, with data', env: () => pgEnv });
    }
    const other: Command[] = compareWith
      ? [{ label: `tsx src/server.ts in ${compareWith}`, command: process.execPath, args: [resolve(compareWith, 'node_modules/tsx/dist/cli.mjs'), 'src/server.ts'], cwd: compareWith }]
      : [];
    const commands = [npmStart, ...(existsSync(join(ROOT, 'dist/server.js')) ? [compiled] : []), tsx, ...other];
    const cases = stores.flatMap((store) => commands.map((command) => ({ name: `${command.label} — ${store.label}`, command, store })));

    const baseline: number[] = [];
    const samples = cases.map(() => [] as Array<{ ms: number; rssMb: number | undefined }>);
    out(`startup: ${runs} runs of each of ${cases.length} starts, interleaved`);
    for (let i = 0; i < runs; i++) {
      baseline.push(await timeBaseline());
      for (const [index, c] of cases.entries()) samples[index]!.push(await timeServerStart(c.command, c.store.env()));
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const baselineMedian = percentile(sorted(baseline), 0.5);
    const rows: ServerStartRow[] = [
      { name: 'node -e 0 (baseline)', runs, medianMs: baselineMedian, p90Ms: percentile(sorted(baseline), 0.9), overBaselineMs: 0 },
    ];
    for (const [index, c] of cases.entries()) {
      const ms = sorted(samples[index]!.map((s) => s.ms));
      const rss = sorted(samples[index]!.map((s) => s.rssMb).filter((n): n is number => n !== undefined));
      rows.push({
        name: c.name,
        runs,
        medianMs: percentile(ms, 0.5),
        p90Ms: percentile(ms, 0.9),
        overBaselineMs: percentile(ms, 0.5) - baselineMedian,
        rssMb: rss.length ? percentile(rss, 0.5) : undefined,
      });
    }
    return rows;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

export function reportStartup(rows: ServerStartRow[], out: (line?: string) => void): void {
  const ms = (n: number) => n.toFixed(0);
  printTable(
    out,
    ['start (spawn → first 200 from the heartbeat)', 'runs', 'median ms', 'p90 ms', 'median over node -e 0', 'RSS MB'],
    rows.map((r) => [
      r.name,
      String(r.runs),
      ms(r.medianMs),
      ms(r.p90Ms),
      r.name.startsWith('node -e') ? '-' : `+${ms(r.overBaselineMs)}`,
      r.rssMb === undefined ? '-' : r.rssMb.toFixed(0),
    ]),
  );
}
