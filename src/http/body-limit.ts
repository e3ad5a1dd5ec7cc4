// Oversize bodies, and any answer sent before the request body was read, end with a lingering close.
//
// Node closes a `Connection: close` socket as soon as the response is written. If the client is still sending its
// body, the unread bytes make the kernel answer with a reset, and a client busy writing (the official CLI uploading a
// 25 MB pact on a loaded machine) sees ECONNRESET/EPIPE instead of the 413 that was already on its way. So, when a
// response goes out before the request was read to its end, Treaty sends it with `Connection: close`, then only
// half-closes: the response and a FIN go out, the rest of the body is read and thrown away, and the socket is
// destroyed when the client closes its side, after LINGER_IDLE_MS without data, or after LINGER_MAX_MS in all
// (Apache and nginx linger the same way).
//
// A declared Content-Length over the limit is refused in onRequest, before authorization and parsing, so the client
// learns about the size first.
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export const LINGER_IDLE_MS = 5_000;
export const LINGER_MAX_MS = 30_000;

/** The error the error handler maps to 413 (the code Fastify's own body-size check uses). */
export class BodyTooLargeError extends Error {
  readonly code = 'FST_ERR_CTP_BODY_TOO_LARGE';
  readonly statusCode = 413;
  constructor() {
    super('Request body is too large');
  }
}

/** A request has a body when it says so (RFC 9112 §6.3): chunked, or a Content-Length above 0. */
function declaresBody(headers: { 'content-length'?: string; 'transfer-encoding'?: string }): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

export function registerBodyLimit(app: FastifyInstance, options: { bodyLimit: number; lingerIdleMs?: number; lingerMaxMs?: number }): void {
  const idleMs = options.lingerIdleMs ?? LINGER_IDLE_MS;
  const maxMs = options.lingerMaxMs ?? LINGER_MAX_MS;
  const lingering = new Set<Socket>();
  let closing = false;

  // Synchronous hooks: every request passes them, and an async hook costs a promise and a microtask turn each.
  app.addHook('onRequest', (request, _reply, done) => {
    const length = request.headers['content-length'];
    if (length === undefined) return done(); // a GET
    const declared = Number(length);
    if (Number.isFinite(declared) && declared > (request.routeOptions.bodyLimit ?? options.bodyLimit)) return done(new BodyTooLargeError());
    done();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const socket = request.raw.socket;
    // inject() has no real socket; a request read to its end, or without a body, needs nothing. (A bodyless request
    // answered at once is not `complete` yet: the parser marks that after the request event's handlers returned.)
    if (request.raw.complete || !declaresBody(request.headers) || !(socket instanceof Socket)) return done(null, payload);
    reply.header('connection', 'close');
    // Node calls destroySoon() once a `Connection: close` response is written; linger instead.
    (socket as Socket & { destroySoon(): void }).destroySoon = () => linger(socket);
    done(null, payload);
  });

  function linger(socket: Socket): void {
    // Shutting down: close as Node would.
    if (closing) return (Socket.prototype as Socket & { destroySoon(): void }).destroySoon.call(socket);
    socket.end(); // the response, then our FIN; reading goes on
    lingering.add(socket);
    const done = () => {
      clearTimeout(max);
      lingering.delete(socket);
      socket.destroy();
    };
    const max = setTimeout(done, maxMs);
    // The HTTP parser reads the socket directly (no 'data' events) but refreshes the socket's idle timer as bytes
    // arrive, so the socket timeout is the idle limit.
    socket.setTimeout(idleMs);
    socket.once('timeout', done);
    socket.once('end', done);
    socket.once('close', done);
    socket.once('error', done);
    socket.resume();
  }

  // A shutdown does not wait for lingering clients. preClose: Fastify's server.close() (which waits for every
  // connection to end) runs before the onClose hooks.
  app.addHook('preClose', async () => {
    closing = true;
    for (const socket of lingering) socket.destroy();
    lingering.clear();
  });
}
