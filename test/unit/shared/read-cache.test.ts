import { describe, expect, it } from 'vitest';
import { createReadCache } from '../../../src/shared/read-cache.js';

describe('createReadCache', () => {
  it('serves a value again while the generation stays, and loads again once it moves', async () => {
    let generation = 0;
    let loads = 0;
    const cache = createReadCache({ generation: () => generation, maxEntries: 10 });
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    generation++;
    expect(await cache.get('a', load)).toBe(2);
    expect(loads).toBe(2);
  });

  it('does not keep a value read while a write happened', async () => {
    let generation = 0;
    let loads = 0;
    const cache = createReadCache({ generation: () => generation, maxEntries: 10 });
    expect(
      await cache.get('a', async () => {
        generation++; // a write overlapped this read
        return ++loads;
      }),
    ).toBe(1);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = createReadCache({ generation: () => 0, maxEntries: 2 });
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('a', load); // a is now the most recent
    await cache.get('c', load); // evicts b
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('b', load)).toBe(4);
  });

  it('does not keep failures', async () => {
    const cache = createReadCache({ generation: () => 0, maxEntries: 2 });
    await expect(cache.get('a', async () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    expect(await cache.get('a', async () => 'found')).toBe('found');
  });

  it('loads every time without a generation or a write stamp', async () => {
    let loads = 0;
    const cache = createReadCache({ generation: undefined, stamp: undefined, maxEntries: 10 });
    await cache.get('a', async () => ++loads);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
  });
});

/** A PostgreSQL-like store: a write stamp any replica moves, read asynchronously, and this process's write counter. */
function stampStore() {
  const store = { stamp: 10 as number | undefined, local: 0, stampReads: 0 };
  const source = {
    writeStamp: async () => {
      store.stampReads++;
      return store.stamp;
    },
    localWrites: () => store.local,
  };
  return { store, source };
}

describe('createReadCache on a write stamp (PostgreSQL)', () => {
  it('serves a value while the stamp read before each call is the one it was loaded under', async () => {
    const { store, source } = stampStore();
    let loads = 0;
    const cache = createReadCache({ stamp: source, maxEntries: 10 });
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    expect(store.stampReads).toBe(2); // one stamp read a call, hit or miss
    store.stamp = 11; // a commit on any replica
    expect(await cache.get('a', load)).toBe(2);
    expect(await cache.get('a', load)).toBe(2);
    expect(loads).toBe(2);
  });

  it('does not keep a value loaded while this process wrote', async () => {
    const { store, source } = stampStore();
    let loads = 0;
    const cache = createReadCache({ stamp: source, maxEntries: 10 });
    expect(
      await cache.get('a', async () => {
        store.local++; // a write of this process overlapped the load
        return ++loads;
      }),
    ).toBe(1);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
  });

  it('does not keep a value loaded under an older stamp than the cache has already seen', async () => {
    const { store, source } = stampStore();
    const cache = createReadCache({ stamp: source, maxEntries: 10 });
    let release!: () => void;
    const slow = cache.get(
      'a',
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('old');
        }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    store.stamp = 11; // committed while the slow load ran
    expect(await cache.get('b', async () => 'b')).toBe('b');
    release();
    expect(await slow).toBe('old');
    expect(await cache.get('a', async () => 'new')).toBe('new');
  });

  it('loads every time while the stamp is unknown (before migrating), and keeps no failure', async () => {
    const { store, source } = stampStore();
    store.stamp = undefined;
    let loads = 0;
    const cache = createReadCache({ stamp: source, maxEntries: 10 });
    await cache.get('a', async () => ++loads);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
    store.stamp = 12;
    await expect(cache.get('b', async () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    expect(await cache.get('b', async () => 'found')).toBe('found');
  });

  it('prefers the write generation when the store has one (PGlite: no statement at all)', async () => {
    const { store, source } = stampStore();
    const cache = createReadCache({ generation: () => 0, stamp: source, maxEntries: 10 });
    let loads = 0;
    await cache.get('a', async () => ++loads);
    expect(await cache.get('a', async () => ++loads)).toBe(1);
    expect(store.stampReads).toBe(0);
  });
});
