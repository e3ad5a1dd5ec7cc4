import { describe, expect, it } from 'vitest';
import { webhookBenchSettings, webhookBodies } from '../../../bench/webhooks.js';
import { webhooksToTrigger, type EventPacticipant, type WebhookSubscription } from '../../../src/webhooks/match.js';

// The webhooks group of `npm run bench` fails the run unless every publish triggers exactly BENCH_WEBHOOKS webhooks per
// pact: its matching webhooks must match every pact the publish load sends, and the others none (by match.ts's rules).
const consumerLabel = 'bench-x-consumers';
const providerLabel = 'bench-x-providers';
const hub = 'bench-hub-provider';
const bodies = webhookBodies({ runId: 'x', sinkUrl: 'http://127.0.0.1:1', matching: 20, others: 4, consumerLabel, providerLabel, hub });

type Side = { name?: string; label?: string } | undefined;
const subscription = (b: (typeof bodies)[number]['body']): WebhookSubscription => {
  const body = b as { enabled?: boolean; events: Array<{ name: string }>; consumer?: Side; provider?: Side };
  return { enabled: body.enabled ?? true, events: body.events.map((e) => e.name), consumer: body.consumer, provider: body.provider };
};
const consumer: EventPacticipant = { name: 'bench-consumer-007', labels: [consumerLabel] };
const providers: EventPacticipant[] = [
  { name: hub, labels: [providerLabel] },
  { name: 'bench-provider-003', labels: [providerLabel] },
];

describe('the webhooks bench', () => {
  it('creates N webhooks that match every published pact and others that match none', () => {
    expect(bodies).toHaveLength(24);
    expect(new Set(bodies.map((b) => b.uuid)).size).toBe(24);
    for (const b of bodies) expect(b.uuid).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    const matching = bodies.slice(0, 20).map((b) => ({ uuid: b.uuid, ...subscription(b.body) }));
    const others = bodies.slice(20).map((b) => ({ uuid: b.uuid, ...subscription(b.body) }));
    for (const provider of providers) {
      const event = { name: 'contract_published', consumer, provider };
      expect(webhooksToTrigger([...matching, ...others], event).map((w) => w.uuid)).toEqual(matching.map((w) => w.uuid));
      // None of them listens to the other events a publish may cause.
      for (const name of ['contract_content_changed', 'contract_requiring_verification_published']) {
        expect(webhooksToTrigger([...matching, ...others], { ...event, name })).toEqual([]);
      }
    }
    // The selectors cover any, a consumer label, a provider label and both.
    expect(new Set(matching.map((w) => `${w.consumer ? 'c' : '-'}${w.provider ? 'p' : '-'}`))).toEqual(new Set(['--', 'c-', '-p', 'cp']));
  });

  it('reads its settings from the environment, with short defaults', () => {
    expect(webhookBenchSettings({})).toEqual({ webhooks: 20, others: 4, rounds: 2, deliveries: 500, concurrency: undefined });
    expect(webhookBenchSettings({ BENCH_WEBHOOKS: '5', BENCH_WEBHOOK_ROUNDS: '3', BENCH_WEBHOOK_DELIVERIES: '0', BENCH_WEBHOOK_CONCURRENCY: '8' })).toMatchObject({
      webhooks: 5,
      rounds: 3,
      deliveries: 0,
      concurrency: 8,
    });
    expect(() => webhookBenchSettings({ BENCH_WEBHOOKS: '0' })).toThrow(/BENCH_WEBHOOKS/);
    expect(() => webhookBenchSettings({ BENCH_WEBHOOK_ROUNDS: 'two' })).toThrow(/BENCH_WEBHOOK_ROUNDS/);
  });
});
