// When a job that asked for a retry runs again. Pure.

/**
 * Seconds to wait after the 1st, 2nd, ... failed attempt: the Pact Broker's default webhook_retry_schedule
 * (10 s, 1 min, 2 min, 5 min, 10 min, 20 min), so with 7 attempts a webhook is retried for about 38 minutes.
 */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [10, 60, 120, 300, 600, 1200];

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based). Past the end of the schedule the last delay
 * repeats, so a job with more attempts than the schedule has entries keeps retrying at the longest interval.
 */
export function retryDelayMs(attempt: number, schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_SECONDS): number {
  if (schedule.length === 0) return 0;
  const index = Math.min(Math.max(Math.trunc(attempt), 1), schedule.length) - 1;
  return schedule[index]! * 1000;
}

/** The next run time after failed attempt `attempt`, or undefined when that was the last allowed attempt. */
export function nextRunAt(now: Date, attempt: number, maxAttempts: number, schedule?: readonly number[]): Date | undefined {
  if (attempt >= maxAttempts) return undefined;
  return new Date(now.getTime() + retryDelayMs(attempt, schedule));
}
