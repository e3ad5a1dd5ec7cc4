import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, errorBody, hal, rowCounts } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { createWebhooksRepository } from '../../src/webhooks/webhooks.repository.js';

const B = 'http://localhost:80';
const URL22 = /^[A-Za-z0-9_-]{22}$/;

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  for (const name of ['Foo', 'Bar', 'Bar X']) hal(await api.post('/pacticipants', { name }), 201);
});

const hook = (extra: Record<string, unknown> = {}) => ({
  description: 'my hook',
  events: [{ name: 'contract_content_changed' }, { name: 'provider_verification_published' }],
  request: {
    method: 'POST',
    url: 'https://ci.example/build',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer s3cret', 'X-Api-Token': 'tok' },
    body: { a: '${pactbroker.consumerName}' },
    username: 'u',
    password: 'p4ss',
  },
  ...extra,
});

describe('POST /webhooks and GET /webhooks/{uuid}', () => {
  it('creates (201 + Location, 22-char uuid) and answers the Pact Broker shape with secrets masked', async () => {
    const res = await api.post('/webhooks', hook({ consumer: { name: 'Foo' }, provider: { name: 'Bar X' } }));
    const body = hal(res, 201);
    expect(body.uuid).toMatch(URL22);
    expect(res.headers.location).toBe(`${B}/webhooks/${body.uuid}`);
    expect(Object.keys(body)).toEqual(['uuid', 'description', 'consumer', 'provider', 'enabled', 'request', 'events', 'createdAt', '_links']);
    expect(body).toMatchObject({
      description: 'my hook',
      consumer: { name: 'Foo' },
      provider: { name: 'Bar X' },
      enabled: true,
      request: {
        method: 'POST',
        url: 'https://ci.example/build',
        headers: { 'content-type': 'application/json', authorization: '**********', 'x-api-token': '**********' },
        body: { a: '${pactbroker.consumerName}' },
        username: 'u',
        password: '**********',
      },
      events: [{ name: 'contract_content_changed' }, { name: 'provider_verification_published' }],
    });
    expect(res.body).not.toContain('s3cret');
    expect(res.body).not.toContain('p4ss');
    expect(body._links).toEqual({
      self: { title: 'my hook', href: `${B}/webhooks/${body.uuid}` },
      'pb:execute': {
        title: 'Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL',
        href: `${B}/webhooks/${body.uuid}/execute`,
      },
      'pb:consumer': { title: 'Consumer', name: 'Foo', href: `${B}/pacticipants/Foo` },
      'pb:provider': { title: 'Provider', name: 'Bar X', href: `${B}/pacticipants/Bar%20X` },
      'pb:pact-webhooks': { title: 'All webhooks for consumer Foo and provider Bar X', href: `${B}/webhooks/provider/Bar%20X/consumer/Foo` },
      'pb:webhooks': { title: 'All webhooks', href: `${B}/webhooks` },
    });
    const got = hal(await api.get(`/webhooks/${body.uuid}`), 200);
    expect(got).toEqual(body);
  });

  it('redacts token query parameters, a Slack hook path, a URL password and token-looking values in responses; keeps them stored', async () => {
    const slack = 'https://hooks.slack.com/services/T000/B000/slackpathsecret';
    const secrets = ['slackpathsecret', 'qtok1234', 'urlpass99', 'ghp_abcdefghijklmnopqrstuvwxyz0123', 'bodytok77'];
    const cases = [
      { url: slack, shown: 'https://hooks.slack.com/services/T000/B000/redacted' },
      { url: 'https://ci.example/build?job=x&token=qtok1234&pact=${pactbroker.pactUrl}', shown: 'https://ci.example/build?job=x&token=redacted&pact=${pactbroker.pactUrl}' },
      { url: 'https://bot:urlpass99@ci.example/build', shown: 'https://bot:redacted@ci.example/build' },
    ];
    for (const { url, shown } of cases) {
      const request = { method: 'POST', url, headers: { 'X-Note': 'ghp_abcdefghijklmnopqrstuvwxyz0123' }, body: { apiKey: 'bodytok77', pact: '${pactbroker.pactUrl}' } };
      const res = await api.post('/webhooks', { events: [{ name: 'contract_published' }], request });
      const body = hal(res, 201);
      expect(body.request).toEqual({ method: 'POST', url: shown, headers: { 'x-note': '**********' }, body: { apiKey: '**********', pact: '${pactbroker.pactUrl}' } });
      const got = await api.get(`/webhooks/${body.uuid}`);
      for (const secret of secrets) {
        expect(res.body).not.toContain(secret);
        expect(got.body).not.toContain(secret);
      }
      const stored = await createWebhooksRepository(t.database.db).findByUuid(body.uuid);
      expect(stored?.request).toMatchObject(request);
    }
  });

  it('shows a string body as written when it holds no secret', async () => {
    const body = '{ "pact": "${pactbroker.pactUrl}",\n  "n": 1 }';
    const created = hal(await api.post('/webhooks', { events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://ci.example/x', body } }), 201);
    expect(created.request.body).toBe(body);
  });

  it('defaults: description "<METHOD> <host>", event contract_content_changed, no consumer/provider', async () => {
    const body = hal(await api.post('/webhooks', { request: { method: 'POST', url: 'https://ci.example:8443/x' } }), 201);
    expect(body.description).toBe('POST ci.example:8443');
    expect(body.events).toEqual([{ name: 'contract_content_changed' }]);
    expect(body).not.toHaveProperty('consumer');
    expect(body).not.toHaveProperty('provider');
    expect(body._links).not.toHaveProperty('pb:pact-webhooks');
  });

  it('labels select pacticipants by label', async () => {
    const body = hal(await api.post('/webhooks', hook({ consumer: { label: 'team-a' } })), 201);
    expect(body.consumer).toEqual({ label: 'team-a' });
    expect(body._links).not.toHaveProperty('pb:consumer');
  });

  it('unknown or malformed uuids are 404', async () => {
    errorBody(await api.get('/webhooks/AAAAAAAAAAAAAAAAAAAAAA'), 404);
    errorBody(await api.get('/webhooks/short'), 404);
    errorBody(await api.delete('/webhooks/AAAAAAAAAAAAAAAAAAAAAA'), 404);
  });
});

describe('validation (400 with the Pact Broker field keys; nothing stored)', () => {
  const rejected = async (payload: unknown, expected: Record<string, string[]>) => {
    const before = await rowCounts(t);
    const body = errorBody(await api.post('/webhooks', payload as object), 400, Object.keys(expected));
    for (const [field, messages] of Object.entries(expected)) expect(body.errors[field]).toEqual(messages);
    expect(await rowCounts(t)).toEqual(before);
    return body;
  };

  it('{} → request is missing', async () => {
    await rejected({}, { request: ['is missing'] });
  });

  it('events, consumer/provider and request problems together', async () => {
    const body = await rejected(
      { events: [], consumer: { name: 'Nope' }, provider: { name: 'Bar', label: 'x' }, request: { url: 'https://ci.example/x' } },
      {
        events: ['size cannot be less than 1'],
        'consumer.name': ['does not match an existing pacticipant'],
        'provider.label': ['name and label cannot be provided at the same time'],
        'request.method': ['is missing'],
      },
    );
    expect(body.detail).toBe("No pacticipant with name 'Nope' found");
  });

  it('unknown event names, with their index', async () => {
    await rejected(hook({ events: [{ name: 'contract_published' }, { name: 'nope' }] }), {
      events: [
        'name must be one of: contract_published, contract_content_changed, provider_verification_published, provider_verification_succeeded, provider_verification_failed, contract_requiring_verification_published (at index 1)',
      ],
    });
  });

  it('a side with neither name nor label; a missing url; a bad name', async () => {
    const body = await rejected({ consumer: {}, provider: { name: ' ' }, request: { method: 'POST' } }, { 'request.url': ['is missing'] });
    expect(Object.keys(body.errors).sort()).toEqual(['consumer.name', 'provider.name', 'request.url']);
  });

  // The list: not a URL, a disallowed scheme/host/method, an unknown template variable, a body that cannot be
  // stored as JSON → 400 naming the problem (and the rule's variable), nothing stored.
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['not a URL', { url: 'not a url' }, 'request.url', /is not a valid URL/],
    ['a disallowed scheme', { url: 'http://ci.example/x' }, 'request.url', /^scheme must be https\. Set TREATY_WEBHOOK_SCHEME_ALLOWLIST/],
    ['a disallowed method', { method: 'DELETE' }, 'request.method', /^must be POST\. Set TREATY_WEBHOOK_METHOD_ALLOWLIST/],
    ['a loopback host', { url: 'https://127.1/x' }, 'request.url', /private, loopback or link-local address \(127\.0\.0\.1 is loopback \(127\.0\.0\.0\/8\)\)\. Set TREATY_WEBHOOK_HOST_ALLOWLIST/],
    ['a metadata-service host as NAT64', { url: 'https://[64:ff9b::169.254.169.254]/x' }, 'request.url', /link-local \(169\.254\.0\.0\/16\) as NAT64 IPv6/],
    ['a templated host', { url: 'https://${pactbroker.consumerName}.example/x' }, 'request.url', /template parameter in the host/],
    ['an unknown template variable in the URL', { url: 'https://ci.example/${pactbroker.nope}' }, 'request.url', /unknown template variable \$\{pactbroker\.nope\}/],
    ['an unknown template variable in a header', { headers: { X: '${pactbroker.consumer}' } }, 'request.headers', /unknown template variable \$\{pactbroker\.consumer\}/],
    ['an unknown template variable in the body', { body: { a: '${pactbroker.bad}' } }, 'request.body', /unknown template variable \$\{pactbroker\.bad\}/],
    ['a body that cannot be stored as JSON', { body: 'a\u0000b' }, 'request.body', /NUL/],
  ])('%s → 400 naming it, nothing stored', async (_, change, field, message) => {
    const before = await rowCounts(t);
    const request = { method: 'POST', url: 'https://ci.example/build', ...change };
    const body = errorBody(await api.post('/webhooks', { events: [{ name: 'contract_published' }], request }), 400, [field]);
    expect(body.errors[field]).toContainEqual(expect.stringMatching(message));
    expect(await rowCounts(t)).toEqual(before);
  });

  it('wrong JSON types are 400', async () => {
    await rejected({ request: { method: 1, url: 'https://ci.example/' } }, {});
    await rejected({ request: { method: 'POST', url: 'https://ci.example/', headers: { a: 1 } } }, {});
  });
});

describe('PUT /webhooks/{uuid}', () => {
  const uuid = 'my-own-webhook_uuid01';

  it('creates (201, no Location), then replaces (200)', async () => {
    const created = await api.put(`/webhooks/${uuid}`, hook({ provider: { name: 'Bar' } }));
    const body = hal(created, 201);
    expect(created.headers.location).toBeUndefined();
    expect(body.uuid).toBe(uuid);
    expect(body.provider).toEqual({ name: 'Bar' });
    const updated = hal(await api.put(`/webhooks/${uuid}`, hook({ description: 'renamed', events: [{ name: 'contract_published' }] })), 200);
    expect(updated).toMatchObject({ uuid, description: 'renamed', events: [{ name: 'contract_published' }] });
    expect(updated).not.toHaveProperty('provider');
    expect(updated.createdAt).toBe(body.createdAt);
    expect(hal(await api.get(`/webhooks/${uuid}`), 200).description).toBe('renamed');
  });

  it('concurrent PUTs of a new uuid: one creates it, the other updates it or is a 409 naming it', async () => {
    const results = await Promise.all([1, 2, 3].map((n) => api.put(`/webhooks/${uuid}`, hook({ description: `hook ${n}` }))));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    for (const res of results) {
      expect([200, 201, 409]).toContain(res.statusCode);
      if (res.statusCode === 409) expect(res.json().errors.uuid).toEqual([`webhook '${uuid}' was created by a concurrent request; retry`]);
    }
    expect(hal(await api.get('/webhooks'), 200)._links['pb:webhooks']).toHaveLength(1);
  });

  it('refuses a malformed uuid with the Pact Broker message, storing nothing', async () => {
    const before = await rowCounts(t);
    const body = errorBody(await api.put('/webhooks/short', hook()), 400, ['uuid']);
    expect(body.errors.uuid).toEqual(['The UUID can only contain the characters A-Z, a-z, 0-9, _ and -, and must be 16 or more characters.']);
    errorBody(await api.put('/webhooks/has.a.dot.in.it.1234', hook()), 400, ['uuid']);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('an invalid body leaves an existing webhook unchanged', async () => {
    hal(await api.put(`/webhooks/${uuid}`, hook()), 201);
    errorBody(await api.put(`/webhooks/${uuid}`, { description: 'x' }), 400, ['request']);
    expect(hal(await api.get(`/webhooks/${uuid}`), 200).description).toBe('my hook');
  });
});

describe('DELETE /webhooks/{uuid}', () => {
  it('204, then 404', async () => {
    const { uuid } = hal(await api.post('/webhooks', hook()), 201);
    const res = await api.delete(`/webhooks/${uuid}`);
    expect(res.statusCode).toBe(204);
    errorBody(await api.get(`/webhooks/${uuid}`), 404);
    errorBody(await api.delete(`/webhooks/${uuid}`), 404);
  });

  it('a pacticipant deleted between the checks and the write is reported as its side, not a 500', async () => {
    const repo = createWebhooksRepository(t.database.db);
    const fields = { description: 'd', enabled: true, consumerLabel: null, providerLabel: null, events: ['contract_published' as const], request: { method: 'POST', url: 'https://ci.example/' } };
    expect(await repo.insert('vanished-consumer-01', { ...fields, consumerId: 987654, providerId: null })).toBe('consumer');
    expect(await repo.insert('vanished-provider-01', { ...fields, consumerId: null, providerId: 987654 })).toBe('provider');
    expect(hal(await api.get('/webhooks'), 200)._links['pb:webhooks']).toEqual([]);
  });

  it('deleting a pacticipant deletes its webhooks', async () => {
    const { uuid } = hal(await api.post('/webhooks', hook({ consumer: { name: 'Foo' } })), 201);
    expect((await api.delete('/pacticipants/Foo')).statusCode).toBe(204);
    errorBody(await api.get(`/webhooks/${uuid}`), 404);
  });
});

describe('scoped creation and lists', () => {
  it('POST to the scoped collections sets consumer/provider from the URL; each list shows exactly its webhooks', async () => {
    const all = hal(await api.post('/webhooks', hook({ description: 'all' })), 201);
    const pact = hal(await api.post('/webhooks/provider/Bar/consumer/Foo', hook({ description: 'pact' })), 201);
    const provider = hal(await api.post('/webhooks/provider/Bar', hook({ description: 'provider' })), 201);
    const consumer = hal(await api.post('/webhooks/consumer/Foo', hook({ description: 'consumer' })), 201);
    const pact2 = hal(await api.post('/pacts/provider/Bar/consumer/Foo/webhooks', hook({ description: 'pact2' })), 201);
    expect(pact).toMatchObject({ consumer: { name: 'Foo' }, provider: { name: 'Bar' } });
    expect(provider.provider).toEqual({ name: 'Bar' });
    expect(provider).not.toHaveProperty('consumer');
    expect(consumer.consumer).toEqual({ name: 'Foo' });
    expect(pact2).toMatchObject({ consumer: { name: 'Foo' }, provider: { name: 'Bar' } });

    const list = hal(await api.get('/webhooks'), 200);
    expect(list).toEqual({
      _links: {
        self: { title: 'Webhooks', href: `${B}/webhooks` },
        'pb:create': { title: 'POST to create a webhook', href: `${B}/webhooks` },
        'pb:webhooks': [
          { title: 'A webhook for all pacts', name: 'all', href: `${B}/webhooks/${all.uuid}` },
          { title: 'A webhook for the pact between Foo and Bar', name: 'pact', href: `${B}/webhooks/${pact.uuid}` },
          { title: 'A webhook for all pacts with provider Bar', name: 'provider', href: `${B}/webhooks/${provider.uuid}` },
          { title: 'A webhook for all pacts with consumer Foo', name: 'consumer', href: `${B}/webhooks/${consumer.uuid}` },
          { title: 'A webhook for the pact between Foo and Bar', name: 'pact2', href: `${B}/webhooks/${pact2.uuid}` },
        ],
        curies: [{ name: 'pb', href: `${B}/doc/webhooks-{rel}`, templated: true }],
      },
    });
    const names = async (url: string) => hal(await api.get(url), 200)._links['pb:webhooks'].map((l: { name: string }) => l.name);
    expect(await names('/webhooks/provider/Bar/consumer/Foo')).toEqual(['pact', 'pact2']);
    expect(await names('/pacts/provider/Bar/consumer/Foo/webhooks')).toEqual(['pact', 'pact2']);
    expect(await names('/webhooks/provider/Bar')).toEqual(['provider']);
    expect(await names('/webhooks/consumer/Foo')).toEqual(['consumer']);
    expect(hal(await api.get('/webhooks/provider/Bar%20X'), 200)._links.self.href).toBe(`${B}/webhooks/provider/Bar%20X`);
  });

  it('unknown pacticipants in the URL are 404 naming them, storing nothing', async () => {
    const before = await rowCounts(t);
    expect(errorBody(await api.post('/webhooks/provider/Nope', hook()), 404).detail).toContain("No provider with name 'Nope' found");
    errorBody(await api.post('/webhooks/provider/Bar/consumer/Nope', hook()), 404);
    errorBody(await api.get('/webhooks/consumer/Nope'), 404);
    expect(await rowCounts(t)).toEqual(before);
  });
});
