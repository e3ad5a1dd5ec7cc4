import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBody } from '../support/pacts.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

describe('publishing and reading back', () => {
  it('publishes a pact and serves it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/contracts/publish', payload: publishBody({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' }) });
    expect(res.statusCode).toBe(200);
    const pact = await t.app.inject({ method: 'GET', url: '/pacts/provider/Bar/consumer/Foo/latest' });
    expect(pact.statusCode).toBe(200);
    expect(pact.json()._links['pb:consumer-version'].name).toBe('1');
    expect(pact.headers['content-type']).toBe('application/hal+json;charset=utf-8');
  });
});
