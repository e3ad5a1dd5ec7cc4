import { describe, expect, it } from 'vitest';
import { enc, urls } from '../../../src/http/urls.js';

describe('URL building', () => {
  it('encodes each name as one path segment, like the Pact Broker', () => {
    expect(enc('Foo Bar')).toBe('Foo%20Bar');
    expect(enc('feat/x')).toBe('feat%2Fx');
    expect(enc("a+b!'()*")).toBe('a%2Bb%21%27%28%29%2A');
    expect(enc('Zoë')).toBe('Zo%C3%AB');
    expect(enc('A-Z_a.z~0')).toBe('A-Z_a.z~0');
  });

  it('builds pact and version URLs under the base', () => {
    expect(urls.pact('http://b', 'Bar Svc', 'Foo/App', '1.0/0')).toBe('http://b/pacts/provider/Bar%20Svc/consumer/Foo%2FApp/version/1.0%2F0');
    expect(urls.branchVersion('https://h/prefix', 'P', 'feat/y', '3')).toBe('https://h/prefix/pacticipants/P/branches/feat%2Fy/versions/3');
  });
});
