import { connect, type AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let https: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ TREATY_BODY_LIMIT_BYTES: '2048' });
  https = await buildTestApp({ TREATY_BASE_URL: 'https://broker.example.com' });
});
afterAll(async () => {
  await t?.close();
  await https?.close();
});

const CSP = "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'";

function expectSecurityHeaders(res: LightMyRequestResponse, label: string) {
  expect(res.headers['content-security-policy'], label).toBe(CSP);
  expect(res.headers['x-content-type-options'], label).toBe('nosniff');
  expect(res.headers['referrer-policy'], label).toBe('no-referrer');
  expect(res.headers['x-frame-options'], label).toBe('DENY');
  expect(res.headers['cross-origin-resource-policy'], label).toBe('cross-origin');
  expect(res.headers['cross-origin-opener-policy'], label).toBe('same-origin');
  expect(res.headers['x-powered-by'], label).toBeUndefined();
}

describe('security headers', () => {
  it('are on successful responses, and HSTS is not sent when Treaty is not reached over https', async () => {
    for (const url of ['/', '/diagnostic/status/heartbeat', '/pacticipants', '/matrix/provider/P/latest/consumer/C/latest/badge']) {
      const res = await t.app.inject({ url });
      expectSecurityHeaders(res, url);
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('are on framework errors: 404, 400 (bad JSON, validation, malformed URL), 413, 414, 415', async () => {
    const cases: Array<[string, () => Promise<LightMyRequestResponse>, number]> = [
      ['unknown route', () => t.app.inject({ url: '/no/such/thing' }), 404],
      ['bad JSON', () => t.app.inject({ method: 'POST', url: '/pacticipants', headers: { 'content-type': 'application/json' }, payload: '{' }), 400],
      ['validation', () => t.app.inject({ method: 'POST', url: '/contracts/publish', payload: {} }), 400],
      ['malformed URL', () => t.app.inject({ url: '/pacticipants/%E0%A4%A' }), 400],
      ['too long segment', () => t.app.inject({ url: `/pacticipants/${'a'.repeat(3000)}` }), 414],
      ['NUL in URL', () => t.app.inject({ url: '/pacticipants/a%00b' }), 400],
      ['body too large', () => t.app.inject({ method: 'POST', url: '/pacticipants', payload: { name: 'x'.repeat(4096) } }), 413],
      ['unsupported media type', () => t.app.inject({ method: 'POST', url: '/pacticipants', headers: { 'content-type': 'text/plain' }, payload: 'x' }), 415],
    ];
    for (const [label, request, status] of cases) {
      const res = await request();
      expect(res.statusCode, label).toBe(status);
      expectSecurityHeaders(res, label);
    }
  });

  it('HSTS is sent when the configured base URL is https', async () => {
    for (const url of ['/', '/no/such/thing', '/pacticipants/%E0%A4%A']) {
      const res = await https.app.inject({ url });
      expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['content-security-policy'], url).toBe(CSP);
    }
  });

  it('are on answers to requests that are not valid HTTP (Node refuses them before Fastify), in the error shape', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const exchange = (raw: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port }, () => socket.write(raw));
        const chunks: Buffer[] = [];
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('error', reject);
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      });
    for (const [raw, status] of [
      ['GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
      [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ] as const) {
      const response = await exchange(raw);
      const [head = '', body = ''] = response.split('\r\n\r\n');
      expect(head, raw.slice(0, 30)).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(head.toLowerCase()).toContain(`content-security-policy: ${CSP.toLowerCase()}`);
      expect(head.toLowerCase()).toContain('x-content-type-options: nosniff');
      expect(head.toLowerCase()).toContain('content-type: application/hal+json');
      expect(JSON.parse(body)).toMatchObject({ title: expect.any(String), detail: expect.any(String) });
    }
  });
});
