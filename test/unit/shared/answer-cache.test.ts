// The answer cache (src/shared/answer-cache.ts) against a fake store: served only under the stamp it was computed at,
// not kept when this process wrote meanwhile, one computation per question and stamp, memory bounded in bytes.
import { describe, expect, it } from 'vitest';
import { createAnswerCache } from '../../../src/shared/answer-cache.js';

function fakeStore() {
  const store = { stamp: 1 as number | undefined, local: 0, reads: 0 };
  return {
    store,
    api: {
      writeStamp: async () => {
        store.reads++;
        return store.stamp;
      },
      localWrites: () => store.local,
    },
  };
}

const counting = () => {
  const calls = { n: 0 };
  const compute = (text: string) => async () => {
    calls.n++;
    return text;
  };
  return { calls, compute };
};

describe('answer cache', () => {
  it('serves an answer while the stamp is unchanged and computes again after it moved', async () => {
    const { store, api } = fakeStore();
    const cache = createAnswerCache(api, { maxBytes: 1_000 });
    const { calls, compute } = counting();
    expect(String(await cache.answer('q', compute('a')))).toBe('a');
    expect(String(await cache.answer('q', compute('b')))).toBe('a');
    expect(calls.n).toBe(1);
    store.stamp = 2;
    expect(String(await cache.answer('q', compute('c')))).toBe('c');
    expect(calls.n).toBe(2);
  });

  it('does not keep an answer when this process wrote while computing it', async () => {
    const { store, api } = fakeStore();
    const cache = createAnswerCache(api, { maxBytes: 1_000 });
    await cache.answer('q', async () => {
      store.local++;
      return 'during a write';
    });
    expect(String(await cache.answer('q', async () => 'after'))).toBe('after');
  });

  it('computes every time without a stamp (store not migrated) or without a budget', async () => {
    const { store, api } = fakeStore();
    store.stamp = undefined;
    const { calls, compute } = counting();
    const cache = createAnswerCache(api, { maxBytes: 1_000 });
    await cache.answer('q', compute('a'));
    await cache.answer('q', compute('a'));
    const off = createAnswerCache(fakeStore().api, { maxBytes: 0 });
    await off.answer('q', compute('a'));
    await off.answer('q', compute('a'));
    expect(calls.n).toBe(4);
  });

  it('shares one computation between concurrent askers of the same question at the same stamp', async () => {
    const { api } = fakeStore();
    const cache = createAnswerCache(api, { maxBytes: 1_000 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const slow = async () => {
      calls++;
      await gate;
      return 'x';
    };
    const both = Promise.all([cache.answer('q', slow), cache.answer('q', slow)]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    expect((await both).map(String)).toEqual(['x', 'x']);
    expect(calls).toBe(1);
  });

  it('does not let an older computation that finishes last replace the answer of a newer stamp', async () => {
    const { store, api } = fakeStore();
    const cache = createAnswerCache(api, { maxBytes: 1_000 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const older = cache.answer('q', async () => {
      await gate;
      return 'old';
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    store.stamp = 2; // a write committed elsewhere; a new asker computes under the new stamp
    expect(String(await cache.answer('q', async () => 'new'))).toBe('new');
    release();
    expect(String(await older)).toBe('old');
    const { calls, compute } = counting();
    expect(String(await cache.answer('q', compute('again')))).toBe('new');
    expect(calls.n).toBe(0);
  });

  it('keeps at most maxBytes, dropping the least recently used, and never one answer over a quarter of it', async () => {
    const { api } = fakeStore();
    const cache = createAnswerCache(api, { maxBytes: 400 });
    const { calls, compute } = counting();
    const body = (c: string) => c.repeat(90); // 90 bytes + a 1-character key (2 bytes): 92 each, 4 fit in 400
    for (const k of ['a', 'b', 'c', 'd']) await cache.answer(k, compute(body(k)));
    await cache.answer('a', compute(body('a'))); // a is now the most recently used
    expect(calls.n).toBe(4);
    await cache.answer('e', compute(body('e'))); // 5 × 92 > 400: b (least recently used) goes
    await cache.answer('a', compute(body('a')));
    await cache.answer('c', compute(body('c')));
    expect(calls.n).toBe(5);
    await cache.answer('b', compute(body('b')));
    expect(calls.n).toBe(6);
    await cache.answer('big', compute('z'.repeat(101)));
    await cache.answer('big', compute('z'.repeat(101)));
    expect(calls.n).toBe(8);
  });
});
