import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportParity, type ParityReport } from '../../../bench/parity.js';
import { sequentialLatency } from '../../../bench/sequential.js';

// A local server that records what the bench's sequential clients send.
const seen: Array<{ method: string; url: string; body: string }> = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('sequential clients at once (bench/sequential.ts, parallel)', () => {
  it('runs that many clients, each writing its own label before every request and numbering its bodies apart', async () => {
    seen.length = 0;
    const result = await sequentialLatency(
      baseUrl,
      { method: 'POST', path: '/publish', headers: { 'content-type': 'application/json' }, body: '{"version":"@N@"}', writeBefore: '/label', numberPrefix: 'v-', mustMatch: '"ok":true' },
      { warm: 1, measured: 3, maxSeconds: 5, parallel: 3 },
    );
    // 3 clients × 3 measured requests timed; the warm-up is not.
    expect(result.times).toHaveLength(9);
    expect(result.requests).toBe(9);
    expect(result.mismatches).toBe(0);
    const posts = seen.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(12);
    // Every request its own version number, per client.
    const versions = posts.map((p) => (JSON.parse(p.body) as { version: string }).version);
    expect(new Set(versions).size).toBe(12);
    expect(versions.filter((v) => v.startsWith('v-c0-')).sort()).toEqual(['v-c0-0', 'v-c0-1', 'v-c0-2', 'v-c0-3']);
    // Each client writes its own label, put and deleted in turn, before each of its 4 requests.
    for (const i of [0, 1, 2]) {
      const writes = seen.filter((r) => r.url === `/label-${i}`).map((r) => r.method);
      expect(writes).toEqual(['PUT', 'DELETE', 'PUT', 'DELETE']);
    }
  });
});

describe('the parity report', () => {
  it('says met only where the Pact Broker figure is at least 50 times Treaty\'s p50', () => {
    const report: ParityReport = {
      kind: 'postgres',
      connections: 4,
      estate: { pacticipants: 25, consumerVersions: 2400, versions: 2600, publications: 2400, verifications: 700, hubConsumers: 15 },
      rows: [
        { key: 'heartbeat', name: 'heartbeat (the floor)', repeatedP50: 0.1, computedP50: 0.8, computedP99: 3, requests: 1 },
        { key: 'leaf', name: 'leaf', pactBrokerP50: 318, repeatedP50: 0.5, computedP50: 6.36, computedP99: 9, requests: 1 },
        { key: 'pair', name: 'pair', pactBrokerP50: 97, repeatedP50: 0.5, computedP50: 1.95, computedP99: 9, requests: 1 },
      ],
      failures: [],
    };
    const lines: string[] = [];
    reportParity(report, (line = '') => lines.push(line));
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `))!;
    // 318 / 6.36 = 50: met; 97 / 1.95 = 49.7: not met; asked again both far past 50.
    expect(row('leaf')).toMatch(/\s50×.*\smet\s+met$/);
    expect(row('pair')).toMatch(/\s50×.*NOT met\s+met$/);
    expect(lines.some((l) => l.startsWith('heartbeat'))).toBe(false);
    expect(lines.join('\n')).toContain('p50 0.80 ms');
  });
});
