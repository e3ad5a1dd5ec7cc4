// Pure retry policy for HTTP requests to the broker: which failures are worth another try, and how long to wait.
// Transient answers only (connection errors, 429, 502/503/504); a 500 or a 4xx will not change by asking again.
export interface RetryPolicy {
  /** Further tries after the first (0 = no retries). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Retry-After is honoured up to this (a broker asking for an hour would stall a pipeline). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

export const isRetryableStatus = (status: number) => status === 429 || status === 502 || status === 503 || status === 504;

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Wait before retry number `retry` (1-based): the broker's Retry-After when given, else exponential backoff. */
export function retryDelayMs(retry: number, policy: RetryPolicy, retryAfter?: string | null, now = Date.now()): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, policy.maxRetryAfterMs);
  return Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
}

/** TREATY_HTTP_RETRIES overrides the number of retries (0 turns them off). */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv): RetryPolicy {
  const raw = env.TREATY_HTTP_RETRIES;
  if (raw === undefined || raw === '') return DEFAULT_RETRY;
  const retries = Number(raw);
  if (!Number.isInteger(retries) || retries < 0 || retries > 20) return DEFAULT_RETRY;
  return { ...DEFAULT_RETRY, retries };
}
