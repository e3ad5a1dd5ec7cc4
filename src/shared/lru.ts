/**
 * A bounded least-recently-used map, by entry count and/or by size (a Map keeps insertion order: a hit moves the
 * entry to the end, eviction takes from the front). `sizeOf` gives an entry's size in whatever unit `maxSize` uses
 * (bytes); an entry larger than `maxSize` is not kept. Per process, safe to lose: a cache, never a store.
 */
export interface Lru<K, V> {
  /** The value kept for a key, now the most recently used. */
  get(key: K): V | undefined;
  /** The value kept for a key, without touching its recency. */
  peek(key: K): V | undefined;
  has(key: K): boolean;
  /** Keeps the value (replacing any under the key) if it fits, evicting the least recently used beyond the bounds. */
  set(key: K, value: V): void;
  delete(key: K): void;
  clear(): void;
  readonly size: number;
  /** The sum of the kept entries' sizes (0 without sizeOf). */
  readonly totalSize: number;
}

export function createLru<K, V>(options: { maxEntries?: number; maxSize?: number; sizeOf?: (value: V, key: K) => number }): Lru<K, V> {
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  const maxSize = options.maxSize ?? Number.POSITIVE_INFINITY;
  const sizeOf = options.sizeOf ?? (() => 0);
  const entries = new Map<K, { value: V; size: number }>();
  let total = 0;

  function remove(key: K): void {
    const old = entries.get(key);
    if (old === undefined) return;
    entries.delete(key);
    total -= old.size;
  }

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    peek: (key) => entries.get(key)?.value,
    has: (key) => entries.has(key),
    set(key, value) {
      remove(key);
      const size = sizeOf(value, key);
      if (size > maxSize || maxEntries < 1) return;
      entries.set(key, { value, size });
      total += size;
      for (const [oldest, entry] of entries) {
        if (total <= maxSize && entries.size <= maxEntries) break;
        entries.delete(oldest);
        total -= entry.size;
      }
    },
    delete: remove,
    clear() {
      entries.clear();
      total = 0;
    },
    get size() {
      return entries.size;
    },
    get totalSize() {
      return total;
    },
  };
}
