import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Durable background jobs (src/jobs/). A row is queued until a worker claims it (status running, locked_by and a
 * lease in locked_until), then succeeded, failed, or queued again with a later run_at. A running row whose lease has
 * expired belongs to a crashed worker and is claimed again. The payload carries names, version numbers and shas,
 * never foreign keys to busy rows (the Pact Broker deadlocked concurrent publishes that way). The uuid is the
 * idempotency key a delivery sends.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('jobs_uuid_idx').on(t.uuid),
    // Claiming: due queued jobs by run_at; finished jobs stay out of the index.
    index('jobs_queued_run_at_idx').on(t.kind, t.runAt).where(sql`${t.status} = 'queued'`),
    // Claiming: running jobs whose lease expired.
    index('jobs_running_locked_until_idx').on(t.lockedUntil).where(sql`${t.status} = 'running'`),
  ],
);

/** One row per execution of a job: what the handler reported (detail is its per-attempt log) or how it ended. */
export const jobAttempts = pgTable(
  'job_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: bigint('job_id', { mode: 'number' })
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    outcome: text('outcome', { enum: ['succeeded', 'retry', 'failed', 'interrupted'] }).notNull(),
    detail: jsonb('detail'),
    error: text('error'),
  },
  (t) => [index('job_attempts_job_idx').on(t.jobId, t.id)],
);
