import { describe, expect, it } from 'vitest';
import { createPactContentCache, pactContentEntry } from '../../../src/pacts/pact-content-cache.js';
import { ifNoneMatchMatches } from '../../../src/http/conditional.js';
import { createPactBytesPresenter, presentPact, presentPactBytes } from '../../../src/pacts/pacts.presenter.js';
import { encodePactMetadata } from '../../../src/pacts/pact-metadata.js';
import { loadConfig } from '../../../src/config.js';

const content = (n: number, size = 1000) => JSON.stringify({ consumer: { name: `C${String(n).padStart(4, '0')}` }, interactions: [{ description: 'x'.repeat(size) }] });

describe('the pact content cache', () => {
  it('stays within its byte budget, evicting the least recently used first', () => {
    const one = pactContentEntry('s', content(0)).bytes;
    const cache = createPactContentCache({ maxBytes: one * 3 });
    for (let i = 1; i <= 3; i++) cache.set(i, `sha${i}`, content(i));
    expect(cache.size).toBe(3);
    expect(cache.get(1, 'sha1')?.content).toBe(content(1)); // 1 is now the most recently used
    cache.set(4, 'sha4', content(4));
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(one * 3);
    expect(cache.get(2, 'sha2')).toBeUndefined(); // the least recently used went
    expect(cache.get(1, 'sha1')?.content).toBe(content(1));
    for (let i = 10; i < 1000; i++) cache.set(i, `sha${i}`, content(i));
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(one * 3);
  });

  it('keeps nothing larger than its budget, and answers a lookup only for the same sha', () => {
    const cache = createPactContentCache({ maxBytes: 5000 });
    expect(cache.set(1, 'a', content(1, 10_000)).content).toBe(content(1, 10_000));
    expect(cache.size).toBe(0);
    cache.set(2, 'b', content(2));
    expect(cache.get(2, 'other')).toBeUndefined();
    expect(cache.get(2, 'b')?.content).toBe(content(2));
  });

  it('splices only contents whose serialisation the served document extends key for key', () => {
    expect(pactContentEntry('s', '{"a": 1}')).toMatchObject({ prefix: '{"a":1', empty: false });
    expect(pactContentEntry('s', '{}')).toMatchObject({ prefix: '{', empty: true });
    expect(pactContentEntry('s', '{"createdAt":"x"}').prefix).toBeUndefined();
    expect(pactContentEntry('s', '{"_links":{}}').prefix).toBeUndefined();
    expect(pactContentEntry('s', '[1]').prefix).toBeUndefined();
  });
});

describe('If-None-Match', () => {
  it('matches the tag, a list holding it, its weak form and *; nothing else', () => {
    expect(ifNoneMatchMatches('"a-b"', '"a-b"')).toBe(true);
    expect(ifNoneMatchMatches('"x", "a-b"', '"a-b"')).toBe(true);
    expect(ifNoneMatchMatches('W/"a-b"', '"a-b"')).toBe(true);
    expect(ifNoneMatchMatches('*', '"a-b"')).toBe(true);
    expect(ifNoneMatchMatches('"a-c"', '"a-b"')).toBe(false);
    expect(ifNoneMatchMatches(undefined, '"a-b"')).toBe(false);
  });
});

describe('the served bytes from a cache entry', () => {
  const pact = {
    consumerId: 1, providerId: 2, consumerName: 'Foo', providerName: 'Bar', consumerVersionId: 3, consumerVersionNumber: '1.0',
    consumerVersionOrder: 1, pactVersionId: 4, sha: 'abc', createdAt: new Date('2026-01-01T00:00:00Z'),
  };
  it('are the bytes of the presented document, whatever the content', () => {
    for (const content of ['{"consumer":{"name":"Foo"},"interactions":[]}', '{}', '{"_links":{"x":1},"a":2}', '{"createdAt":"then","b":[1]}', '{"2":1,"1":0}']) {
      const entry = pactContentEntry(pact.sha, content);
      const { body } = presentPactBytes('http://b', pact, entry, 'application/hal+json');
      expect(body).toBe(JSON.stringify(presentPact('http://b', { ...pact, content })));
    }
  });
  it('get an ETag that changes with the consumer version, the base URL and the media type', () => {
    const entry = pactContentEntry(pact.sha, '{"a":1}');
    const tag = (p = pact, base = 'http://b', type = 'application/hal+json') => presentPactBytes(base, p, entry, type).etag;
    expect(tag()).toBe(tag());
    expect(tag({ ...pact, consumerVersionNumber: '2.0' })).not.toBe(tag());
    expect(tag(pact, 'http://c')).not.toBe(tag());
    expect(tag(pact, 'http://b', 'application/json')).not.toBe(tag());
  });
  it('are the same from the presenter that keeps links and ETags, on a hit and after any input changed', () => {
    const cached = createPactBytesPresenter({ maxBytes: 1 << 20 });
    const limits = loadConfig({}).limits;
    const variants: Array<[typeof pact, string, string, Parameters<typeof presentPactBytes>[4]]> = [
      [pact, 'http://b', 'application/hal+json', {}],
      [{ ...pact, consumerName: 'Foo 2' }, 'http://b', 'application/hal+json', {}],
      [{ ...pact, providerName: 'Bar/2' }, 'http://b', 'application/hal+json', {}],
      [{ ...pact, consumerVersionNumber: '2.0' }, 'http://b', 'application/hal+json', {}],
      [{ ...pact, sha: 'def' }, 'http://b', 'application/hal+json', {}],
      [{ ...pact, createdAt: new Date('2026-01-02T00:00:00Z') }, 'http://b', 'application/hal+json', {}],
      [pact, 'http://c', 'application/hal+json', {}],
      [pact, 'http://b', 'application/json', {}],
      [pact, 'http://b', 'application/hal+json', { metadata: encodePactMetadata({ s: [{ cv: '0.9' }] }), limits }],
      [pact, 'http://b', 'application/hal+json', { metadata: encodePactMetadata({ s: [{ cv: '0.8' }] }), limits }],
    ];
    for (const content of ['{"a":1}', '{}', '{"_links":{"x":1}}']) {
      const entry = pactContentEntry(pact.sha, content);
      for (let round = 0; round < 2; round++) {
        for (const [p, base, type, options] of variants) expect(cached(base, p, entry, type, options)).toEqual(presentPactBytes(base, p, entry, type, options));
      }
    }
  });
});
