// Runs one autocannon load against the server in a worker thread, so the load generator does not share the event
// loop with the server it measures. Latencies are kept at full (sub-millisecond) precision.
import { Worker } from 'node:worker_threads';
import type { PublishSpec } from './pacts.js';
import type { VerificationSpec } from './verifications.js';

export type LoadRequest =
  /** With `deployable`, every 2xx response must be a matrix body whose summary.deployable is that value. */
  | { kind: 'get'; path: string; deployable?: boolean | null }
  /** The same JSON body to one path on every request. */
  | { kind: 'post'; path: string; body: string }
  | { kind: 'publish'; spec: PublishSpec }
  | { kind: 'verification'; spec: VerificationSpec }
  /**
   * Any method, path and body; `{{n}}` in the path or body becomes `${vary}${k}` for the k-th request of the run (so a
   * run can send a new version number per request). A status outside `expect` (default: any 2xx) counts as a failure.
   */
  | { kind: 'template'; method: 'GET' | 'POST' | 'PUT'; path: string; body?: string; vary?: string; expect?: number[] };

export interface LoadJob {
  baseUrl: string;
  connections: number;
  durationSeconds: number;
  /** A response slower than this counts as a timeout (autocannon's default is 10 s; for-verification can be slow). */
  timeoutSeconds?: number;
  request: LoadRequest;
}

export interface LoadStats {
  /** Responses received (any status). */
  responses: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  statusCounts: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Status and start of the body of the first non-2xx response (template: the first unexpected status). */
  firstFailure: string | undefined;
  /** The largest response (headers and body) in bytes. */
  maxResponseBytes: number;
  /** 2xx responses whose summary.deployable was not the expected one (requests with `deployable` only). */
  unexpected: number;
  firstUnexpected: string | undefined;
}

/**
 * summary.deployable of a matrix / can-i-deploy body (undefined when there is none): the summary comes first in the
 * body, so a look at its start is enough; anything else is parsed in full.
 */
export function deployableOf(body: string): boolean | null | undefined {
  const head = /^\s*\{\s*"summary"\s*:\s*\{\s*"deployable"\s*:\s*(true|false|null)\b/.exec(body);
  if (head) return head[1] === 'true' ? true : head[1] === 'false' ? false : null;
  try {
    const value = (JSON.parse(body) as { summary?: { deployable?: unknown } } | null)?.summary?.deployable;
    return value === true || value === false || value === null ? value : undefined;
  } catch {
    return undefined;
  }
}

export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function runLoad(job: LoadJob): Promise<LoadStats> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: job });
    let settled = false;
    worker.once('message', (stats: LoadStats) => {
      settled = true;
      resolve(stats);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with code ${code} before reporting`));
    });
  });
}
