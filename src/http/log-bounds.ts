// Bounded log lines: no field of a log line may carry a whole request, pact or SQL parameter list. A drizzle error's
// message lists every parameter of the failed query (70k selectors made a 3.2 MB line), so errors, their causes and
// every other logged value are clipped: strings to a few KB, lists and objects to a few dozen entries. The same error
// message would carry a webhook's secrets (its request's headers, password, URL), so every logged string is redacted.
import type { FastifyServerOptions } from 'fastify';
import { redactText } from '../webhooks/redact.js';

export interface LogBounds {
  /** Characters kept of any string field (stack, detail, query, url, ...). */
  readonly stringChars: number;
  /** Characters kept of an error's message and of the log message. */
  readonly messageChars: number;
  /** Items kept of an array and keys of an object. */
  readonly entries: number;
  /** Nesting kept (an error's cause counts as one level). */
  readonly depth: number;
}

export const LOG_BOUNDS: LogBounds = { stringChars: 2048, messageChars: 4096, entries: 20, depth: 4 };
/** A tighter second pass for the rare line that is still too long after the first. */
const TIGHT: LogBounds = { stringChars: 256, messageChars: 1024, entries: 5, depth: 2 };
const MAX_LINE = 16 * 1024;

export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}… [${value.length - max} more characters]`;
}

/** Room past the clip point redacted too, so a secret cut by the clip is still recognised (a JWT spans ~1 KB). */
const REDACT_MARGIN = 2048;

/** Clipped and without secrets; only the kept part (plus a margin) is scanned, so huge values stay cheap. */
function clipRedacted(value: string, max: number): string {
  if (value.length <= max) return redactText(value);
  const head = redactText(value.slice(0, max + REDACT_MARGIN));
  return `${head.slice(0, max)}… [${value.length - max} more characters]`;
}

function boundValue(value: unknown, bounds: LogBounds, depth: number): unknown {
  if (typeof value === 'string') return clipRedacted(value, bounds.stringChars);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return boundError(value, bounds, depth);
  if (value instanceof Date) return value;
  if (depth >= bounds.depth) return Array.isArray(value) ? `[array of ${value.length}]` : '[object]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, bounds.entries).map((item) => boundValue(item, bounds, depth + 1));
    return value.length > bounds.entries ? [...kept, `… ${value.length - bounds.entries} more items`] : kept;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (const key of keys.slice(0, bounds.entries)) out[key] = boundValue((value as Record<string, unknown>)[key], bounds, depth + 1);
  if (keys.length > bounds.entries) out['…'] = `${keys.length - bounds.entries} more keys`;
  return out;
}

/** Like pino's err serializer (type, message, stack, own fields, cause), with every field bounded. */
function boundError(error: Error | Record<string, unknown>, bounds: LogBounds, depth: number): Record<string, unknown> {
  const e = error as Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: error instanceof Error ? error.constructor.name : e.type,
    message: typeof e.message === 'string' ? clipRedacted(e.message, bounds.messageChars) : e.message,
    stack: typeof e.stack === 'string' ? clipRedacted(e.stack, bounds.stringChars) : undefined,
  };
  const keys = Object.keys(e).filter((key) => !(key in out) && key !== 'cause');
  for (const key of keys.slice(0, bounds.entries)) out[key] = boundValue(e[key], bounds, depth + 1);
  if (e.cause !== undefined) out.cause = depth + 1 >= bounds.depth ? '[cause]' : boundValue(e.cause, bounds, depth + 1);
  return out;
}

/** The `err` serializer: any error (or error-like object) as a bounded plain object. */
export function boundedError(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? boundError(error as Error, LOG_BOUNDS, 0) : boundValue(error, LOG_BOUNDS, 0);
}

/** Fields with their own (bounded) serializers; pino runs formatters.log before serializers, so they are left to them. */
const SERIALIZED = new Set(['req', 'res', 'err']);

function boundFields(object: Record<string, unknown>, bounds: LogBounds): { out: Record<string, unknown>; length: number } {
  const out: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  const keys = Object.keys(object);
  for (const key of keys.slice(0, 50)) {
    if (SERIALIZED.has(key)) out[key] = object[key];
    else out[key] = rest[key] = boundValue(object[key], bounds, 0);
  }
  if (keys.length > 50) out['…'] = `${keys.length - 50} more keys`;
  let length: number;
  try {
    length = JSON.stringify(rest).length;
  } catch {
    length = Infinity;
  }
  return { out, length };
}

/** pino's formatters.log: every field of a log line, bounded; a line still too long gets a tighter pass. */
export function boundedLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const first = boundFields(object, LOG_BOUNDS);
  return first.length <= MAX_LINE ? first.out : boundFields(object, TIGHT).out;
}

/** Fastify's request serializer, with the URL (query secrets redacted) and host clipped. */
function boundedRequest(request: { method?: string; url?: string; headers?: Record<string, unknown>; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return {
    method: request.method,
    url: typeof request.url === 'string' ? clipRedacted(request.url, LOG_BOUNDS.stringChars) : request.url,
    version: boundValue(request.headers?.['accept-version'], LOG_BOUNDS, 0),
    host: typeof request.host === 'string' ? clip(request.host, 256) : request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/**
 * Logger options with the bounds applied: the err serializer, the line formatter, and a hook that clips the message
 * (pino would otherwise use a whole error message as the line's message when none is given).
 */
export function withBoundedLogs(options: LoggerOptions): LoggerOptions {
  return {
    ...options,
    serializers: { ...options.serializers, err: boundedError, req: boundedRequest },
    formatters: { ...options.formatters, log: boundedLogObject },
    hooks: {
      ...options.hooks,
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        const [first, ...rest] = args;
        const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
        if (typeof first === 'string') return method.apply(this, [clipRedacted(first, LOG_BOUNDS.messageChars), ...rest]);
        if (typeof rest[0] === 'string') return method.apply(this, [first, clipRedacted(rest[0], LOG_BOUNDS.messageChars), ...rest.slice(1)]);
        if (error instanceof Error && rest.length === 0) return method.apply(this, [first, clipRedacted(error.message, LOG_BOUNDS.messageChars)]);
        return method.apply(this, args);
      },
    },
  } as LoggerOptions;
}
