// Requests Node's HTTP parser refuses before Fastify sees them (a malformed request line or header, headers too
// large, a request that took too long to arrive). Fastify's default answer carries no security headers and not
// Treaty's error shape; this one has both, then closes the connection as Node does.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { SecurityHeaders } from './security-headers.js';

const ANSWERS: Record<string, { status: number; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request did not arrive in time' },
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request headers are too large' },
};

export function clientErrorHandlerWith(securityHeaders: SecurityHeaders) {
  return function onClientError(error: Error & { code?: string }, socket: Socket): void {
    // A reset connection has nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, detail } = ANSWERS[error.code ?? ''] ?? { status: 400, detail: 'The request is not valid HTTP' };
    const title = STATUS_CODES[status] ?? 'Bad Request';
    const body = JSON.stringify({ title, detail, errors: { request: [detail] } });
    const headers = {
      ...securityHeaders.headers,
      'content-type': 'application/hal+json;charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    };
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${status} ${title}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
    }
    socket.destroy(error);
  };
}
