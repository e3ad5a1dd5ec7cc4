import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_SECONDS, nextRunAt, retryDelayMs } from '../../../src/jobs/backoff.js';
import { DEFAULT_MAX_ATTEMPTS } from '../../../src/jobs/jobs.repository.js';

describe('retry backoff', () => {
  it("follows the Pact Broker's webhook retry schedule", () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS).toEqual([10, 60, 120, 300, 600, 1200]);
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n))).toEqual([10_000, 60_000, 120_000, 300_000, 600_000, 1_200_000]);
    // the first attempt plus one retry per delay
    expect(DEFAULT_MAX_ATTEMPTS).toBe(DEFAULT_RETRY_SCHEDULE_SECONDS.length + 1);
  });

  it('repeats the last delay past the end of the schedule and treats odd attempt numbers as the first', () => {
    expect(retryDelayMs(7)).toBe(1_200_000);
    expect(retryDelayMs(100)).toBe(1_200_000);
    expect(retryDelayMs(0)).toBe(10_000);
    expect(retryDelayMs(2, [1, 2])).toBe(2000);
    expect(retryDelayMs(3, [])).toBe(0);
  });

  it('schedules the next run after a failed attempt, and none after the last', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(nextRunAt(now, 1, 7)?.toISOString()).toBe('2026-01-01T00:00:10.000Z');
    expect(nextRunAt(now, 6, 7)?.toISOString()).toBe('2026-01-01T00:20:00.000Z');
    expect(nextRunAt(now, 7, 7)).toBeUndefined();
    expect(nextRunAt(now, 1, 1)).toBeUndefined();
  });
});
