import type { FastifyRequest } from 'fastify';

/** The nearest proxy appends to a forwarded header: its value is the last entry (as Fastify reads X-Forwarded-Host). */
function last(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  return v?.split(',').at(-1)?.trim() || undefined;
}

/**
 * The absolute base for links: the configured base URL, else what the client used to reach us. Behind a trusted
 * proxy (TREATY_TRUST_PROXY) Fastify's request.host and request.protocol honour X-Forwarded-Host/-Proto, and
 * X-Forwarded-Prefix keeps an external path prefix; from anyone else those headers are ignored.
 */
export function baseUrlFor(request: FastifyRequest, configured: string | undefined, trustedPeer: boolean): string {
  if (configured) return configured;
  const proto = request.protocol;
  const host = request.host || 'localhost';
  const prefix = trustedPeer ? (last(request.headers['x-forwarded-prefix']) ?? '').replace(/\/+$/, '') : '';
  const safePrefix = prefix && /^\/[\w\-./~%]*$/.test(prefix) ? prefix : '';
  const safeHost = /^[\w\-.:[\]]+$/.test(host) ? host : 'localhost';
  return `${proto === 'https' ? 'https' : 'http'}://${safeHost}${safePrefix}`;
}
