import { describe, expect, it } from 'vitest';
import { hostAllowed, hostMatchesEntry, isPrivateAddress, privateAddressRule } from '../../../src/webhooks/check-url.js';

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

describe('privateAddressRule', () => {
  // [address, the rule named (a substring), or undefined for a public address]
  it.each<[string, string | undefined]>([
    // IPv4 ranges
    ['0.0.0.0', '"this network"'],
    ['0.255.255.255', '"this network"'],
    ['10.9.8.7', 'private (10.0.0.0/8)'],
    ['100.64.0.0', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['100.63.255.255', undefined],
    ['127.0.0.1', 'loopback (127.0.0.0/8)'],
    ['169.254.169.254', 'link-local (169.254.0.0/16)'],
    ['172.20.0.1', 'private (172.16.0.0/12)'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.168.0.1', 'private (192.168.0.0/16)'],
    ['198.18.0.1', 'benchmarking (198.18.0.0/15)'],
    ['198.19.255.255', 'benchmarking'],
    ['198.20.0.0', undefined],
    ['224.0.0.251', 'multicast (224.0.0.0/4)'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.1', 'reserved/broadcast (240.0.0.0/4)'],
    ['255.255.255.255', 'reserved/broadcast'],
    ['8.8.8.8', undefined],
    // IPv6 ranges
    ['::', 'unspecified (::)'],
    ['::1', 'loopback (::1)'],
    ['[::1]', 'loopback (::1)'],
    ['fe80::1', 'link-local (fe80::/10)'],
    ['febf:ffff::1', 'link-local (fe80::/10)'],
    ['fe80::1%eth0', 'link-local (fe80::/10)'],
    ['fc00::1', 'unique-local (fc00::/7)'],
    ['fdff:ffff::1', 'unique-local (fc00::/7)'],
    ['fec0::1', 'site-local (fec0::/10)'],
    ['feff::1', 'site-local (fec0::/10)'],
    ['ff02::1', 'multicast (ff00::/8)'],
    ['2606:4700:4700::1111', undefined],
    ['2001:4860:4860::8888', undefined],
    // IPv4-mapped IPv6 (::ffff:0:0/96), in both notations
    ['::ffff:127.0.0.1', 'loopback (127.0.0.0/8) as IPv4-mapped IPv6'],
    ['::ffff:7f00:1', 'loopback (127.0.0.0/8) as IPv4-mapped IPv6'],
    ['0:0:0:0:0:ffff:a00:1', 'private (10.0.0.0/8) as IPv4-mapped'],
    ['::ffff:8.8.8.8', undefined],
    // IPv4-compatible IPv6 (::/96, deprecated) and IPv4-translated (::ffff:0:0:0/96)
    ['::127.0.0.1', 'loopback (127.0.0.0/8) as IPv4-compatible IPv6'],
    ['::7f00:1', 'loopback (127.0.0.0/8) as IPv4-compatible'],
    ['::a9fe:a9fe', 'link-local (169.254.0.0/16) as IPv4-compatible'],
    ['::8.8.8.8', undefined],
    ['::ffff:0:127.0.0.1', 'loopback (127.0.0.0/8) as IPv4-translated'],
    // NAT64 well-known prefix 64:ff9b::/96; local-use 64:ff9b:1::/48 refused whole
    ['64:ff9b::127.0.0.1', 'loopback (127.0.0.0/8) as NAT64'],
    ['64:ff9b::a00:1', 'private (10.0.0.0/8) as NAT64'],
    ['64:ff9b::c0a8:101', 'private (192.168.0.0/16) as NAT64'],
    ['64:ff9b::808:808', undefined],
    ['64:ff9b:1::808:808', 'local-use NAT64'],
    // 6to4 2002::/16 carries the IPv4 address in bits 16-47
    ['2002:7f00:1::', 'loopback (127.0.0.0/8) as 6to4'],
    ['2002:a9fe:a9fe::1', 'link-local (169.254.0.0/16) as 6to4'],
    ['2002:c0a8:101:1::1', 'private (192.168.0.0/16) as 6to4'],
    ['2002:808:808::1', undefined],
    // Teredo 2001::/32 is refused whole (its client address is obfuscated and it tunnels anywhere)
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (2001::/32)'],
    ['2001::1', 'Teredo'],
    // not IP addresses: names are checked after resolving them
    ['localhost', undefined],
    ['example.com', undefined],
  ])('%s → %s', (address, rule) => {
    const found = privateAddressRule(address);
    if (rule === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(rule);
    expect(isPrivateAddress(address)).toBe(rule !== undefined);
  });

  // A URL's host is checked as WHATWG URL parsing normalises it (what the HTTP client will connect to).
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[::127.0.0.1]/', '[::7f00:1]'],
    ['http://[64:ff9b::10.0.0.1]/', '[64:ff9b::a00:1]'],
  ])('%s normalises to %s, a private host', (url, hostname) => {
    expect(new URL(url).hostname).toBe(hostname);
    expect(isPrivateAddress(new URL(url).hostname)).toBe(true);
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
