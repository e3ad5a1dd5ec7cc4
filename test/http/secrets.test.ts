// Webhook secrets through the API: write-only CRUD, name rules, the missing-key answer, and `${user.NAME}` in a
// webhook delivered with the real value to a local receiver while every record of the request shows the mask.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/query.js';
import { REDACTED } from '../../src/webhooks/redact.js';
import { client, errorBody, hal } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const VALUE = 'tok-5f1d2c9a8b7e-value';
const PLAIN = 'plain-value-0042';

let t: TestApp;
let api: ReturnType<typeof client>;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  t = await buildTestApp({
    TREATY_SECRETS_KEY: randomBytes(32).toString('base64'),
    TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1',
    TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http',
    TREATY_BASE_URL: 'http://broker.example',
  });
  api = client(t);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await t.reset();
  await t.database.db.execute(sql`truncate table webhooks, triggered_webhooks, jobs, secrets cascade`);
  receiver.received.length = 0;
  receiver.answer(200, 'ok');
});

describe('secrets CRUD', () => {
  it('creates, lists, reads, replaces and deletes a secret, never returning its value', async () => {
    const responses: string[] = [];
    const keep = <T extends { body: string }>(res: T) => (responses.push(res.body), res);

    const createdRes = keep(await api.post('/secrets', { name: 'CiToken', value: VALUE, description: 'CI trigger token' }));
    const created = hal(createdRes, 201);
    expect(createdRes.headers.location).toBe('http://broker.example/secrets/CiToken');
    expect(created).toMatchObject({ name: 'CiToken', description: 'CI trigger token', updatedAt: null });
    expect(Date.parse(created.createdAt)).not.toBeNaN();
    expect(created._links.self.href).toBe('http://broker.example/secrets/CiToken');
    expect(created).not.toHaveProperty('value');

    const list = hal(keep(await api.get('/secrets')), 200);
    expect(list.secrets.map((s: { name: string }) => s.name)).toEqual(['CiToken']);
    expect(list._links.self.href).toBe('http://broker.example/secrets');
    expect(hal(keep(await api.get('/secrets/CiToken')), 200)).toMatchObject({ name: 'CiToken', description: 'CI trigger token' });

    // PUT replaces the value; the description stays unless given.
    const replaced = hal(keep(await api.put('/secrets/CiToken', { value: `${VALUE}-2` })), 200);
    expect(replaced).toMatchObject({ name: 'CiToken', description: 'CI trigger token' });
    expect(Date.parse(replaced.updatedAt)).not.toBeNaN();
    expect(hal(keep(await api.put('/secrets/CiToken', { value: `${VALUE}-3`, description: null })), 200).description).toBeNull();
    const putNew = keep(await api.put('/secrets/Other', { value: `${VALUE}-4`, description: 'made by PUT' }));
    expect(hal(putNew, 201)).toMatchObject({ name: 'Other', description: 'made by PUT' });
    expect(putNew.headers.location).toBe('http://broker.example/secrets/Other');

    const conflict = errorBody(keep(await api.post('/secrets', { name: 'CiToken', value: 'x' })), 409);
    expect(conflict.detail).toMatch(/already exists; PUT \/secrets\/CiToken/);

    for (const body of responses) expect(body).not.toContain(VALUE);

    // At rest the value is sealed: no plain text in the row.
    const rows = await queryRows<{ sealed: Buffer }>(t.database.db, sql`select sealed from secrets where name = 'CiToken'`);
    expect(Buffer.from(rows[0]!.sealed).toString('latin1')).not.toContain(VALUE);

    expect((await api.delete('/secrets/CiToken')).statusCode).toBe(204);
    errorBody(await api.get('/secrets/CiToken'), 404);
    errorBody(await api.delete('/secrets/CiToken'), 404);
    expect(hal(await api.get('/secrets'), 200).secrets.map((s: { name: string }) => s.name)).toEqual(['Other']);
  });

  it('validates names, values and descriptions', async () => {
    for (const name of ['my-token', '1abc', 'has space', 'a.b', 'x'.repeat(101)]) {
      const res = await api.post('/secrets', { name, value: VALUE });
      const body = errorBody(res, 400, ['name']);
      expect(body.errors.name[0]).toMatch(/letters, digits and _/);
      expect(res.body).not.toContain(VALUE);
    }
    errorBody(await api.put('/secrets/my-token', { value: 'v' }), 400, ['name']);
    errorBody(await api.get('/secrets/my-token'), 404);
    errorBody(await api.post('/secrets', { name: 'Ok' }), 400, ['value']);
    errorBody(await api.post('/secrets', { name: 'Ok', value: '' }), 400, ['value']);
    errorBody(await api.post('/secrets', { name: 'Ok', value: 'v'.repeat(16_385) }), 400, ['value']);
    errorBody(await api.put('/secrets/Ok', {}), 400, ['value']);
    errorBody(await api.post('/secrets', { name: 'Ok', value: 'v', description: 'two\nlines' }), 400, ['description']);
    expect(hal(await api.get('/secrets'), 200).secrets).toEqual([]);
  });
});

