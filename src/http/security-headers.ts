// Security headers on every response (@fastify/helmet), fitted to a JSON API that will also serve a small UI:
// a CSP that allows nothing (an API response is never a page that runs code), no framing, no referrer, no MIME
// sniffing, and HSTS only when Treaty is reached over https (TREATY_BASE_URL). Badges are images other sites embed,
// so the resource policy is cross-origin.
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';

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
 * The headers the options produce, read once by running helmet's onRequest hooks against a bare response (a throwaway
 * Fastify instance and an injected request cost ~40 ms of a start): Fastify answers a malformed URL
 * (`frameworkErrors`) before any hook runs, so that answer sets them itself (applySecurityHeaders), and every other
 * answer gets them from registerSecurityHeaders. test/http/security-headers.test.ts checks them on real answers.
 */
async function captureHeaders(options: FastifyHelmetOptions): Promise<Array<[string, string]>> {
  type Hook = (request: unknown, reply: unknown, done: (error?: unknown) => void) => unknown;
  const hooks: Hook[] = [];
  // The part of a Fastify instance the plugin uses when it registers.
  const host = {
    hasReplyDecorator: () => false,
    decorateReply: () => undefined,
    addHook: (name: string, hook: Hook) => {
      if (name === 'onRequest') hooks.push(hook);
    },
  };
  await (helmet as unknown as (instance: typeof host, options: FastifyHelmetOptions) => Promise<void>)(host, options);
  const response = new ServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} } as IncomingMessage);
  const request = { routeOptions: { config: {} }, raw: {} };
  const reply = { raw: response };
  for (const hook of hooks) {
    await new Promise<void>((done, fail) => {
      const result = hook(request, reply, (error) => (error ? fail(error) : done()));
      if (result instanceof Promise) result.then(() => done(), fail);
    });
  }
  // Helmet's own spelling (`Content-Security-Policy`), in its order: what it writes on the wire.
  const names = (response as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames(); // Node ≥ 15.13; absent from @types/node
  return names.map((name) => [name, String(response.getHeader(name))]);
}

export interface SecurityHeaders {
  readonly options: FastifyHelmetOptions;
  /** Header name → value, as helmet sets them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The same as helmet spells and orders them on the raw response. */
  readonly raw: ReadonlyArray<readonly [string, string]>;
}

const prepared = new Map<boolean, Promise<SecurityHeaders>>();

/** The options and the headers they produce (once per process and scheme); built before the app, whose frameworkErrors handler needs them. */
export function prepareSecurityHeaders(baseUrl: string | undefined): Promise<SecurityHeaders> {
  const https = baseUrl?.startsWith('https://') ?? false;
  let result = prepared.get(https);
  if (!result) {
    const options = securityHeaderOptions(https ? 'https://' : undefined);
    result = captureHeaders(options).then((raw) => ({
      options,
      headers: Object.freeze(Object.fromEntries(raw.map(([name, value]) => [name.toLowerCase(), value]))),
      raw: Object.freeze(raw),
    }));
    prepared.set(https, result);
  }
  return result;
}

/**
 * Helmet's headers on every route, 404s and errors included; register it before any other hook. The headers never
 * change, so they are set from what helmet produced once (prepareSecurityHeaders), on the raw response as helmet sets
 * them: @fastify/helmet rebuilt its middleware (options parsed, CSP directives validated) on every request.
 */
export async function registerSecurityHeaders(app: FastifyInstance, prepared: SecurityHeaders): Promise<void> {
  const headers = prepared.raw;
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

/** For replies no hook sees (Fastify's frameworkErrors: a malformed URL, an over-long path segment). */
export function applySecurityHeaders(reply: FastifyReply, prepared: SecurityHeaders): void {
  reply.headers(prepared.headers);
}
