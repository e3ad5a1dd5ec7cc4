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

  it('builds verification result URLs under the pact version (metadata only on the publish URL)', () => {
    const pv = 'http://b/pacts/provider/Bar%20Svc/consumer/Foo%2FApp/pact-version/abc';
    expect(urls.verificationResults('http://b', 'Bar Svc', 'Foo/App', 'abc')).toBe(`${pv}/verification-results`);
    expect(urls.verificationResultsWithMetadata('http://b', 'Bar Svc', 'Foo/App', 'abc', 'eyJ3Ijp0cnVlfQ')).toBe(`${pv}/metadata/eyJ3Ijp0cnVlfQ/verification-results`);
    expect(urls.verificationResult('http://b', 'Bar Svc', 'Foo/App', 'abc', 7)).toBe(`${pv}/verification-results/7`);
    expect(urls.latestVerificationResult('http://b', 'Bar Svc', 'Foo/App', 'abc')).toBe(`${pv}/verification-results/latest`);
    expect(urls.verificationTriggeredWebhooks('http://b', 'Bar Svc', 'Foo/App', 'abc', 7)).toBe(`${pv}/verification-results/7/triggered-webhooks`);
    expect(urls.latestVerificationForConsumerVersion('http://b', 'Foo/App', '1 0')).toBe('http://b/verification-results/consumer/Foo%2FApp/version/1%200/latest');
  });
});
