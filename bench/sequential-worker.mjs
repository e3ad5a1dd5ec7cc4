// One request at a time over one kept-alive connection (node:http), in a worker thread: the unloaded latency of a
// path without the client's own work (fetch's per-request overhead, parsing the answer) on the server's thread.
// Plain JavaScript so the worker needs no loader. Reports every status, the sorted times, the first and last body and,
// when `mustMatch` (a regular expression's source) is given, how many bodies did not match it (checked untimed).
// With `writeBefore` (a label's path), every request is preceded by an untimed write — that label put and deleted in
// turn — so each answer is computed after a committed write instead of served from the answer cache.
// With `parallel` > 1, that many such clients run at once in this one thread, each on its own connection (client i
// writes the label `${writeBefore}-${i}`); their times are pooled. `numberPrefix`: every `@N@` in the body becomes a
// number unique to the request (a publish of a new version each time).
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { baseUrl, method, path, headers, body: bodyText, warm, measured, maxSeconds, mustMatch, writeBefore, numberPrefix, parallel = 1 } = workerData;
const check = mustMatch === undefined ? undefined : new RegExp(mustMatch);
const url = new URL(path, baseUrl);

function send(agent, body, target = url, verb = method) {
  return new Promise((resolve, reject) => {
    // The timed request carries its headers and body; a write (writeBefore) neither.
    const own = verb === method && target === url;
    const sent = own ? { ...headers, ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }) } : { accept: 'application/hal+json' };
    const started = performance.now();
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

let writeFailure;
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
const times = [];
const stopAt = performance.now() + maxSeconds * 1000;

async function client(index) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const label = writeBefore === undefined ? undefined : parallel > 1 ? `${writeBefore}-${index}` : writeBefore;
  const writeUrl = label === undefined ? undefined : new URL(label, baseUrl);
  let writes = 0;
  let numbered = 0;
  const prefix = parallel > 1 ? `${numberPrefix}c${index}-` : numberPrefix;
  const nextBody = () => (numberPrefix === undefined || bodyText === undefined ? bodyText : bodyText.replaceAll('@N@', `${prefix}${numbered++}`));
  const write = async () => {
    if (!writeUrl) return;
    const verb = writes++ % 2 === 0 ? 'PUT' : 'DELETE';
    const r = await send(agent, undefined, writeUrl, verb);
    if (r.status >= 300) writeFailure ??= `${verb} ${label}: ${r.status} ${r.text.slice(0, 300)}`;
  };
  for (let i = 0; i < warm; i++) {
    await write();
    tally(await send(agent, nextBody()));
  }
  let mine = 0;
  while (mine < measured && (mine < 20 || performance.now() < stopAt)) {
    await write();
    const r = await send(agent, nextBody());
    times.push(r.ms);
    mine += 1;
    tally(r);
    last = r.text;
  }
  agent.destroy();
}

await Promise.all(Array.from({ length: parallel }, (_, i) => client(i)));
times.sort((a, b) => a - b);
parentPort.postMessage({ times, statuses, first, last, mismatches, mismatch, writeFailure });
