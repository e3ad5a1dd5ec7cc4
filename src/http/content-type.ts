// Routes that accept only some of the JSON flavours the app parses (e.g. merge-patch for deployed-version PATCH).
import type { FastifyRequest } from 'fastify';

/** Thrown as a Fastify-style 415; the error handler names the accepted types in its message. */
export class UnsupportedMediaTypeError extends Error {
  readonly statusCode = 415;
  readonly code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
  constructor(readonly accepted: string[]) {
    super(`Unsupported Media Type: send ${accepted.join(' or ')}`);
  }
}

/** An onRequest hook refusing any other Content-Type (a missing one included) with 415, before the body is read. */
export function onlyContentTypes(...accepted: string[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!accepted.includes(type)) throw new UnsupportedMediaTypeError(accepted);
  };
}
