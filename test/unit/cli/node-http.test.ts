// The CLI's node:http transport against a local server: what it sends, how it reads answers, redirects as fetch
// follows them, and connection failures shaped as fetch's (BrokerClient reads cause.code).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '../../../cli/shared/node-http.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let other: Server;
let base: string;
let otherBase: string;
const seen: Seen[] = [];

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

function listen(handler: (req: IncomingMessage) => Answer): Promise<[Server, string]> {
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const answer = handler(req);
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  return new Promise((done) => s.listen(0, '127.0.0.1', () => done([s, `http://127.0.0.1:${(s.address() as AddressInfo).port}`])));
}

beforeAll(async () => {
  [other, otherBase] = await listen(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"where":"other"}' }));
  [server, base] = await listen((req): Answer => {
    if (req.url === '/json') return { status: 200, headers: { 'content-type': 'application/hal+json', 'x-two': 'a' }, body: '{"name":"web ✓ <script>"}' };
    if (req.url === '/echo') return { status: 201, headers: { 'content-type': 'text/plain' }, body: 'created' };
    if (req.url === '/moved') return { status: 301, headers: { location: '/json' } };
    if (req.url === '/see-other') return { status: 303, headers: { location: '/json' } };
    if (req.url === '/away') return { status: 302, headers: { location: `${otherBase}/there` } };
    if (req.url === '/loop') return { status: 302, headers: { location: '/loop' } };
    return { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"nope"}' };
  });
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  await new Promise((done) => other.close(done));
});

const last = () => seen[seen.length - 1]!;

describe('nodeFetch', () => {
  it('GETs and reads status, headers (any case) and the UTF-8 body', async () => {
    const res = await nodeFetch(`${base}/json`, { method: 'GET', headers: { accept: 'application/hal+json', authorization: 'Bearer t' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/hal+json');
    expect(res.headers.get('x-missing')).toBeNull();
    expect(JSON.parse(await res.text())).toEqual({ name: 'web ✓ <script>' });
    expect(last()).toMatchObject({ method: 'GET', url: '/json', headers: { accept: 'application/hal+json', authorization: 'Bearer t' } });
  });

  it('sends a body with its byte length (not its character length)', async () => {
    const body = JSON.stringify({ branch: 'ünïcödé 🚀 עברית' });
    const res = await nodeFetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(201);
    expect(last()).toMatchObject({ method: 'POST', body, headers: { 'content-length': String(Buffer.byteLength(body)) } });
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('created');
  });

  it('answers 4xx as responses, not errors', async () => {
    const res = await nodeFetch(`${base}/nothing`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('{"error":"nope"}');
  });

  it('follows redirects: same origin keeps the method and credentials, 303 turns a POST into a GET', async () => {
    expect((await nodeFetch(`${base}/moved`, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
    expect(last()).toMatchObject({ url: '/json', headers: { authorization: 'Bearer t' } });
    const res = await nodeFetch(`${base}/see-other`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    expect(last()).toMatchObject({ method: 'GET', url: '/json', body: '' });
    expect(last().headers['content-type']).toBeUndefined();
  });

  it('drops the credentials when a redirect leaves the origin, and stops after five redirects', async () => {
    const res = await nodeFetch(`${base}/away`, { headers: { authorization: 'Bearer secret' } });
    expect(await res.text()).toBe('{"where":"other"}');
    expect(last().url).toBe('/there');
    expect(last().headers.authorization).toBeUndefined();
    expect((await nodeFetch(`${base}/loop`, {})).status).toBe(302);
  });

  it('rejects as fetch does when nothing listens or the URL is not http(s)', async () => {
    const port = (await listen(() => ({ status: 200 })).then(async ([s]) => {
      const { port: p } = s.address() as AddressInfo;
      await new Promise((done) => s.close(done));
      return p;
    }));
    await expect(nodeFetch(`http://127.0.0.1:${port}/`, {})).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    await expect(nodeFetch('ftp://example.com/', {})).rejects.toMatchObject({ message: 'fetch failed', cause: { message: 'unsupported protocol ftp:' } });
    await expect(nodeFetch('not a url', {})).rejects.toMatchObject({ message: 'fetch failed' });
  });
});
