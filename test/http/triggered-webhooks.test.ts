// Triggered webhooks through the API: the publication's list, then the logs of the delivery the runner made.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  t = await buildTestApp({ TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1', TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http', TREATY_BASE_URL: 'http://broker.example' });
  api = client(t);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs cascade`);
  receiver.received.length = 0;
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

    const logs = hal(await api.get(logsHref), 200);
    expect(logs.attempts).toHaveLength(1);
    expect(logs.attempts[0]).toMatchObject({ attempt: 1, outcome: 'succeeded' });
    expect(logs.attempts[0].log.response.status).toBe(200);
    expect(logs.attempts[0].log.request.headers.Authorization).toBe('**********');
    expect(JSON.stringify(logs)).not.toContain('s3cret');
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
    expect(hal(await api.get(listUrl), 200)._embedded.triggeredWebhooks).toEqual([]);
  });
});
