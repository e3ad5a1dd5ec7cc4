// The durable job runner: claims due jobs with a lease, runs each handler outside any transaction (on PGlite an open
// transaction holds the only connection), then logs the attempt and moves the job on in one transaction.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { nextRunAt } from './backoff.js';
import type { JobsRepository } from './jobs.repository.js';
import type { AttemptOutcome, ClaimedJob, NextState } from './jobs.types.js';

export interface JobContext {
  /** The job's uuid: the idempotency key to send, so receivers can drop a repeated delivery. */
  jobUuid: string;
  attempt: number;
  /** Aborted on timeout and on stop(); pass it to fetch. */
  signal: AbortSignal;
}
export interface JobResult {
  outcome: 'succeeded' | 'retry' | 'failed';
  /** The attempt's log, stored as jsonb on the attempt row. */
  detail?: unknown;
  error?: string;
}
export type JobHandler = (payload: unknown, context: JobContext) => Promise<JobResult>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;
export interface Clock {
  now(): Date;
}
export type JobStore = Pick<JobsRepository, 'claim' | 'record'>;

export interface JobRunnerOptions {
  repo: JobStore;
  handlers: JobHandlers;
  clock?: Clock;
  workerId?: string;
  leaseMs: number;
  pollMs: number;
  concurrency: number;
  /** A handler still running after this long is aborted and retried; must be shorter than the lease. */
  timeoutMs?: number;
  /** Seconds between retries (backoff.ts); the Pact Broker's webhook schedule when absent. */
  retrySchedule?: readonly number[];
  onError?: (error: unknown, context: string) => void;
  /**
   * Runs before each claim: turns work that is recorded but not yet a job into jobs (webhooks/ expands what a
   * write triggered), so a claim, and runOnce(), sees them.
   */
  beforeClaim?: () => Promise<unknown>;
}

export interface JobRunner {
  readonly workerId: string;
  /** Polls every pollMs (and again as soon as a slot frees up); does nothing when no handler is registered. */
  start(): void;
  /** Stops polling, aborts running handlers (recorded as interrupted and queued again), waits for the records. */
  stop(): Promise<void>;
  /** Claims what is due (up to `concurrency`), runs it and waits; for tests. Returns how many jobs it ran. */
  runOnce(): Promise<number>;
}

const SHUTDOWN = 'shutdown';
const TIMEOUT = 'timeout';

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { repo, handlers, leaseMs, pollMs, concurrency } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const timeoutMs = options.timeoutMs ?? Math.floor(leaseMs / 2);
  const onError = options.onError ?? (() => undefined);
  if (!(timeoutMs > 0 && timeoutMs < leaseMs)) throw new Error(`job timeout (${timeoutMs} ms) must be positive and shorter than the lease (${leaseMs} ms)`);
  const kinds = Object.keys(handlers);
  const inFlight = new Map<number, { controller: AbortController; done: Promise<void> }>();
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let stopping = false;
  let filling: Promise<number> | undefined;

  async function execute(job: ClaimedJob, controller: AbortController): Promise<{ outcome: AttemptOutcome; detail?: unknown; error?: string | undefined }> {
    const handler = handlers[job.kind];
    if (!handler) return { outcome: 'failed', error: `no handler for job kind ${job.kind}` };
    if (job.attempt > job.maxAttempts) return { outcome: 'failed', error: `no attempts left after ${job.maxAttempts}` };
    if (controller.signal.aborted) return { outcome: 'interrupted', error: 'stopped by a shutdown' }; // claimed while stopping
    const timer = setTimeout(() => controller.abort(TIMEOUT), timeoutMs);
    const aborted = new Promise<'aborted'>((resolve) => controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));
    const running = Promise.resolve().then(() => handler(job.payload, { jobUuid: job.uuid, attempt: job.attempt, signal: controller.signal }));
    running.catch(() => undefined); // it may settle after losing the race
    try {
      const result = await Promise.race([running, aborted]);
      if (result !== 'aborted' && (result.outcome === 'succeeded' || !controller.signal.aborted)) return result;
    } catch (error) {
      if (!controller.signal.aborted) return { outcome: 'retry', error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
    return controller.signal.reason === SHUTDOWN
      ? { outcome: 'interrupted', error: 'stopped by a shutdown' }
      : { outcome: 'retry', error: `timed out after ${timeoutMs} ms` };
  }

  function nextState(job: ClaimedJob, outcome: AttemptOutcome, error: string | undefined, now: Date): NextState {
    if (outcome === 'succeeded') return { status: 'succeeded' };
    if (outcome === 'interrupted') return { status: 'queued', runAt: now, lastError: error, releaseAttempt: true };
    const runAt = outcome === 'retry' ? nextRunAt(now, job.attempt, job.maxAttempts, options.retrySchedule) : undefined;
    return runAt ? { status: 'queued', runAt, lastError: error } : { status: 'failed', lastError: error };
  }

  async function runJob(job: ClaimedJob, controller: AbortController): Promise<void> {
    const startedAt = clock.now();
    const result = await execute(job, controller);
    const finishedAt = clock.now();
    try {
      await repo.record({
        job,
        workerId,
        startedAt,
        finishedAt,
        outcome: result.outcome,
        detail: result.detail,
        error: result.error,
        next: nextState(job, result.outcome, result.error, finishedAt),
      });
    } catch (error) {
      onError(error, `recording job ${job.uuid}`); // the lease expires and another worker runs it again
    }
  }

  async function fill(): Promise<number> {
    const limit = concurrency - inFlight.size;
    if (stopping || limit <= 0 || kinds.length === 0) return 0;
    if (options.beforeClaim) {
      await options.beforeClaim();
      if (stopping) return 0;
    }
    const claimed = await repo.claim({ kinds, workerId, leaseMs, limit, now: clock.now() });
    for (const job of claimed) {
      const controller = new AbortController();
      if (stopping) controller.abort(SHUTDOWN);
      const done = runJob(job, controller).finally(() => {
        inFlight.delete(job.id);
        if (started && !stopping) schedule(0);
      });
      inFlight.set(job.id, { controller, done });
    }
    return claimed.length;
  }

  /** One claim at a time per runner. */
  function fillOnce(): Promise<number> {
    filling ??= fill().finally(() => (filling = undefined));
    return filling;
  }

  function schedule(delay: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fillOnce()
        .catch((error: unknown) => onError(error, 'claiming jobs'))
        .finally(() => {
          if (started && !stopping && !timer) schedule(pollMs);
        });
    }, delay);
  }

  return {
    workerId,
    start() {
      if (started || stopping || kinds.length === 0) return;
      started = true;
      schedule(0);
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await filling?.catch(() => undefined);
      for (const { controller } of inFlight.values()) controller.abort(SHUTDOWN);
      await Promise.all([...inFlight.values()].map((f) => f.done));
    },
    async runOnce() {
      const count = await fillOnce();
      await Promise.all([...inFlight.values()].map((f) => f.done));
      return count;
    },
  };
}
