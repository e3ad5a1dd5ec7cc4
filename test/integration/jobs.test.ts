// The job runner against a real database: PGlite by default, PostgreSQL when DATABASE_URL is set.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createJobsRepository, type JobsRepository } from '../../src/jobs/jobs.repository.js';
import { createJobRunner, type JobHandler, type JobRunnerOptions } from '../../src/jobs/runner.js';
import { openTestDatabase } from '../support/test-app.js';

let database: Database;
let drop: () => Promise<void>;
let openAnother: () => Promise<Database>;
let repo: JobsRepository;
let now: Date;
const clock = { now: () => now };
const advance = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  ({ database, drop, openAnother } = await openTestDatabase());
  repo = createJobsRepository(database.db);
});
afterAll(async () => {
  await database.close();
  await drop();
});
beforeEach(async () => {
  await database.db.execute(sql`truncate table jobs restart identity cascade`);
  now = new Date();
});

const runner = (handler: JobHandler, over: Partial<JobRunnerOptions> = {}) =>
  createJobRunner({ repo, handlers: { test: handler }, clock, workerId: 'w1', leaseMs: 60_000, pollMs: 10, concurrency: 4, ...over });
const enqueueOne = async (over: { maxAttempts?: number } = {}) => (await repo.enqueue([{ kind: 'test', payload: { name: 'Foo' }, runAt: now, ...over }]))[0]!;
const job = async (uuid: string) => (await repo.find(uuid))!;
const attempts = async (uuid: string) => (await repo.listAttempts((await job(uuid)).id)).map((a) => ({ attempt: a.attempt, outcome: a.outcome, error: a.error }));

