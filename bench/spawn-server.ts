// A server as a child process, ready once its heartbeat answers 200: used by the startup and RSS groups of
// `npm run bench` and by test/interop/dist-start.test.ts (tests import from bench/, never the other way round).
// The child runs in a process group of its own, so `npm start` (npm → sh → node) stops as a whole; groups still
// running when this process exits are killed, however it exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';

export interface SpawnedServer {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** From spawn to the first 200 from the heartbeat. */
  readyMs: number;
  /** The last OUTPUT_KEPT characters written to stdout and stderr. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM to the group, SIGKILL after 15 s; resolves once the child exited. */
  stop(): Promise<void>;
}

export interface SpawnServerOptions {
  command: string;
  args: string[];
  cwd: string;
  /** The whole environment of the child; PORT and HOST are set here. */
  env: NodeJS.ProcessEnv;
  /** Named in errors. */
  label?: string;
  timeoutMs?: number;
}

const OUTPUT_KEPT = 64_000;
const POLL_MS = 10;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

function heartbeatStatus(port: number): Promise<number> {
  return new Promise((done) => {
    const req = get({ host: '127.0.0.1', port, path: '/diagnostic/status/heartbeat', timeout: 2000 }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => done(0));
    req.on('timeout', () => req.destroy());
  });
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-child.pid!, signal);
    return true;
  } catch {
    return false; // gone already
  }
}

/** Spawns the server on a free port of 127.0.0.1 and resolves once it answers; throws (after stopping it) if it exits first, answers other than 200, or times out. */
export async function spawnServer(options: SpawnServerOptions): Promise<SpawnedServer> {
  const { label = options.args.join(' '), timeoutMs = 120_000 } = options;
  const port = await freePort();
  const started = performance.now();
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      done({ code, signal });
    }),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (gone() || !signalGroup(child, 'SIGTERM')) return void (await exited);
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    for (;;) {
      if (gone()) throw new Error(`${label} exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`);
      const status = await heartbeatStatus(port);
      if (status === 200) break;
      if (status !== 0) throw new Error(`${label}: heartbeat answered ${status}, not 200:\n${output}`);
      if (performance.now() - started > timeoutMs) throw new Error(`${label} did not answer within ${timeoutMs} ms:\n${output}`);
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, port, baseUrl: `http://127.0.0.1:${port}`, readyMs: performance.now() - started, output: () => output, exited, stop };
}

/** The process ids under pid (children found through /proc), deepest last. */
function descendants(pid: number): number[] {
  const found: number[] = [];
  const walk = (p: number) => {
    let children: string;
    try {
      children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8');
    } catch {
      return;
    }
    for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** A process's resident set now (VmRSS) and its peak so far (VmHWM), in MB; undefined once it is gone. */
export function memoryMb(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    const rss = kb('VmRSS');
    return Number.isNaN(rss) ? undefined : { rss: rss / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * A process's resident set split by kind, in MB, from /proc/<pid>/smaps_rollup: anonymous memory (heaps: V8's, malloc's,
 * wasm linear memory) and the rest, file-backed (mapped code and data: node, shared libraries) and shared memory.
 */
export function residentKindsMb(pid: number): { rss: number; anonymous: number; fileAndShmem: number } | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
    const rss = kb('Rss');
    const anonymous = kb('Anonymous');
    return Number.isNaN(rss) ? undefined : { rss: rss / 1024, anonymous: anonymous / 1024, fileAndShmem: (rss - anonymous) / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Two parts of a process's resident set, in MB, from the full /proc/<pid>/smaps (tens of ms to read, so not per sample):
 * wasm linear memory (a read-write mapping directly followed by V8's guard reservation of a GB or more; touched pages
 * stay resident, so it only grows) and glibc malloc (the main [heap] and the 64 MB-aligned thread arenas).
 */
export function residentPartsMb(pid: number): { wasm: number; malloc: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return undefined;
  }
  const maps: Array<{ start: number; end: number; perms: string; name: string; rssKb: number }> = [];
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) maps.push({ start: parseInt(head[1]!, 16), end: parseInt(head[2]!, 16), perms: head[3]!, name: head[4]!, rssKb: 0 });
    else if (line.startsWith('Rss:') && maps.length) maps[maps.length - 1]!.rssKb = Number(/(\d+)/.exec(line)?.[1] ?? 0);
  }
  const ARENA = 64 * 1024 * 1024;
  let wasmKb = 0;
  let mallocKb = 0;
  maps.forEach((map, i) => {
    const next = maps[i + 1];
    const size = map.end - map.start;
    if (map.name === '[heap]') mallocKb += map.rssKb;
    else if (map.name) return;
    else if (map.perms.startsWith('rw') && next?.start === map.end && next.perms === '---p' && next.end - next.start >= 2 ** 30) wasmKb += map.rssKb;
    else if (map.start % ARENA === 0 && size <= ARENA && map.perms.startsWith('rw')) mallocKb += map.rssKb;
  });
  return { wasm: wasmKb / 1024, malloc: mallocKb / 1024 };
}

/** The server process of a spawned tree: the one with the largest RSS (npm and sh are small, the server is not). */
export function serverPid(pid: number): number | undefined {
  let best: { pid: number; rss: number } | undefined;
  for (const p of [pid, ...descendants(pid)]) {
    const rss = memoryMb(p)?.rss;
    if (rss !== undefined && rss > (best?.rss ?? -1)) best = { pid: p, rss };
  }
  return best?.pid;
}
