import { describe, expect, it } from 'vitest';
import type { Executor } from '../../../src/db/client.js';
import { createEventBus } from '../../../src/events/event-bus.js';

const facts = {
  consumerName: 'Foo',
  providerName: 'Bar',
  consumerVersionNumber: '1',
  pactVersionSha: 'abc',
  contentChanged: true,
  branch: undefined,
  tags: [],
};
const tx = { marker: 'tx' } as unknown as Executor;

describe('event bus: in-transaction events', () => {
  it('awaits each listener in turn with the caller transaction', async () => {
    const bus = createEventBus(() => undefined);
    const seen: string[] = [];
    bus.subscribeInTransaction('contract_published', async (payload, got) => {
      await Promise.resolve();
      seen.push(`a ${payload.consumerName} ${got === tx}`);
    });
    bus.subscribeInTransaction('contract_published', async () => void seen.push('b'));
    bus.subscribeInTransaction('contract_content_changed', async () => void seen.push('other event'));
    await bus.publishInTransaction(tx, 'contract_published', facts);
    expect(seen).toEqual(['a Foo true', 'b']);
  });

  it('rejects with a listener error (which fails the write) and runs no later listener', async () => {
    const errors: unknown[] = [];
    const bus = createEventBus((error) => errors.push(error));
    const seen: string[] = [];
    bus.subscribeInTransaction('contract_published', async () => {
      throw new Error('boom');
    });
    bus.subscribeInTransaction('contract_published', async () => void seen.push('later'));
    await expect(bus.publishInTransaction(tx, 'contract_published', facts)).rejects.toThrow('boom');
    expect(seen).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('an unsubscribed listener is not called; after-commit listeners do not receive in-transaction events', async () => {
    const bus = createEventBus(() => undefined);
    const seen: string[] = [];
    const off = bus.subscribeInTransaction('contract_published', async () => void seen.push('tx'));
    bus.subscribe('contract_published', () => void seen.push('after commit'));
    off();
    await bus.publishInTransaction(tx, 'contract_published', facts);
    expect(seen).toEqual([]);
  });

  it("returns the listeners' notices, in subscription order, built with the caller's base URL", async () => {
    const bus = createEventBus(() => undefined);
    bus.subscribeInTransaction('contract_published', async () => (base) => [{ type: 'debug', text: `a ${base}` }]);
    bus.subscribeInTransaction('contract_published', async () => undefined);
    bus.subscribeInTransaction('contract_published', async () => (base) => [{ type: 'info', text: `b ${base}` }]);
    const notices = await bus.publishInTransaction(tx, 'contract_published', facts);
    expect(notices('http://x')).toEqual([
      { type: 'debug', text: 'a http://x' },
      { type: 'info', text: 'b http://x' },
    ]);
    expect((await bus.publishInTransaction(tx, 'contract_content_changed', facts))('http://x')).toEqual([]);
  });
});
