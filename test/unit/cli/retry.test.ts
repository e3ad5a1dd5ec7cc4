import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, retryDelayMs, retryPolicyFromEnv } from '../../../cli/shared/retry.js';
import { exitForDeployable } from '../../../cli/shared/exit-codes.js';

describe('retry policy', () => {
  it('retries only transient answers', () => {
    expect([429, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 404, 409, 500].some(isRetryableStatus)).toBe(false);
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, DEFAULT_RETRY))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('honours Retry-After in seconds or as a date, capped', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(retryDelayMs(1, DEFAULT_RETRY, '2', now)).toBe(2000);
    expect(retryDelayMs(1, DEFAULT_RETRY, '3600', now)).toBe(DEFAULT_RETRY.maxRetryAfterMs);
  });

  it('TREATY_HTTP_RETRIES sets the number of retries', () => {
    expect(retryPolicyFromEnv({ TREATY_HTTP_RETRIES: '0' }).retries).toBe(0);
    expect(retryPolicyFromEnv({ TREATY_HTTP_RETRIES: '5' }).retries).toBe(5);
    expect(retryPolicyFromEnv({ TREATY_HTTP_RETRIES: 'x' })).toEqual(DEFAULT_RETRY);
  });
});

describe('exit decision', () => {
  it('maps deployable true/false/null to 0/1/2', () => {
    expect(exitForDeployable(true)).toBe(0);
    expect(exitForDeployable(false)).toBe(1);
    expect(exitForDeployable(null)).toBe(2);
    expect(exitForDeployable(undefined)).toBe(2);
  });
});
