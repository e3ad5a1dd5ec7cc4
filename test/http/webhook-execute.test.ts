import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const B = 'http://localhost:80';
const UUID = 'execute-test-webhook-0001';

let t: TestApp;
let api: ReturnType<typeof client>;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  t = await buildTestApp({ TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1', TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http' });
  api = client(t);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await t.reset();
  receiver.received.length = 0;
  receiver.answer(200, '{"queued":true}');
});

const hook = (url: string, extra: Record<string, unknown> = {}) => ({
  events: [{ name: 'provider_verification_published' }],
  request: {
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer s3cret' },
    body: { consumer: '${pactbroker.consumerName}', version: '${pactbroker.consumerVersionNumber}', pact: '${pactbroker.pactUrl}', pv: '${pactbroker.providerVersionNumber}', status: '${pactbroker.githubVerificationStatus}', event: '${pactbroker.eventName}' },
  },
  ...extra,
});

describe('POST /webhooks/{uuid}/execute', () => {
  it('sends the webhook once, rendered for the latest matching pact and its latest verification, and shows the result', async () => {
    await testDataBuilder(t.container.services)
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1.0.0' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1.0.1', branch: 'main', interactions: ['another'] })
      .publishPact({ consumer: 'Other', provider: 'Baz', version: '9' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1.0.1', providerVersion: 'p7', success: false })
      .done();
    hal(await api.put(`/webhooks/${UUID}`, hook(`${receiver.url}/hook?c=\${pactbroker.consumerName}`, { consumer: { name: 'Foo' } })), 201);

    const res = await api.post(`/webhooks/${UUID}/execute`);
    const body = hal(res, 200);

    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.url).toBe('/hook?c=Foo');
    expect(got.headers['x-treaty-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(got.headers.authorization).toBe('Bearer s3cret');
    const sent = JSON.parse(got.body);
    expect(sent).toMatchObject({ consumer: 'Foo', version: '1.0.1', pv: 'p7', status: 'failure', event: 'test' });
    expect(sent.pact).toMatch(new RegExp(`^${B}/pacts/provider/Bar/consumer/Foo/pact-version/[0-9a-f]+/metadata/`));

    expect(body).toMatchObject({
      request: { url: '/hook?c=Foo', body: sent, headers: { 'content-type': 'application/json', authorization: '**********' } },
      response: { status: 200, body: { queued: true } },
      success: true,
      _links: {
        webhook: { href: `${B}/webhooks/${UUID}` },
        'try-again': { title: 'Execute the webhook again', href: `${B}/webhooks/${UUID}/execute` },
      },
    });
    expect(body.request.headers['x-treaty-delivery']).toBe(got.headers['x-treaty-delivery']);
    expect(body.logs).toContain(`INFO: HTTP/1.1 POST ${receiver.url}/hook?c=Foo`);
    expect(body.logs).toContain('INFO: HTTP/1.1 200');
    expect(body.logs).toMatch(/Webhook execution successful\n$/);
    expect(res.body).not.toContain('s3cret');

    // Nothing is stored: a second run (no body, as the Pact Broker allows) sends again.
    hal(await t.app.inject({ method: 'POST', url: `/webhooks/${UUID}/execute` }), 200);
    expect(receiver.received).toHaveLength(2);
  });

  it('redacts every secret in the result (header, password, query token, token-looking body value, response body), sending them', async () => {
    const secrets = ['s3cret', 'qtok5678', 'pw-99887', 'xoxb-1234567890-abcdef', 'resp-secret-1'];
    receiver.answer(200, '{"access_token":"resp-secret-1","ok":true}');
    const request = {
      method: 'POST',
      url: `${receiver.url}/hook?token=qtok5678&c=\${pactbroker.consumerName}`,
      headers: { Authorization: 'Bearer s3cret' },
      body: 'text=hello xoxb-1234567890-abcdef',
      username: 'bot',
      password: 'pw-99887',
    };
    hal(await api.put(`/webhooks/${UUID}`, { events: [{ name: 'contract_published' }], request }), 201);
    const res = await api.post(`/webhooks/${UUID}/execute`);
    const body = hal(res, 200);
    const got = receiver.received[0]!;
    expect(got.url).toMatch(/^\/hook\?token=qtok5678&c=/);
    expect(got.body).toContain('xoxb-1234567890-abcdef');
    expect(body.request.url).toMatch(/^\/hook\?token=redacted&c=/);
    expect(body.response.body).toEqual({ access_token: '**********', ok: true });
    for (const secret of secrets) expect(res.body).not.toContain(secret);
  });

  it('reports a 500 from the receiver as a failure, with the response', async () => {
    receiver.answer(500, 'boom');
    hal(await api.put(`/webhooks/${UUID}`, hook(`${receiver.url}/hook`)), 201);
    const body = hal(await api.post(`/webhooks/${UUID}/execute`), 200);
    expect(receiver.received).toHaveLength(1);
    expect(body).toMatchObject({ success: false, response: { status: 500, body: 'boom' } });
    expect(body.logs).toMatch(/Webhook execution failed\n$/);
  });

  it('picks the latest pact whose pacticipants match a label selector', async () => {
    await testDataBuilder(t.container.services)
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .publishPact({ consumer: 'Other', provider: 'Bar', version: '2' })
      .done();
    hal(await api.put('/pacticipants/Foo/labels/team-a'), 201);
    hal(await api.put(`/webhooks/${UUID}`, hook(`${receiver.url}/hook`, { consumer: { label: 'team-a' } })), 201);
    hal(await api.post(`/webhooks/${UUID}/execute`), 200);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ consumer: 'Foo', version: '1', pv: '', status: 'pending' });
  });

  it('with no pact uses the placeholder values', async () => {
    hal(await api.put(`/webhooks/${UUID}`, hook(`${receiver.url}/hook`)), 201);
    hal(await api.post(`/webhooks/${UUID}/execute`), 200);
    expect(JSON.parse(receiver.received[0]!.body)).toEqual({ consumer: '', version: '', pact: '', pv: '', status: 'pending', event: 'test' });
  });

  it('answers 404 for an unknown uuid', async () => {
    const res = await api.post('/webhooks/no-such-webhook-uuid-here/execute');
    expect(res.statusCode).toBe(404);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('POST /webhooks/execute (an unsaved webhook)', () => {
  it('checks it as on creation, sends it once for the latest matching pact, and stores nothing', async () => {
    await testDataBuilder(t.container.services).publishPact({ consumer: 'Foo', provider: 'Bar', version: '3' }).done();
    const body = hal(await api.post('/webhooks/execute', hook(`${receiver.url}/try`, { provider: { name: 'Bar' } })), 200);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ consumer: 'Foo', version: '3' });
    expect(body).toMatchObject({ success: true, request: { url: '/try' } });
    expect(body._links).toEqual({ 'try-again': { title: 'Execute the webhook again', href: `${B}/webhooks/execute` } });
    expect(hal(await api.get('/webhooks'), 200)._links['pb:webhooks']).toEqual([]);
  });

  it('answers 400 for an invalid webhook and sends nothing', async () => {
    const res = await api.post('/webhooks/execute', hook('https://elsewhere.example/x', { provider: { name: 'Nope' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toHaveProperty(['provider.name']);
    expect(res.json().errors).toHaveProperty(['request.url']);
    expect(receiver.received).toHaveLength(0);
  });
});

describe('POST /webhooks/{uuid}/execute without a host allow list', () => {
  let open: TestApp;
  beforeAll(async () => {
    open = await buildTestApp({ TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http' });
  });
  afterAll(async () => open?.close());

  it('reports a URL refused at delivery (localhost resolves to a loopback address) as a failure; nothing is sent', async () => {
    receiver.received.length = 0;
    const port = new URL(receiver.url).port;
    const openApi = client(open);
    hal(await openApi.put(`/webhooks/${UUID}`, hook(`http://localhost:${port}/hook`)), 201);
    const body = hal(await openApi.post(`/webhooks/${UUID}/execute`), 200);
    expect(receiver.received).toHaveLength(0);
    expect(body.success).toBe(false);
    expect(body.response).toBeUndefined();
    expect(body.message).toMatch(/^For security purposes, the response details are not logged/);
    expect(body.logs).toContain('resolves to a private, loopback or link-local address');
    expect(body.logs).toMatch(/Webhook execution failed\n$/);
  });
});
