// Treaty's own contract test: the treaty CLI is a consumer of Treaty's HTTP API. Its commands run in-process (the
// CLI's own main()) against the pact-js mock server, which writes the pact "treaty-cli" → "treaty"; the pact is then
// published to a Treaty broker with `treaty publish`, verified by the pact-js Verifier against the real Treaty app
// (provider states set up through the container's services), the results published, and `treaty can-i-deploy` asked.
// A consumer expectation the API does not meet fails verification and then can-i-deploy.
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV3, Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/program.js';
import type { Services } from '../../src/container.js';
import type { PactDocument } from '../../src/pacts/pact-content.js';
import { pactDocument } from '../support/pacts.js';
import { seg, startBroker, type RunningBroker } from './broker.js';
import { treaty, type TreatyRun } from './treaty-cli.js';

const { boolean, eachLike, like, regex, string, url2 } = MatchersV3;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const CONSUMER = 'treaty-cli';
const PROVIDER = 'treaty';
// The data the CLI's commands ask about in the interactions (an environment Treaty does not create by itself, so that
// the state can give it a known uuid: the CLI learns uuids only from the links it follows).
const ENVIRONMENT = { name: 'staging', uuid: '4b5c6d7e-8f90-4a1b-9c2d-3e4f5a6b7c8d' };
const WEB = { pacticipant: 'web', version: '1.0.0', branch: 'main', provider: 'orders' };
const VERIFIED = { consumer: 'web', consumerVersion: '1.0.0', provider: 'orders', providerVersion: '5.0.0', environment: ENVIRONMENT.name, environmentUuid: ENVIRONMENT.uuid };
// The pipeline's own versions (what can-i-deploy is asked about at the end).
const CLI_VERSION = 'c11a0001';
const CLI_BREAKING_VERSION = 'c11a0002';
const TREATY_VERSION = 't7ea0001';
const PIPELINE_ENVIRONMENT = 'qa';

let provider: RunningBroker;
let broker: RunningBroker;
let pactDir: string;
let examplePactDir: string;
const savedRetries = process.env.TREATY_HTTP_RETRIES;

