// One request at a time over one kept-alive connection (node:http), in a worker thread: the unloaded latency of a
// path without the client's own work (fetch's per-request overhead, parsing the answer) on the server's thread.
// Plain JavaScript so the worker needs no loader. Reports every status, the sorted times and the first and last body.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { baseUrl, method, path, headers, body, warm, measured, maxSeconds } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const url = new URL(path, baseUrl);

function send() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) }, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const statuses = {};
let first;
let last;
for (let i = 0; i < warm; i++) {
  const r = await send();
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  first ??= r.text;
}
const times = [];
const stopAt = performance.now() + maxSeconds * 1000;
while (times.length < measured && (times.length < 20 || performance.now() < stopAt)) {
  const r = await send();
  times.push(r.ms);
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  first ??= r.text;
  last = r.text;
}
agent.destroy();
times.sort((a, b) => a - b);
parentPort.postMessage({ times, statuses, first, last });
