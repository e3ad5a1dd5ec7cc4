// The executor against a real HTTP server on 127.0.0.1 (allowed by the policy's host allow list in most tests).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attemptOutcome, createHttpExecutor, notSentAttempt, type Resolver } from '../../../src/webhooks/executor.js';
import { fillWebhookRequest } from '../../../src/webhooks/fill-secrets.js';
import { REDACTED } from '../../../src/webhooks/redact.js';
import type { RenderedWebhookRequest } from '../../../src/webhooks/render-template.js';
import type { WebhookPolicy } from '../../../src/webhooks/webhook-policy.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
let server: Server;
let port: number;
let received: Received[] = [];
let respond: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok');
const hanging = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(() => {
  for (const res of hanging) res.destroy();
  hanging.clear();
  received = [];
  respond = (_req, res) => res.end('ok');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allowLocal: WebhookPolicy = { schemes: ['http'], methods: ['POST'], hosts: ['127.0.0.1'] };
const noHostList: WebhookPolicy = { schemes: ['http'], methods: ['POST'], hosts: undefined };
const request = (extra: Partial<RenderedWebhookRequest> = {}): RenderedWebhookRequest => ({
  method: 'POST',
  url: `http://127.0.0.1:${port}/hook?x=1`,
  headers: { 'Content-Type': 'application/json' },
  body: '{"pact":"p"}',
  username: undefined,
  password: undefined,
  ...extra,
});
const options = (extra: { policy?: WebhookPolicy; timeoutMs?: number; signal?: AbortSignal } = {}) => ({
  signal: extra.signal ?? new AbortController().signal,
  timeoutMs: extra.timeoutMs ?? 5000,
  deliveryId: 'd-123',
  policy: extra.policy ?? allowLocal,
});
const counting = (answers: string[]): Resolver & { calls: string[] } => {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const address = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    return [{ address, family: 4 as const }];
  };
  return Object.assign(resolve, { calls });
};

describe('createHttpExecutor', () => {
  it('sends the request with the delivery header and logs a 200 with its body truncated', async () => {
    respond = (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain', 'Set-Cookie': 'sid=abc' }).end('x'.repeat(100));
    const log = await createHttpExecutor({ maxResponseBytes: 10 })(request(), options());
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/hook?x=1', body: '{"pact":"p"}' });
    expect(received[0]!.headers).toMatchObject({ 'x-treaty-delivery': 'd-123', 'content-type': 'application/json' });
    expect(log).toMatchObject({ success: true, address: '127.0.0.1', response: { status: 200, body: 'x'.repeat(10), bodyTruncated: true } });
    expect(log.response!.headers['set-cookie']).toBe(REDACTED);
    expect(log.request.headers['X-Treaty-Delivery']).toBe('d-123');
    expect(log.error).toBeUndefined();
    expect(log.durationMs).toBeGreaterThanOrEqual(0);
    expect(attemptOutcome(log)).toBe('succeeded');
  });

  it('keeps a short body whole', async () => {
    const log = await createHttpExecutor({ maxResponseBytes: 10 })(request(), options());
    expect(log.response).toMatchObject({ body: 'ok', bodyTruncated: false });
  });

  it('records a 500 as a failure to retry', async () => {
    respond = (_req, res) => res.writeHead(500).end('boom');
    const log = await createHttpExecutor()(request(), options());
    expect(log).toMatchObject({ success: false, response: { status: 500, body: 'boom' } });
    expect(attemptOutcome(log)).toBe('retry');
  });

  it('records a 302 without following it, and does not retry it', async () => {
    respond = (req, res) => (req.url === '/elsewhere' ? res.end('followed') : res.writeHead(302, { Location: `http://127.0.0.1:${port}/elsewhere` }).end());
    const log = await createHttpExecutor()(request(), options());
    expect(received.map((r) => r.url)).toEqual(['/hook?x=1']);
    expect(log).toMatchObject({ success: false, response: { status: 302 } });
    expect(log.error).toContain('not followed');
    expect(attemptOutcome(log)).toBe('failed');
  });

  it('records a timeout when the server never answers', async () => {
    respond = (_req, res) => void hanging.add(res);
    const log = await createHttpExecutor()(request(), options({ timeoutMs: 100 }));
    expect(received).toHaveLength(1);
    expect(log).toMatchObject({ success: false, errorKind: 'timeout' });
    expect(log.response).toBeUndefined();
    expect(attemptOutcome(log)).toBe('retry');
  });

  it('counts a DNS lookup that never answers against the timeout', async () => {
    const resolve: Resolver = () => new Promise(() => undefined);
    const log = await createHttpExecutor({ resolve })(request({ url: 'http://slow.example/' }), options({ policy: noHostList, timeoutMs: 50 }));
    expect(log).toMatchObject({ success: false, errorKind: 'timeout' });
  });

  it('records an abort through the signal as interrupted', async () => {
    const controller = new AbortController();
    respond = (_req, res) => {
      hanging.add(res);
      controller.abort();
    };
    const log = await createHttpExecutor()(request(), options({ signal: controller.signal }));
    expect(log).toMatchObject({ success: false, errorKind: 'aborted' });
    expect(log.error).toContain('interrupted');
  });

  it('records a connection error without throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const log = await createHttpExecutor()(request({ url: `http://127.0.0.1:${closedPort}/` }), options());
    expect(log).toMatchObject({ success: false, errorKind: 'network' });
    expect(log.error).toMatch(/ECONNREFUSED/);
    expect(attemptOutcome(log)).toBe('retry');
  });

  it('refuses a host that resolves to a private address when there is no host allow list', async () => {
    const resolve = counting(['127.0.0.1']);
    const log = await createHttpExecutor({ resolve })(request({ url: `http://evil.example:${port}/` }), options({ policy: noHostList }));
    expect(resolve.calls).toEqual(['evil.example']);
    expect(received).toHaveLength(0);
    expect(log).toMatchObject({ success: false, errorKind: 'refused' });
    expect(log.error).toContain('127.0.0.1');
    expect(attemptOutcome(log)).toBe('failed');
  });

  it('refuses when any of the addresses is private', async () => {
    const resolve: Resolver = async () => [{ address: '203.0.113.7', family: 4 }, { address: '10.0.0.1', family: 4 }];
    const log = await createHttpExecutor({ resolve })(request({ url: 'http://mixed.example/' }), options({ policy: noHostList }));
    expect(log).toMatchObject({ errorKind: 'refused' });
    expect(log.error).toContain('10.0.0.1');
  });

  it.each([
    ['::ffff:127.0.0.1', 6, 'loopback (127.0.0.0/8) as IPv4-mapped IPv6'],
    ['64:ff9b::a9fe:a9fe', 6, 'link-local (169.254.0.0/16) as NAT64 IPv6'],
    ['2002:a00:1::1', 6, 'private (10.0.0.0/8) as 6to4 IPv6'],
    ['fec0::1', 6, 'site-local (fec0::/10)'],
    ['100.64.1.2', 4, 'shared/carrier-grade NAT (100.64.0.0/10)'],
  ] as const)('refuses a name resolving to %s, naming the rule', async (address, family, rule) => {
    const resolve: Resolver = async () => [{ address, family }];
    const log = await createHttpExecutor({ resolve })(request({ url: 'http://sneaky.example/' }), options({ policy: noHostList }));
    expect(log).toMatchObject({ success: false, errorKind: 'refused' });
    expect(log.error).toContain(`${address}, ${rule}`);
    expect(log.error).toContain('TREATY_WEBHOOK_HOST_ALLOWLIST');
  });

  it('refuses a URL whose host is an IP in another notation (http://0x7f.1), as normalised', async () => {
    const resolve = counting([]);
    const log = await createHttpExecutor({ resolve })(request({ url: `http://0x7f.1:${port}/` }), options({ policy: noHostList }));
    expect(resolve.calls).toEqual([]);
    expect(received).toHaveLength(0);
    expect(log).toMatchObject({ errorKind: 'refused' });
    expect(log.error).toContain('loopback (127.0.0.0/8)');
  });

  it.each<[string, WebhookPolicy]>([
    ['a scheme', { ...allowLocal, schemes: ['https'] }],
    ['a method', { ...allowLocal, methods: ['PUT'] }],
    ['a host', { ...allowLocal, hosts: ['ci.example'] }],
  ])('refuses %s the policy does not allow, sending nothing', async (_name, policy) => {
    const log = await createHttpExecutor()(request(), options({ policy }));
    expect(received).toHaveLength(0);
    expect(log).toMatchObject({ errorKind: 'refused' });
  });

  it('resolves once and connects to the checked address (no DNS rebinding)', async () => {
    // The allow list permits the name; the first answer is the test server, a second lookup would say 10.0.0.1.
    const resolve = counting(['127.0.0.1', '10.0.0.1']);
    const policy = { ...allowLocal, hosts: ['rebind.example'] };
    const log = await createHttpExecutor({ resolve })(request({ url: `http://rebind.example:${port}/hook` }), options({ policy }));
    expect(resolve.calls).toEqual(['rebind.example']);
    expect(log).toMatchObject({ success: true, address: '127.0.0.1' });
    expect(received[0]!.headers.host).toBe(`rebind.example:${port}`);
  });

  it('checks the first answer and does not look the name up again when connecting (public, then loopback)', async () => {
    const resolve = counting(['203.0.113.7', '127.0.0.1']);
    const log = await createHttpExecutor({ resolve })(request({ url: `http://rebind.example:${port}/` }), options({ policy: noHostList, timeoutMs: 200 }));
    expect(resolve.calls).toHaveLength(1);
    expect(received).toHaveLength(0); // it never reached 127.0.0.1
    expect(log).toMatchObject({ success: false, address: '203.0.113.7' });
    expect(['timeout', 'network']).toContain(log.errorKind);
  });

  it('over https, connects to the checked address with the URL host as TLS server name', async () => {
    // A plain TCP server reads the TLS ClientHello (the server name travels in clear) and hangs up.
    let hello: Buffer = Buffer.alloc(0);
    const tcp = createTcpServer((socket) => socket.once('data', (chunk: Buffer) => ((hello = chunk), socket.destroy())));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tcp.address() as AddressInfo).port;
    const resolve = counting(['127.0.0.1', '10.0.0.1']);
    const policy = { schemes: ['https'], methods: ['POST'], hosts: ['rebind.example'] };
    const log = await createHttpExecutor({ resolve })(request({ url: `https://rebind.example:${tlsPort}/` }), options({ policy }));
    await new Promise((done) => tcp.close(done));
    expect(resolve.calls).toHaveLength(1);
    expect(hello.includes('rebind.example')).toBe(true);
    expect(log).toMatchObject({ success: false, errorKind: 'network', address: '127.0.0.1' });
  });

  it('sends nothing when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const log = await createHttpExecutor()(request(), options({ signal: controller.signal }));
    expect(received).toHaveLength(0);
    expect(log).toMatchObject({ success: false, errorKind: 'aborted' });
  });

  it('redacts the Authorization header and the password in the log, and sends them', async () => {
    const log = await createHttpExecutor()(
      request({ headers: { Authorization: 'Bearer s3cr3t-token-value' }, username: 'user', password: 'pa55word' }),
      options(),
    );
    expect(received[0]!.headers.authorization).toBe('Bearer s3cr3t-token-value');
    expect(log.request.headers.Authorization).toBe(REDACTED);
    expect(log.request.password).toBe(REDACTED);
    expect(JSON.stringify(log)).not.toContain('s3cr3t');
    expect(JSON.stringify(log)).not.toContain('pa55word');
  });

  it('sends basic auth from username and password when there is no Authorization header', async () => {
    await createHttpExecutor()(request({ username: 'user', password: 'pa55word' }), options());
    expect(received[0]!.headers.authorization).toBe(`Basic ${Buffer.from('user:pa55word').toString('base64')}`);
  });

  it('overrides a delivery header given in the webhook and ignores connection headers', async () => {
    await createHttpExecutor()(request({ headers: { 'x-treaty-delivery': 'forged', 'Content-Length': '1', Host: 'other' } }), options());
    expect(received[0]!.headers).toMatchObject({ 'x-treaty-delivery': 'd-123', 'content-length': '12', host: `127.0.0.1:${port}` });
  });
});