beforeAll(async () => {
  // The system under test and the broker that records its contracts are two Treaty apps with their own databases.
  provider = await startBroker();
  broker = await startBroker();
  pactDir = await mkdtemp(join(tmpdir(), 'treaty-cli-pact-'));
  examplePactDir = await mkdtemp(join(tmpdir(), 'treaty-cli-example-'));
  await writeFile(join(examplePactDir, 'web-orders.json'), JSON.stringify(pactDocument({ consumer: 'web', provider: 'orders' })));
  process.env.TREATY_HTTP_RETRIES = '0';
});
afterAll(async () => {
  if (savedRetries === undefined) delete process.env.TREATY_HTTP_RETRIES;
  else process.env.TREATY_HTTP_RETRIES = savedRetries;
  await provider?.close();
  await broker?.close();
  for (const dir of [pactDir, examplePactDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

/** The CLI's main() in this process, its stdout and stderr captured; the exit code is returned, never left set. */
async function cli(args: string[]): Promise<TreatyRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => err.push(String(chunk)) > 0);
  try {
    const code = await main(['node', 'treaty', ...args]);
    return { code, stdout: out.join(''), stderr: err.join(''), output: `${out.join('')}${err.join('')}` };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
}

// Each mock server on a port no earlier one had: the CLI's fetch keeps connections alive, and a socket to a previous
// mock server (still draining) on a reused port would be sent this test's requests.
const usedPorts = new Set<number>();
async function unusedPort(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    if (!usedPorts.has(port)) {
      usedPorts.add(port);
      return port;
    }
  }
}
const pactFor = async () =>
  new PactV3({ consumer: CONSUMER, provider: PROVIDER, dir: pactDir, host: '127.0.0.1', port: await unusedPort(), logLevel: 'error' });
const JSON_HEADERS = { 'Content-Type': like('application/hal+json; charset=utf-8') };

describe('consumer: the treaty CLI against the pact mock server', () => {
  it('publish: POST /contracts/publish with each pact base64-encoded; the notices are printed', async () => {
    const content = Buffer.from(JSON.stringify(pactDocument({ consumer: 'web', provider: 'orders' }))).toString('base64');
    const pact = await pactFor();
    pact
      .uponReceiving('a publication of the pacts of a consumer version')
      .withRequest({
        method: 'POST',
        path: '/contracts/publish',
        headers: { 'Content-Type': 'application/json' },
        body: {
          pacticipantName: 'web',
          pacticipantVersionNumber: like('2.0.0'),
          branch: like('feat-x'),
          contracts: eachLike({ consumerName: 'web', providerName: 'orders', specification: 'pact', contentType: 'application/json', content, onConflict: 'overwrite' }),
        },
      })
      .willRespondWith({ status: 200, headers: JSON_HEADERS, body: { notices: eachLike({ type: string('success'), text: string('Created web version 2.0.0') }) } });
    await pact.executeTest(async (server) => {
      const run = await cli(['publish', examplePactDir, '-a', '2.0.0', '--branch', 'feat-x', '-b', server.url]);
      expect(run.code, run.output).toBe(0);
      expect(run.stdout).toContain('Published 1 pact of web version 2.0.0 (branch feat-x):');
      expect(run.stdout).toContain('Created web version 2.0.0');
    });
  });

  it('can-i-deploy: GET /matrix for a version and an environment; deployable true exits 0', async () => {
    const pact = await pactFor();
    pact
      .given('a consumer version is verified by a provider version deployed to an environment', VERIFIED)
      .uponReceiving('a matrix query for a version to an environment')
      .withRequest({
        method: 'GET',
        path: '/matrix',
        query: { 'q[][pacticipant]': 'web', 'q[][version]': '1.0.0', latestby: 'cvpv', environment: ENVIRONMENT.name },
      })
      .willRespondWith({
        status: 200,
        headers: JSON_HEADERS,
        body: {
          summary: { deployable: true, reason: string('All required verification results are published and successful') },
          matrix: eachLike({
            consumer: { name: 'web', version: { number: '1.0.0' } },
            provider: { name: 'orders', version: { number: '5.0.0' } },
            verificationResult: { success: true },
          }),
        },
      });
    await pact.executeTest(async (server) => {
      const run = await cli(['can-i-deploy', '-a', 'web', '-e', '1.0.0', '--to-environment', ENVIRONMENT.name, '-b', server.url]);
      expect(run.code, run.output).toBe(0);
      expect(run.stdout).toMatch(/web\s+1\.0\.0\s+orders\s+5\.0\.0\s+success/);
    });
  });

  it('list-environments: GET /environments, named and with their uuids', async () => {
    const pact = await pactFor();
    pact
      .given('an environment exists', ENVIRONMENT)
      .uponReceiving('a request for the environments')
      .withRequest({ method: 'GET', path: '/environments' })
      .willRespondWith({
        status: 200,
        headers: JSON_HEADERS,
        body: { _embedded: { environments: eachLike({ uuid: ENVIRONMENT.uuid, name: ENVIRONMENT.name, displayName: 'Staging', production: boolean(false) }) } },
      });
    await pact.executeTest(async (server) => {
      const run = await cli(['list-environments', '-b', server.url]);
      expect(run.code, run.output).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`staging\\s+Staging\\s+no\\s+${ENVIRONMENT.uuid}`));
    });
  });

  it('describe-version and record-deployment: GET the version, then POST to its pb:record-deployment link', async () => {
    const pact = await pactFor();
    const versionPath = `/pacticipants/${seg(WEB.pacticipant)}/versions/${seg(WEB.version)}`;
    const recordPath = `${versionPath}/deployed-versions/environment/${ENVIRONMENT.uuid}`;
    pact
      .given('an environment exists', ENVIRONMENT)
      .given('a pacticipant version exists on a branch', WEB)
      .uponReceiving('a request for a version')
      .withRequest({ method: 'GET', path: versionPath })
      .willRespondWith({
        status: 200,
        headers: JSON_HEADERS,
        body: {
          number: WEB.version,
          createdAt: string('2026-01-01T00:00:00.000Z'),
          _embedded: { branchVersions: eachLike({ name: WEB.branch }) },
          _links: {
            'pb:record-deployment': eachLike({
              name: ENVIRONMENT.name,
              href: url2(null, ['pacticipants', WEB.pacticipant, 'versions', WEB.version, 'deployed-versions', 'environment', regex(UUID, ENVIRONMENT.uuid)]),
            }),
          },
        },
      });
    pact
      .given('an environment exists', ENVIRONMENT)
      .given('a pacticipant version exists on a branch', WEB)
      .uponReceiving('a deployment record of a version to an environment')
      .withRequest({ method: 'POST', path: recordPath, headers: { 'Content-Type': 'application/json' }, body: {} })
      .willRespondWith({ status: 201, headers: JSON_HEADERS, body: { currentlyDeployed: true } });
    await pact.executeTest(async (server) => {
      const described = await cli(['describe-version', '-a', 'web', '-e', '1.0.0', '-b', server.url]);
      expect(described.code, described.output).toBe(0);
      expect(described.stdout).toMatch(/1\.0\.0\s+main\s+-/);
      const recorded = await cli(['record-deployment', '-a', 'web', '-e', '1.0.0', '--environment', ENVIRONMENT.name, '-b', server.url]);
      expect(recorded.code, recorded.output).toBe(0);
      expect(recorded.stdout).toContain('Recorded deployment of web version 1.0.0 to staging');
    });
  });

  it('wrote one pact with every interaction', async () => {
    const written = JSON.parse(await readFile(join(pactDir, `${CONSUMER}-${PROVIDER}.json`), 'utf8'));
    expect(written.interactions.map((i: { description: string }) => i.description).sort()).toEqual([
      'a deployment record of a version to an environment',
      'a matrix query for a version to an environment',
      'a publication of the pacts of a consumer version',
      'a request for a version',
      'a request for the environments',
    ]);
  });
});

