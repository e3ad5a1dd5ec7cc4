// Pure checks on where a webhook may send a request: the host allow list and private (non-public) addresses.
// Used at creation on literal IP hosts, and at delivery on every address the host name resolves to.
import { BlockList, isIP } from 'node:net';

/** Address ranges a webhook may not reach unless allowed explicitly (no host allow list configured). */
const PRIVATE_RANGES: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'], // private
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local (cloud metadata services)
  ['172.16.0.0', 12, 'ipv4'], // private
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.168.0.0', 16, 'ipv4'], // private
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved and broadcast
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['ff00::', 8, 'ipv6'], // multicast
];

const privateRanges = new BlockList();
for (const [network, prefix, family] of PRIVATE_RANGES) privateRanges.addSubnet(network, prefix, family);

/** `[::1]` (a URL's hostname) → `::1`; anything else unchanged. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Whether an IP address (v4 or v6, brackets allowed) is private, loopback, link-local, unique-local, unspecified,
 * shared (CGNAT), multicast or reserved, including such IPv4 addresses written as IPv4-mapped IPv6. A string that is
 * not an IP address is not private (callers check host names after resolving them).
 */
export function isPrivateAddress(address: string): boolean {
  const ip = unbracket(address).toLowerCase();
  const family = isIP(ip);
  if (family === 4) return privateRanges.check(ip, 'ipv4');
  // BlockList also matches IPv4-mapped IPv6 addresses (::ffff:127.0.0.1, ::ffff:7f00:1) against the IPv4 ranges.
  return family === 6 && privateRanges.check(ip, 'ipv6');
}

function cidrContains(entry: string, ip: string): boolean | undefined {
  const [network = '', bits, ...rest] = entry.split('/');
  const family = isIP(network);
  if (family === 0 || rest.length > 0) return undefined;
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
  if (!/^\d{1,3}$/.test(bits ?? '0') || prefix > (family === 4 ? 32 : 128)) return undefined;
  const list = new BlockList();
  list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
  const ipFamily = isIP(ip);
  return ipFamily !== 0 && list.check(ip, ipFamily === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether a host (a URL's hostname; IPv6 brackets allowed) matches one allow list entry: `/regex/` (tested against
 * the host, case-insensitive), an IP or CIDR (only IP hosts match; names are not resolved), `*.domain` (any subdomain,
 * not the domain itself), or an exact host name (case-insensitive).
 */
export function hostMatchesEntry(host: string, entry: string): boolean {
  const bare = unbracket(host).toLowerCase();
  if (entry.length > 2 && entry.startsWith('/') && entry.endsWith('/')) {
    try {
      return new RegExp(entry.slice(1, -1), 'i').test(bare);
    } catch {
      return false;
    }
  }
  const inRange = cidrContains(unbracket(entry), bare);
  if (inRange !== undefined) return inRange;
  const wanted = entry.toLowerCase().replace(/\.$/, '');
  const name = bare.replace(/\.$/, '');
  if (wanted.startsWith('*.')) return name.endsWith(wanted.slice(1)) && name.length > wanted.length - 1;
  return name === wanted;
}

export function hostAllowed(host: string, allowlist: readonly string[]): boolean {
  return allowlist.some((entry) => hostMatchesEntry(host, entry));
}