describe('executor with filled-in secrets (fill-secrets.ts)', () => {
  it('sends the filled request, records the masked one, and masks the values in an echoing response and header', async () => {
    const secret = 'echoed-secret-9z8y';
    respond = (_req, res) => res.writeHead(200, { 'X-Echo': `got ${secret}` }).end(`body ${secret}`);
    const filled = fillWebhookRequest(
      { method: 'POST', url: `http://127.0.0.1:${port}/hook`, headers: { 'X-Key': '${user.Key}' }, body: 'k=${user.Key}', password: '${user.Key}', username: 'u' },
      {},
      new Map([['Key', secret]]),
    );
    const log = await createHttpExecutor()(filled.request, { ...options(), masked: filled });
    expect(received[0]!.headers['x-key']).toBe(secret);
    expect(received[0]!.body).toBe(`k=${secret}`);
    expect(received[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`u:${secret}`).toString('base64')}`);
    expect(log.success).toBe(true);
    expect(log.request.headers['X-Key']).toBe(REDACTED);
    expect(log.request.body).toBe(`k=${REDACTED}`);
    expect(log.response?.body).toBe(`body ${REDACTED}`);
    expect(log.response?.headers['x-echo']).toBe(`got ${REDACTED}`);
    expect(JSON.stringify(log)).not.toContain(secret);
    expect(JSON.stringify(log)).not.toContain(Buffer.from(`u:${secret}`).toString('base64'));
  });

  it('an attempt that cannot be prepared is recorded as refused, not sent', () => {
    const log = notSentAttempt(request(), 'd-1', 'not sent: secret gone');
    expect(log).toMatchObject({ success: false, errorKind: 'refused', error: 'not sent: secret gone', durationMs: 0 });
    expect(log.request.headers['X-Treaty-Delivery']).toBe('d-1');
    expect(attemptOutcome(log)).toBe('failed');
    expect(received).toHaveLength(0);
  });
});
