// How a route answers with a page: content negotiation on the API's own URLs (a browser opening a HAL link gets the
// page; `?format=hal` and every Pact client keep the JSON), and one way to send a page with the page CSP.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HTML_TYPE, prefersHtml } from './negotiate.js';
import { setPageSecurityHeaders } from './security-headers.js';

/** True when this request should be answered with an HTML page rather than HAL JSON. */
export function wantsPage(request: FastifyRequest): boolean {
  const query = request.query as Record<string, unknown> | undefined;
  return query?.format !== 'hal' && prefersHtml(request.headers.accept);
}

/** Sends a rendered page (a full document) with the page CSP (every reply already varies on Accept: src/app.ts). */
export function sendPage(reply: FastifyReply, html: string, status = 200): FastifyReply {
  setPageSecurityHeaders(reply);
  return reply.code(status).type(HTML_TYPE).send(html);
}
