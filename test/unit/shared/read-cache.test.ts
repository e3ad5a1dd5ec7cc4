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

  it('loads every time without a generation (PostgreSQL: other replicas write too)', async () => {
    let loads = 0;
    const cache = createReadCache({ generation: undefined, maxEntries: 10 });
    await cache.get('a', async () => ++loads);
    expect(await cache.get('a', async () => ++loads)).toBe(2);
  });
});
