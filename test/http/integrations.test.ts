import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBody } from '../support/pacts.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

describe('GET /integrations', () => {
  it('lists each consumer/provider pair once, sorted, and drops a pair whose last pact is deleted', async () => {
    for (const [consumer, provider, version] of [
      ['Web', 'Orders', '1'],
      ['Web', 'Orders', '2'],
      ['app', 'Orders', '1'],
      ['Web', 'Users', '1'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/contracts/publish', payload: publishBody({ consumer, provider, version, interactions: [version] }) });
      expect(res.statusCode).toBe(200);
    }
    const list = (await t.app.inject({ url: '/integrations' })).json();
    expect(list._embedded.integrations.map((i: { consumer: { name: string }; provider: { name: string } }) => `${i.consumer.name}->${i.provider.name}`)).toEqual([
      'app->Orders',
      'Web->Orders',
      'Web->Users',
    ]);
    expect(list._embedded.integrations[1]._links['pb:latest-pact'].href).toBe('http://localhost:80/pacts/provider/Orders/consumer/Web/latest');

    expect((await t.app.inject({ method: 'DELETE', url: '/pacts/provider/Users/consumer/Web/version/1' })).statusCode).toBe(200);
    const after = (await t.app.inject({ url: '/integrations' })).json();
    expect(after._embedded.integrations).toHaveLength(2);
  });
});
