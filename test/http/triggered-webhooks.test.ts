// Triggered webhooks through the API: the publication's list, then the logs of the delivery the runner made.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { client, hal } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;
let receiver: Receiver;
/** A receiver that never answers (timeouts, shutdowns), with the requests it got. */
let silent: { server: http.Server; url: string; hits: number; entered: () => void };
const TIMEOUT_MS = 300;

beforeAll(async () => {
  receiver = await startReceiver();
  const server = http.createServer(() => {
    silent.hits += 1;
    silent.entered();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  silent = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: 0, entered: () => {} };
  t = await buildTestApp({
    TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1',
    TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http',
    TREATY_BASE_URL: 'http://broker.example',
    TREATY_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  api = client(t);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
  silent?.server.closeAllConnections();
  await new Promise((resolve) => silent?.server.close(resolve));
});
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs cascade`);
  receiver.received.length = 0;
  receiver.answer(200, 'ok');
  silent.hits = 0;
});

const listUrl = '/pacts/provider/Bar/consumer/Foo/version/1.2.3/triggered-webhooks';

describe('triggered webhooks', () => {
  it('lists the publication’s triggered webhook, then its delivery in the logs, with the secret redacted', async () => {
    const hook = hal(
      await api.post('/webhooks', {
        description: 'notify CI',
        events: [{ name: 'contract_published' }],
        request: { method: 'POST', url: `${receiver.url}/hook`, headers: { Authorization: 'Bearer s3cret' }, body: 'hi' },
      }),
      201,
    );
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);

    const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1.2.3'), 200);
    expect(pact._links['pb:triggered-webhooks'].href).toBe(`http://broker.example${listUrl}`);
    let list = hal(await api.get(listUrl), 200);
    const [queued] = list._embedded.triggeredWebhooks;
    expect(queued).toMatchObject({ description: 'notify CI', eventName: 'contract_published', status: 'not_run', attemptsMade: 0 });
    expect(queued.attemptsRemaining).toBeGreaterThan(0);
    expect(Date.parse(queued.nextScheduledRetryAt)).not.toBeNaN();
    expect(queued._links['pb:webhook'].href).toBe(hook._links.self.href);
    const logsHref = `/triggered-webhooks/${queued.uuid}/logs`;
    expect(queued._links['pb:logs'].href).toBe(`http://broker.example${logsHref}`);

    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    list = hal(await api.get(listUrl), 200);
    expect(list._embedded.triggeredWebhooks[0]).toMatchObject({ status: 'success', attemptsMade: 1, attemptsRemaining: 0, nextScheduledRetryAt: null });

    const logs = hal(await api.get(logsHref, { accept: 'application/hal+json' }), 200);
    expect(logs.attempts).toHaveLength(1);
    expect(logs.attempts[0]).toMatchObject({ attempt: 1, outcome: 'succeeded' });
    expect(logs.attempts[0].log.response.status).toBe(200);
    expect(logs.attempts[0].log.request.headers.Authorization).toBe('**********');
    expect(JSON.stringify(logs)).not.toContain('s3cret');
  });

  it('serves the logs as text/plain by default, as the Pact Broker does: each attempt’s execution log, secrets redacted', async () => {
    const secret = 'xoxb-1234567890-abcdefghij';
    hal(
      await api.post('/webhooks', {
        events: [{ name: 'contract_published' }],
        request: { method: 'POST', url: `${receiver.url}/hook?token=${secret}`, headers: { Authorization: 'Bearer s3cret', 'X-Api-Key': secret }, body: { key: secret } },
      }),
      201,
    );
    receiver.answer(200, JSON.stringify({ access_token: secret, ok: true }));
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);
    const [queued] = hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks;
    const logsHref = `/triggered-webhooks/${queued.uuid}/logs`;

    const before = await api.get(logsHref);
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toBe('text/plain;charset=utf-8');
    expect(before.body).toBe('Webhook has not executed yet. Please retry in a few seconds.');

    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    const text = await api.get(logsHref, { accept: 'text/plain, */*' });
    expect(text.headers['content-type']).toBe('text/plain;charset=utf-8');
    const lines = text.body.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] DEBUG: Webhook context \{"base_url":"http:\/\/broker\.example","event_name":"contract_published"\}$/);
    expect(lines[1]).toMatch(/ INFO: HTTP\/1\.1 POST http:\/\/127\.0\.0\.1:\d+\/hook\?token=redacted$/);
    expect(lines).toContainEqual(expect.stringMatching(/ INFO: authorization: \*{10}$/));
    expect(lines).toContainEqual(expect.stringMatching(/ INFO: HTTP\/1\.1 200$/));
    expect(lines).toContainEqual(expect.stringMatching(/ INFO: \{"access_token":"\*{10}","ok":true\}$/));
    expect(lines.at(-1)).toMatch(/ INFO: Webhook execution successful$/);
    expect(text.body).not.toContain(secret);
    expect(text.body).not.toContain('s3cret');

    // The JSON form on request; */* or no Accept stays text.
    for (const accept of ['application/json', 'application/hal+json', 'text/plain;q=0.5, application/json']) {
      const json = await api.get(logsHref, { accept });
      expect(json.headers['content-type'], accept).toMatch(/^application\/(hal\+)?json;charset=utf-8$/);
      expect(json.json().attempts).toHaveLength(1);
      expect(json.body).not.toContain(secret);
    }
    expect((await api.get(logsHref, { accept: '*/*' })).headers['content-type']).toBe('text/plain;charset=utf-8');
    expect((await api.get(logsHref, { accept: 'application/json;q=0.1, text/plain' })).headers['content-type']).toBe('text/plain;charset=utf-8');
  });

  async function publishWithHook(url: string) {
    hal(await api.post('/webhooks', { events: [{ name: 'contract_published' }], request: { method: 'POST', url } }), 201);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);
    const [queued] = hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks;
    return `/triggered-webhooks/${queued.uuid}/logs`;
  }
  const jobRow = async () => (await queryRows<{ status: string; attempts: number }>(t.database.db, sql`select status, attempts from jobs`))[0];

  it('a 302 is recorded, not followed and not retried: the triggered webhook has failed', async () => {
    receiver.answer(302, '');
    const logsHref = await publishWithHook(`${receiver.url}/hook`);
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(receiver.received.map((r) => r.url)).toEqual(['/hook']);
    expect(hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks[0]).toMatchObject({ status: 'failure', attemptsMade: 1, attemptsRemaining: 0, nextScheduledRetryAt: null });
    expect(await jobRow()).toMatchObject({ status: 'failed' });
    const text = (await api.get(logsHref)).body;
    expect(text).toMatch(/ INFO: HTTP\/1\.1 302\n/);
    expect(text).toMatch(/ ERROR: Error executing webhook: redirect \(302\) not followed\n/);
    expect(hal(await api.get(logsHref, { accept: 'application/hal+json' }), 200).attempts[0]).toMatchObject({ outcome: 'failed', log: { response: { status: 302 } } });
  });

  it('a timeout is recorded and retried later', async () => {
    const logsHref = await publishWithHook(`${silent.url}/hook`);
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(silent.hits).toBe(1);
    const [row] = hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks;
    expect(row).toMatchObject({ status: 'retrying', attemptsMade: 1 });
    expect(row.attemptsRemaining).toBeGreaterThan(0);
    expect(Date.parse(row.nextScheduledRetryAt)).toBeGreaterThan(Date.now());
    const logs = hal(await api.get(logsHref, { accept: 'application/hal+json' }), 200);
    expect(logs.attempts[0]).toMatchObject({ outcome: 'retry', error: `no response within ${TIMEOUT_MS} ms`, log: { errorKind: 'timeout' } });
    expect((await api.get(logsHref)).body).toContain(`ERROR: Error executing webhook: no response within ${TIMEOUT_MS} ms`);
  });

  it('a delivery cut off by a shutdown is queued again, not marked failed, without using up an attempt', async () => {
    const logsHref = await publishWithHook(`${silent.url}/hook`);
    const inFlight = new Promise<void>((resolve) => (silent.entered = resolve));
    const runner = t.container.jobs.createRunner();
    runner.start();
    await inFlight;
    await runner.stop();
    expect(hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks[0]).toMatchObject({ status: 'not_run', attemptsMade: 0 });
    expect(await jobRow()).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await api.get(logsHref)).body).toMatch(/ ERROR: Attempt 1 interrupted: stopped by a shutdown\n$/);
  });

  it('lists the webhooks a verification result triggered at its pb:triggered-webhooks link', async () => {
    hal(await api.post('/webhooks', { events: [{ name: 'provider_verification_published' }], request: { method: 'POST', url: `${receiver.url}/v` } }), 201);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);
    const sha = hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200)._links['pb:pact-version'].name as string;
    const result = hal(
      await api.post(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results`, { success: true, providerApplicationVersion: '9.9' }),
      201,
    );
    const href = result._links['pb:triggered-webhooks'].href as string;
    const list = hal(await api.get(href.replace('http://broker.example', '')), 200);
    expect(list._embedded.triggeredWebhooks).toEqual([expect.objectContaining({ eventName: 'provider_verification_published', status: 'not_run' })]);
    expect(hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks).toEqual([]);
  });

  it('an unknown uuid is 404; a version without triggers lists none', async () => {
    hal(await api.get('/triggered-webhooks/00000000-0000-0000-0000-000000000000/logs'), 404);
    expect((await api.get('/triggered-webhooks/00000000-0000-0000-0000-000000000000/logs', { accept: 'application/json' })).statusCode).toBe(404);
    expect(hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks).toEqual([]);
  });
});
