// The official Rust CLI with webhook secrets: create-webhook with `${user.NAME}` in a header and the basic auth
// password stores the placeholders (an unknown secret is its printed validation error, exit 1), and test-webhook
// delivers the real values to a local receiver while printing only the mask.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { pactBroker, startBroker, type RunningBroker } from './broker.js';

const VALUE = 'cli-secret-7f3e2d1c';
let broker: RunningBroker;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  broker = await startBroker({
    TREATY_SECRETS_KEY: randomBytes(32).toString('hex'),
    TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1',
    TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http',
  });
});
afterAll(async () => {
  await broker?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await broker.testApp.reset();
  await broker.testApp.database.db.execute(sql`truncate table webhooks, secrets cascade`);
  receiver.received.length = 0;
  receiver.answer(200, 'ok');
  expect((await broker.post('/secrets', { name: 'CiToken', value: VALUE })).status).toBe(201);
});

describe('webhook secrets through the official CLI', () => {
  it('create-or-update-webhook keeps ${user.CiToken}; test-webhook sends the value and prints the mask', async () => {
    const uuid = 'cli-secret-webhook-0001';
    const created = await pactBroker(broker.baseUrl, 'create-or-update-webhook', [
      `${receiver.url}/hook`, '--uuid', uuid, '-X', 'POST', '-H', 'X-Ci-Token: ${user.CiToken}',
      '-d', '{"token":"${user.CiToken}"}', '--user', 'ci:${user.CiToken}', '--contract-published',
    ]);
    expect(created.code, created.output).toBe(0);
    expect(created.output).not.toContain(VALUE);
    const stored = (await broker.get(`/webhooks/${uuid}`)).body;
    expect(stored.request).toMatchObject({ body: { token: '${user.CiToken}' }, username: 'ci' });

    const run = await pactBroker(broker.baseUrl, 'test-webhook', ['--uuid', uuid]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain(VALUE);
    expect(run.output).toContain('**********');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-ci-token']).toBe(VALUE);
    expect(JSON.parse(receiver.received[0]!.body)).toEqual({ token: VALUE });
    expect(receiver.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`ci:${VALUE}`).toString('base64')}`);
  });

  it('create-webhook naming an unknown secret fails with the validation error printed', async () => {
    const run = await pactBroker(broker.baseUrl, 'create-webhook', [
      `${receiver.url}/hook`, '-X', 'POST', '-H', 'Authorization: Bearer ${user.Nope}', '--contract-published',
    ]);
    expect(run.code).toBe(1);
    expect(run.output).toContain('unknown secret ${user.Nope}');
    expect((await broker.get('/webhooks')).body._links['pb:webhooks']).toEqual([]);
  });
});