/** Provider states, set up through Treaty's services; each is idempotent (several interactions share a state). */
function stateHandlers(services: Services) {
  async function ensureEnvironment(name: string, uuid: string) {
    const [existing] = await services.environments.list(name);
    return existing ?? (await services.environments.create({ name, uuid, production: false, displayName: 'Staging' }));
  }
  async function publishVersion(consumer: string, version: string, branch: string, providerName: string) {
    const document = pactDocument({ consumer, provider: providerName }) as unknown as PactDocument;
    const result = await services.pacts.publishContracts({
      pacticipantName: consumer,
      pacticipantVersionNumber: version,
      branch,
      tags: [],
      contracts: [{ consumerName: consumer, providerName, document, onConflict: 'overwrite' }],
    });
    return result.contracts[0]!.sha;
  }
  return {
    'an environment exists': async (p: any) => {
      await ensureEnvironment(p.name, p.uuid);
      return undefined;
    },
    'a pacticipant version exists on a branch': async (p: any) => {
      await publishVersion(p.pacticipant, p.version, p.branch, p.provider);
      return undefined;
    },
    'a consumer version is verified by a provider version deployed to an environment': async (p: any) => {
      const environment = await ensureEnvironment(p.environment, p.environmentUuid);
      const sha = await publishVersion(p.consumer, p.consumerVersion, 'main', p.provider);
      await services.verifications.publish({ providerName: p.provider, consumerName: p.consumer, sha, result: { success: true, providerApplicationVersion: p.providerVersion } });
      await services.deployments.recordDeployment({ pacticipantName: p.provider, versionNumber: p.providerVersion, environmentUuid: environment.uuid });
      return undefined;
    },
  };
}

