// Where the CPU goes during one load run: the server's thread (this process's main thread, whose event loop runs
// Treaty), the rest of this process (the load generator's worker thread, GC and libuv helper threads), PostgreSQL's
// backends serving the benchmark's database, and the whole machine; what is left is other programs (including other
// databases' backends and PostgreSQL's shared background processes). Linux /proc only; elsewhere those are NaN.
import { readdirSync, readFileSync } from 'node:fs';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

interface Snapshot {
  database: string | undefined;
  wall: number;
  elu: EventLoopUtilization;
  machineBusyTicks: number;
  postgres: Map<string, number>;
  serverThreadTicks: number;
  processTicks: number;
}

export interface CpuShare {
  /** Fraction of the wall time the server's event loop was not waiting for events (1 = never idle). */
  serverEventLoop: number;
  /** Cores' worth of CPU (1 = one core all the time) used by the server's thread. */
  serverThreadCores: number;
  /** By the rest of this process: the load generator's thread, GC and libuv helper threads. */
  restOfProcessCores: number;
  /** By PostgreSQL's backends of the benchmark's database (connections that ended meanwhile are missed). */
  postgresCores: number;
  /** By the whole machine. */
  machineCores: number;
  /** By everything else on the machine (other programs: the numbers are not clean when this is large). */
  otherCores: number;
}

/** utime + stime of a /proc/.../stat line (fields 14 and 15, counted after the parenthesised command name). */
function ticksOf(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

function ticksAt(path: string): number {
  try {
    return ticksOf(readFileSync(path, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

function machineBusyTicks(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, _idle = 0, _iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    return user + nice + system + irq + softirq + steal;
  } catch {
    return Number.NaN;
  }
}

/** CPU ticks of the PostgreSQL backends connected to `database` (every PostgreSQL process without one), by pid. */
function postgresTicks(database: string | undefined): Map<string, number> {
  const ticks = new Map<string, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid));
  } catch {
    return ticks;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      // A backend's title is "postgres: <user> <database> <client> <state>".
      if (database !== undefined && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(' ').includes(database)) continue;
      ticks.set(pid, ticksOf(stat));
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

export function cpuSnapshot(database?: string): Snapshot {
  return {
    database,
    wall: performance.now(),
    elu: performance.eventLoopUtilization(),
    machineBusyTicks: machineBusyTicks(),
    postgres: postgresTicks(database),
    serverThreadTicks: ticksAt(`/proc/self/task/${process.pid}/stat`),
    processTicks: ticksAt('/proc/self/stat'),
  };
}

export function cpuSince(start: Snapshot): CpuShare {
  const end = cpuSnapshot(start.database);
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / ((end.wall - start.wall) / 1000);
  let postgres = 0;
  for (const [pid, ticks] of end.postgres) postgres += ticks - (start.postgres.get(pid) ?? 0);
  const serverThread = end.serverThreadTicks - start.serverThreadTicks;
  const ownProcess = end.processTicks - start.processTicks;
  const machine = end.machineBusyTicks - start.machineBusyTicks;
  return {
    serverEventLoop: performance.eventLoopUtilization(end.elu, start.elu).utilization,
    serverThreadCores: cores(serverThread),
    restOfProcessCores: cores(ownProcess - serverThread),
    postgresCores: cores(postgres),
    machineCores: cores(machine),
    otherCores: Math.max(0, cores(machine - ownProcess - postgres)),
  };
}
