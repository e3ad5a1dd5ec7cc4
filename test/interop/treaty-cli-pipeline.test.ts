// The treaty CLI as a pipeline runs it, against a Treaty listening on a free port: a consumer pipeline (publish,
// can-i-deploy while the provider has not verified, then yes, record-deployment) and every other pipeline command,
// with outputs, exit codes (0 yes, 1 no/refused, 2 unknown, 3 usage/connection/input) and the failure paths. The
// commands run in order and build on each other's data, to keep the number of processes low.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactDocument } from '../support/pacts.js';
import { seg, startBroker, type RunningBroker } from './broker.js';
import { normalise, oneLineError, treaty, type TreatyRun } from './treaty-cli.js';

let broker: RunningBroker;
let dir: string;

beforeAll(async () => {
  broker = await startBroker();
  dir = await mkdtemp(join(tmpdir(), 'treaty-cli-pipeline-'));
});
afterAll(async () => {
  await broker?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) => treaty([...args, '-b', broker.baseUrl]);

function expectExit(run: TreatyRun, code: number): void {
  expect(run.code, `exit ${run.code}\n${run.output}`).toBe(code);
}

/** Publishes a verification result through the pact's pb:publish-verification-results link, as a verifier does. */
async function verify(provider: string, providerVersion: string, consumerVersion: string, success: boolean): Promise<void> {
  const pact = await broker.get(`/pacts/provider/${seg(provider)}/consumer/web/version/${seg(consumerVersion)}`);
  expect(pact.status, JSON.stringify(pact.body)).toBe(200);
  const res = await broker.post(new URL(pact.body._links['pb:publish-verification-results'].href).pathname, {
    success,
    providerApplicationVersion: providerVersion,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function writePacts(name: string, version: string, providers: string[]): Promise<string> {
  const pacts = join(dir, name);
  await mkdir(pacts, { recursive: true });
  for (const provider of providers) {
    const doc = pactDocument({ consumer: 'web', provider, interactions: [`web ${version} asks ${provider}`] });
    await writeFile(join(pacts, `web-${provider}.json`), JSON.stringify(doc, null, 2));
  }
  return pacts;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('a consumer pipeline: publish, can-i-deploy, record-deployment', () => {
  it('publish reads the version and branch from the CI variables and says so', async () => {
    const pacts = await writePacts('v1', '1a2b3c', ['orders', 'stock']);
    const run = await treaty(['publish', pacts, '-b', broker.baseUrl], { env: { GITHUB_SHA: '1a2b3c', GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'main' } });
    expectExit(run, 0);
    expect(run.stderr).toContain('Detected version 1a2b3c (from GITHUB_SHA), branch main (from GITHUB_REF_NAME)');
    expect(run.stdout).toContain('Published 2 pacts of web version 1a2b3c (branch main):');
    expect(run.stdout).toContain('Pact successfully published for web version 1a2b3c and provider orders.');
  });

  it('providers are deployed: create-or-update-version and record-deployment', async () => {
    for (const [provider, version] of [['orders', '7'], ['stock', '3']] as const) {
      expectExit(await cli('create-or-update-version', '-a', provider, '-e', version, '--branch', 'main'), 0);
      const deployed = await cli('record-deployment', '--pacticipant', provider, '--version', version, '--environment', 'production');
      expectExit(deployed, 0);
      expect(deployed.stdout).toBe(`Recorded deployment of ${provider} version ${version} to production\n`);
    }
    await verify('orders', '7', '1a2b3c', true);
  });

  it('can-i-deploy while stock has not verified: a line per retry, exit 2, and why with the next step', async () => {
    const run = await cli('can-i-deploy', '-a', 'web', '-e', '1a2b3c', '--to-environment', 'production', '--retry-while-unknown', '2', '--retry-interval', '0');
    expectExit(run, 2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'still unknown: stock has not verified web 1a2b3c; retry 1/2 in 0 s',
      'still unknown: stock has not verified web 1a2b3c; retry 2/2 in 0 s',
    ]);
    expect(run.stdout).toMatch(/^CONSUMER +C\.VERSION +PROVIDER +P\.VERSION +RESULT +REASON$/m);
    expect(run.stdout).toMatch(/^web +1a2b3c +orders +7 +success +verified$/m);
    expect(run.stdout).toMatch(/^web +1a2b3c +stock +- +unknown +not verified/m);
    expect(run.stdout).toContain('Why:\n  - There is no verified pact between version 1a2b3c of web and');
    expect(run.stdout).toContain('Next steps:\n  - stock has not verified');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('Still unknown after 3 attempts: can-i-deploy web 1a2b3c to production');

    const markdown = await cli('can-i-deploy', '-a', 'web', '-e', '1a2b3c', '--to-environment', 'production', '-o', 'markdown');
    expectExit(markdown, 2);
    expect(normalise(markdown.stdout, broker.baseUrl)).toMatchSnapshot('can-i-deploy unknown, markdown');
  });

  it('can-i-deploy once stock has verified: yes (exit 0), json is the broker answer plus the decision', async () => {
    await verify('stock', '3', '1a2b3c', true);
    const text = await cli('can-i-deploy', '--pacticipant', 'web', '--version', '1a2b3c', '--to-environment', 'production');
    expectExit(text, 0);
    expect(text.stdout.trim().split('\n').at(-1)).toBe('Computer says yes \\o/ can-i-deploy web 1a2b3c to production');

    const json = await cli('can-i-deploy', '-a', 'web', '-e', '1a2b3c', '-a', 'orders', '-e', '7', '--to-environment', 'production', '-o', 'json');
    expectExit(json, 0);
    const body = JSON.parse(json.stdout);
    expect(body.decision).toEqual({ answer: 'yes', exitCode: 0, attempts: 1 });
    expect(body.summary.deployable).toBe(true);
    expect(normalise(json.stdout, broker.baseUrl)).toMatchSnapshot('can-i-deploy yes, json');

    expectExit(await cli('record-deployment', '-a', 'web', '-e', '1a2b3c', '--environment', 'production', '--application-instance', 'blue'), 0);
  });

  it('a failed verification: no (exit 1) with the reason and the next step; --dry-run exits 0', async () => {
    const pacts = await writePacts('v2', '2b3c4d', ['orders']);
    expectExit(await cli('publish', pacts, '--consumer-app-version', '2b3c4d', '--branch', 'feat/x', '-t', 'rc', '-g'), 0);
    await verify('orders', '7', '2b3c4d', false);
    const run = await cli('can-i-deploy', '-a', 'web', '-e', '2b3c4d', '--to-environment', 'production');
    expectExit(run, 1);
    expect(run.stdout).toMatch(/^web +2b3c4d +orders +7 +failed +verification failed$/m);
    expect(run.stdout).toContain('Why:\n  - The verification for the pact between version 2b3c4d of web and');
    expect(run.stdout).toContain('Next steps:\n  - orders version 7 failed to verify');
    expect(run.stdout).toContain('Computer says no: can-i-deploy web 2b3c4d to production');
    expectExit(await cli('can-i-deploy', '-a', 'web', '-e', '2b3c4d', '--to-environment', 'production', '--dry-run'), 0);

    const merge = await cli('can-i-merge', '-a', 'web', '-e', '2b3c4d', '-o', 'json');
    expect(JSON.parse(merge.stdout).decision.exitCode).toBe(merge.code);
  });
});

describe('the other pipeline commands', () => {
  it('record-undeployment, then again: not deployed is a refusal (exit 1)', async () => {
    const run = await cli('record-undeployment', '-a', 'web', '--environment', 'production', '--application-instance', 'blue');
    expectExit(run, 0);
    expect(run.stdout).toBe('Recorded undeployment of web version 1a2b3c from production (application instance blue)\n');
    const again = await cli('record-undeployment', '-a', 'web', '--environment', 'production', '--application-instance', 'blue');
    expectExit(again, 1);
    expect(oneLineError(again)).toBe('error: web is not currently deployed to production (application instance blue)');
  });

  it('record-release and record-support-ended', async () => {
    const released = await cli('record-release', '-a', 'web', '-e', '1a2b3c', '--environment', 'test');
    expectExit(released, 0);
    expect(released.stdout).toBe('Recorded release of web version 1a2b3c to test\n');
    const ended = await cli('record-support-ended', '-a', 'web', '-e', '1a2b3c', '--environment', 'test', '-o', 'json');
    expectExit(ended, 0);
    expect(JSON.parse(ended.stdout)).toMatchObject({ currentlySupported: false });
  });

  it('create-environment, a duplicate (exit 1 with the broker error), list-environments', async () => {
    const created = await cli('create-environment', '--name', 'staging', '--display-name', 'Staging', '--contact-name', 'Team A');
    expectExit(created, 0);
    expect(created.stdout).toMatch(/^Created environment staging with uuid [0-9a-f-]{36}\n$/);
    const duplicate = await cli('create-environment', '--name', 'staging');
    expectExit(duplicate, 1);
    expect(oneLineError(duplicate)).toMatch(/^error: The broker refused POST \/environments \(\d+\): name: /);
    const list = await cli('list-environments');
    expectExit(list, 0);
    expect(list.stdout).toMatch(/^staging +Staging +no +[0-9a-f-]{36}$/m);
    expect(list.stdout).toMatch(/^production +\S.* +yes +[0-9a-f-]{36}$/m);
    const md = await cli('list-environments', '-o', 'markdown');
    expect(md.stdout).toContain('| Name | Display name | Production | UUID |');
  });

  it('describe-version, create-version-tag, and the not-found refusals', async () => {
    expectExit(await cli('create-version-tag', '-a', 'web', '-e', '1a2b3c', '-t', 'reviewed,shipped'), 0);
    const described = await cli('describe-version', '-a', 'web', '-e', '1a2b3c');
    expectExit(described, 0);
    expect(described.stdout).toMatch(/^1a2b3c +main +reviewed, shipped +/m);
    const latest = await cli('describe-version', '-a', 'web', '-o', 'json');
    expect(JSON.parse(latest.stdout).number).toBe('2b3c4d');
    expect(JSON.parse(latest.stdout)._embedded.tags.map((t: { name: string }) => t.name).sort()).toEqual(['feat/x', 'rc']);

    const missingTag = await cli('create-version-tag', '-a', 'web', '-e', 'nope', '-t', 'x');
    expectExit(missingTag, 1);
    expect(oneLineError(missingTag)).toBe('error: Version nope of web does not exist: publish it first, or pass --auto-create-version');
    const missingDeploy = await cli('record-deployment', '-a', 'web', '-e', 'nope', '--environment', 'production');
    expectExit(missingDeploy, 1);
    expect(oneLineError(missingDeploy)).toContain('Version nope of web does not exist in the broker');
    const missingEnv = await cli('record-deployment', '-a', 'web', '-e', '1a2b3c', '--environment', 'moon');
    expectExit(missingEnv, 1);
    expect(oneLineError(missingEnv)).toBe('error: Environment moon does not exist: create it with treaty create-environment --name moon');
    const unknownPacticipant = await cli('can-i-deploy', '-a', 'nobody', '-e', '1', '--to-environment', 'production');
    expectExit(unknownPacticipant, 1);
    expect(oneLineError(unknownPacticipant)).toMatch(/^error: The broker refused GET \/matrix \(400\): .*nobody/);
  });

  it('create-webhook with the official flags; no event is a usage error (exit 3)', async () => {
    const run = await cli(
      'create-webhook', 'https://ci.example/build', '-X', 'POST', '-H', 'Content-Type: application/json',
      '-d', '{"pact":"${pactbroker.pactUrl}"}', '--user', 'ci:s3cret', '--provider', 'orders',
      '--contract-requiring-verification-published', '--description', 'Verify changed pacts', '-o', 'json',
    );
    expectExit(run, 0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      description: 'Verify changed pacts',
      provider: { name: 'orders' },
      events: [{ name: 'contract_requiring_verification_published' }],
    });
    expect(run.output).not.toContain('s3cret');
    // The README's "Pipelines" webhook: a repository_dispatch when a contract changes, ${pactbroker.*} kept as written.
    const changed = await cli(
      'create-webhook', 'https://ci.example/repos/acme/orders/dispatches', '-X', 'POST', '-H', 'Accept: application/vnd.github+json',
      '-d', '{"event_type":"contract_content_changed","client_payload":{"pact_url":"${pactbroker.pactUrl}"}}',
      '--provider', 'orders', '--contract-content-changed', '--description', 'orders: verify changed pacts', '-o', 'json',
    );
    expectExit(changed, 0);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      events: [{ name: 'contract_content_changed' }],
      request: { headers: { accept: 'application/vnd.github+json' }, body: { client_payload: { pact_url: '${pactbroker.pactUrl}' } } },
    });
    const noEvent = await cli('create-webhook', 'https://ci.example/build');
    expectExit(noEvent, 3);
    expect(oneLineError(noEvent)).toBe('error: Name at least one event, e.g. --contract-requiring-verification-published');
  });
});

describe('failure paths', () => {
  it('bad pact file, empty directory, missing path: exit 3, one line', async () => {
    const bad = join(dir, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'web-orders.json'), '{ not json');
    const badRun = await cli('publish', bad, '-a', '9');
    expectExit(badRun, 3);
    expect(oneLineError(badRun)).toMatch(/^error: .*web-orders\.json is not valid JSON/);
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const emptyRun = await cli('publish', empty, '-a', '9');
    expectExit(emptyRun, 3);
    expect(oneLineError(emptyRun)).toBe(`error: No pact files (*.json) in ${empty}`);
  });

  it('a broker that is down: exit 3 after the retries, one line naming it', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await treaty(['list-environments', '-b', url], { env: { TREATY_HTTP_RETRIES: '1' } });
    expectExit(run, 3);
    expect(oneLineError(run)).toBe(`error: Cannot reach the broker at ${url} (ECONNREFUSED) after 2 attempts`);
  });

  it('usage errors exit 3: no broker URL, an unknown option, a bad number', async () => {
    const noUrl = await treaty(['list-environments']);
    expectExit(noUrl, 3);
    expect(oneLineError(noUrl)).toBe('error: No broker URL: pass --broker-base-url (-b) or set TREATY_BROKER_URL (or PACT_BROKER_BASE_URL)');
    expectExit(await cli('can-i-deploy', '-a', 'web', '-e', '1', '--wat'), 3);
    expectExit(await cli('can-i-deploy', '-a', 'web', '-e', '1', '--retry-while-unknown', 'many'), 3);
  });

  it('reads the broker from PACT_BROKER_BASE_URL; --verbose prints requests and statuses', async () => {
    const run = await treaty(['list-environments', '--verbose'], { env: { PACT_BROKER_BASE_URL: broker.baseUrl, PACT_BROKER_TOKEN: 'tok-s3cret' } });
    expectExit(run, 0);
    expect(run.stderr).toContain(`-> GET ${broker.baseUrl}/environments`);
    expect(run.stderr).toMatch(/<- 200 GET .*\/environments \(\d+ ms\)/);
    expect(run.output).not.toContain('tok-s3cret');
  });

  it('--help (exit 0) lists the exit codes; --version prints the version (every command\'s example: test/unit/cli/program.test.ts)', async () => {
    const top = await treaty(['--help']);
    expectExit(top, 0);
    expect(top.stdout).toContain('Exit codes:\n  0  yes / success');
    const help = await treaty(['can-i-deploy', '--help']);
    expectExit(help, 0);
    expect(help.stdout).toContain('Examples:\n  treaty can-i-deploy');
    const version = await treaty(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
