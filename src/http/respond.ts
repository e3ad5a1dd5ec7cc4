import type { FastifyReply, FastifyRequest } from 'fastify';

export const HAL_JSON = 'application/hal+json;charset=utf-8';
export const JSON_TYPE = 'application/json;charset=utf-8';

/** hal+json unless the client asked only for plain JSON. */
export function jsonTypeFor(request: FastifyRequest): string {
  const accept = request.headers.accept ?? '';
  return /application\/json/.test(accept) && !/hal\+json/.test(accept) ? JSON_TYPE : HAL_JSON;
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type(jsonTypeFor(reply.request)).send(body);
}

/** A body already serialised as JSON (src/shared/answer-cache.ts), with the type sendJson would give it. */
export function sendJsonBody(reply: FastifyReply, status: number, body: Buffer): FastifyReply {
  return reply.code(status).type(jsonTypeFor(reply.request)).send(body);
}
