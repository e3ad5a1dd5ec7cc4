// The CLI's HTTP client: fetch's interface over node:http (node-http.ts says why not Node's fetch), JSON in and out, bounded retries on transient failures, --verbose logging of
// each request and status (never headers, so never credentials), and broker errors turned into one-line CliErrors.
import { CliError, EXIT } from './exit-codes.js';
import { type FetchLike, type HeadersLike, nodeFetch, type RequestInitLike, type ResponseLike } from './node-http.js';
import type { BrokerConnection } from './options.js';
import { DEFAULT_RETRY, isRetryableStatus, retryDelayMs, type RetryPolicy } from './retry.js';

export interface BrokerResponse {
  status: number;
  headers: HeadersLike;
  /** Parsed JSON when the body is JSON, else the text ('' when empty). */
  body: any;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  /** Statuses the caller handles itself instead of getting a CliError (e.g. [404] to detect "not there yet"). */
  allow?: number[];
}

export interface ClientDeps {
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  retry?: RetryPolicy;
  userAgent?: string;
}

const sleepFor = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Treaty's (and the Pact Broker's) error bodies → one line: title/detail, then `field: message` pairs. */
export function describeErrorBody(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.trim().split('\n')[0]!.slice(0, 300);
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { title?: unknown; detail?: unknown; error?: unknown; errors?: unknown; notices?: unknown };
  const parts: string[] = [];
  if (Array.isArray(b.errors)) parts.push(...b.errors.map(String));
  else if (b.errors && typeof b.errors === 'object') {
    for (const [field, messages] of Object.entries(b.errors as Record<string, unknown>)) {
      const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      parts.push(field === '' ? list.join(', ') : `${field}: ${list.join(', ')}`);
    }
  }
  if (parts.length === 0 && typeof b.detail === 'string') parts.push(b.detail);
  if (parts.length === 0 && typeof b.error === 'string') parts.push(b.error);
  if (parts.length === 0 && b.error && typeof b.error === 'object' && typeof (b.error as { message?: unknown }).message === 'string') {
    parts.push((b.error as { message: string }).message);
  }
  if (parts.length === 0 && typeof b.title === 'string') parts.push(b.title);
  return parts.length === 0 ? undefined : parts.join('; ').replace(/\s*\n\s*/g, ' ');
}

/** Maps a final (non-allowed) error status to the exit code and message the user sees. */
export function errorForStatus(method: string, url: string, status: number, body: unknown): CliError {
  const detail = describeErrorBody(body);
  const what = `${method} ${new URL(url).pathname}`;
  // Treaty's 401/403 detail says why (revoked token, which role is needed); its `errors` copy would only repeat it.
  const why = typeof (body as { detail?: unknown } | null)?.detail === 'string' ? ((body as { detail: string }).detail as string) : detail;
  if (status === 401) {
    return new CliError(
      `The broker refused the credentials (401)${why ? `: ${why}` : ''}; check --broker-token / TREATY_BROKER_TOKEN or the username and password`,
      EXIT.error,
    );
  }
  if (status === 403) return new CliError(`Not allowed (403) to ${what}${why ? `: ${why}` : ": the token's role does not permit it"}`, EXIT.error);
  if (status >= 500) return new CliError(`The broker failed (${status}) on ${what}${detail ? `: ${detail}` : ''}`, EXIT.error);
  return new CliError(`The broker refused ${what} (${status})${detail ? `: ${detail}` : ''}`, EXIT.no);
}

function connectionCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export class BrokerClient {
  readonly baseUrl: string;
  private readonly deps: Required<Omit<ClientDeps, 'userAgent'>> & { userAgent: string };

  constructor(
    private readonly connection: BrokerConnection,
    deps: ClientDeps = {},
  ) {
    this.baseUrl = connection.baseUrl;
    this.deps = {
      fetch: deps.fetch ?? nodeFetch,
      sleep: deps.sleep ?? sleepFor,
      log: deps.log ?? ((line) => process.stderr.write(`${line}\n`)),
      retry: deps.retry ?? DEFAULT_RETRY,
      userAgent: deps.userAgent ?? 'treaty-cli',
    };
  }

  /** A path below the base URL, or an absolute href taken from a HAL link. */
  url(pathOrHref: string): string {
    return /^https?:\/\//.test(pathOrHref) ? pathOrHref : `${this.baseUrl}${pathOrHref.startsWith('/') ? '' : '/'}${pathOrHref}`;
  }

  get = (path: string, options: RequestOptions = {}) => this.request('GET', path, options);
  post = (path: string, body: unknown, options: RequestOptions = {}) => this.request('POST', path, { ...options, body });
  put = (path: string, body: unknown, options: RequestOptions = {}) => this.request('PUT', path, { ...options, body });
  patch = (path: string, body: unknown, options: RequestOptions = {}) =>
    this.request('PATCH', path, { contentType: 'application/merge-patch+json', ...options, body });
  delete = (path: string, options: RequestOptions = {}) => this.request('DELETE', path, options);

  async request(method: string, path: string, options: RequestOptions = {}): Promise<BrokerResponse> {
    const url = this.url(path);
    const headers: Record<string, string> = { accept: 'application/hal+json, application/json', 'user-agent': this.deps.userAgent };
    const { auth } = this.connection;
    if (auth.kind === 'token') headers.authorization = `Bearer ${auth.token}`;
    if (auth.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const init: RequestInitLike = { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) };
    const { retry } = this.deps;

    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      if (this.connection.verbose) this.deps.log(`-> ${method} ${url}`);
      let res: ResponseLike;
      try {
        res = await this.deps.fetch(url, init);
      } catch (error) {
        const cause = connectionCause(error);
        if (attempt < retry.retries) {
          const wait = retryDelayMs(attempt + 1, retry);
          if (this.connection.verbose) this.deps.log(`<- ${method} ${url} failed (${cause}); retrying in ${wait} ms`);
          await this.deps.sleep(wait);
          continue;
        }
        const tries = attempt + 1;
        throw new CliError(`Cannot reach the broker at ${this.baseUrl} (${cause})${tries > 1 ? ` after ${tries} attempts` : ''}`, EXIT.error);
      }
      if (this.connection.verbose) this.deps.log(`<- ${res.status} ${method} ${url} (${Date.now() - started} ms)`);
      if (isRetryableStatus(res.status) && attempt < retry.retries) {
        await res.arrayBuffer().catch(() => undefined);
        const wait = retryDelayMs(attempt + 1, retry, res.headers.get('retry-after'));
        if (this.connection.verbose) this.deps.log(`   ${res.status} is transient; retrying in ${wait} ms`);
        await this.deps.sleep(wait);
        continue;
      }
      const body = await readBody(res);
      if (res.status >= 400 && !(options.allow ?? []).includes(res.status)) throw errorForStatus(method, url, res.status, body);
      return { status: res.status, headers: res.headers, body };
    }
  }
}

async function readBody(res: ResponseLike): Promise<unknown> {
  const text = await res.text();
  if (text === '') return '';
  if (/json/i.test(res.headers.get('content-type') ?? '')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** `_links[rel].href`, or undefined. */
export function linkHref(resource: any, rel: string): string | undefined {
  const link = resource?._links?.[rel];
  return typeof link?.href === 'string' ? link.href : undefined;
}

/** A path segment as the broker expects it (slashes in versions and branches escaped). */
export const seg = (value: string) => encodeURIComponent(value);
