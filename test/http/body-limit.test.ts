// A 413 must reach a client that is still sending its body. Driven over a real socket: the client writes the whole
// body before it reads anything (as a busy client does), so a server that resets the connection on unread bytes
// makes the client's writes fail before it ever sees the 413.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINGER_IDLE_MS } from '../../src/http/body-limit.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const LIMIT = 64 * 1024;
/** Well above the loopback socket buffers, so the server must read the body for the writes to complete. */
const SENT = 24 * 1024 * 1024;

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await buildTestApp({ TREATY_BODY_LIMIT_BYTES: String(LIMIT) });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => t?.close());

interface Outcome {
  writeError?: string;
  readError?: string;
  response: string;
}

/** Sends the head, then `bodyBytes` in 64 KB chunks without reading; then reads the response to the end. */
async function sendOversize(head: string, bodyBytes: number, chunked = false): Promise<Outcome> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.pause(); // read nothing until the body is sent
  const outcome: Outcome = { response: '' };
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', (error) => {
    outcome.writeError ??= (error as NodeJS.ErrnoException).code ?? error.message;
  });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let gone = false;
  void closed.then(() => (gone = true));
  const write = (data: Buffer | string) =>
    new Promise<void>((resolve, reject) => {
      if (gone) return reject(new Error('closed'));
      if (socket.write(data, (error) => (error ? reject(error) : undefined))) return resolve();
      const onClose = () => reject(new Error('closed'));
      socket.once('close', onClose);
      socket.once('drain', () => {
        socket.off('close', onClose);
        resolve();
      });
    });
  try {
    await write(head);
    for (let sent = 0; sent < bodyBytes; sent += chunk.length) {
      await write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk);
    }
    if (chunked) await write('0\r\n\r\n');
    socket.end();
  } catch (error) {
    outcome.writeError ??= (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
  socket.resume();
  await closed;
  outcome.response = Buffer.concat(received).toString('latin1');
  return outcome;
}

const headFor = (extra: string) =>
  `POST /contracts/publish HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/hal+json\r\n${extra}\r\n`;

function expect413(outcome: Outcome) {
  expect(outcome.writeError).toBeUndefined();
  expect(outcome.response).toMatch(/^HTTP\/1\.1 413 /);
  expect(outcome.response.toLowerCase()).toContain('connection: close');
  expect(outcome.response).toContain(`The request body is larger than the limit of ${LIMIT} bytes`);
  expect(outcome.response.toLowerCase()).toContain("content-security-policy: default-src 'none'");
}

describe('oversize bodies over a real socket', () => {
  it('a declared Content-Length over the limit: the client finishes sending, then reads the 413 with its message', async () => {
    expect413(await sendOversize(headFor(`Content-Length: ${SENT}\r\n`), SENT));
  });

  it('a chunked body that grows over the limit: the same', async () => {
    expect413(await sendOversize(headFor('Transfer-Encoding: chunked\r\n'), 4 * 1024 * 1024, true));
  });

  it('the server does not wait for a client that stops sending: it closes after the idle time', async () => {
    const connections = () => new Promise<number>((resolve, reject) => t.app.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
    await expect.poll(connections).toBe(0);
    // allowHalfOpen: the client does not answer the server's FIN by closing, as a client stuck mid-upload would not.
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    socket.on('error', () => undefined);
    socket.write(headFor(`Content-Length: ${SENT}\r\n`));
    socket.write(Buffer.alloc(1024, 'a')); // then nothing: the lingering server gives up after LINGER_IDLE_MS
    await new Promise<void>((resolve) => socket.once('end', () => resolve())); // the 413, then the server's FIN
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 413 /);
    expect(await connections()).toBe(1); // still lingering
    await expect.poll(connections, { timeout: LINGER_IDLE_MS + 10_000, interval: 200 }).toBe(0);
    socket.destroy();
  }, 30_000);

  it('a body within the limit still gets a normal answer on a kept-alive connection', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/pacticipants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Small"}' });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('connection')).not.toBe('close');
  });

  it('requests without a body keep their connection, also when answered without waiting for anything', async () => {
    for (const path of ['/diagnostic/status/heartbeat', '/', '/diagnostic/status/heartbeat', '/', '/pacticipants']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      await res.text();
      expect(res.status, path).toBe(200);
      expect(res.headers.get('connection'), path).not.toBe('close');
    }
  });

  // Last: it closes the app.
  it('closing the app does not wait for a lingering client (one that keeps sending would hold it for LINGER_MAX_MS)', async () => {
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    socket.write(headFor(`Content-Length: ${SENT}\r\n`));
    await ended; // the 413 is out; the server lingers
    const trickle = setInterval(() => socket.writable && socket.write(Buffer.alloc(1024, 'a')), 200);
    try {
      await t.app.close();
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  }, 20_000);
});
