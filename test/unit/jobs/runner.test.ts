import { describe, expect, it } from 'vitest';
import type { ClaimedJob } from '../../../src/jobs/jobs.types.js';
import { createJobRunner, type JobHandler, type JobStore } from '../../../src/jobs/runner.js';

type Recorded = Parameters<JobStore['record']>[0];

function fakeStore(jobs: ClaimedJob[]) {
  const recorded: Recorded[] = [];
  const store: JobStore = {
    claim: async ({ limit }) => jobs.splice(0, limit),
    record: async (r) => {
      recorded.push(r);
      return true;
    },
  };
  return { store, recorded };
}

const job = (over: Partial<ClaimedJob> = {}): ClaimedJob => ({ id: 1, uuid: 'u-1', kind: 'k', payload: { a: 1 }, attempt: 1, maxAttempts: 3, ...over });
const now = new Date('2026-01-01T00:00:00Z');
const clock = { now: () => now };
const runner = (store: JobStore, handler: JobHandler, over = {}) =>
  createJobRunner({ repo: store, handlers: { k: handler }, clock, workerId: 'w', leaseMs: 60_000, pollMs: 1000, concurrency: 4, ...over });

describe('job runner', () => {
  it('passes payload, uuid and attempt to the handler and records success with its detail', async () => {
    const { store, recorded } = fakeStore([job()]);
    const seen: unknown[] = [];
    await runner(store, async (payload, ctx) => {
      seen.push(payload, ctx.jobUuid, ctx.attempt);
      return { outcome: 'succeeded', detail: { log: ['ok'] } };
    }).runOnce();
    expect(seen).toEqual([{ a: 1 }, 'u-1', 1]);
    expect(recorded).toMatchObject([{ outcome: 'succeeded', detail: { log: ['ok'] }, next: { status: 'succeeded' }, workerId: 'w' }]);
  });

  it('retries a thrown error with backoff, and fails it on the last attempt', async () => {
    const { store, recorded } = fakeStore([job(), job({ id: 2, attempt: 3 })]);
    await runner(store, async () => {
      throw new Error('boom');
    }).runOnce();
    expect(recorded[0]).toMatchObject({ outcome: 'retry', error: 'boom', next: { status: 'queued', runAt: new Date('2026-01-01T00:00:10Z'), lastError: 'boom' } });
    expect(recorded[1]).toMatchObject({ outcome: 'retry', error: 'boom', next: { status: 'failed', lastError: 'boom' } });
  });

  it("records a handler's failure as final", async () => {
    const { store, recorded } = fakeStore([job()]);
    await runner(store, async () => ({ outcome: 'failed', error: 'refused' })).runOnce();
    expect(recorded).toMatchObject([{ outcome: 'failed', next: { status: 'failed', lastError: 'refused' } }]);
  });

  it('fails without running a job whose crashed executions used up its attempts', async () => {
    const { store, recorded } = fakeStore([job({ attempt: 4 })]);
    let ran = false;
    await runner(store, async () => ((ran = true), { outcome: 'succeeded' })).runOnce();
    expect(ran).toBe(false);
    expect(recorded).toMatchObject([{ outcome: 'failed', next: { status: 'failed' } }]);
  });

  it('aborts a handler that outlives the timeout and retries it', async () => {
    const { store, recorded } = fakeStore([job()]);
    await runner(store, (_p, { signal }) => new Promise(() => signal.addEventListener('abort', () => undefined)), { timeoutMs: 5 }).runOnce();
    expect(recorded).toMatchObject([{ outcome: 'retry', error: 'timed out after 5 ms', next: { status: 'queued' } }]);
  });

  it('refuses a timeout that is not shorter than the lease', () => {
    expect(() => runner(fakeStore([]).store, async () => ({ outcome: 'succeeded' }), { timeoutMs: 60_000 })).toThrow(/shorter than the lease/);
  });

  it('stop() aborts a running handler and records it as interrupted, queued again without using the attempt', async () => {
    const { store, recorded } = fakeStore([job()]);
    let signal: AbortSignal | undefined;
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const r = runner(store, (_p, ctx) => {
      signal = ctx.signal;
      entered();
      return new Promise(() => undefined); // ignores the signal: stop() must not wait for it
    });
    const running = r.runOnce();
    await inHandler;
    await r.stop();
    await running;
    expect(signal?.aborted).toBe(true);
    expect(recorded).toMatchObject([{ outcome: 'interrupted', next: { status: 'queued', runAt: now, releaseAttempt: true } }]);
  });

  it('does not start a job claimed while stopping, and records it as interrupted', async () => {
    const recorded: Recorded[] = [];
    let release!: (jobs: ClaimedJob[]) => void;
    const store: JobStore = {
      claim: () => new Promise((resolve) => (release = resolve)),
      record: async (r) => (recorded.push(r), true),
    };
    let ran = false;
    const r = runner(store, async () => ((ran = true), { outcome: 'succeeded' }));
    const running = r.runOnce();
    const stopped = r.stop();
    release([job()]);
    await Promise.all([running, stopped]);
    expect(ran).toBe(false);
    expect(recorded).toMatchObject([{ outcome: 'interrupted', next: { status: 'queued', releaseAttempt: true } }]);
  });

  it('runs beforeClaim before each claim, so runOnce() runs the jobs it makes due', async () => {
    const jobs: ClaimedJob[] = [];
    const { store, recorded } = fakeStore(jobs);
    const order: string[] = [];
    const claim = store.claim;
    store.claim = (o) => (order.push('claim'), claim(o));
    const beforeClaim = async () => {
      order.push('before');
      if (order.length === 1) jobs.push(job(), job({ id: 2, uuid: 'u-2' }));
    };
    const r = runner(store, async () => ({ outcome: 'succeeded' }), { beforeClaim });
    expect(await r.runOnce()).toBe(2);
    expect(recorded.map((x) => x.job.uuid)).toEqual(['u-1', 'u-2']);
    expect(await r.runOnce()).toBe(0);
    expect(order).toEqual(['before', 'claim', 'before', 'claim']);
  });

  it('claims nothing when stopped during beforeClaim', async () => {
    const { store, recorded } = fakeStore([job()]);
    let release!: () => void;
    const r = runner(store, async () => ({ outcome: 'succeeded' }), { beforeClaim: () => new Promise<void>((resolve) => (release = resolve)) });
    const running = r.runOnce();
    const stopped = r.stop();
    release();
    expect(await running).toBe(0);
    await stopped;
    expect(recorded).toEqual([]);
  });

  it('claims no more than the free slots and nothing without handlers', async () => {
    const limits: number[] = [];
    const store: JobStore = { claim: async ({ limit }) => (limits.push(limit), []), record: async () => true };
    await runner(store, async () => ({ outcome: 'succeeded' }), { concurrency: 2 }).runOnce();
    expect(limits).toEqual([2]);
    const idle = createJobRunner({ repo: store, handlers: {}, leaseMs: 60_000, pollMs: 1000, concurrency: 2 });
    expect(await idle.runOnce()).toBe(0);
    expect(limits).toEqual([2]);
  });
});
