// End to end: a publish triggers a webhook, the job runner delivers it to a real local receiver.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { encodePactMetadata } from '../../src/pacts/pact-metadata.js';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let t: TestApp;
let api: ReturnType<typeof client>;
let server: http.Server;
let port: number;
const received: Received[] = [];
let statuses: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  t = await buildTestApp({
    TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1',
    TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http',
    TREATY_BASE_URL: 'http://broker.example',
  });
  api = client(t);
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs cascade`);
  received.length = 0;
  statuses = [];
});

async function publishWithHook() {
  hal(
    await api.post('/webhooks', {
      events: [{ name: 'contract_published' }],
      request: {
        method: 'POST',
        url: `http://127.0.0.1:${port}/hook?consumer=\${pactbroker.consumerName}`,
        headers: { 'Content-Type': 'application/json' },
        body: { pact: '${pactbroker.pactUrl}', version: '${pactbroker.consumerVersionNumber}', event: '${pactbroker.eventName}' },
      },
    }),
    201,
  );
  hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);
  return hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200)._links['pb:pact-version'].name as string;
}

// A publish writes one expansion job; expanding it (as a claim or a read of triggered webhooks does) writes the rows.
const expanded = async () => {
  await t.container.jobs.expandPending();
  return t.database.db;
};
const status = async () => (await queryRows<{ status: string }>(await expanded(), sql`select status from triggered_webhooks`)).map((r) => r.status);
const job = async () => (await queryRows<{ uuid: string; status: string; attempts: number }>(await expanded(), sql`select uuid, status, attempts from jobs`))[0]!;

describe('webhook delivery', () => {
  it('delivers once, with the template filled in and X-Treaty-Delivery = the job uuid', async () => {
    const sha = await publishWithHook();
    const runner = t.container.jobs.createRunner();
    expect(await runner.runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/hook?consumer=Foo');
    expect(JSON.parse(request!.body)).toEqual({
      // The permalink with metadata naming the consumer version (C4), WIP as the Pact Broker marks it.
      pact: `http://broker.example/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/${encodePactMetadata({ s: [{ cv: '1.2.3' }], w: true })}`,
      version: '1.2.3',
      event: 'contract_published',
    });
    const { uuid, status: jobStatus } = await job();
    expect(request!.headers['x-treaty-delivery']).toBe(uuid);
    expect(jobStatus).toBe('succeeded');
    expect(await status()).toEqual(['succeeded']);
    expect(await runner.runOnce()).toBe(0);
    expect(received).toHaveLength(1);
  });

  it('retries a 500, then succeeds, with the same delivery id', async () => {
    statuses = [500];
    await publishWithHook();
    const runner = t.container.jobs.createRunner();
    expect(await runner.runOnce()).toBe(1);
    expect(await job()).toMatchObject({ status: 'queued', attempts: 1 });
    expect(await status()).toEqual(['queued']);
    expect(await runner.runOnce()).toBe(0); // not due yet
    await t.database.db.execute(sql`update jobs set run_at = now() - interval '1 second'`);
    expect(await runner.runOnce()).toBe(1);
    expect(received.map((r) => r.headers['x-treaty-delivery'])).toEqual([(await job()).uuid, (await job()).uuid]);
    expect(await job()).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await status()).toEqual(['succeeded']);
  });

  it('a failure on the last attempt fails the job and the triggered webhook', async () => {
    statuses = [503];
    await publishWithHook();
    await (await expanded()).execute(sql`update jobs set attempts = max_attempts - 1`);
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    expect(await job()).toMatchObject({ status: 'failed' });
    expect(await status()).toEqual(['failed']);
  });

  it('a webhook deleted before delivery fails the job, sending nothing (its triggered rows went with it)', async () => {
    await publishWithHook();
    await t.database.db.execute(sql`delete from webhooks`);
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(received).toEqual([]);
    expect(await job()).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await status()).toEqual([]);
  });

  it("a pacticipant's deletion takes its webhooks and their triggered rows with it", async () => {
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);
    const request = { method: 'POST', url: `http://127.0.0.1:${port}/hook` };
    hal(await api.post('/webhooks', { consumer: { name: 'Foo' }, events: [{ name: 'contract_published' }], request }), 201);
    hal(await api.post('/webhooks', { events: [{ name: 'contract_published' }], request }), 201);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.4' }), 200);
    expect(await status()).toEqual(['queued', 'queued']);
    expect((await api.delete('/pacticipants/Foo')).statusCode).toBe(204);
    // Only the webhook that named Foo went; the other one's triggered row stays.
    expect(await status()).toEqual(['queued']);
  });
});
