// Log lines are bounded: an unhandled error carrying megabytes (a huge message, a drizzle error listing every SQL
// parameter, a long detail) is logged with its reference in a line of a few KB.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createContainer } from '../../src/container.js';
import { openTestDatabase } from '../support/test-app.js';

const BOUND = 20 * 1024;
/** Secrets a webhook may carry; no log line may show them. */
const SECRETS = ['slackpathsecret123', 'ghtokenvalue456', 'hunter2password', 'querytoken789', 'bodysecret000'];
const lines: string[] = [];
const stream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
    done();
  },
});

let app: FastifyInstance;
let close: () => Promise<void>;
beforeAll(async () => {
  const { database, drop } = await openTestDatabase();
  const container = createContainer({ config: loadConfig({}), database });
  app = await buildApp({ container, logger: { level: 'info', stream } });
  const huge = 'm'.repeat(3 * 1024 * 1024);
  app.get('/test-only/huge-message', async () => {
    throw new Error(huge);
  });
  app.get('/test-only/huge-query-error', async () => {
    const params = Array.from({ length: 70_000 }, (_, i) => `selector-${i}`);
    const cause = Object.assign(new Error('bind message has 70000 parameter formats but 0 parameters'), { code: '08P01', detail: 'd'.repeat(100_000) });
    throw Object.assign(new Error(`Failed query: select ${'$1, '.repeat(70_000)}\nparams: ${params.join(',')}`), { query: `select ${'x'.repeat(500_000)}`, params, cause });
  });
  app.get('/test-only/webhook-query-error', async () => {
    // A failed insert of a webhook: drizzle's message lists the parameters, the stored request with its secrets.
    const request = JSON.stringify({ url: `https://hooks.slack.com/services/T0/B0/${SECRETS[0]}`, headers: { Authorization: `token ${SECRETS[1]}` }, password: SECRETS[2] });
    throw Object.assign(new Error(`Failed query: insert into "webhooks" values ($1, $2)\nparams: abc,${request}`), { params: ['abc', request] });
  });
  app.get('/test-only/no-message', async () => {
    const error = new Error(huge);
    app.log.error(error);
    app.log.error({ err: error });
    app.log.info({ big: huge, list: Array.from({ length: 10_000 }, () => huge.slice(0, 1000)) }, huge);
    return { ok: true };
  });
  await app.ready();
  close = async () => {
    await app.close();
    await database.close();
    await drop();
  };
});
afterAll(async () => close?.());

describe('log lines', () => {
  it.each(['/test-only/huge-message', '/test-only/huge-query-error'])('an unhandled error at %s is logged in a bounded line, with its reference', async (url) => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(500);
    const reference = res.json().error.reference as string;
    const line = lines.find((l) => l.includes(reference));
    expect(line, 'the error is logged').toBeDefined();
    for (const l of lines) expect(l.length).toBeLessThan(BOUND);
    const logged = JSON.parse(line!);
    expect(logged.msg).toBe('unhandled error');
    expect(logged.err.message.length).toBeLessThan(5000);
    expect(logged.err.message).toMatch(/^(mmmm|Failed query)/);
    expect(logged.err.stack).toBeDefined();
  });

  it('keeps the useful fields of a query error (code, detail, cause), each clipped', async () => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url: '/test-only/huge-query-error' });
    const logged = JSON.parse(lines.find((l) => l.includes(res.json().error.reference))!);
    expect(logged.err.params.length).toBeLessThan(30);
    expect(logged.err.cause.code).toBe('08P01');
    expect(logged.err.cause.detail.length).toBeLessThan(2200);
  });

  it('request lines keep what Fastify logs of a request, with a long URL clipped', async () => {
    lines.length = 0;
    const url = `/test-only/no-such-route?q=${'u'.repeat(12_000)}`;
    expect((await app.inject({ method: 'GET', url, headers: { 'x-forwarded-for': '10.0.0.1' } })).statusCode).toBe(404);
    const incoming = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'incoming request');
    expect(incoming.req).toMatchObject({ method: 'GET', host: 'localhost:80', remoteAddress: '127.0.0.1' });
    expect(incoming.req.url.length).toBeLessThan(2200);
    expect(incoming.req.url.startsWith('/test-only/no-such-route?q=uuu')).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThan(BOUND);
  });

  it('redacts a webhook’s secrets from an error listing SQL parameters', async () => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url: '/test-only/webhook-query-error' });
    expect(res.statusCode).toBe(500);
    const line = lines.find((l) => l.includes(res.json().error.reference));
    expect(line).toContain('hooks.slack.com/services/T0/B0/redacted');
    expect(line).toContain('**********');
    for (const l of lines) for (const secret of SECRETS) expect(l).not.toContain(secret);
  });

  it('no log line of the webhook routes shows a webhook’s secrets (create, bad input, read, update, query strings)', async () => {
    lines.length = 0;
    const request = {
      method: 'POST',
      url: `https://ci.example/build?token=${SECRETS[3]}`,
      headers: { Authorization: `Bearer ${SECRETS[1]}` },
      password: SECRETS[2],
      body: { secret: SECRETS[4] },
    };
    const created = await app.inject({ method: 'POST', url: '/webhooks', payload: { events: [{ name: 'contract_published' }], request } });
    expect(created.statusCode).toBe(201);
    const self = new URL(created.json()._links.self.href as string).pathname;
    expect((await app.inject({ method: 'GET', url: self })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: self, payload: { events: [{ name: 'contract_published' }], request } })).statusCode).toBe(200);
    const bad = await app.inject({ method: 'POST', url: '/webhooks', payload: { events: [{ name: 'nope' }], request: { ...request, url: 'http://10.0.0.1/' } } });
    expect(bad.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/webhooks?access_token=${SECRETS[3]}` })).statusCode).toBe(200);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    for (const l of lines) for (const secret of SECRETS) expect(l).not.toContain(secret);
    expect(lines.join('\n')).toContain('access_token=redacted');
  });

  it('bounds errors logged without a message, and every other field and message', async () => {
    lines.length = 0;
    expect((await app.inject({ method: 'GET', url: '/test-only/no-message' })).statusCode).toBe(200);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l.length).toBeLessThan(BOUND);
  });
});
