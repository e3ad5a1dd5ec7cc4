import { createLru } from './lru.js';

/**
 * A cache of read models, correct by construction rather than by event bookkeeping: every committed write moves a
 * number, and an entry is served only while the number it was read at is current. Any write therefore invalidates
 * everything, which is cheap and cannot miss a dependency; reads between writes — a verifier fetching pacts, a UI
 * refresh — cost no lookup.
 *
 * - Embedded store (PGlite, owned by this process alone): the write generation, read synchronously (no statement).
 * - PostgreSQL (other replicas write too): the write stamp (src/db/write-stamp.ts), read before serving or loading, one
 *   16-row sum shared by the requests that arrive during one round trip (src/db/fresh-read.ts). A value is kept under
 *   the stamp read before loading it, unless this process wrote while loading; it is served to a request whose own
 *   stamp read (sent after it arrived) is the same number, i.e. no write committed anywhere in between.
 *
 * Values are shared between callers: treat them as immutable.
 */
export interface ReadCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** The write stamp as the caches read it (src/db/client.ts Database): this one's PostgreSQL variant, answer-cache.ts. */
export interface StampSource {
  /** Moved by every committed write, on any replica; a read sent after the call; undefined before migrating. */
  writeStamp(): Promise<number | undefined>;
  /** Moves around every write this process sends. */
  localWrites(): number;
}

/** No cache: every call loads (services built without one). */
export const NO_READ_CACHE: ReadCache = { get: (_key, load) => load() };

export function createReadCache(options: { generation?: (() => number) | undefined; stamp?: StampSource | undefined; maxEntries: number }): ReadCache {
  const { generation, stamp, maxEntries } = options;
  if (generation) return generationCache(generation, maxEntries);
  if (stamp) return stampCache(stamp, maxEntries);
  return NO_READ_CACHE;
}

function generationCache(generation: () => number, maxEntries: number): ReadCache {
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

function stampCache(source: StampSource, maxEntries: number): ReadCache {
  // Every entry was loaded under entriesStamp: a newer stamp empties the cache (the stamp only grows).
  const entries = createLru<string, unknown>({ maxEntries });
  let entriesStamp = -1;
  return {
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const stamp = await source.writeStamp();
      if (stamp === undefined) return load();
      if (stamp > entriesStamp) {
        entries.clear();
        entriesStamp = stamp;
      }
      if (stamp === entriesStamp && entries.has(key)) return entries.get(key) as T;
      const local = source.localWrites();
      const value = await load();
      // Loaded after the stamp read, so the value holds every write the stamp counts (and maybe later ones, which
      // move the stamp: no later request serves it). A write of this process meanwhile: not kept, as the answer cache.
      if (source.localWrites() === local && stamp === entriesStamp) entries.set(key, value);
      return value;
    },
  };
}
