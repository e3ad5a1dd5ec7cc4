import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Whether an If-None-Match header matches an entity tag: `*`, or any listed tag by the weak comparison RFC 9110
 * prescribes for If-None-Match (`W/"x"` matches `"x"`).
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const raw of header.split(',')) {
    const tag = raw.trim();
    if (tag === '*' || (tag.startsWith('W/') ? tag.slice(2) : tag) === opaque) return true;
  }
  return false;
}

/**
 * Sends a serialised body with its ETag, or a 304 without a body when the client already has those bytes. The other
 * headers the caller set go out either way (RFC 9110: a 304 carries what a 200 would, but the content).
 */
export function sendWithEtag(request: FastifyRequest, reply: FastifyReply, mediaType: string, body: string, etag: string): FastifyReply {
  reply.header('ETag', etag);
  if (ifNoneMatchMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.code(200).type(mediaType).send(body);
}