describe('job runner on the database', () => {
  it('enqueues in the caller transaction: a rollback leaves no job, a commit leaves all of them', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await repo.enqueue([{ kind: 'test', payload: { n: 1 } }, { kind: 'test', payload: { n: 2 } }], tx);
        throw new Error('the causing write failed');
      }),
    ).rejects.toThrow('the causing write failed');
    expect(await database.db.execute(sql`select 1 from jobs`).then((r) => (r as unknown as { rows: unknown[] }).rows)).toHaveLength(0);
    const created = await database.db.transaction((tx) => repo.enqueue([{ kind: 'test', payload: { n: 1 } }, { kind: 'test', payload: { n: 2 } }], tx));
    expect(created).toHaveLength(2);
    expect(await job(created[1]!.uuid)).toMatchObject({ status: 'queued', attempts: 0, maxAttempts: 7, payload: { n: 2 } });
  });

  it('runs a job once and logs the attempt with the detail the handler returned', async () => {
    const { uuid } = await enqueueOne();
    const seen: unknown[] = [];
    const r = runner(async (payload, ctx) => {
      seen.push({ payload, uuid: ctx.jobUuid, attempt: ctx.attempt });
      return { outcome: 'succeeded', detail: { lines: ['POST https://example.test', '200 OK'] } };
    });
    expect(await r.runOnce()).toBe(1);
    expect(await r.runOnce()).toBe(0);
    expect(seen).toEqual([{ payload: { name: 'Foo' }, uuid, attempt: 1 }]);
    expect(await job(uuid)).toMatchObject({ status: 'succeeded', attempts: 1, lockedBy: null, lockedUntil: null });
    const [attempt] = await repo.listAttempts((await job(uuid)).id);
    expect(attempt).toMatchObject({ attempt: 1, outcome: 'succeeded', detail: { lines: ['POST https://example.test', '200 OK'] } });
  });

  it('retries a failing job on the backoff schedule until it succeeds', async () => {
    const { uuid } = await enqueueOne();
    let calls = 0;
    const r = runner(async () => {
      calls += 1;
      if (calls <= 2) throw new Error(`down ${calls}`);
      return { outcome: 'succeeded' };
    });
    const start = now.getTime();
    expect(await r.runOnce()).toBe(1);
    expect((await job(uuid)).runAt.getTime() - start).toBe(10_000);
    advance(9_999);
    expect(await r.runOnce()).toBe(0); // not due yet
    advance(1);
    expect(await r.runOnce()).toBe(1);
    expect(await job(uuid)).toMatchObject({ status: 'queued', attempts: 2, lastError: 'down 2' });
    expect((await job(uuid)).runAt.getTime() - now.getTime()).toBe(60_000);
    advance(60_000);
    expect(await r.runOnce()).toBe(1);
    expect(calls).toBe(3);
    expect(await job(uuid)).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(await attempts(uuid)).toEqual([
      { attempt: 1, outcome: 'retry', error: 'down 1' },
      { attempt: 2, outcome: 'retry', error: 'down 2' },
      { attempt: 3, outcome: 'succeeded', error: null },
    ]);
  });

  it('fails a job after max attempts with every attempt logged', async () => {
    const { uuid } = await enqueueOne({ maxAttempts: 3 });
    const r = runner(async () => ({ outcome: 'retry', error: 'HTTP 500' }), { retrySchedule: [1] });
    for (let i = 0; i < 5; i += 1) {
      await r.runOnce();
      advance(1000);
    }
    expect(await job(uuid)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 500' });
    expect((await attempts(uuid)).map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'retry'],
      [2, 'retry'],
      [3, 'retry'],
    ]);
  });

  it('runs again a job whose worker died holding it, once the lease expires', async () => {
    const { uuid } = await enqueueOne();
    expect(await repo.claim({ kinds: ['test'], workerId: 'crashed', leaseMs: 5000, limit: 10, now })).toHaveLength(1);
    let calls = 0;
    const r = runner(async () => ((calls += 1), { outcome: 'succeeded' }));
    expect(await r.runOnce()).toBe(0); // still leased
    advance(5000);
    expect(await r.runOnce()).toBe(1);
    expect(calls).toBe(1);
    expect(await job(uuid)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await attempts(uuid)).toEqual([
      { attempt: 1, outcome: 'interrupted', error: 'lease expired: crashed did not finish' },
      { attempt: 2, outcome: 'succeeded', error: null },
    ]);
  });

  it('lets a worker whose lease was taken over log its attempt without changing the job', async () => {
    const { uuid } = await enqueueOne();
    const [stale] = await repo.claim({ kinds: ['test'], workerId: 'slow', leaseMs: 5000, limit: 1, now });
    advance(5000);
    const [fresh] = await repo.claim({ kinds: ['test'], workerId: 'fresh', leaseMs: 5000, limit: 1, now });
    expect(fresh).toMatchObject({ uuid, attempt: 2 });
    const record = (j: typeof stale, workerId: string) =>
      repo.record({ job: j!, workerId, startedAt: now, finishedAt: now, outcome: 'succeeded', next: { status: 'succeeded' } });
    expect(await record(stale, 'slow')).toBe(false);
    expect(await job(uuid)).toMatchObject({ status: 'running', lockedBy: 'fresh', attempts: 2 });
    expect(await record(fresh, 'fresh')).toBe(true);
    expect(await job(uuid)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((await attempts(uuid)).map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'interrupted'],
      [1, 'succeeded'],
      [2, 'succeeded'],
    ]);
  });

  it('stop() interrupts a running handler: the attempt is logged as interrupted and the job queued again', async () => {
    const { uuid } = await enqueueOne({ maxAttempts: 1 });
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const r = runner(
      (_payload, { signal }) =>
        new Promise((_resolve, reject) => {
          entered();
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    r.start();
    await inHandler;
    await r.stop();
    expect(await job(uuid)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null, lastError: 'stopped by a shutdown' });
    expect(await attempts(uuid)).toEqual([{ attempt: 1, outcome: 'interrupted', error: 'stopped by a shutdown' }]);
    // the attempt was not used up: its only attempt still runs
    expect(await runner(async () => ({ outcome: 'succeeded' })).runOnce()).toBe(1);
    expect(await job(uuid)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('two runners (two processes on PostgreSQL) run each of 50 jobs exactly once', async () => {
    const other = await openAnother();
    try {
      const created = await repo.enqueue(Array.from({ length: 50 }, (_, n) => ({ kind: 'test', payload: { n }, runAt: now })));
      const runs = new Map<string, number>();
      const handler: JobHandler = async (_p, { jobUuid }) => {
        runs.set(jobUuid, (runs.get(jobUuid) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return { outcome: 'succeeded' };
      };
      const real = { now: () => new Date() };
      const a = runner(handler, { clock: real, workerId: 'a' });
      const b = createJobRunner({ repo: createJobsRepository(other.db), handlers: { test: handler }, workerId: 'b', leaseMs: 60_000, pollMs: 10, concurrency: 4 });
      a.start();
      b.start();
      const deadline = Date.now() + 20_000;
      const done = async () => {
        const rows = await database.db.execute(sql`select count(*)::int as n from jobs where status = 'succeeded'`);
        return (rows as unknown as { rows: { n: number }[] }).rows[0]!.n === 50;
      };
      while (!(await done()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await Promise.all([a.stop(), b.stop()]);
      expect(runs.size).toBe(50);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(created.map((c) => c.uuid))).toEqual(new Set(runs.keys()));
      const attemptRows = await database.db.execute(sql`select count(*)::int as n from job_attempts`);
      expect((attemptRows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(50);
    } finally {
      if (other !== database) await other.close();
    }
  });
});
