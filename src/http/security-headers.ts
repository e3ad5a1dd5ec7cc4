// Security headers on every response (@fastify/helmet), fitted to a JSON API that will also serve a small UI:
// a CSP that allows nothing (an API response is never a page that runs code), no framing, no referrer, no MIME
// sniffing, and HSTS only when Treaty is reached over https (TREATY_BASE_URL). Badges are images other sites embed,
// so the resource policy is cross-origin.
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';

/**
 * The CSP of Treaty's HTML pages (src/ui/): only Treaty's own scripts, styles and images (plus data: images), forms
 * that submit to Treaty, no plugins, no framing. No 'unsafe-inline' anywhere, so pages carry no inline script or style.
 * API responses keep the allow-nothing policy (securityHeaderOptions); a page sets this one on its own reply (setPageSecurityHeaders).
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join(';');

/** For an HTML page's reply: replaces the API's CSP (set by helmet on every request) with the page policy. */
export function setPageSecurityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', PAGE_CONTENT_SECURITY_POLICY);
}

export function securityHeaderOptions(baseUrl: string | undefined): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    // Browsers ignore HSTS over http; sending it from a plain-http broker would only mislead.
    strictTransportSecurity: baseUrl?.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  };
}

/**
 * The headers the options produce, read once from a throwaway instance: Fastify answers a malformed URL
 * (`frameworkErrors`) before any hook runs, so that answer sets them itself (applySecurityHeaders).
 */
async function captureHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(helmet, options);
  probe.get('/', async () => '');
  const res = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (!['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(name) && typeof value === 'string') out[name] = value;
  }
  return out;
}

export interface SecurityHeaders {
  readonly options: FastifyHelmetOptions;
  /** Header name → value, as helmet sets them. */
  readonly headers: Readonly<Record<string, string>>;
}

const prepared = new Map<boolean, Promise<SecurityHeaders>>();

/** The options and the headers they produce (once per process and scheme); built before the app, whose frameworkErrors handler needs them. */
export function prepareSecurityHeaders(baseUrl: string | undefined): Promise<SecurityHeaders> {
  const https = baseUrl?.startsWith('https://') ?? false;
  let result = prepared.get(https);
  if (!result) {
    const options = securityHeaderOptions(https ? 'https://' : undefined);
    result = captureHeaders(options).then((headers) => ({ options, headers: Object.freeze(headers) }));
    prepared.set(https, result);
  }
  return result;
}

/** Helmet on every route, 404s and errors included; register it before any other hook. */
export async function registerSecurityHeaders(app: FastifyInstance, prepared: SecurityHeaders): Promise<void> {
  await app.register(helmet, prepared.options);
}

/** For replies no hook sees (Fastify's frameworkErrors: a malformed URL, an over-long path segment). */
export function applySecurityHeaders(reply: FastifyReply, prepared: SecurityHeaders): void {
  reply.headers(prepared.headers);
}
