import { describe, expect, it } from 'vitest';
import { hostAllowed, hostMatchesEntry, isPrivateAddress } from '../../../src/webhooks/check-url.js';

describe('isPrivateAddress', () => {
  it.each([
    // IPv4
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['10.0.0.1', true],
    ['10.255.255.255', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.15.255.255', false],
    ['172.32.0.0', false],
    ['192.168.1.1', true],
    ['192.169.0.1', false],
    ['169.254.169.254', true], // cloud metadata
    ['0.0.0.0', true],
    ['0.1.2.3', true],
    ['100.64.0.1', true], // CGNAT
    ['100.127.255.255', true],
    ['100.128.0.0', false],
    ['224.0.0.1', true], // multicast
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['1.1.1.1', false],
    // IPv6
    ['::1', true],
    ['[::1]', true],
    ['::', true],
    ['0:0:0:0:0:0:0:1', true],
    ['fe80::1', true],
    ['FE80::abcd', true],
    ['fc00::1', true],
    ['fd12:3456:789a::1', true],
    ['ff02::1', true],
    ['2001:4860:4860::8888', false],
    ['2606:4700:4700::1111', false],
    // IPv4-mapped IPv6
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['[::ffff:7f00:1]', true],
    ['::ffff:10.1.2.3', true],
    ['::ffff:169.254.169.254', true],
    ['::ffff:8.8.8.8', false],
    // not addresses
    ['example.com', false],
    ['localhost', false], // a name: checked after resolution
    ['', false],
  ])('%s → %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('hostMatchesEntry', () => {
  it.each([
    // exact host names, case-insensitive, trailing dot ignored
    ['github.com', 'github.com', true],
    ['GitHub.com', 'github.com', true],
    ['github.com.', 'github.com', true],
    ['api.github.com', 'github.com', false],
    ['github.com.evil.org', 'github.com', false],
    // *.domain: any subdomain, not the domain itself
    ['api.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['badexample.com', '*.example.com', false],
    ['example.com.evil.org', '*.example.com', false],
    // IPs and CIDRs match IP hosts only
    ['10.2.3.4', '10.2.3.4', true],
    ['10.2.3.5', '10.2.3.4', false],
    ['10.2.3.41', '10.2.3.0/24', true],
    ['10.2.4.1', '10.2.3.0/24', false],
    ['[::ffff:a02:301]', '10.2.3.0/24', true],
    ['[2001:db8::5]', '2001:db8::/32', true],
    ['2001:db8::5', '2001:db8::/32', true],
    ['[2001:db9::5]', '2001:db8::/32', false],
    ['[::1]', '::1', true],
    ['[::1]', '[::1]', true],
    ['ten.example', '10.0.0.0/8', false],
    // regular expressions, case-insensitive, unanchored unless anchored
    ['ci.foo.com', '/.*\\.foo\\.com$/', true],
    ['ci.FOO.com', '/.*\\.foo\\.com$/', true],
    ['ci.foo.com.evil', '/.*\\.foo\\.com$/', false],
    ['anything', '/.*/', true],
    ['x', '/[/', false], // invalid pattern never matches
  ])('%s against %s → %s', (host, entry, expected) => {
    expect(hostMatchesEntry(host, entry)).toBe(expected);
  });

  it('hostAllowed: any entry matches; an empty list allows nothing', () => {
    expect(hostAllowed('b.example.com', ['github.com', '*.example.com'])).toBe(true);
    expect(hostAllowed('gitlab.com', ['github.com', '*.example.com'])).toBe(false);
    expect(hostAllowed('github.com', [])).toBe(false);
  });
});
