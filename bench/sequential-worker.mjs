// One request at a time over one kept-alive connection (node:http), in a worker thread: the unloaded latency of a
// path without the client's own work (fetch's per-request overhead, parsing the answer) on the server's thread.
// Plain JavaScript so the worker needs no loader. Reports every status, the sorted times, the first and last body and,
// when `mustMatch` (a regular expression's source) is given, how many bodies did not match it (checked untimed).
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { baseUrl, method, path, headers, body, warm, measured, maxSeconds, mustMatch } = workerData;
const check = mustMatch === undefined ? undefined : new RegExp(mustMatch);
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
let mismatches = 0;
let mismatch;
const tally = (r) => {
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  first ??= r.text;
  if (check && !check.test(r.text)) {
    mismatches += 1;
    mismatch ??= r.text;
  }
};
for (let i = 0; i < warm; i++) {
  tally(await send());
}
const times = [];
const stopAt = performance.now() + maxSeconds * 1000;
while (times.length < measured && (times.length < 20 || performance.now() < stopAt)) {
  const r = await send();
  times.push(r.ms);
  tally(r);
  last = r.text;
}
agent.destroy();
times.sort((a, b) => a - b);
parentPort.postMessage({ times, statuses, first, last, mismatches, mismatch });
