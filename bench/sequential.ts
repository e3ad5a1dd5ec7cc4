// Unloaded latency (one request at a time) measured from a worker thread over node:http (bench/sequential-worker.mjs),
// so the numbers are the server's: a client on the server's own thread adds its work (fetch costs ~0.5 ms a request
// on Node 20) to every sample.
import { Worker } from 'node:worker_threads';
import { percentile } from './load.js';

export interface SequentialRequest {
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** A regular expression's source every response body must match (checked untimed in the worker). */
  mustMatch?: string;
  /** A label's path, put and deleted in turn before every request (untimed): each answer computed after a write. */
  writeBefore?: string;
  /** Every `@N@` in the body becomes `${numberPrefix}${n}`, n counting requests (warm-up included): a new version each. */
  numberPrefix?: string;
}

export interface SequentialOptions {
  warm: number;
  /** Measured requests per client. */
  measured: number;
  maxSeconds: number;
  /** Clients at once in the one worker thread, each on its own connection (1). */
  parallel?: number;
}

export interface SequentialResult {
  /** Every measured request's time, ms, sorted. */
  times: number[];
  p50: number;
  p99: number;
  requests: number;
  /** Responses by status, warm-up included. */
  statuses: Record<string, number>;
  /** The first and the last response body: what the caller checks for the right answer. */
  first: string;
  last: string;
  /** Bodies that did not match `mustMatch`, warm-up included, and the first of them. */
  mismatches: number;
  mismatch?: string;
  /** The first write (`writeBefore`) that did not answer 2xx. */
  writeFailure?: string;
}

export function sequentialLatency(
  baseUrl: string,
  req: SequentialRequest,
  options: SequentialOptions,
): Promise<SequentialResult> {
  const workerData = { baseUrl, method: req.method ?? 'GET', path: req.path, headers: req.headers ?? {}, body: req.body, mustMatch: req.mustMatch, writeBefore: req.writeBefore, numberPrefix: req.numberPrefix, ...options };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sequential-worker.mjs', import.meta.url), { workerData });
    let settled = false;
    type Reply = { times: number[]; statuses: Record<string, number>; first?: string; last?: string; mismatches: number; mismatch?: string; writeFailure?: string };
    worker.once('message', (m: Reply) => {
      settled = true;
      resolve({
        times: m.times,
        p50: percentile(m.times, 0.5),
        p99: percentile(m.times, 0.99),
        requests: m.times.length,
        statuses: m.statuses,
        first: m.first ?? '',
        last: m.last ?? m.first ?? '',
        mismatches: m.mismatches,
        mismatch: m.mismatch,
        writeFailure: m.writeFailure,
      });
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`sequential worker exited with code ${code} before reporting`));
    });
  });
}

/** A problem when any response had another status than `expected` (warm-up included), else undefined. */
export function unexpectedStatuses(result: SequentialResult, expected = 200): string | undefined {
  if (result.writeFailure) return `a write before a request failed: ${result.writeFailure}`;
  const other = Object.entries(result.statuses).filter(([status]) => Number(status) !== expected);
  return other.length ? `statuses ${other.map(([s, n]) => `${s}×${n}`).join(', ')} (expected ${expected})` : undefined;
}
