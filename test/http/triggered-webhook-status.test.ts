// A triggered webhook's reported status follows its delivery job, including the endings the handler never sees: a
// last attempt the runner timed out or that threw, and a job claimed past its attempts. Before the status was derived
// from the job these stayed 'queued' forever.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_JOB_KIND, WEBHOOK_MAX_ATTEMPTS } from '../../src/webhooks/trigger.js';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(500).end('down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  t = await buildTestApp({ TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1', TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http' });
  api = client(t);
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs cascade`);
});

const listUrl = '/pacts/provider/Bar/consumer/Foo/version/1.2.3/triggered-webhooks';
const triggered = async () => hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks[0];

async function publishWithHook(): Promise<void> {
  hal(await api.post('/webhooks', { events: [{ name: 'contract_published' }], request: { method: 'POST', url: `http://127.0.0.1:${port}/hook` } }), 201);
  hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);
}

/** Makes the next claim of the delivery job its attempt number `attempt`. */
const skipTo = async (attempt: number) => {
  await t.container.jobs.expandPending(); // the publish's expansion job becomes the delivery job
  return t.database.db.execute(sql`update jobs set attempts = ${attempt - 1}, run_at = now() - interval '1 hour' where kind = ${WEBHOOK_JOB_KIND}`);
};

describe('triggered webhook status', () => {
  it('is queued before any attempt, retrying after a failed one, failed after the last', async () => {
    await publishWithHook();
    expect(await triggered()).toMatchObject({ status: 'not_run', attemptsMade: 0 });
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(await triggered()).toMatchObject({ status: 'retrying', attemptsMade: 1, attemptsRemaining: WEBHOOK_MAX_ATTEMPTS - 1 });
    await skipTo(WEBHOOK_MAX_ATTEMPTS);
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(await triggered()).toMatchObject({ status: 'failure', attemptsMade: WEBHOOK_MAX_ATTEMPTS, attemptsRemaining: 0, nextScheduledRetryAt: null });
  });

  it('is failed when the runner times out the last attempt', async () => {
    await publishWithHook();
    await skipTo(WEBHOOK_MAX_ATTEMPTS);
    // A delivery stuck where the abort does not reach it: only the runner's own timeout ends the attempt.
    const stuck = () => new Promise<never>(() => undefined);
    expect(await t.container.jobs.createRunner({ handlers: { [WEBHOOK_JOB_KIND]: stuck }, timeoutMs: 300, leaseMs: 2_000 }).runOnce()).toBe(1);
    const tw = await triggered();
    expect(tw).toMatchObject({ status: 'failure', attemptsMade: WEBHOOK_MAX_ATTEMPTS, attemptsRemaining: 0 });
    const logs = hal(await api.get(`/triggered-webhooks/${tw.uuid}/logs`, { accept: 'application/hal+json' }), 200);
    expect(logs.attempts.at(-1)).toMatchObject({ attempt: WEBHOOK_MAX_ATTEMPTS, outcome: 'retry', error: 'timed out after 300 ms' });
  });

  it('is failed when the handler throws on the last attempt', async () => {
    await publishWithHook();
    await skipTo(WEBHOOK_MAX_ATTEMPTS);
    const throwing = async () => {
      throw new Error('the database went away');
    };
    expect(await t.container.jobs.createRunner({ handlers: { [WEBHOOK_JOB_KIND]: throwing } }).runOnce()).toBe(1);
    expect(await triggered()).toMatchObject({ status: 'failure', attemptsMade: WEBHOOK_MAX_ATTEMPTS });
  });

  it('is failed when the job is claimed past its attempts and the handler is never reached', async () => {
    await publishWithHook();
    await skipTo(WEBHOOK_MAX_ATTEMPTS + 1);
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(await triggered()).toMatchObject({ status: 'failure', attemptsRemaining: 0 });
  });
});
