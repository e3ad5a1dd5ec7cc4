// Sends one webhook request (one delivery attempt) and returns its log; never throws. Before connecting it checks the
// URL against the policy (scheme, method, host allow list), resolves the host once and, without a host allow list,
// refuses when any address is private; it then connects to that checked address (a custom `lookup`, so no second
// DNS query can rebind it) while Host and TLS SNI stay the URL's host. Redirects are not followed; the response body
// is read up to a limit. Every request carries `X-Treaty-Delivery: <deliveryId>` so receivers can drop repeats.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { hostAllowed, privateAddressRule, unbracket } from './check-url.js';
import type { FilledWebhookRequest } from './fill-secrets.js';
import { maskSecretValues, redactBody, redactHeaders, redactTokens, redactUrl, redactWebhookRequest } from './redact.js';
import type { RenderedWebhookRequest } from './render-template.js';
import type { WebhookPolicy } from './webhook-policy.js';

export const DELIVERY_HEADER = 'X-Treaty-Delivery';
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Every address a host name resolves to (dns.lookup with all: true by default). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface AttemptResponse {
  status: number;
  headers: Record<string, string>; // redacted
  body: string; // at most maxResponseBytes, redacted
  bodyTruncated: boolean;
}

/**
 * refused: the policy forbade it, or it could not be prepared (a secret gone), so it was not sent (not retried);
 * timeout/aborted/network: the request did not complete.
 */
export type AttemptErrorKind = 'refused' | 'timeout' | 'aborted' | 'network';

export interface AttemptLog {
  request: RenderedWebhookRequest; // as sent (with the delivery header), secrets redacted
  /** The checked address the request was sent to. */
  address?: string;
  response?: AttemptResponse;
  durationMs: number;
  error?: string;
  errorKind?: AttemptErrorKind;
  success: boolean;
}

export interface ExecuteOptions {
  signal: AbortSignal;
  timeoutMs: number;
  deliveryId: string;
  policy: WebhookPolicy;
  /** When secrets were filled in (fill-secrets.ts): the request to record instead, and the values to mask anywhere. */
  masked?: Pick<FilledWebhookRequest, 'shown' | 'secretValues'>;
}
export type WebhookExecutor = (request: RenderedWebhookRequest, options: ExecuteOptions) => Promise<AttemptLog>;

/**
 * 2xx → succeeded. A refusal or a 3xx → failed (a redirect is recorded, not followed; retrying would get the same
 * answer, so it is not retried). 4xx, 5xx, timeouts, aborts and network errors → retry (the runner records an abort
 * by shutdown as interrupted and bounds retries by its schedule).
 */
export function attemptOutcome(log: AttemptLog): 'succeeded' | 'failed' | 'retry' {
  if (log.success) return 'succeeded';
  if (log.errorKind === 'refused') return 'failed';
  const status = log.response?.status;
  return status !== undefined && status >= 300 && status < 400 ? 'failed' : 'retry';
}

class Refused extends Error {}

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

/** Headers that belong to the connection, set by Node from the URL and body. */
const CONNECTION_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);

function outgoingHeaders(request: RenderedWebhookRequest, deliveryId: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const set = (name: string, value: string) =>
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (!CONNECTION_HEADERS.has(lower) && lower !== DELIVERY_HEADER.toLowerCase()) set(name, value);
  }
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (request.username !== undefined && !hasAuthorization) {
    set('Authorization', `Basic ${Buffer.from(`${request.username}:${request.password ?? ''}`).toString('base64')}`);
  }
  set(DELIVERY_HEADER, deliveryId);
  return headers;
}

/** The request as recorded: the delivery header added, every secret redacted. */
function recordedRequest(request: RenderedWebhookRequest, deliveryId: string): RenderedWebhookRequest {
  return redactWebhookRequest({ ...request, headers: outgoingHeaders(request, deliveryId) });
}

