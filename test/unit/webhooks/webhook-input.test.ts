import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';
import { checkWebhookInput, defaultDescription, namedPacticipants, WEBHOOK_UUID } from '../../../src/webhooks/webhook-input.js';
import type { WebhookPolicy } from '../../../src/webhooks/webhook-policy.js';
import { MASK, presentWebhookRequest } from '../../../src/webhooks/webhooks.presenter.js';
import type { WebhookInput } from '../../../src/webhooks/webhooks.types.js';

const policy: WebhookPolicy = { schemes: ['https'], methods: ['POST'], hosts: undefined };
const ctx = { limits: DEFAULT_LIMITS, policy, pacticipantIds: new Map([['Foo', 1], ['Bar', 2]]) };
const request = { method: 'POST', url: 'https://ci.example/x' };
const errorsOf = (input: unknown, extra: Partial<typeof ctx> & { scope?: { consumer?: number; provider?: number } } = {}) => {
  const result = checkWebhookInput(input as WebhookInput, { ...ctx, ...extra });
  return result.ok ? {} : result.errors;
};

describe('checkWebhookInput', () => {
  it('fills the Pact Broker defaults', () => {
    const result = checkWebhookInput({ request }, ctx);
    expect(result).toEqual({
      ok: true,
      fields: {
        description: 'POST ci.example',
        enabled: true,
        consumerId: null,
        consumerLabel: null,
        providerId: null,
        providerLabel: null,
        events: ['contract_content_changed'],
        request,
      },
    });
  });

  it('resolves names to ids, keeps labels, dedupes events; the scope wins over the body', () => {
    const result = checkWebhookInput(
      { request, consumer: { name: 'Foo' }, provider: { label: 'team' }, events: [{ name: 'contract_published' }, { name: 'contract_published' }] },
      ctx,
    );
    expect(result.ok && result.fields).toMatchObject({ consumerId: 1, providerLabel: 'team', providerId: null, events: ['contract_published'] });
    const scoped = checkWebhookInput({ request, consumer: { name: 'Nope' } }, { ...ctx, scope: { consumer: 2, provider: 1 } });
    expect(scoped.ok && scoped.fields).toMatchObject({ consumerId: 2, providerId: 1 });
  });

  it.each<[string, unknown, Record<string, string[]>]>([
    ['nothing', {}, { request: ['is missing'] }],
    ['null body', null, { request: ['is missing'] }],
    ['empty events', { request, events: [] }, { events: ['size cannot be less than 1'] }],
    ['unknown pacticipant', { request, consumer: { name: 'Nope' } }, { 'consumer.name': ['does not match an existing pacticipant'] }],
    ['name and label', { request, provider: { name: 'Bar', label: 'x' } }, { 'provider.label': ['name and label cannot be provided at the same time'] }],
    ['neither name nor label', { request, provider: {} }, { 'provider.name': ["can't be blank"] }],
    ['blank name', { request, consumer: { name: '   ' } }, { 'consumer.name': ['cannot be blank'] }],
    ['no method and url', { request: {} }, { 'request.method': ['is missing'], 'request.url': ['is missing'] }],
    ['a header with a line break', { request: { ...request, headers: { a: 'x\ny' } } }, { 'request.headers': ['cannot contain multiple lines'] }],
    ['a NUL in the body', { request: { ...request, body: { a: 'x\u0000' } } }, { 'request.body': ['cannot contain NUL characters (\\u0000)'] }],
  ])('%s', (_, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  it('names the unknown pacticipants for the detail', () => {
    const result = checkWebhookInput({ request, consumer: { name: 'A' }, provider: { name: 'B' } }, ctx);
    expect(!result.ok && result.unknown).toEqual(["No pacticipant with name 'A' found", "No pacticipant with name 'B' found"]);
  });

  it('event names from the list, with the index of each bad one', () => {
    expect(errorsOf({ request, events: [{ name: 'nope' }, { name: 'contract_published' }, {}] }).events).toEqual([
      expect.stringMatching(/^name must be one of: contract_published, .* \(at index 0\)$/),
      expect.stringMatching(/\(at index 2\)$/),
    ]);
  });
});

describe('helpers', () => {
  it('namedPacticipants lists the names a body gives', () => {
    expect(namedPacticipants({ consumer: { name: 'A' }, provider: { label: 'x' } })).toEqual(['A']);
    expect(namedPacticipants(null)).toEqual([]);
  });

  it('defaultDescription is "<METHOD> <host>"', () => {
    expect(defaultDescription({ method: 'POST', url: 'https://ci.example:8443/a?b' })).toBe('POST ci.example:8443');
  });

  it('client uuids: A-Z a-z 0-9 _ -, 16 or more', () => {
    expect(WEBHOOK_UUID.test('abcdefghij_-0123')).toBe(true);
    expect(WEBHOOK_UUID.test('abcdefghij_-012')).toBe(false);
    expect(WEBHOOK_UUID.test('abcdefghij.-0123')).toBe(false);
  });

  it('presentWebhookRequest lower-cases header names and masks secrets and the password', () => {
    expect(
      presentWebhookRequest({
        ...request,
        headers: { 'Content-Type': 'application/json', Authorization: 'Basic x', 'Proxy-Authorization': 'y', 'X-Auth-Token': 'z', 'PRIVATE-TOKEN': 'w' },
        username: 'u',
        password: 'p',
      }),
    ).toEqual({
      ...request,
      headers: { 'content-type': 'application/json', authorization: MASK, 'proxy-authorization': MASK, 'x-auth-token': MASK, 'private-token': MASK },
      username: 'u',
      password: MASK,
    });
  });
});
