// Maps every failure to one JSON error shape the official Pact clients can print:
//   { title, detail, errors?: { field: [messages] }, notices?: [...], error?: ... }
// served as application/hal+json (the Rust clients ignore application/problem+json). Anything unexpected becomes a
// 500 whose details are logged under a reference id and never sent to the client.
import { randomBytes } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { addFieldError, DomainError, type FieldErrors } from '../shared/errors.js';
import { UnsupportedMediaTypeError } from './content-type.js';
import { sendJson } from './respond.js';
import { uniqueViolationMessage, uniqueViolationOf } from './unique-violations.js';

const STATUS: Record<DomainError['code'], number> = {
  validation: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  unprocessable: 422,
};

const TITLE: Record<number, string> = {
  400: 'Validation errors',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable entity',
  429: 'Too many requests',
  500: 'Server error',
};

/** Ajv errors → `{ field: [message] }`, folding array indexes into the parent key as the Pact Broker does. */
export function fieldErrorsFromAjv(errors: ErrorObject[], context: string): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    let segments = error.instancePath.split('/').slice(1);
    if (error.keyword === 'required') segments = [...segments, String(error.params.missingProperty)];
    if (error.keyword === 'additionalProperties') segments = [...segments, String(error.params.additionalProperty)];
    const indexAt = segments.findIndex((s) => /^\d+$/.test(s));
    const field = (indexAt === -1 ? segments : segments.slice(0, indexAt)).join('.') || context;
    const inner = indexAt === -1 ? [] : segments.slice(indexAt + 1);
    let message: string;
    switch (error.keyword) {
      case 'required':
        message = 'is missing';
        break;
      case 'enum':
        message = `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
        break;
      case 'type': {
        // dry-validation's wording, which the Pact Broker's clients show: "must be boolean", "must be a string".
        const types = String(error.params.type).split(',');
        message = types[0] === 'boolean' && types.length === 1 ? 'must be boolean' : `must be ${/^[aeiou]/.test(types[0]!) ? 'an' : 'a'} ${types.join(' or ')}`;
        break;
      }
      case 'minLength':
        message = error.params.limit === 1 ? 'must be filled' : `must be at least ${String(error.params.limit)} characters`;
        break;
      case 'pattern':
        message = 'must not be blank';
        break;
      case 'additionalProperties':
        message = 'is not allowed';
        break;
      default:
        message = error.message ?? 'is invalid';
    }
    if (inner.length) message = `${inner.join('.')} ${message}`;
    if (indexAt !== -1) message += ` (at index ${segments[indexAt]})`;
    addFieldError(out, field, message);
  }
  return out;
}

export function sendError(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return sendJson(reply, status, { title: TITLE[status] ?? 'Error', ...body });
}

/** Failures of Fastify's router before any route runs (a malformed percent-encoding, an over-long segment). */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendError(reply, 414, { detail: 'A path segment of the request URL is too long', errors: { url: ['has a path segment that is too long'] } });
    return;
  }
  sendError(reply, 400, { detail: 'The request URL is malformed', errors: { url: ['is not a valid URL path'] } });
}

/** PostgreSQL cannot store or compare text with NUL characters, and no name can contain one: refuse such URLs. */
export function rejectNulInUrl(request: FastifyRequest): void {
  if (/%00/i.test(request.url)) {
    throw new DomainError('validation', 'The request URL cannot contain NUL characters (%00)', { url: ['cannot contain NUL characters'] });
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const detail = `No resource found at ${request.method} ${request.url.split('?')[0]}`;
    return sendError(reply, 404, { detail, error: detail });
  });

  app.setErrorHandler((error: FastifyError & { validation?: ErrorObject[]; validationContext?: string }, request, reply) => {
    if (error instanceof DomainError) {
      const status = STATUS[error.code];
      const body: Record<string, unknown> = { detail: error.message };
      if (Object.keys(error.fields).length) body.errors = error.fields; // a list or a field map
      if (error.notices.length) body.notices = error.notices;
      if (status === 404 || status === 403) body.error = error.message;
      return sendError(reply, status, body);
    }
    if (error.validation) {
      const errors = fieldErrorsFromAjv(error.validation, error.validationContext ?? 'request');
      return sendError(reply, 400, { detail: `The request ${error.validationContext ?? ''} is invalid`.replace('  ', ' '), errors });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 413, {
          detail: `The request body is larger than the limit of ${request.routeOptions.bodyLimit ?? 'the configured'} bytes`,
          errors: { body: ['is too large'] },
        });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
        const accepted = error instanceof UnsupportedMediaTypeError ? error.accepted.join(' or ') : 'application/json';
        return sendError(reply, 415, {
          detail: `Content-Type '${request.headers['content-type'] ?? '(none)'}' is not supported here; send ${accepted}`,
          errors: { 'content-type': [`must be ${accepted}`] },
        });
      }
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(reply, 400, { detail: 'The request body is not valid JSON', errors: { body: [`is not valid JSON: ${error.message}`] } });
      case 'FST_ERR_BAD_URL':
      case 'FST_ERR_ASYNC_CONSTRAINT':
        return sendError(reply, 400, { detail: 'The request URL is malformed', errors: { url: ['is not a valid URL path'] } });
    }
    const violation = uniqueViolationOf(error);
    if (violation) return sendError(reply, 409, uniqueViolationMessage(violation));
    if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
      return sendError(reply, 400, { detail: 'The request body is not valid JSON', errors: { body: [`is not valid JSON: ${error.message}`] } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, { detail: error.message, errors: { request: [error.message] } });
    }
    const reference = randomBytes(6).toString('base64url');
    request.log.error({ err: error, reference }, 'unhandled error');
    const message = `An error has occurred. The details have been logged with the reference ${reference}`;
    return sendError(reply, 500, { detail: message, error: { message, reference } });
  });
}
