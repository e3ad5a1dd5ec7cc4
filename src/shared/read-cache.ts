import { createLru } from './lru.js';

/**
 * A cache of read models for the embedded store, correct by construction rather than by event bookkeeping: every
 * write to the store (src/db/client.ts counts them for PGlite) moves a generation number, and an entry is served only
 * while the generation it was read at is current. Any write therefore invalidates everything, which is cheap and
 * cannot miss a dependency; reads between writes — a verifier fetching pacts, a UI refresh — cost no statement.
 *
 * Only for a store this process owns alone (PGlite): with PostgreSQL other replicas write too, so there is no
 * generation (`undefined`) and every call loads. Values are shared between callers: treat them as immutable.
 */
export interface ReadCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** No cache: every call loads (PostgreSQL, and services built without one). */
export const NO_READ_CACHE: ReadCache = { get: (_key, load) => load() };

export function createReadCache(options: { generation: (() => number) | undefined; maxEntries: number }): ReadCache {
  const { generation, maxEntries } = options;
  if (!generation) return NO_READ_CACHE;
  const entries = createLru<string, unknown>({ maxEntries });
  let entriesGeneration = generation();
  return {
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const before = generation();
      if (before !== entriesGeneration) {
        entries.clear();
        entriesGeneration = before;
      }
      if (entries.has(key)) return entries.get(key) as T; // a value may be undefined (nothing found)
      const value = await load();
      // A write while loading may or may not be in the value: keep it only if none happened.
      if (generation() === before && before === entriesGeneration) {
        entries.set(key, value);
      }
      return value;
    },
  };
}
