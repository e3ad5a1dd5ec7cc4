import { describe, expect, it } from 'vitest';
import { createLru } from '../../../src/shared/lru.js';

describe('createLru', () => {
  it('keeps at most maxEntries, evicting the least recently used; get refreshes, peek does not', () => {
    const lru = createLru<string, number>({ maxEntries: 2 });
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3); // evicts b
    expect([lru.has('a'), lru.has('b'), lru.has('c')]).toEqual([true, false, true]);
    expect(lru.peek('a')).toBe(1); // a stays the older of the two
    lru.set('d', 4); // evicts a
    expect([lru.has('a'), lru.has('c'), lru.has('d'), lru.size]).toEqual([false, true, true, 2]);
  });

  it('stays within maxSize by sizeOf, replaces a key without counting it twice, and keeps nothing larger than maxSize', () => {
    const lru = createLru<string, string>({ maxSize: 10, sizeOf: (value) => value.length });
    lru.set('a', 'xxxx');
    lru.set('b', 'yyyy');
    lru.set('a', 'zzzzz'); // replaced: 4 + 5
    expect(lru.totalSize).toBe(9);
    lru.set('c', 'ww'); // 11 > 10: b, now the oldest, goes
    expect([lru.has('a'), lru.has('b'), lru.has('c'), lru.totalSize]).toEqual([true, false, true, 7]);
    lru.set('big', 'x'.repeat(11));
    expect([lru.has('big'), lru.totalSize]).toEqual([false, 7]);
    lru.set('a', 'x'.repeat(11)); // too large: the old value under the key goes too
    expect([lru.has('a'), lru.totalSize]).toEqual([false, 2]);
  });

  it('keeps undefined values apart from missing keys, and forgets on delete and clear', () => {
    const lru = createLru<string, number | undefined>({ maxEntries: 5, sizeOf: () => 1 });
    lru.set('none', undefined);
    expect([lru.has('none'), lru.has('other'), lru.get('none')]).toEqual([true, false, undefined]);
    lru.set('x', 1);
    lru.delete('x');
    expect([lru.has('x'), lru.size, lru.totalSize]).toEqual([false, 1, 1]);
    lru.clear();
    expect([lru.size, lru.totalSize]).toEqual([0, 0]);
  });
});
