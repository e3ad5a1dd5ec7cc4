/**
 * Serialised answers of the expensive reads (the deploy gates, pacts-for-verification), on both stores, correct by
 * construction: the store's write stamp (src/db/client.ts writeStamp: moved by every committed write, on any replica)
 * is read BEFORE computing, and the answer is kept under that stamp. A later request serves it only when the stamp it
 * reads is the same, i.e. no write committed in between; a request that starts after a write therefore never gets an
 * answer computed before it. An answer is not kept when this process wrote while computing it (it may be stale already).
 *
 * Memory is bounded in bytes (keys and bodies), least recently used out first. Requests that ask the same question
 * under the same stamp while it is being computed share the computation.
 */
import { createLru } from './lru.js';
import type { StampSource } from './read-cache.js';

export interface AnswerCache {
  /** The answer to `key` (a serialised body), from the cache while no write committed since it was computed. */
  answer(key: string, compute: () => Promise<string | Buffer>): Promise<Buffer>;
}

/** A body computed as bytes already (large answers: src/shared/utf8.ts) is kept as it is. */
const bytes = (body: string | Buffer) => (typeof body === 'string' ? Buffer.from(body) : body);

/** Answers larger than this share of the budget are computed every time (one answer must not flush the others). */
const LARGEST_SHARE = 4;

export function createAnswerCache(store: StampSource, options: { maxBytes: number }): AnswerCache {
  const { maxBytes } = options;
  const entries = createLru<string, { stamp: number; body: Buffer }>({
    maxSize: maxBytes,
    sizeOf: (entry, key) => entry.body.length + key.length * 2,
  });
  const computing = new Map<string, Promise<Buffer>>();

  const keep = (key: string, stamp: number, body: Buffer) => {
    if ((entries.peek(key)?.stamp ?? -Infinity) > stamp) return; // a slower, older computation finished last
    if (body.length + key.length * 2 > maxBytes / LARGEST_SHARE) entries.delete(key);
    else entries.set(key, { stamp, body });
  };

  return {
    async answer(key, compute) {
      if (maxBytes <= 0) return bytes(await compute());
      const stamp = await store.writeStamp();
      if (stamp === undefined) return bytes(await compute());
      if (entries.peek(key)?.stamp === stamp) return entries.get(key)!.body; // a hit is now the most recently used
      const flight = `${stamp}\u0000${key}`;
      const running = computing.get(flight);
      if (running) return running;
      const local = store.localWrites();
      const promise = (async () => {
        try {
          const body = bytes(await compute());
          if (store.localWrites() === local) keep(key, stamp, body);
          return body;
        } finally {
          computing.delete(flight);
        }
      })();
      computing.set(flight, promise);
      return promise;
    },
  };
}

/** Computes every time (services and tests built without a cache). */
export const NO_ANSWER_CACHE: AnswerCache = { answer: async (_key, compute) => bytes(await compute()) };
