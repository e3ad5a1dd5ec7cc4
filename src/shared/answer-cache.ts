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
export interface AnswerCache {
  /** The answer to `key` (a serialised body), from the cache while no write committed since it was computed. */
  answer(key: string, compute: () => Promise<string>): Promise<Buffer>;
}

export interface AnswerStore {
  writeStamp(): Promise<number | undefined>;
  localWrites(): number;
}

/** Answers larger than this share of the budget are computed every time (one answer must not flush the others). */
const LARGEST_SHARE = 4;

export function createAnswerCache(store: AnswerStore, options: { maxBytes: number }): AnswerCache {
  const { maxBytes } = options;
  const entries = new Map<string, { stamp: number; body: Buffer; bytes: number }>();
  const computing = new Map<string, Promise<Buffer>>();
  let bytes = 0;

  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  const keep = (key: string, stamp: number, body: Buffer) => {
    if ((entries.get(key)?.stamp ?? -Infinity) > stamp) return; // a slower, older computation finished last
    forget(key);
    const size = body.length + key.length * 2;
    if (size > maxBytes / LARGEST_SHARE) return;
    entries.set(key, { stamp, body, bytes: size });
    bytes += size;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      forget(oldest);
    }
  };

  return {
    async answer(key, compute) {
      if (maxBytes <= 0) return Buffer.from(await compute());
      const stamp = await store.writeStamp();
      if (stamp === undefined) return Buffer.from(await compute());
      const entry = entries.get(key);
      if (entry && entry.stamp === stamp) {
        entries.delete(key); // a hit moves to the end (least recently used first out)
        entries.set(key, entry);
        return entry.body;
      }
      const flight = `${stamp}\u0000${key}`;
      const running = computing.get(flight);
      if (running) return running;
      const local = store.localWrites();
      const promise = (async () => {
        try {
          const body = Buffer.from(await compute());
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
export const NO_ANSWER_CACHE: AnswerCache = { answer: async (_key, compute) => Buffer.from(await compute()) };
