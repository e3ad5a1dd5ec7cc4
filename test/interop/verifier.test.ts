// Provider verification with the official clients: the Rust `pact verifier` (from @pact-foundation/pact-cli) and the
// pact-js `Verifier` fetch pacts from Treaty with mainBranch + deployedOrReleased selectors, pending and WIP, verify
// them against a small provider app started here, and publish the results; Treaty then shows those results.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactBroker, PACT_BIN, seg, startBroker, type RunningBroker } from './broker.js';
import { base64, pactDocument } from '../support/pacts.js';

const PROVIDER = 'orders';
let broker: RunningBroker;
let provider: Server;
let providerUrl: string;
/** The provider app's behaviour: 'ok' answers every `GET /things/{n}` as the pacts expect; 'broken' answers 500. */
let mode: 'ok' | 'broken' = 'ok';

beforeAll(async () => {
  broker = await startBroker();
  provider = createServer((req, res) => {
    const match = /^\/things\/(\d+)$/.exec(req.url ?? '');
    if (mode === 'broken' || !match || req.method !== 'GET') {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"broken"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: Number(match[1]) }));
  });
  await new Promise<void>((done) => provider.listen(0, '127.0.0.1', done));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => provider?.close(done));
  await broker?.close();
});

async function publish(consumer: string, version: string, branch: string, interactions: string[]) {
  const res = await broker.post('/contracts/publish', {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch,
    contracts: [
      {
        consumerName: consumer,
        providerName: PROVIDER,
        specification: 'pact',
        contentType: 'application/json',
        content: base64(pactDocument({ consumer, provider: PROVIDER, interactions })),
      },
    ],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** `pact verifier` exactly as the provider pipeline runs it. */
function runVerifier(providerVersion: string, extra: string[] = []): Promise<{ code: number; output: string }> {
  const url = new URL(providerUrl);
  const args = [
    'verifier',
    '--broker-url', broker.baseUrl,
    '--provider-name', PROVIDER,
    '--provider-version', providerVersion,
    '--provider-branch', 'main',
    '--publish',
    '--consumer-version-selectors', '{"mainBranch":true}',
    '--consumer-version-selectors', '{"deployedOrReleased":true}',
    '--enable-pending',
    '--include-wip-pacts-since', '2024-01-01',
    '--hostname', url.hostname,
    '--port', url.port,
    ...extra,
  ];
  return new Promise((done, fail) => {
    execFile(PACT_BIN, args, { env: { ...process.env, NO_COLOR: '1', PACT_DO_NOT_TRACK: 'true' }, timeout: 90_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return fail(error);
      done({ code: error ? (error.code as number) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** The verification results Treaty holds for a consumer version's pact with the provider (newest first). */
async function latestResult(consumer: string, version: string) {
  const pact = await broker.get(`/pacts/provider/${PROVIDER}/consumer/${seg(consumer)}/version/${seg(version)}`);
  expect(pact.status).toBe(200);
  const latest = await broker.get(new URL(pact.body._links['pb:latest-verification-results'].href).pathname);
  return latest;
}

async function forVerification(providerVersionBranch = 'main') {
  const res = await broker.post(`/pacts/provider/${PROVIDER}/for-verification`, {
    consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
    providerVersionBranch,
    includePendingStatus: true,
    includeWipPactsSince: '2024-01-01',
  });
  expect(res.status).toBe(200);
  return res.body._embedded.pacts.map((p: any) => ({
    name: p._links.self.name as string,
    pending: p.verificationProperties.pending as boolean,
    wip: Boolean(p.verificationProperties.wip),
  }));
}

describe('the Rust verifier (`pact verifier`) against Treaty', () => {
  it('verifies mainBranch, deployed and WIP pacts, treats pending failures as non-fatal, and publishes the results', async () => {
    // web: main head; mobile: an older content deployed to production plus a newer main head; web feat-x: WIP.
    await publish('web', 'w1', 'main', ['web things']);
    await publish('mobile', 'm1', 'main', ['mobile things']);
    const production = (await broker.get('/environments?name=production')).body._embedded.environments[0];
    const deployed = await broker.post(`/pacticipants/mobile/versions/m1/deployed-versions/environment/${production.uuid}`, {});
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    await publish('mobile', 'm2', 'main', ['mobile things', 'mobile more things']);
    await publish('web', 'w2', 'feat-x', ['web things', 'web feature']);

    expect(await forVerification()).toEqual([
      { name: `Pact between mobile (m1) and ${PROVIDER}`, pending: true, wip: false },
      { name: `Pact between mobile (m2) and ${PROVIDER}`, pending: true, wip: false },
      { name: `Pact between web (w1) and ${PROVIDER}`, pending: true, wip: false },
      { name: `Pact between web (w2) and ${PROVIDER}`, pending: true, wip: true },
    ]);

    // 1. The provider is broken, but every pact is pending: the build passes, failures are published.
    mode = 'broken';
    const failing = await runVerifier('p1');
    expect(failing.code, failing.output).toBe(0);
    expect(failing.output).toContain('pending');
    for (const [consumer, version] of [['web', 'w1'], ['mobile', 'm1'], ['mobile', 'm2'], ['web', 'w2']]) {
      const result = await latestResult(consumer!, version!);
      expect(result.status, `${consumer} ${version}`).toBe(200);
      expect(result.body).toMatchObject({ providerApplicationVersion: 'p1', success: false });
    }

    // 2. Fixed: everything verifies and is published; the provider version lands on its branch.
    mode = 'ok';
    const passing = await runVerifier('p2');
    expect(passing.code, passing.output).toBe(0);
    expect((await latestResult('web', 'w1')).body).toMatchObject({ providerApplicationVersion: 'p2', success: true });
    const p2 = await broker.get(`/pacticipants/${PROVIDER}/versions/p2`);
    expect(p2.body._embedded.branchVersions.map((b: { name: string }) => b.name)).toEqual(['main']);
    // Explicitly selected pacts are no longer pending for main; the WIP pact stays WIP (its success was a WIP one).
    expect(await forVerification()).toEqual([
      { name: `Pact between mobile (m1) and ${PROVIDER}`, pending: false, wip: false },
      { name: `Pact between mobile (m2) and ${PROVIDER}`, pending: false, wip: false },
      { name: `Pact between web (w1) and ${PROVIDER}`, pending: false, wip: false },
      { name: `Pact between web (w2) and ${PROVIDER}`, pending: true, wip: true },
    ]);

    // 3. Broken again: the pacts are no longer pending, so the build fails (the results are still published).
    mode = 'broken';
    const regression = await runVerifier('p3');
    expect(regression.code, regression.output).not.toBe(0);
    expect((await latestResult('web', 'w1')).body).toMatchObject({ providerApplicationVersion: 'p3', success: false });
    mode = 'ok';
  });
});

describe('the pact-js Verifier against Treaty', () => {
  const options = (providerVersion: string) => ({
    provider: PROVIDER,
    providerBaseUrl: providerUrl,
    pactBrokerUrl: broker.baseUrl,
    providerVersion,
    providerVersionBranch: 'main',
    publishVerificationResult: true,
    // Only web's pacts: mobile's were verified by main above, so a broken provider would fail on them.
    consumerVersionSelectors: [
      { mainBranch: true, consumer: 'web' },
      { deployedOrReleased: true, consumer: 'web' },
    ],
    enablePending: true,
    includeWipPactsSince: '2024-01-01',
    logLevel: 'error' as const,
  });

  it('passes for a pending failure, fails for a non-pending one, and its results land in Treaty', async () => {
    // A new consumer content on main: pending for main, so a failure does not fail the build.
    await publish('web', 'w3', 'main', ['web things', 'web new thing']);
    mode = 'broken';
    await expect(new Verifier(options('js1')).verifyProvider()).resolves.toBeDefined();
    expect((await latestResult('web', 'w3')).body).toMatchObject({ providerApplicationVersion: 'js1', success: false });

    mode = 'ok';
    await new Verifier(options('js2')).verifyProvider();
    expect((await latestResult('web', 'w3')).body).toMatchObject({ providerApplicationVersion: 'js2', success: true });

    mode = 'broken';
    await expect(new Verifier(options('js3')).verifyProvider()).rejects.toBeDefined();
    expect((await latestResult('web', 'w3')).body).toMatchObject({ providerApplicationVersion: 'js3', success: false });
    mode = 'ok';
  });

  it('describe-version shows the provider version the verifier created', async () => {
    const run = await pactBroker(broker.baseUrl, 'describe-version', ['--pacticipant', PROVIDER, '--version', 'js2']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('js2');
  });
});
