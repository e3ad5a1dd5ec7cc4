// Shapes shared by the job repository, the runner and the modules that enqueue jobs.
import type { jobAttempts, jobs } from '../db/schema/index.js';

export type JobRow = typeof jobs.$inferSelect;
export type JobAttempt = typeof jobAttempts.$inferSelect;
export type AttemptOutcome = 'succeeded' | 'retry' | 'failed' | 'interrupted';

/** A job to enqueue. The payload holds names, version numbers and shas, never ids of rows that may be busy. */
export interface NewJob {
  kind: string;
  payload: unknown;
  /** The idempotency key a delivery sends; generated when absent. */
  uuid?: string;
  /** Not before this time; now when absent. */
  runAt?: Date;
  maxAttempts?: number;
}

/** A job this worker holds: `attempt` is the number of this execution (1 for the first). */
export interface ClaimedJob {
  id: number;
  uuid: string;
  kind: string;
  payload: unknown;
  attempt: number;
  maxAttempts: number;
}

/** Where a job goes after an attempt. `releaseAttempt` gives the attempt back (an execution cut off by a shutdown). */
export type NextState =
  | { status: 'succeeded' }
  | { status: 'failed'; lastError?: string | undefined }
  | { status: 'queued'; runAt: Date; lastError?: string | undefined; releaseAttempt?: boolean };
