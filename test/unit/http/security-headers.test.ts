import { connect } from 'node:net';
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { prepareSecurityHeaders, registerSecurityHeaders, securityHeaderOptions } from '../../../src/http/security-headers.js';

/** The header lines of a response as written on the wire: name as spelled, value, in order. */
async function wireHeaders(register: (app: ReturnType<typeof Fastify>) => Promise<void>): Promise<string[]> {
  const app = Fastify();
  await register(app);
  app.get('/', async () => 'ok');
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const socket = connect(Number(new URL(address).port), '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    let text = '';
    for await (const chunk of socket) text += String(chunk);
    return text.split('\r\n\r\n')[0]!.split('\r\n').slice(1).filter((line) => !/^(date|connection|content-length|content-type):/i.test(line));
  } finally {
    await app.close();
  }
}

describe('security headers', () => {
  for (const baseUrl of [undefined, 'https://broker.example']) {
    it(`are the very lines @fastify/helmet writes (${baseUrl ?? 'http'}): names as helmet spells them, same order and values`, async () => {
      const prepared = await prepareSecurityHeaders(baseUrl);
      const ours = await wireHeaders((app) => registerSecurityHeaders(app, prepared));
      const helmets = await wireHeaders(async (app) => {
        await app.register(helmet, securityHeaderOptions(baseUrl));
      });
      expect(ours).toEqual(helmets);
      expect(ours).toContain("Content-Security-Policy: default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
      expect(Object.keys(prepared.headers)).toEqual(prepared.raw.map(([name]) => name.toLowerCase()));
    });
  }
});
