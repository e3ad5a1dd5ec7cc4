import { createLru } from '../shared/lru.js';

/**
 * A pact content as served, computed once per pact version: the stored text, the content re-serialised without its
 * closing brace (so a response is that prefix plus `createdAt` and `_links`, without parsing and serialising the
 * content again). `prefix` is undefined when the content is not a plain object or already
 * has a `createdAt` or `_links` key: the document is then built the slow way, so the bytes are the same either way.
 */
export interface PactContentEntry {
  /**
   * What identifies the content besides its id (the repository's contentToken: sha and creation time): a lookup by
   * id checks it, so an id that came back (a truncate restarting identities) never serves the old content.
   */
  token: string;
  content: string;
  prefix: string | undefined;
  /** Whether the content is `{}` (the prefix is then `{` and takes no comma). */
  empty: boolean;
  bytes: number;
}

export function pactContentEntry(token: string, content: string): PactContentEntry {
  let prefix: string | undefined;
  let empty = false;
  try {
    const parsed = JSON.parse(content) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && !('createdAt' in parsed) && !('_links' in parsed)) {
      const serialised = JSON.stringify(parsed);
      prefix = serialised.slice(0, -1);
      empty = serialised === '{}';
    }
  } catch {
    prefix = undefined;
  }
  // UTF-16 strings: two bytes a code unit, for the stored text and its re-serialised copy.
  return { token, content, prefix, empty, bytes: 2 * (content.length + (prefix?.length ?? 0)) + 200 };
}

/**
 * A bounded in-process LRU of pact contents by pact version id, by bytes (src/shared/lru.ts). Content is immutable
 * per pact version: nothing invalidates an entry, and its token guards against an id that came back. Per replica,
 * safe to lose; a content larger than the budget is not kept.
 */
export function createPactContentCache(options: { maxBytes: number }) {
  const entries = createLru<number, PactContentEntry>({ maxSize: options.maxBytes, sizeOf: (entry) => entry.bytes });
  return {
    /** The entry kept for an id, whatever its token, without touching its recency (the caller compares contents). */
    peek(pactVersionId: number): PactContentEntry | undefined {
      return entries.peek(pactVersionId);
    },
    get(pactVersionId: number, token: string): PactContentEntry | undefined {
      if (entries.peek(pactVersionId)?.token !== token) return undefined;
      return entries.get(pactVersionId);
    },
    /** The entry for this content, kept if it fits. */
    set(pactVersionId: number, token: string, content: string): PactContentEntry {
      const entry = pactContentEntry(token, content);
      entries.set(pactVersionId, entry);
      return entry;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return entries.totalSize;
    },
  };
}

export type PactContentCache = ReturnType<typeof createPactContentCache>;
