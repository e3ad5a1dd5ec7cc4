import type { FastifyRequest } from 'fastify';

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim() || undefined;
}

/**
 * The absolute base for links: the configured base URL, else what the client used to reach us, honouring a
 * reverse proxy's X-Forwarded-Proto/Host/Prefix so hrefs keep any external path prefix.
 */
export function baseUrlFor(request: FastifyRequest, configured: string | undefined): string {
  if (configured) return configured;
  const h = request.headers;
  const proto = first(h['x-forwarded-proto']) ?? request.protocol;
  const host = first(h['x-forwarded-host']) ?? first(h.host) ?? 'localhost';
  const prefix = (first(h['x-forwarded-prefix']) ?? '').replace(/\/+$/, '');
  const safePrefix = prefix && /^\/[\w\-./~%]*$/.test(prefix) ? prefix : '';
  const safeHost = /^[\w\-.:[\]]+$/.test(host) ? host : 'localhost';
  return `${proto === 'https' ? 'https' : 'http'}://${safeHost}${safePrefix}`;
}
