import { describe, expect, it } from 'vitest';
import { webhookMatches, webhooksToTrigger, type WebhookEventFacts, type WebhookSubscription } from '../../../src/webhooks/match.js';

const event: WebhookEventFacts = {
  name: 'contract_content_changed',
  consumer: { name: 'Foo', labels: ['team-a', 'web'] },
  provider: { name: 'Bar', labels: ['team-b'] },
};
const hook = (extra: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  enabled: true,
  events: ['contract_content_changed'],
  ...extra,
});

describe('webhookMatches', () => {
  it.each<[string, WebhookSubscription, boolean]>([
    ['any consumer and provider', hook(), true],
    ['disabled', hook({ enabled: false }), false],
    ['another event', hook({ events: ['contract_published'] }), false],
    ['one of several events', hook({ events: ['contract_published', 'contract_content_changed'] }), true],
    ['no events', hook({ events: [] }), false],
    ['consumer by name', hook({ consumer: { name: 'Foo' } }), true],
    ['another consumer name', hook({ consumer: { name: 'Other' } }), false],
    ['consumer name differing in case', hook({ consumer: { name: 'foo' } }), false],
    ['the provider name as consumer', hook({ consumer: { name: 'Bar' } }), false],
    ['provider by name', hook({ provider: { name: 'Bar' } }), true],
    ['another provider name', hook({ provider: { name: 'Foo' } }), false],
    ['both by name', hook({ consumer: { name: 'Foo' }, provider: { name: 'Bar' } }), true],
    ['both by name, provider wrong', hook({ consumer: { name: 'Foo' }, provider: { name: 'Baz' } }), false],
    ['consumer by label', hook({ consumer: { label: 'web' } }), true],
    ['consumer by a label it lacks', hook({ consumer: { label: 'team-b' } }), false],
    ['provider by label', hook({ provider: { label: 'team-b' } }), true],
    ['provider by a label it lacks', hook({ provider: { label: 'team-a' } }), false],
    ['consumer by label, provider by name', hook({ consumer: { label: 'team-a' }, provider: { name: 'Bar' } }), true],
    ['empty selectors (= any)', hook({ consumer: {}, provider: {} }), true],
    ['undefined selector fields (= any)', hook({ consumer: { name: undefined, label: undefined } }), true],
  ])('%s → %s', (_, webhook, expected) => {
    expect(webhookMatches(webhook, event)).toBe(expected);
  });

  it('webhooksToTrigger keeps the matching webhooks in order', () => {
    const a = { ...hook({ consumer: { name: 'Foo' } }), id: 'a' };
    const b = { ...hook({ enabled: false }), id: 'b' };
    const c = { ...hook({ provider: { label: 'team-b' } }), id: 'c' };
    expect(webhooksToTrigger([a, b, c], event).map((w) => w.id)).toEqual(['a', 'c']);
    expect(webhooksToTrigger([a, b, c], { ...event, name: 'provider_verification_published' })).toEqual([]);
  });
});
