// Which peers may tell us, through X-Forwarded-* headers, how clients reached us (TREATY_TRUST_PROXY). One decision
// feeds both Fastify (request.host, request.protocol, request.ip) and X-Forwarded-Prefix, which Fastify does not know.
import { BlockList, isIP } from 'node:net';
import type { TrustProxySetting } from '../config.js';

export interface TrustProxy {
  /** For Fastify's `trustProxy` option. */
  readonly fastify: boolean | number | ((address: string, hop: number) => boolean);
  /** Whether the forwarded headers of a request from this immediate peer are honoured. */
  trusts(address: string | undefined): boolean;
}

const RANGES: Record<string, Array<[string, number, 'ipv4' | 'ipv6']>> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  linklocal: [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
  uniquelocal: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['fc00::', 7, 'ipv6']],
};

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is checked as 127.0.0.1. */
function normalise(address: string): [string, 'ipv4' | 'ipv6'] | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const plain = mapped ?? address;
  const family = isIP(plain);
  return family === 4 ? [plain, 'ipv4'] : family === 6 ? [plain, 'ipv6'] : undefined;
}

export function compileTrustProxy(setting: TrustProxySetting): TrustProxy {
  if (setting === true) return { fastify: true, trusts: () => true };
  // A hop count says how many proxies stand in front, not who they are: Fastify 5 fails closed on it (a direct
  // client could send enough hops), and so does the prefix.
  if (setting === false || typeof setting === 'number') return { fastify: setting, trusts: () => false };
  const list = new BlockList();
  for (const entry of setting) {
    const named = RANGES[entry];
    if (named) {
      for (const [network, bits, type] of named) list.addSubnet(network, bits, type);
      continue;
    }
    const [address = '', bits] = entry.split('/');
    const [plain, type] = normalise(address) ?? [address, 'ipv4'];
    if (bits === undefined) list.addAddress(plain, type);
    else list.addSubnet(plain, Number(bits), type);
  }
  const trusts = (address: string | undefined): boolean => {
    const normalised = address === undefined ? undefined : normalise(address);
    return normalised !== undefined && list.check(...normalised);
  };
  return { fastify: (address) => trusts(address), trusts };
}
