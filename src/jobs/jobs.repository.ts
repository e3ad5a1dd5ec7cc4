// Data access for the durable job runner (runner.ts): bulk enqueue, claim with a lease, record an attempt.
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.js';
import { queryRows, textArray } from '../db/query.js';
import { jobAttempts, jobs } from '../db/schema/index.js';
import type { AttemptOutcome, ClaimedJob, JobAttempt, JobRow, NewJob, NextState } from './jobs.types.js';

/** Attempts a job gets when the caller does not say: the first plus one per retry delay of the default schedule. */
export const DEFAULT_MAX_ATTEMPTS = 7;

/**
 * The insert of one job per row of `source` (a query with columns uuid and payload, in the order to enqueue), as a
 * data-modifying CTE of the caller's statement: a module that decides its jobs in SQL enqueues them in the same
 * statement, so nothing round-trips through JavaScript (src/webhooks/ expands what a write triggered this way).
 */
export function enqueueFrom(source: SQL, kind: string, maxAttempts: number = DEFAULT_MAX_ATTEMPTS, options: { skipExisting?: boolean } = {}): SQL {
  // skipExisting: a job whose uuid is already queued (or ran) is not enqueued again, for statements that may repeat.
  return sql`insert into jobs (uuid, kind, payload, max_attempts)
             select s.uuid, ${kind}::text, s.payload, ${maxAttempts}::int from (${source}) s
             ${options.skipExisting ? sql`on conflict (uuid) do nothing` : sql``}`;
}

interface ClaimedRow {
  id: number;
  uuid: string;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export function createJobsRepository(db: Db) {
  return {
    /**
     * One multi-row insert, on the caller's executor: pass the transaction of the write that causes the jobs, and a
     * rollback leaves none behind.
     */
    async enqueue(newJobs: readonly NewJob[], ex: Executor = db): Promise<{ id: number; uuid: string }[]> {
      if (newJobs.length === 0) return [];
      return ex
        .insert(jobs)
        .values(
          newJobs.map((j) => ({
            kind: j.kind,
            payload: j.payload,
            maxAttempts: j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
            ...(j.uuid ? { uuid: j.uuid } : {}),
            ...(j.runAt ? { runAt: j.runAt } : {}),
          })),
        )
        .returning({ id: jobs.id, uuid: jobs.uuid });
    },

    /**
     * Takes up to `limit` jobs of these kinds that are due (queued with run_at <= now) or abandoned (running with an
     * expired lease), skipping rows another worker has locked, in one statement: each gets the next attempt number,
     * this worker's name and a lease until now + leaseMs. An abandoned execution is logged as an interrupted
     * attempt; it keeps its attempt number, so a job that kills its worker every time still runs out of attempts.
     * A job that becomes due between the look and the claim is claimed by the next poll.
     */
    async claim(options: { kinds: readonly string[]; workerId: string; leaseMs: number; limit: number; now: Date }): Promise<ClaimedJob[]> {
      const { kinds, workerId, leaseMs, limit, now } = options;
      if (kinds.length === 0 || limit <= 0) return [];
      const at = sql`${now.toISOString()}::timestamptz`;
      // Polled every second: look first with a read, so an idle poll writes nothing (a write, even one that changes
      // no row, would move the embedded store's write generation and drop its cached answers, src/shared/).
      const due = await queryRows<{ one: number }>(
        db,
        sql`select 1 as one from jobs
             where kind = any(${textArray(kinds)})
               and ((status = 'queued' and run_at <= ${at}) or (status = 'running' and locked_until <= ${at}))
             limit 1`,
      );
      if (due.length === 0) return [];
      const rows = await queryRows<ClaimedRow>(
        db,
        sql`with picked as (
              select id, status, attempts, locked_by, updated_at from jobs
               where kind = any(${textArray(kinds)})
                 and ((status = 'queued' and run_at <= ${at}) or (status = 'running' and locked_until <= ${at}))
               order by run_at, id
               limit ${limit}
               for update skip locked),
            abandoned as (
              insert into job_attempts (job_id, attempt, started_at, finished_at, outcome, error)
              select id, attempts, updated_at, ${at}, 'interrupted', 'lease expired: ' || coalesce(locked_by, 'a worker') || ' did not finish'
                from picked where status = 'running')
            update jobs j
               set status = 'running', attempts = j.attempts + 1, locked_by = ${workerId},
                   locked_until = ${at} + make_interval(secs => ${leaseMs / 1000}), updated_at = ${at}
              from picked where j.id = picked.id
            returning j.id, j.uuid, j.kind, j.payload, j.attempts, j.max_attempts`,
      );
      return rows
        .map((r) => ({ id: Number(r.id), uuid: r.uuid, kind: r.kind, payload: r.payload, attempt: r.attempts, maxAttempts: r.max_attempts }))
        .sort((a, b) => a.id - b.id);
    },

    /**
     * Logs one attempt and moves the job to its next state, in one transaction. The state changes only while this
     * worker still holds the job at this attempt (a worker whose lease expired and was taken over only logs);
     * returns whether it did.
     */
    async record(options: {
      job: ClaimedJob;
      workerId: string;
      startedAt: Date;
      finishedAt: Date;
      outcome: AttemptOutcome;
      detail?: unknown;
      error?: string | undefined;
      next: NextState;
    }): Promise<boolean> {
      const { job, workerId, next } = options;
      return db.transaction(async (tx) => {
        await tx.insert(jobAttempts).values({
          jobId: job.id,
          attempt: job.attempt,
          startedAt: options.startedAt,
          finishedAt: options.finishedAt,
          outcome: options.outcome,
          detail: options.detail ?? null,
          error: options.error ?? null,
        });
        const at = sql`${options.finishedAt.toISOString()}::timestamptz`;
        const rows = await queryRows<{ id: number }>(
          tx,
          sql`update jobs set status = ${next.status}, locked_by = null, locked_until = null, updated_at = ${at},
                 run_at = ${next.status === 'queued' ? sql`${next.runAt.toISOString()}::timestamptz` : sql`run_at`},
                 attempts = ${next.status === 'queued' && next.releaseAttempt ? sql`attempts - 1` : sql`attempts`},
                 last_error = ${next.status === 'succeeded' ? sql`last_error` : (next.lastError ?? null)}
               where id = ${job.id} and status = 'running' and locked_by = ${workerId} and attempts = ${job.attempt}
               returning id`,
        );
        return rows.length > 0;
      });
    },

    async find(uuid: string, ex: Executor = db): Promise<JobRow | undefined> {
      const [row] = await ex.select().from(jobs).where(eq(jobs.uuid, uuid)).limit(1);
      return row;
    },

    /** Every attempt of a job, oldest first. */
    async listAttempts(jobId: number, ex: Executor = db): Promise<JobAttempt[]> {
      return ex.select().from(jobAttempts).where(eq(jobAttempts.jobId, jobId)).orderBy(asc(jobAttempts.id));
    },
  };
}

export type JobsRepository = ReturnType<typeof createJobsRepository>;
