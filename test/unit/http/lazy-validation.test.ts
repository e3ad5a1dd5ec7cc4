import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createContainer } from '../../../src/container.js';
import type { Database } from '../../../src/db/client.js';
import { APP_AJV_OPTIONS, registerLazyValidation } from '../../../src/http/lazy-validation.js';
import { strictValidatorCompiler } from '../../../src/http/strict-validation.js';

async function appWithRoute(schema: object, eager = false) {
  const app = Fastify();
  registerLazyValidation(app, { eager });
  app.post('/', { schema }, async (request) => ({ body: request.body, query: request.query }));
  const strict = { body: { type: 'object', properties: { count: { type: 'integer' } } } };
  app.post('/strict', { schema: strict, validatorCompiler: strictValidatorCompiler }, async (request) => ({ body: request.body }));
  await app.ready();
  return app;
}

describe('lazy request validation', () => {
  // Builds the whole app and compiles ~250 routes' schemas: seconds on a busy machine.
  it('every route schema of the app compiles (as Fastify compiled them at ready before)', { timeout: 60_000 }, async () => {
    const unused = new Proxy({}, { get: () => { throw new Error('no database here'); } });
    const database = { db: unused, kind: 'pglite', withAdvisoryLock: unused, close: async () => undefined } as unknown as Database;
    const app = await buildApp({ container: createContainer({ config: loadConfig({}), database }), eagerValidation: true });
    await expect(app.ready()).resolves.toBeDefined();
    await app.close();
  });

  it('the app-wide Ajv has the options Fastify gave its own (its defaults under the app options)', () => {
    // Fastify's default compiler, from where Fastify loads it.
    const require = createRequire(createRequire(import.meta.url).resolve('fastify'));
    const FastifyValidatorCompiler = require('@fastify/ajv-compiler/lib/validator-compiler') as new (s: object, o: object) => { ajv: Ajv };
    const custom = { allErrors: true, coerceTypes: 'array', removeAdditional: false, allowUnionTypes: true };
    const theirs = new FastifyValidatorCompiler({}, { customOptions: custom }).ajv.opts;
    const ours = new Ajv(APP_AJV_OPTIONS).opts;
    const comparable = (opts: object) => Object.fromEntries(Object.entries(opts).filter(([key]) => !['uriResolver', 'code'].includes(key)));
    expect(comparable(ours)).toEqual(comparable(theirs));
  });

  it('a schema compiles on its route first request, not at ready', async () => {
    const broken = { body: { type: 'object', properties: { a: { type: 'no-such-type' } } } };
    const app = await appWithRoute(broken); // ready: nothing compiled
    expect((await app.inject({ method: 'POST', url: '/', payload: {} })).statusCode).toBe(500);
    await expect(appWithRoute(broken, true)).rejects.toThrow(/no-such-type|must be equal to one of the allowed values/);
  });

  it('answers exactly as the eagerly compiled validator does: coercion (also of a root value), defaults, errors', async () => {
    const schema = {
      querystring: { type: 'object', properties: { n: { type: 'array', items: { type: 'integer' } }, d: { type: 'string', default: 'x' } } },
      body: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, count: { type: 'integer' }, at: { type: 'string', format: 'date-time' } } },
    };
    const requests = [
      { url: '/?n=1', payload: { name: 'a', count: '2' } },
      { url: '/', payload: { count: 'x', at: 'yesterday' } },
      { url: '/?n=z', payload: { name: 1 } },
      { url: '/strict', payload: { count: '2' } },
      { url: '/strict', payload: { count: 2 } },
    ];
    const lazy = await appWithRoute(schema);
    const eager = await appWithRoute(schema, true);
    for (const request of requests) {
      for (let n = 0; n < 2; n++) {
        const [a, b] = await Promise.all([lazy, eager].map((app) => app.inject({ method: 'POST', ...request })));
        expect([a!.statusCode, a!.body]).toEqual([b!.statusCode, b!.body]);
      }
    }
    expect((await lazy.inject({ method: 'POST', url: '/?n=1', payload: { name: 'a', count: '2' } })).json()).toEqual({ body: { name: 'a', count: 2 }, query: { n: [1], d: 'x' } });

    const root = await appWithRoute({ body: { type: 'integer' } });
    const coerced = await root.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '"5"' });
    expect(coerced.json()).toEqual({ body: 5, query: {} });
  });
});
