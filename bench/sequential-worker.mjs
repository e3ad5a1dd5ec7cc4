// One request at a time over one kept-alive connection (node:http), in a worker thread: the unloaded latency of a
// path without the client's own work (fetch's per-request overhead, parsing the answer) on the server's thread.
// Plain JavaScript so the worker needs no loader. Reports every status, the sorted times, the first and last body and,
// when `mustMatch` (a regular expression's source) is given, how many bodies did not match it (checked untimed).
// With `writeBefore` (a label's path), every request is preceded by an untimed write — that label put and deleted in
// turn — so each answer is computed after a committed write instead of served from the answer cache.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { baseUrl, method, path, headers, body, warm, measured, maxSeconds, mustMatch, writeBefore } = workerData;
const check = mustMatch === undefined ? undefined : new RegExp(mustMatch);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const url = new URL(path, baseUrl);

function send(target = url, verb = method) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // The timed request carries its headers and body; a write (writeBefore) neither.
    const own = verb === method && target === url;
    const sent = own ? { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) } : { accept: 'application/hal+json' };
    const req = request(target, { method: verb, headers: sent, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(own ? body : undefined);
  });
}

const writeUrl = writeBefore === undefined ? undefined : new URL(writeBefore, baseUrl);
let writes = 0;
let writeFailure;
async function write() {
  if (!writeUrl) return;
  const verb = writes++ % 2 === 0 ? 'PUT' : 'DELETE';
  const r = await send(writeUrl, verb);
  if (r.status >= 300) writeFailure ??= `${verb} ${writeBefore}: ${r.status} ${r.text.slice(0, 300)}`;
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
  await write();
  tally(await send());
}
const times = [];
const stopAt = performance.now() + maxSeconds * 1000;
while (times.length < measured && (times.length < 20 || performance.now() < stopAt)) {
  await write();
  const r = await send();
  times.push(r.ms);
  tally(r);
  last = r.text;
}
agent.destroy();
times.sort((a, b) => a - b);
parentPort.postMessage({ times, statuses, first, last, mismatches, mismatch, writeFailure });
