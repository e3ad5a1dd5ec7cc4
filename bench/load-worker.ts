// Body of the load worker (started by load.ts through load-worker.mjs): one autocannon run, summarised.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import { deployableOf, percentile, type LoadJob, type LoadStats } from './load.js';
import { publishBodies } from './pacts.js';
import { verificationRequests } from './verifications.js';

const job = workerData as LoadJob;
const latencies: number[] = [];
const statusCounts: Record<string, number> = {};
let firstFailure: string | undefined;
let unexpected = 0;
let firstUnexpected: string | undefined;
const expectDeployable = job.request.kind === 'get' && job.request.deployable !== undefined ? job.request.deployable : undefined;
const expected = job.request.kind === 'template' && job.request.expect ? new Set(job.request.expect) : undefined;
let maxResponseBytes = 0;

const request: autocannon.Request = {
  onResponse: (status, body) => {
    if (expected ? !expected.has(status) : status < 200 || status > 299) {
      if (firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 600)}`;
    } else if (expectDeployable !== undefined && deployableOf(body) !== expectDeployable) {
      unexpected++;
      if (firstUnexpected === undefined) firstUnexpected = `${status} ${body.slice(0, 600)}`;
    }
  },
};
const jsonHeaders = { 'content-type': 'application/json', accept: 'application/hal+json' };
if (job.request.kind === 'get') {
  request.method = 'GET';
  request.path = job.request.path;
  request.headers = { accept: 'application/hal+json' };
} else if (job.request.kind === 'post') {
  request.method = 'POST';
  request.path = job.request.path;
  request.headers = jsonHeaders;
  request.body = job.request.body;
} else if (job.request.kind === 'verification') {
  const requestFor = verificationRequests(job.request.spec);
  let n = 0;
  request.method = 'POST';
  request.path = requestFor(0).path;
  request.headers = jsonHeaders;
  // Called once per request sent: every request is a new provider version number (and the next pact).
  request.setupRequest = (req) => ({ ...req, ...requestFor(n++) });
} else if (job.request.kind === 'template') {
  const { method, path, body, vary = '' } = job.request;
  const pathParts = path.split('{{n}}');
  const bodyParts = body?.split('{{n}}');
  request.method = method;
  request.path = pathParts.join(`${vary}0`);
  request.headers = body === undefined ? { accept: 'application/hal+json' } : jsonHeaders;
  if (body !== undefined) request.body = bodyParts!.join(`${vary}0`);
  if (pathParts.length > 1 || (bodyParts && bodyParts.length > 1)) {
    let n = 0;
    request.setupRequest = (req) => {
      const value = `${vary}${n++}`;
      return { ...req, path: pathParts.join(value), ...(bodyParts ? { body: bodyParts.join(value) } : {}) };
    };
  }
} else {
  const bodyFor = publishBodies(job.request.spec);
  let n = 0;
  request.method = 'POST';
  request.path = '/contracts/publish';
  request.headers = jsonHeaders;
  // Called once per request sent: every request is a new version number.
  request.setupRequest = (req) => ({ ...req, body: bodyFor(n++) });
}

// Clients connect and send as soon as autocannon() is called, so the clock starts here.
const startedAt = process.hrtime.bigint();
const instance = autocannon(
  {
    url: job.baseUrl,
    connections: job.connections,
    duration: job.durationSeconds,
    timeout: job.timeoutSeconds ?? 60,
    requests: [request],
  },
  (error, result) => {
    if (error) throw error;
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const sorted = Float64Array.from(latencies).sort();
    const responses = sorted.length;
    const stats: LoadStats = {
      responses,
      seconds,
      requestsPerSecond: responses / seconds,
      latencyMs: {
        mean: responses ? sorted.reduce((a, b) => a + b, 0) / responses : Number.NaN,
        p50: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        p99: percentile(sorted, 0.99),
        max: responses ? sorted[responses - 1]! : Number.NaN,
      },
      statusCounts,
      non2xx: Object.entries(statusCounts).reduce((n, [status, count]) => (status.startsWith('2') ? n : n + count), 0),
      errors: result.errors,
      timeouts: result.timeouts,
      firstFailure,
      maxResponseBytes,
      unexpected,
      firstUnexpected,
    };
    parentPort!.postMessage(stats);
  },
);
instance.on('response', (_client, statusCode, bytes, responseTime) => {
  latencies.push(responseTime);
  if (bytes > maxResponseBytes) maxResponseBytes = bytes;
  statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
});
