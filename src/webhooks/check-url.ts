// Pure checks on where a webhook may send a request: the host allow list and private (non-public) addresses.
// Used at creation on literal IP hosts, and at delivery on every address the host name resolves to.
import { BlockList, isIP } from 'node:net';

/** Address ranges a webhook may not reach unless allowed explicitly (no host allow list configured), by rule name. */
const PRIVATE_RANGES: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', '"this network" (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'ipv4', 'private (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'ipv4', 'shared/carrier-grade NAT (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback (127.0.0.0/8)'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (169.254.0.0/16)'], // cloud metadata services live here
  ['172.16.0.0', 12, 'ipv4', 'private (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments (192.0.0.0/24)'],
  ['192.168.0.0', 16, 'ipv4', 'private (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking (198.18.0.0/15)'],
  ['224.0.0.0', 4, 'ipv4', 'multicast (224.0.0.0/4)'],
  ['240.0.0.0', 4, 'ipv4', 'reserved/broadcast (240.0.0.0/4)'],
  ['::', 128, 'ipv6', 'unspecified (::)'],
  ['::1', 128, 'ipv6', 'loopback (::1)'],
  ['64:ff9b:1::', 48, 'ipv6', 'local-use NAT64 (64:ff9b:1::/48)'], // embeds IPv4 at a network-chosen place: refused whole
  ['2001::', 32, 'ipv6', 'Teredo (2001::/32)'], // tunnels to an IPv4 address: refused whole
  ['fc00::', 7, 'ipv6', 'unique-local (fc00::/7)'],
  ['fe80::', 10, 'ipv6', 'link-local (fe80::/10)'],
  ['fec0::', 10, 'ipv6', 'site-local (fec0::/10)'],
  ['ff00::', 8, 'ipv6', 'multicast (ff00::/8)'],
];

const RULES = PRIVATE_RANGES.map(([network, prefix, family, rule]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { family, list, rule };
});

/** `[::1]` (a URL's hostname) → `::1`; anything else unchanged. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The eight 16-bit groups of a valid IPv6 address (trailing dotted IPv4 allowed, zone id ignored). */
function ipv6Groups(ip: string): number[] {
  let text = ip.replace(/%.*$/s, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const v4 = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/** The IPv4 address an IPv6 address carries and how (mapped, compatible, translated, NAT64, 6to4), if any. */
function embeddedIpv4(ip: string): { address: string; how: string } | undefined {
  const g = ipv6Groups(ip);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return { address: v4(g[6]!, g[7]!), how: 'IPv4-mapped' };
  if (zero(0, 6)) return { address: v4(g[6]!, g[7]!), how: 'IPv4-compatible' };
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return { address: v4(g[6]!, g[7]!), how: 'IPv4-translated' };
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return { address: v4(g[6]!, g[7]!), how: 'NAT64' };
  if (g[0] === 0x2002) return { address: v4(g[1]!, g[2]!), how: '6to4' };
  return undefined;
}

/**
 * The rule that makes an IP address (v4 or v6, brackets allowed) non-public, e.g. `loopback (127.0.0.0/8)`, or
 * undefined for a public address or a string that is not an IP address (callers check host names after resolving
 * them). An IPv6 address carrying an IPv4 address (IPv4-mapped/-compatible/-translated, NAT64 64:ff9b::/96, 6to4
 * 2002::/16) is judged by that IPv4 address; Teredo and local-use NAT64 are refused whole.
 */
export function privateAddressRule(address: string): string | undefined {
  const ip = unbracket(address).toLowerCase();
  const family = isIP(ip);
  if (family === 0) return undefined;
  if (family === 4) return RULES.find((r) => r.family === 'ipv4' && r.list.check(ip, 'ipv4'))?.rule;
  const bare = ip.replace(/%.*$/s, '');
  const own = RULES.find((r) => r.family === 'ipv6' && r.list.check(bare, 'ipv6'))?.rule;
  if (own !== undefined) return own;
  const embedded = embeddedIpv4(bare);
  const inner = embedded && privateAddressRule(embedded.address);
  return inner === undefined ? undefined : `${inner} as ${embedded!.how} IPv6`;
}

/** Whether an IP address is private, loopback, link-local, unique-local, unspecified, shared, multicast or reserved. */
export function isPrivateAddress(address: string): boolean {
  return privateAddressRule(address) !== undefined;
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
