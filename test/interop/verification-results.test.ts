// The official verifier (`pact verifier` from @pact-foundation/pact-cli) publishing results to a listening Treaty:
// it fetches the pact, puts the provider version on its branch and tags through the provider's links, and POSTs the
// result to the pact's pb:publish-verification-results link. The stored results are then read back over HTTP.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodePactMetadata } from '../../src/pacts/pact-metadata.js';
import { publishBody } from '../support/pacts.js';
import { PACT_BIN, startBroker, type PactRun, type RunningBroker } from './broker.js';

let broker: RunningBroker;
let provider: Server;
let providerPort: number;
/** What the provider answers for GET /things/{i}: the pact expects `{ id: i }`. */
let providerBody: (i: number) => unknown = (i) => ({ id: i });

beforeAll(async () => {
  broker = await startBroker();
  provider = createServer((req, res) => {
    const match = /^\/things\/(\d+)$/.exec(req.url ?? '');
    if (req.method !== 'GET' || !match) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(providerBody(Number(match[1]))));
  });
  await new Promise<void>((done) => provider.listen(0, '127.0.0.1', done));
  providerPort = (provider.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((done) => provider?.close(done));
  await broker?.close();
});
beforeEach(async () => {
  await broker.testApp.reset();
  providerBody = (i) => ({ id: i });
});

/** Runs `pact verifier` against the broker and the local provider; retries off so a 5xx from Treaty shows at once. */
function verifier(args: string[]): Promise<PactRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_BROKER_HTTP_RETRIES: '0', NO_COLOR: '1' };
  for (const name of ['PACT_BROKER_BASE_URL', 'PACT_BROKER_TOKEN', 'PACT_BROKER_USERNAME', 'PACT_BROKER_PASSWORD']) delete env[name];
  const all = ['verifier', '--broker-url', broker.baseUrl, '--hostname', '127.0.0.1', '--port', String(providerPort), '--provider-name', 'Bar', '--loglevel', 'warn', ...args];
  return new Promise((done, fail) => {
    execFile(PACT_BIN, all, { env, timeout: 90_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return fail(error);
      done({ code: error ? (error.code as number) : 0, stdout, stderr, output: `${stdout}${stderr}` });
    });
  });
}

async function publishPact(version: string) {
  const res = await broker.post('/contracts/publish', publishBody({ consumer: 'Foo', provider: 'Bar', version, interactions: ['get thing 0', 'get thing 1'] }));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const pact = await broker.get(`/pacts/provider/Bar/consumer/Foo/version/${version}`);
  expect(pact.status).toBe(200);
  return pact.body;
}

const publishFlags = (version: string) => ['--publish', '--provider-version', version, '--provider-branch', 'feat/y', '--provider-tags', 'dev,ci'];

describe('pact verifier --publish', () => {
  it('publishes a successful result with the provider branch and tags (latest pacts of the provider)', async () => {
    const pact = await publishPact('1');
    const run = await verifier(publishFlags('100'));
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toMatch(/Publishing of verification results failed/);

    const latest = await broker.get(new URL(pact._links['pb:latest-verification-results'].href).pathname);
    expect(latest.status, JSON.stringify(latest.body)).toBe(200);
    expect(latest.body).toMatchObject({ providerName: 'Bar', providerApplicationVersion: '100', success: true, verifiedBy: { implementation: 'Pact-Rust' } });
    // The verifier reports each interaction by the _id Treaty stored in the pact.
    const ids = pact.interactions.map((i: { _id: string }) => i._id).sort();
    expect(latest.body.testResults.map((r: { interactionId: string }) => r.interactionId).sort()).toEqual(ids);

    const version = await broker.get('/pacticipants/Bar/versions/100');
    expect(version.body._embedded.branchVersions.map((b: { name: string }) => b.name)).toEqual(['feat/y']);
    expect(version.body._embedded.tags.map((t: { name: string }) => t.name).sort()).toEqual(['ci', 'dev']);

    const summary = await broker.get('/verification-results/consumer/Foo/version/1/latest');
    expect(summary.body).toMatchObject({ success: true, providerSummary: { successful: ['Bar'], failed: [], unknown: [] } });
  });

  it('publishes a failing result with its mismatches through a metadata URL (the webhook flow), recording the flags', async () => {
    const pact = await publishPact('2');
    const sha = pact._links['pb:pact-version'].name;
    const metadata = encodePactMetadata({ s: [{ cv: '2', b: 'main', l: true }], p: true });
    const url = `${broker.baseUrl}/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/${metadata}`;
    providerBody = (i) => ({ id: i + 100 });
    const run = await verifier(['--webhook-callback-url', url, ...publishFlags('101')]);
    expect(run.code, run.output).not.toBe(0);
    expect(run.output).not.toMatch(/Publishing of verification results failed/);

    const list = await broker.get(`/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results`);
    expect(list.body._embedded.verificationResults).toHaveLength(1);
    const [published] = list.body._embedded.verificationResults;
    expect(published).toMatchObject({ providerApplicationVersion: '101', success: false, wip: false, pending: true });
    expect(published.testResults.some((r: { success: boolean; mismatches?: unknown[] }) => !r.success && r.mismatches?.length)).toBe(true);
    const stored = await broker.testApp.container.services.verifications.latestForPactVersion('Bar', 'Foo', sha);
    expect(stored.consumerVersionSelectors).toEqual([{ cv: '2', b: 'main', l: true }]);
  });
});