/** The pact-js Verifier: the pacts of a treaty-cli branch fetched from the broker, the results published to it. */
async function verify(branch: string): Promise<void> {
  // A fresh store per run (environments stay, and the states recreate what they need).
  await provider.testApp.reset();
  await new Verifier({
    provider: PROVIDER,
    providerBaseUrl: provider.baseUrl,
    pactBrokerUrl: broker.baseUrl,
    consumerVersionSelectors: [{ consumer: CONSUMER, branch }],
    providerVersion: TREATY_VERSION,
    providerVersionBranch: 'main',
    publishVerificationResult: true,
    stateHandlers: stateHandlers(provider.testApp.container.services),
    logLevel: 'error',
  }).verifyProvider();
}

describe('provider: the pacts verified against the real Treaty, then can-i-deploy over them', () => {
  it('publishes the pact, verifies it, records treaty deployed, and can-i-deploy says yes for the CLI', async () => {
    const b = ['-b', broker.baseUrl];
    const published = await treaty(['publish', pactDir, '-a', CLI_VERSION, '--branch', 'main', ...b]);
    expect(published.code, published.output).toBe(0);

    await verify('main');

    const created = await treaty(['create-environment', '--name', PIPELINE_ENVIRONMENT, ...b]);
    expect(created.code, created.output).toBe(0);
    const recorded = await treaty(['record-deployment', '-a', PROVIDER, '-e', TREATY_VERSION, '--environment', PIPELINE_ENVIRONMENT, ...b]);
    expect(recorded.code, recorded.output).toBe(0);

    const canIDeploy = await treaty(['can-i-deploy', '-a', CONSUMER, '-e', CLI_VERSION, '--to-environment', PIPELINE_ENVIRONMENT, ...b]);
    expect(canIDeploy.code, canIDeploy.output).toBe(0);
    expect(canIDeploy.stdout).toMatch(new RegExp(`${CONSUMER}\\s+${CLI_VERSION}\\s+${PROVIDER}\\s+${TREATY_VERSION}\\s+success`));
  });

  it('a CLI expectation the API does not meet fails verification, and can-i-deploy then says no', async () => {
    // The CLI changed to need a field Treaty does not serve: every environment's `region`.
    const pact = JSON.parse(await readFile(join(pactDir, `${CONSUMER}-${PROVIDER}.json`), 'utf8'));
    const environments = pact.interactions.find((i: { description: string }) => i.description === 'a request for the environments');
    environments.response.body._embedded.environments[0].region = 'eu-west-1';
    const breakingDir = await mkdtemp(join(tmpdir(), 'treaty-cli-breaking-'));
    try {
      await writeFile(join(breakingDir, `${CONSUMER}-${PROVIDER}.json`), JSON.stringify(pact));
      const b = ['-b', broker.baseUrl];
      const published = await treaty(['publish', breakingDir, '-a', CLI_BREAKING_VERSION, '--branch', 'needs-region', ...b]);
      expect(published.code, published.output).toBe(0);
    } finally {
      await rm(breakingDir, { recursive: true, force: true });
    }

    await expect(verify('needs-region')).rejects.toBeDefined();

    const canIDeploy = await treaty(['can-i-deploy', '-a', CONSUMER, '-e', CLI_BREAKING_VERSION, '--to-environment', PIPELINE_ENVIRONMENT, '-b', broker.baseUrl]);
    expect(canIDeploy.code, canIDeploy.output).toBe(1);
    expect(canIDeploy.stdout).toMatch(new RegExp(`${CONSUMER}\\s+${CLI_BREAKING_VERSION}\\s+${PROVIDER}\\s+${TREATY_VERSION}\\s+failed`));
  });
});