describe('without TREATY_SECRETS_KEY', () => {
  it('refuses to store a secret with a 400 saying how to set the key; reading the (empty) list works', async () => {
    const bare = await buildTestApp();
    try {
      const bareApi = client(bare);
      for (const res of [await bareApi.post('/secrets', { name: 'CiToken', value: VALUE }), await bareApi.put('/secrets/CiToken', { value: VALUE })]) {
        const body = errorBody(res, 400, ['value']);
        expect(body.detail).toMatch(/TREATY_SECRETS_KEY is not set; set TREATY_SECRETS_KEY to 32 random bytes, base64 or hex/);
      }
      expect(hal(await bareApi.get('/secrets'), 200).secrets).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

describe('${user.NAME} in webhooks', () => {
  const hook = (request: Record<string, unknown>) => ({ events: [{ name: 'contract_published' }], request: { method: 'POST', url: `${receiver.url}/hook`, ...request } });
  const secretHook = () =>
    hook({
      headers: { Authorization: 'Bearer ${user.CiToken}', 'Content-Type': 'application/json', 'X-Note': 'n-${user.Plain}' },
      body: { token: '${user.CiToken}', note: 'note ${user.Plain} for ${pactbroker.consumerName}' },
      username: 'bot',
      password: '${user.Plain}',
    });

  async function withSecrets() {
    hal(await api.post('/secrets', { name: 'CiToken', value: VALUE }), 201);
    hal(await api.post('/secrets', { name: 'Plain', value: PLAIN }), 201);
  }

  const triggeredUuid = async () => (await queryRows<{ uuid: string }>(t.database.db, sql`select uuid from triggered_webhooks`))[0]!.uuid;

  it('delivers the real values to the receiver; the stored webhook, the logs and the job rows show only placeholders or the mask', async () => {
    await withSecrets();
    const created = hal(await api.post('/webhooks', secretHook()), 201);
    expect(created.request.body).toEqual({ token: '${user.CiToken}', note: 'note ${user.Plain} for ${pactbroker.consumerName}' });
    expect(created.request.headers['x-note']).toBe('n-${user.Plain}');
    receiver.answer(200, `echo ${VALUE} and ${PLAIN}`);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got!.headers.authorization).toBe(`Bearer ${VALUE}`);
    expect(got!.headers['x-note']).toBe(`n-${PLAIN}`);
    expect(JSON.parse(got!.body)).toEqual({ token: VALUE, note: `note ${PLAIN} for Foo` });

    const logsHref = `/triggered-webhooks/${await triggeredUuid()}/logs`;
    const json = hal(await api.get(logsHref, { accept: 'application/hal+json' }), 200);
    const { log } = json.attempts[0];
    expect(json.attempts[0].outcome).toBe('succeeded');
    expect(log.request.headers['X-Note']).toBe(`n-${REDACTED}`);
    expect(JSON.parse(log.request.body)).toEqual({ token: REDACTED, note: `note ${REDACTED} for Foo` });
    expect(log.request.password).toBe(REDACTED);
    expect(log.response.body).toBe(`echo ${REDACTED} and ${REDACTED}`);
    const text = (await api.get(logsHref)).body;
    expect(text).toContain(`x-note: n-${REDACTED}`);
    for (const shown of [JSON.stringify(json), text, JSON.stringify(hal(await api.get(created._links.self.href.replace('http://broker.example', '')), 200))]) {
      expect(shown).not.toContain(VALUE);
      expect(shown).not.toContain(PLAIN);
    }
    const stored = await queryRows<{ text: string }>(t.database.db, sql`select concat(j.payload::text, a.detail::text, a.error) as text from jobs j join job_attempts a on a.job_id = j.id`);
    expect(stored.length).toBeGreaterThan(0);
    for (const { text: row } of stored) expect(row).not.toMatch(new RegExp(`${VALUE}|${PLAIN}`));
  });

  it('test-webhook (POST /webhooks/{uuid}/execute and /webhooks/execute) sends the real values and shows the mask', async () => {
    await withSecrets();
    const created = hal(await api.put('/webhooks/secret-webhook-uuid-0001', secretHook()), 201);
    receiver.answer(200, `echo ${VALUE}`);
    for (const res of [await api.post('/webhooks/secret-webhook-uuid-0001/execute'), await api.post('/webhooks/execute', secretHook())]) {
      const result = hal(res, 200);
      expect(result.success).toBe(true);
      expect(result.request.headers['x-note']).toBe(`n-${REDACTED}`);
      expect(result.request.body).toEqual({ token: REDACTED, note: `note ${REDACTED} for ` });
      expect(result.logs).toContain(`x-note: n-${REDACTED}`);
      expect(res.body).not.toContain(VALUE);
      expect(res.body).not.toContain(PLAIN);
    }
    expect(receiver.received.map((r) => r.headers.authorization)).toEqual([`Bearer ${VALUE}`, `Bearer ${VALUE}`]);
    expect(created.uuid).toBe('secret-webhook-uuid-0001');
  });

  it('refuses, with a 400 naming it, a webhook using an unknown secret or a secret in the URL; nothing is stored', async () => {
    hal(await api.post('/secrets', { name: 'CiToken', value: VALUE }), 201);
    const unknown = errorBody(
      await api.post('/webhooks', hook({ headers: { Authorization: 'Bearer ${user.CiToken}' }, body: 'x=${user.Nope}', password: '${user.Gone}' })),
      400,
      ['request.body', 'request.password'],
    );
    expect(unknown.detail).toBe("No secret with name 'Nope' found; No secret with name 'Gone' found");
    expect(unknown.errors['request.body']).toEqual(['unknown secret ${user.Nope}: create it first with PUT /secrets/Nope']);
    expect(unknown.errors).not.toHaveProperty(['request.headers']);

    const inUrl = errorBody(await api.post('/webhooks', hook({ url: `${receiver.url}/hook/\${user.CiToken}` })), 400, ['request.url']);
    expect(inUrl.errors['request.url'][0]).toMatch(/^cannot use a secret \(\$\{user\.CiToken\}\)/);
    errorBody(await api.put('/webhooks/secret-webhook-uuid-0002', hook({ headers: { 'X-A': '${user.Nope}' } })), 400, ['request.headers']);
    errorBody(await api.post('/webhooks/execute', hook({ headers: { 'X-A': '${user.Nope}' } })), 400, ['request.headers']);
    expect(hal(await api.get('/webhooks'), 200)._links['pb:webhooks']).toEqual([]);
  });

  it('a secret deleted after the webhook was created fails the delivery with a logged reason naming it; nothing is sent', async () => {
    await withSecrets();
    const created = hal(await api.put('/webhooks/secret-webhook-uuid-0003', secretHook()), 201);
    expect((await api.delete('/secrets/Plain')).statusCode).toBe(204);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.2.3' }), 200);
    expect(await t.container.jobs.createRunner().runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(0);

    const logsHref = `/triggered-webhooks/${await triggeredUuid()}/logs`;
    const json = hal(await api.get(logsHref, { accept: 'application/hal+json' }), 200);
    expect(json.attempts).toHaveLength(1);
    expect(json.attempts[0].outcome).toBe('failed');
    expect(json.attempts[0].error).toMatch(/secret 'Plain' \(\$\{user\.Plain\}\) does not exist; it may have been deleted/);
    expect((await api.get(logsHref)).body).toMatch(/ERROR: Error executing webhook: not sent: secret 'Plain'/);
    const [row] = await queryRows<{ status: string }>(t.database.db, sql`select status from triggered_webhooks`);
    expect(row!.status).toBe('failed');
    expect(JSON.stringify(json)).not.toContain(VALUE);

    // The manual test run says the same.
    const run = hal(await api.post('/webhooks/secret-webhook-uuid-0003/execute'), 200);
    expect(run.success).toBe(false);
    expect(run.logs).toMatch(/not sent: secret 'Plain'/);
    expect(created.uuid).toBe('secret-webhook-uuid-0003');
    expect(receiver.received).toHaveLength(0);
  });

  it('a sealed value copied onto another name does not open: the delivery fails naming the secret', async () => {
    await withSecrets();
    hal(await api.post('/webhooks', secretHook()), 201);
    await t.database.db.execute(sql`update secrets set sealed = (select sealed from secrets where name = 'CiToken') where name = 'Plain'`);
    const run = hal(await api.post(`/webhooks/${(await queryRows<{ uuid: string }>(t.database.db, sql`select uuid from webhooks`))[0]!.uuid}/execute`), 200);
    expect(run.success).toBe(false);
    expect(run.logs).toMatch(/secret 'Plain' cannot be decrypted with the configured TREATY_SECRETS_KEY/);
    expect(receiver.received).toHaveLength(0);
  });
});