/** An attempt that was not sent, with the reason (a secret that cannot be filled in): failed, not retried. */
export function notSentAttempt(shown: RenderedWebhookRequest, deliveryId: string, error: string): AttemptLog {
  return { request: recordedRequest(shown, deliveryId), durationMs: 0, success: false, error, errorKind: 'refused' };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function checkedTarget(request: RenderedWebhookRequest, policy: WebhookPolicy, resolve: Resolver, signal: AbortSignal) {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new Refused('the URL is not valid');
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (!policy.schemes.includes(scheme) || (scheme !== 'http' && scheme !== 'https')) throw new Refused(`scheme ${scheme} is not allowed`);
  if (!policy.methods.includes(request.method.toUpperCase())) throw new Refused(`method ${request.method} is not allowed`);
  if (policy.hosts !== undefined && !hostAllowed(url.hostname, policy.hosts)) throw new Refused(`host ${url.hostname} is not in the host allow list`);
  const host = unbracket(url.hostname);
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family: family as 4 | 6 }] : await abortable(resolve(host), signal);
  const first = addresses[0];
  if (first === undefined) throw new Error(`${host} has no address`);
  if (policy.hosts === undefined) {
    for (const { address } of addresses) {
      const rule = privateAddressRule(address);
      if (rule !== undefined) {
        throw new Refused(`host ${host} resolves to a private, loopback or link-local address (${address}, ${rule}); set TREATY_WEBHOOK_HOST_ALLOWLIST to allow it`);
      }
    }
  }
  return { url, target: first };
}

function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, target: ResolvedAddress, signal: AbortSignal, maxBytes: number): Promise<AttemptResponse> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  const allHeaders = payload === undefined ? headers : { ...headers, 'Content-Length': String(payload.length) };
  return new Promise<AttemptResponse>((resolve, reject) => {
    const req = client.request(url, { method: method.toUpperCase(), headers: allHeaders, lookup, signal, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const headerValues: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headerValues[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const done = () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: redactHeaders(headerValues),
          body: redactBody(Buffer.concat(chunks).toString('utf8')) as string,
          bodyTruncated: truncated,
        });
      res.on('data', (chunk: Buffer) => {
        if (truncated) return;
        const room = maxBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          truncated = true;
          done();
          res.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', done);
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete && !truncated) reject(new Error('the connection closed before the response ended'));
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function createHttpExecutor(options: { resolve?: Resolver; maxResponseBytes?: number } = {}): WebhookExecutor {
  const resolve = options.resolve ?? systemResolver;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return async (request, { signal, timeoutMs, deliveryId, policy, masked }) => {
    const started = performance.now();
    const headers = outgoingHeaders(request, deliveryId);
    const hide = (text: string) => maskSecretValues(text, masked?.secretValues ?? []);
    const log: AttemptLog = { request: recordedRequest(masked?.shown ?? request, deliveryId), durationMs: 0, success: false };
    const finish = (extra: Partial<AttemptLog>): AttemptLog => ({ ...log, ...extra, durationMs: Math.round(performance.now() - started) });
    const controller = new AbortController();
    const onAbort = () => controller.abort('aborted');
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort('timeout'), timeoutMs);
    let address: string | undefined;
    try {
      const { url, target } = await checkedTarget(request, policy, resolve, controller.signal);
      address = target.address;
      const sent = await send(url, request.method, headers, request.body, target, controller.signal, maxBytes);
      const response = { ...sent, headers: Object.fromEntries(Object.entries(sent.headers).map(([name, value]) => [name, hide(value)])), body: hide(sent.body) };
      const success = response.status >= 200 && response.status < 300;
      const location = response.headers.location;
      const redirect = response.status >= 300 && response.status < 400;
      const error = redirect ? `redirect (${response.status}${location ? ` to ${redactUrl(location)}` : ''}) not followed` : undefined;
      return finish({ address, response, success, ...(error === undefined ? {} : { error }) });
    } catch (error) {
      const reason: unknown = controller.signal.reason;
      const errorKind: AttemptErrorKind = controller.signal.aborted
        ? reason === 'timeout' ? 'timeout' : 'aborted'
        : error instanceof Refused ? 'refused' : 'network';
      const message =
        errorKind === 'timeout' ? `no response within ${timeoutMs} ms`
          : errorKind === 'aborted' ? 'aborted (interrupted) before the response'
            : redactTokens(hide(error instanceof Error ? error.message : String(error)));
      return finish({ ...(address === undefined ? {} : { address }), error: message, errorKind });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  };
}
