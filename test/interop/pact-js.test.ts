// A real consumer test written with pact-js (PactV3 and PactV4, native pact_ffi mock server on 127.0.0.1), whose pact
// files are then published to Treaty with the official `pact broker publish` and read back over HTTP.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV3, PactV4 } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactBroker, seg, startBroker, type RunningBroker } from './broker.js';

const CONSUMER = 'Checkout Web';
const V3_PROVIDER = 'Orders API';
const V4_PROVIDER = 'Stock Service ✓';
const VERSION = '3f6a9c2e1b4d7f0a8c5e2b9d6f3a0c7e4b1d8f5a';

let broker: RunningBroker;
let pactDir: string;

beforeAll(async () => {
  broker = await startBroker();
  pactDir = await mkdtemp(join(tmpdir(), 'treaty-pactjs-'));
});
afterAll(async () => {
  await broker?.close();
  if (pactDir) await rm(pactDir, { recursive: true, force: true });
});

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  return { status: res.status, body: await res.json() };
}

// The three steps share pactDir and run in order (a file's tests run sequentially): two consumer tests, then publish.
describe('pact-js consumer tests publish to Treaty', () => {
  it('PactV3: the consumer test passes against the mock server and writes a pact file', async () => {
    const pact = new PactV3({ consumer: CONSUMER, provider: V3_PROVIDER, dir: pactDir, host: '127.0.0.1', logLevel: 'error' });
    pact
      .given('order 42 exists', { id: 42 })
      .uponReceiving('a request for order 42')
      .withRequest({ method: 'GET', path: '/orders/42', headers: { Accept: 'application/json' } })
      .willRespondWith({
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { id: MatchersV3.integer(42), status: MatchersV3.string('PAID'), lines: MatchersV3.eachLike({ sku: 'A-1', quantity: 2 }) },
      });
    pact
      .uponReceiving('a request to create an order')
      .withRequest({ method: 'POST', path: '/orders', headers: { 'Content-Type': 'application/json' }, body: { sku: 'A-1', quantity: 1 } })
      .willRespondWith({ status: 201, headers: { 'Content-Type': 'application/json' }, body: { id: MatchersV3.integer(43) } });

    await pact.executeTest(async (server) => {
      const order = await getJson(`${server.url}/orders/42`);
      expect(order.status).toBe(200);
      expect(order.body).toEqual({ id: 42, status: 'PAID', lines: [{ sku: 'A-1', quantity: 2 }] });
      const created = await fetch(`${server.url}/orders`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sku: 'A-1', quantity: 1 }),
      });
      expect(created.status).toBe(201);
      expect(await created.json()).toEqual({ id: 43 });
    });
  });

  it('PactV4: the consumer test passes against the mock server and writes a pact file', async () => {
    const pact = new PactV4({ consumer: CONSUMER, provider: V4_PROVIDER, dir: pactDir, host: '127.0.0.1', logLevel: 'error' });
    await pact
      .addInteraction()
      .given('sku A-1 is in stock')
      .uponReceiving('a stock level query')
      .withRequest('GET', '/stock/A-1', (b) => b.query({ warehouse: 'north' }).headers({ Accept: 'application/json' }))
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': 'application/json' }).jsonBody({ sku: 'A-1', available: MatchersV3.integer(7) }))
      .executeTest(async (server) => {
        const stock = await getJson(`${server.url}/stock/A-1?warehouse=north`);
        expect(stock.status).toBe(200);
        expect(stock.body).toEqual({ sku: 'A-1', available: 7 });
      });
  });

  it('publishes the written pact directory with `pact broker publish` and Treaty serves the same interactions back', async () => {
    const files = (await readdir(pactDir)).sort();
    expect(files).toEqual([`${CONSUMER}-${V3_PROVIDER}.json`, `${CONSUMER}-${V4_PROVIDER}.json`]);
    const written = {
      v3: JSON.parse(await readFile(join(pactDir, `${CONSUMER}-${V3_PROVIDER}.json`), 'utf8')),
      v4: JSON.parse(await readFile(join(pactDir, `${CONSUMER}-${V4_PROVIDER}.json`), 'utf8')),
    };
    expect(written.v3.metadata.pactSpecification.version).toBe('3.0.0');
    expect(written.v4.metadata.pactSpecification.version).toBe('4.0');

    const run = await pactBroker(broker.baseUrl, 'publish', [pactDir, '--consumer-app-version', VERSION, '--branch', 'main', '--tag', 'pact-js']);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(`Pact successfully published for ${CONSUMER} version ${VERSION} and provider ${V3_PROVIDER}.`);
    expect(run.stdout).toContain(`Pact successfully published for ${CONSUMER} version ${VERSION} and provider ${V4_PROVIDER}.`);

    // V3: both interactions, with provider states (and their params), bodies and matching rules intact.
    const v3 = await broker.get(`/pacts/provider/${seg(V3_PROVIDER)}/consumer/${seg(CONSUMER)}/version/${VERSION}`);
    expect(v3.status).toBe(200);
    expect(v3.body.consumer).toEqual({ name: CONSUMER });
    expect(v3.body.provider).toEqual({ name: V3_PROVIDER });
    expect(v3.body.metadata.pactSpecification.version).toBe('3.0.0');
    expect(v3.body.interactions).toHaveLength(2);
    const byDescription = (doc: any, d: string) => doc.interactions.find((i: { description: string }) => i.description === d);
    const get42 = byDescription(v3.body, 'a request for order 42');
    expect(get42.providerStates).toEqual([{ name: 'order 42 exists', params: { id: 42 } }]);
    expect(get42.request).toMatchObject({ method: 'GET', path: '/orders/42' });
    expect(get42.response.status).toBe(200);
    expect(get42.response.body).toEqual({ id: 42, status: 'PAID', lines: [{ sku: 'A-1', quantity: 2 }] });
    expect(get42.response.matchingRules.body['$.id']).toEqual({ combine: 'AND', matchers: [{ match: 'integer' }] });
    expect(get42.response.matchingRules.body['$.lines']).toEqual({ combine: 'AND', matchers: [{ match: 'type', min: 1 }] });
    const create = byDescription(v3.body, 'a request to create an order');
    expect(create.request).toMatchObject({ method: 'POST', path: '/orders', body: { sku: 'A-1', quantity: 1 } });
    expect(create.response.status).toBe(201);
    // Everything pact-js wrote is served back (Treaty only adds `_id`s, `createdAt` and `_links`).
    const strip = (doc: any) => doc.interactions.map(({ _id, ...rest }: { _id?: string }) => rest);
    expect(strip(v3.body)).toEqual(written.v3.interactions);

    // V4: the synchronous HTTP interaction in V4 format.
    const v4 = await broker.get(`/pacts/provider/${seg(V4_PROVIDER)}/consumer/${seg(CONSUMER)}/latest`);
    expect(v4.status).toBe(200);
    expect(v4.body._links['pb:consumer-version'].name).toBe(VERSION);
    expect(v4.body.metadata.pactSpecification.version).toBe('4.0');
    expect(v4.body.interactions).toHaveLength(1);
    const [stock] = v4.body.interactions;
    expect(stock).toMatchObject({
      type: 'Synchronous/HTTP',
      description: 'a stock level query',
      providerStates: [{ name: 'sku A-1 is in stock' }],
      request: { method: 'GET', path: '/stock/A-1', query: { warehouse: ['north'] } },
      response: { status: 200 },
    });
    expect(stock.response.body.content).toEqual({ sku: 'A-1', available: 7 });
    expect(strip(v4.body)).toEqual(written.v4.interactions);

    // The version carries the branch and tag given to the CLI; both integrations are listed as latest pacts.
    const version = await broker.get(`/pacticipants/${seg(CONSUMER)}/versions/${VERSION}`);
    expect(version.body._embedded.branchVersions.map((b: { name: string }) => b.name)).toEqual(['main']);
    expect(version.body._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['pact-js']);
    const latest = await broker.get('/pacts/latest');
    expect(latest.body.pacts.map((p: any) => p._embedded.provider.name).sort()).toEqual([V3_PROVIDER, V4_PROVIDER].sort());
  });
});
