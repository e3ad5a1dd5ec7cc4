// The official Rust CLI's `pact broker can-i-deploy` and `can-i-merge` against a listening Treaty: every check is
// driven exactly as a pipeline would run it, and asserted on the exit code and on what the CLI prints per integration
// (the table rows, the notices with the reason texts, "Computer says yes/no").
//
// The estates are built through the CLI where a pipeline would (publish, create-or-update-version, create-version-tag,
// record-deployment, record-release) and verification results through HTTP, POSTed to the pact's
// pb:publish-verification-results link as the verifier does. Expected reason texts are the Pact Broker's
// (../shared/reference/broker-semantics.md A8 and E.1); the CLI's requests and exit codes are in
// ../shared/reference/pact-broker-api.md §3.8 and §4; Treaty's additions (reason.kind, prompt notices, strict
// environments) in ../matrix-contract.md.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pactDocument } from '../support/pacts.js';
import { pactBroker, pactBrokerJson, seg, startBroker, type PactRun, type RunningBroker } from './broker.js';

let broker: RunningBroker;
const tempDirs: string[] = [];

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker?.close();
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});
// Deployments, releases, tags and verifications go with the pacticipants; the seeded environments (test, production) stay.
beforeEach(async () => broker.testApp.reset());

const cli = (command: string, ...args: string[]) => pactBroker(broker.baseUrl, command, args);
const cliJson = (command: string, ...args: string[]) => pactBrokerJson(broker.baseUrl, command, args);

/** Runs a setup command through the CLI and insists that it worked. */
async function setup(command: string, ...args: string[]): Promise<void> {
  const run = await cli(command, ...args);
  expect(run.code, `${command} ${args.join(' ')}\n${run.output}`).toBe(0);
}

// The consumer version being deployed: a short git SHA, as pipelines use.
const WEB = 'c0ffee1';

/** `pact broker publish` of one pact per provider for `consumer` at `version` (content distinct per version and provider). */
async function publish(version: string, providers: string[], options: { consumer?: string; branch?: string } = {}): Promise<void> {
  const consumer = options.consumer ?? 'web';
  const dir = await mkdtemp(join(tmpdir(), 'treaty-cid-pacts-'));
  tempDirs.push(dir);
  for (const provider of providers) {
    const doc = pactDocument({ consumer, provider, interactions: [`${consumer} ${version} asks ${provider} for things`] });
    await writeFile(join(dir, `${consumer}-${provider}.json`), JSON.stringify(doc, null, 2));
  }
  await setup('publish', dir, '--consumer-app-version', version, '--branch', options.branch ?? 'main');
}

/** A provider version that exists (optionally on a branch) but has verified nothing. */
const createVersion = (pacticipant: string, version: string, branch?: string) =>
  setup('create-or-update-version', '--pacticipant', pacticipant, '--version', version, ...(branch ? ['--branch', branch] : []));

/**
 * Publishes a verification result of `provider` at `providerVersion` for the pact of web (or `consumer`) at `consumerVersion` with
 * that provider, through the pact's pb:publish-verification-results link. A branch is put on the provider version
 * first, as the verifier does.
 */
async function verify(
  provider: string,
  providerVersion: string,
  success: boolean,
  options: { consumer?: string; consumerVersion?: string; branch?: string } = {},
): Promise<void> {
  if (options.branch) await createVersion(provider, providerVersion, options.branch);
  const pact = await broker.get(`/pacts/provider/${seg(provider)}/consumer/${seg(options.consumer ?? 'web')}/version/${seg(options.consumerVersion ?? WEB)}`);
  expect(pact.status, JSON.stringify(pact.body)).toBe(200);
  const href: string = pact.body._links['pb:publish-verification-results'].href;
  const res = await broker.post(new URL(href).pathname, {
    success,
    providerApplicationVersion: providerVersion,
    verifiedBy: { implementation: 'Pact-Rust', version: '1.4.7' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const deploy = (pacticipant: string, version: string, environment = 'production') =>
  setup('record-deployment', '--pacticipant', pacticipant, '--version', version, '--environment', environment);
const release = (pacticipant: string, version: string, environment = 'production') =>
  setup('record-release', '--pacticipant', pacticipant, '--version', version, '--environment', environment);
const tag = (pacticipant: string, version: string, name: string) =>
  setup('create-version-tag', '--pacticipant', pacticipant, '--version', version, '--tag', name);

/**
 * The CLI's table, one array per matrix row: CONSUMER, C.VERSION, PROVIDER, P.VERSION, SUCCESS? (true/false/unknown),
 * RESULT (1 when the row has a verification result). Sorted, since row order is not what is being tested.
 */
function tableRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('│'))
    .map((line) => line.slice(1, line.lastIndexOf('│')).split('┆').map((cell) => cell.trim()))
    .slice(1) // the header
    .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
}

function expectYes(run: PactRun): void {
  expect(run.code, run.output).toBe(0);
  expect(run.stdout).toContain('Computer says yes');
  expect(run.output).not.toContain('Computer says no');
}

function expectNo(run: PactRun): void {
  expect(run.code, run.output).toBe(1);
  expect(run.stdout).toContain('Computer says no');
  expect(run.output).not.toContain('Computer says yes');
}

const ALL_SUCCESSFUL = 'All required verification results are published and successful';
const NO_MISSING = 'There are no missing dependencies';
const inProduction = (provider: string, version: string) => `the version of ${provider} currently in production (${version})`;
const failed = (consumer: string, provider: string) => `The verification for the pact between ${consumer} and ${provider} failed`;
const unverified = (consumer: string, provider: string) => `There is no verified pact between ${consumer} and ${provider}`;
const web = (version = WEB) => `version ${version} of web`;

/**
 * Every /matrix request Treaty receives from now on (raw path + query), observed on the listening server itself; `first`
 * settles once the first of them has been answered.
 */
function watchMatrixRequests() {
  const server = broker.testApp.app.server;
  const requests: string[] = [];
  let answered!: () => void;
  const first = new Promise<void>((resolve) => (answered = resolve));
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/matrix')) return;
    requests.push(req.url);
    res.once('finish', () => answered());
  };
  server.prependListener('request', listener);
  return { requests, first, stop: () => void server.off('request', listener) };
}

describe('can-i-deploy --to-environment', () => {
  it('yes (exit 0) when the provider version deployed there verified the pact', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', true);
    await deploy('orders', '7');
    const watch = watchMatrixRequests();
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'production');
    watch.stop();

    expectYes(run);
    expect(watch.requests).toEqual([`/matrix?q[][pacticipant]=web&q[][version]=${WEB}&latestby=cvpv&environment=production`]);
    expect(tableRows(run.stdout)).toEqual([['web', WEB, 'orders', '7', 'true', '1']]);
    expect(run.stdout).toContain('VERIFICATION RESULTS');
    const host = broker.baseUrl.replace(/[.]/g, '\\.');
    expect(run.stdout).toMatch(new RegExp(`1\\. ${host}/pacts/provider/orders/consumer/web/pact-version/[0-9a-f]+(/metadata/[^/\\s]+)?/verification-results/\\S+ \\(success\\)`));
    expect(run.stdout).toContain(ALL_SUCCESSFUL);
  });

  it('no (exit 1) when that version failed the verification; the reason names both sides', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '6', true);
    await verify('orders', '7', false);
    await deploy('orders', '7');
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'production');

    expectNo(run);
    // Only the deployed provider version counts: the success of orders 6 is not shown (S09).
    expect(tableRows(run.stdout)).toEqual([['web', WEB, 'orders', '7', 'false', '1']]);
    expect(run.stdout).toMatch(/verification-results\/\S+ \(failure\)/);
    expect(run.stdout).toContain(failed(web(), inProduction('orders', '7')));
  });

  it('a redeployment replaces the version in the environment (S17); after record-undeployment there is nothing to check against (S16)', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', false);
    await verify('orders', '8', true);
    await deploy('orders', '7');
    const args = ['--pacticipant', 'web', '--version', WEB, '--to-environment', 'production'];
    expectNo(await cli('can-i-deploy', ...args));

    await deploy('orders', '8');
    const redeployed = await cli('can-i-deploy', ...args);
    expectYes(redeployed);
    expect(tableRows(redeployed.stdout)).toEqual([['web', WEB, 'orders', '8', 'true', '1']]);

    await setup('record-undeployment', '--pacticipant', 'orders', '--environment', 'production');
    const undeployed = await cli('can-i-deploy', ...args);
    expectNo(undeployed);
    expect(tableRows(undeployed.stdout)).toEqual([['web', WEB, 'orders', 'unknown', 'unknown', '0']]);
    expect(undeployed.stdout).toContain(
      unverified(web(), 'a version of orders currently in production (no version is currently recorded as deployed/released in this environment)'),
    );
  });

  it('no (exit 1) when the deployed provider version never verified the pact, naming that provider version (S03)', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', true);
    await createVersion('orders', '8');
    await deploy('orders', '8');
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'production');

    expectNo(run);
    expect(tableRows(run.stdout)).toEqual([['web', WEB, 'orders', 'unknown', 'unknown', '0']]);
    expect(run.stdout).toContain(unverified(web(), inProduction('orders', '8')));
  });

  it('no (exit 1) when no version of the provider is in the environment at all (S04)', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', true);
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'production');

    expectNo(run);
    expect(tableRows(run.stdout)).toEqual([['web', WEB, 'orders', 'unknown', 'unknown', '0']]);
    expect(run.stdout).toContain(
      unverified(web(), 'a version of orders currently in production (no version is currently recorded as deployed/released in this environment)'),
    );
  });

  it('no (exit 1) when one of two co-resident released provider versions never verified the pact (Treaty: strict environments, S21)', async () => {
    await publish(WEB, ['orders']);
    await createVersion('orders', '10');
    await verify('orders', '11', true);
    await release('orders', '10');
    await release('orders', '11');
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'production');

    expectNo(run);
    expect(tableRows(run.stdout)).toEqual([
      ['web', WEB, 'orders', '11', 'true', '1'],
      ['web', WEB, 'orders', 'unknown', 'unknown', '0'],
    ]);
    expect(run.stdout).toContain(unverified(web(), 'one of the versions of orders currently in production (10)'));
  });

  it('no (exit 1) when one of two application instances runs a provider version that failed (S19)', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '10', false);
    await verify('orders', '11', true);
    await setup('record-deployment', '--pacticipant', 'orders', '--version', '10', '--environment', 'production', '--application-instance', 'i-1');
    await setup('record-deployment', '--pacticipant', 'orders', '--version', '11', '--environment', 'production', '--application-instance', 'i-2');
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'production');

    expectNo(run);
    expect(tableRows(run.stdout)).toEqual([
      ['web', WEB, 'orders', '10', 'false', '1'],
      ['web', WEB, 'orders', '11', 'true', '1'],
    ]);
    expect(run.stdout).toContain(failed(web(), 'one of the versions of orders currently in production (10)'));
  });

  it('no (exit 1) for a consumer version that does not exist (S27)', async () => {
    await publish(WEB, ['orders']);
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', 'deadbee', '--to-environment', 'production');
    expectNo(run);
    expect(tableRows(run.stdout)).toEqual([]);
    expect(run.stdout).toContain('No pacts or verifications have been published for version deadbee of web');
  });
});

describe('can-i-deploy: names, the provider side, --latest', () => {
  it('a pacticipant name with a space and a version with a slash reach Treaty intact (percent-encoded in the query)', async () => {
    await publish('release/1.0', ['orders'], { consumer: 'Web App' });
    await verify('orders', '7', true, { consumer: 'Web App', consumerVersion: 'release/1.0' });
    await deploy('orders', '7');
    const watch = watchMatrixRequests();
    const run = await cli('can-i-deploy', '--pacticipant', 'Web App', '--version', 'release/1.0', '--to-environment', 'production');
    watch.stop();
    expect(watch.requests).toEqual(['/matrix?q[][pacticipant]=Web%20App&q[][version]=release%2F1.0&latestby=cvpv&environment=production']);
    expectYes(run);
    expect(tableRows(run.stdout)).toEqual([['Web App', 'release/1.0', 'orders', '7', 'true', '1']]);
  });

  it('deploying the provider: yes with no consumer in the environment (S05); every released consumer version must be verified (S22)', async () => {
    const WEB2 = 'c0ffee2';
    await publish(WEB, ['orders']);
    await publish(WEB2, ['orders']);
    await verify('orders', '7', true);
    const args = ['--pacticipant', 'orders', '--version', '7', '--to-environment', 'production'];

    const alone = await cli('can-i-deploy', ...args);
    expectYes(alone);
    expect(tableRows(alone.stdout)).toEqual([]);
    expect(alone.stdout).toContain(NO_MISSING);

    await release('web', WEB);
    const verified = await cli('can-i-deploy', ...args);
    expectYes(verified);
    expect(tableRows(verified.stdout)).toEqual([['web', WEB, 'orders', '7', 'true', '1']]);
    expect(verified.stdout).toContain(ALL_SUCCESSFUL);

    await release('web', WEB2);
    const unverifiedConsumer = await cli('can-i-deploy', ...args);
    expectNo(unverifiedConsumer);
    const rows = tableRows(unverifiedConsumer.stdout);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(['web', WEB, 'orders', '7', 'true', '1']);
    // (Ruby leaves the provider version of an unverified row empty; not pinned down here.)
    expect([rows[1]![0], rows[1]![1], rows[1]![2], rows[1]![4], rows[1]![5]]).toEqual(['web', WEB2, 'orders', 'unknown', '0']);
    expect(unverifiedConsumer.stdout).toContain(unverified(`one of the versions of web currently in production (${WEB2})`, 'version 7 of orders'));
  });

  it('--latest instead of a version: the latest consumer version is checked, after the "specify the version number" warning', async () => {
    const WEB2 = 'c0ffee2';
    await publish(WEB, ['orders']);
    await verify('orders', '7', true);
    await deploy('orders', '7');
    await publish(WEB2, ['orders']);
    const watch = watchMatrixRequests();
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--latest', '--to-environment', 'production');
    watch.stop();
    expect(watch.requests).toEqual(['/matrix?q[][pacticipant]=web&q[][latest]=true&latestby=cvpv&environment=production']);
    expectNo(run);
    expect(tableRows(run.stdout)).toEqual([['web', WEB2, 'orders', 'unknown', 'unknown', '0']]);
    const warning =
      'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.';
    const reason = unverified(`the latest version of web (${WEB2})`, inProduction('orders', '7'));
    expect(run.stdout).toContain(warning);
    expect(run.stdout).toContain(reason);
    expect(run.stdout.indexOf(warning)).toBeLessThan(run.stdout.indexOf(reason));
  });
});

describe('can-i-deploy --to TAG (legacy tags)', () => {
  it('yes when the latest provider version with the tag verified the pact; no once a later tagged version failed or is unverified (S30)', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', true);
    await tag('orders', '7', 'prod');
    const args = ['--pacticipant', 'web', '--version', WEB, '--to', 'prod'];

    const yes = await cli('can-i-deploy', ...args);
    expectYes(yes);
    expect(tableRows(yes.stdout)).toEqual([['web', WEB, 'orders', '7', 'true', '1']]);
    expect(yes.stdout).toContain(ALL_SUCCESSFUL);

    await verify('orders', '8', false);
    await tag('orders', '8', 'prod');
    const no = await cli('can-i-deploy', ...args);
    expectNo(no);
    expect(tableRows(no.stdout)).toEqual([['web', WEB, 'orders', '8', 'false', '1']]);
    expect(no.stdout).toContain(failed(web(), 'the latest version of orders with tag prod (8)'));

    await createVersion('orders', '9');
    await tag('orders', '9', 'prod');
    const unknown = await cli('can-i-deploy', ...args);
    expectNo(unknown);
    expect(tableRows(unknown.stdout)).toEqual([['web', WEB, 'orders', 'unknown', 'unknown', '0']]);
    expect(unknown.stdout).toContain(unverified(web(), 'the latest version of orders with tag prod (9)'));
  });

  it('--latest TAG for the pacticipant itself, as legacy pipelines run it (--latest rc --to prod)', async () => {
    const WEB2 = 'c0ffee2';
    await publish(WEB, ['orders']);
    await tag('web', WEB, 'rc');
    await publish(WEB2, ['orders']); // later, but not tagged rc
    await verify('orders', '7', true);
    await tag('orders', '7', 'prod');
    const watch = watchMatrixRequests();
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--latest', 'rc', '--to', 'prod');
    watch.stop();
    expect(watch.requests).toEqual(['/matrix?q[][pacticipant]=web&q[][latest]=true&q[][tag]=rc&tag=prod&latestby=cvp&latest=true']);
    expectYes(run);
    expect(tableRows(run.stdout)).toEqual([['web', WEB, 'orders', '7', 'true', '1']]);
    expect(run.stdout).toContain(
      'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.',
    );
    expect(run.stdout).toContain(ALL_SUCCESSFUL);
  });

  it('no when no provider version carries the tag', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', true);
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to', 'prod');
    expectNo(run);
    expect(run.stdout).toContain(unverified(web(), 'the latest version of orders with tag prod (no such version exists)'));
  });
});

describe('can-i-deploy with explicit versions of two pacticipants', () => {
  it('-a web -e V -a orders -e N: yes when N verified the pact, no when N failed it or never verified it', async () => {
    // web also has an unverified pact with billing: only integrations between the specified versions count (S33).
    await publish(WEB, ['orders', 'billing']);
    await verify('orders', '7', true);
    await verify('orders', '8', false);
    await createVersion('orders', '9');

    const yes = await cli('can-i-deploy', '-a', 'web', '-e', WEB, '-a', 'orders', '-e', '7');
    expectYes(yes);
    expect(tableRows(yes.stdout)).toEqual([['web', WEB, 'orders', '7', 'true', '1']]);
    expect(yes.stdout).toContain(ALL_SUCCESSFUL);

    const no = await cli('can-i-deploy', '-a', 'web', '-e', WEB, '-a', 'orders', '-e', '8');
    expectNo(no);
    expect(tableRows(no.stdout)).toEqual([['web', WEB, 'orders', '8', 'false', '1']]);
    expect(no.stdout).toContain(failed(web(), 'version 8 of orders'));

    const unknown = await cli('can-i-deploy', '-a', 'web', '-e', WEB, '-a', 'orders', '-e', '9');
    expectNo(unknown);
    expect(unknown.stdout).toContain(unverified(web(), 'version 9 of orders'));
  });
});

describe('can-i-deploy --ignore', () => {
  it('--ignore PROVIDER turns a no (an unverified provider) into a yes (S10, S12)', async () => {
    await publish(WEB, ['orders', 'billing']);
    await verify('orders', '7', true);
    await deploy('orders', '7');
    await createVersion('billing', '3');
    await deploy('billing', '3');
    const args = ['--pacticipant', 'web', '--version', WEB, '--to-environment', 'production'];

    const no = await cli('can-i-deploy', ...args);
    expectNo(no);
    expect(tableRows(no.stdout)).toEqual([
      ['web', WEB, 'billing', 'unknown', 'unknown', '0'],
      ['web', WEB, 'orders', '7', 'true', '1'],
    ]);
    expect(no.stdout).toContain(unverified(web(), inProduction('billing', '3')));

    const watch = watchMatrixRequests();
    const yes = await cli('can-i-deploy', ...args, '--ignore', 'billing');
    watch.stop();
    expect(watch.requests).toEqual([`/matrix?q[][pacticipant]=web&q[][version]=${WEB}&ignore[][pacticipant]=billing&latestby=cvpv&environment=production`]);
    expectYes(yes);
    // The ignored row is still listed.
    expect(tableRows(yes.stdout)).toEqual(tableRows(no.stdout));
    expect(yes.stdout).toContain(ALL_SUCCESSFUL);

    const { json } = await cliJson('can-i-deploy', ...args, '--ignore', 'billing');
    expect(json.summary).toEqual({ deployable: true, reason: ALL_SUCCESSFUL, success: 1, failed: 0, unknown: 0, ignored: 1 });
    expect(json.matrix.find((r: any) => r.provider.name === 'billing')).toMatchObject({ ignored: true, reason: { kind: 'ignored' } });
    // Ignoring everything leaves nothing to check (S13).
    const everything = await cliJson('can-i-deploy', ...args, '--ignore', 'billing', '--ignore', 'orders');
    expect(everything.json.summary).toEqual({ deployable: true, reason: NO_MISSING, success: 0, failed: 0, unknown: 0, ignored: 2 });
  });

  it('--ignore PROVIDER --version N ignores only that version; an unknown version is a warning and changes nothing (S14)', async () => {
    await publish(WEB, ['orders', 'billing']);
    await verify('orders', '7', true);
    await deploy('orders', '7');
    await verify('billing', '3', false);
    await deploy('billing', '3');
    const args = ['--pacticipant', 'web', '--version', WEB, '--to-environment', 'production'];

    const no = await cli('can-i-deploy', ...args);
    expectNo(no);
    expect(tableRows(no.stdout)).toEqual([
      ['web', WEB, 'billing', '3', 'false', '1'],
      ['web', WEB, 'orders', '7', 'true', '1'],
    ]);
    expect(no.stdout).toContain(failed(web(), inProduction('billing', '3')));

    const watch = watchMatrixRequests();
    const yes = await cli('can-i-deploy', ...args, '--ignore', 'billing', '--version', '3');
    watch.stop();
    expect(watch.requests).toEqual([
      `/matrix?q[][pacticipant]=web&q[][version]=${WEB}&ignore[][pacticipant]=billing&ignore[][version]=3&latestby=cvpv&environment=production`,
    ]);
    expectYes(yes);
    expect(tableRows(yes.stdout)).toEqual(tableRows(no.stdout));
    expect(yes.stdout).toContain(ALL_SUCCESSFUL);

    const wrongVersion = await cli('can-i-deploy', ...args, '--ignore', 'billing', '--version', '99');
    expectNo(wrongVersion);
    expect(wrongVersion.stdout).toContain('WARN: Cannot ignore version 99 of billing (no such version exists)');
    expect(wrongVersion.stdout).toContain(failed(web(), inProduction('billing', '3')));
  });

  it('ignoring a pacticipant that does not exist is a warning, not an error (S15)', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', true);
    await deploy('orders', '7');
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'production', '--ignore', 'Waffle');
    expectYes(run);
    expect(run.stdout).toContain('WARN: Cannot ignore any version of Waffle (no such pacticipant exists)');
    expect(run.stdout).toContain(ALL_SUCCESSFUL);
  });
});

describe('can-i-deploy --retry-while-unknown', () => {
  const args = ['--pacticipant', 'web', '--version', WEB, '--to-environment', 'production', '--retry-while-unknown', '2', '--retry-interval', '1'];

  it('keeps asking while the answer is unknown and says yes once the verification arrives during the wait', async () => {
    await publish(WEB, ['orders']);
    await createVersion('orders', '8');
    await deploy('orders', '8');

    const watch = watchMatrixRequests();
    const started = Date.now();
    try {
      const running = cli('can-i-deploy', ...args);
      // The first answer is unknown (nothing verified yet); the provider build then publishes its result.
      await Promise.race([watch.first, running]);
      expect(watch.requests).toHaveLength(1);
      await verify('orders', '8', true);
      const run = await running;

      expectYes(run);
      expect(watch.requests.length).toBeGreaterThanOrEqual(2);
      expect(watch.requests.length).toBeLessThanOrEqual(3);
      expect(new Set(watch.requests)).toEqual(new Set([`/matrix?q[][pacticipant]=web&q[][version]=${WEB}&latestby=cvpv&environment=production`]));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(tableRows(run.stdout)).toEqual([['web', WEB, 'orders', '8', 'true', '1']]);
      expect(run.stdout).toContain(ALL_SUCCESSFUL);
    } finally {
      watch.stop();
    }
  });

  it('gives up with exit 1 after the retries when nothing arrives: 1 + 2 requests', async () => {
    await publish(WEB, ['orders']);
    await createVersion('orders', '8');
    await deploy('orders', '8');

    const watch = watchMatrixRequests();
    const started = Date.now();
    const run = await cli('can-i-deploy', ...args);
    watch.stop();

    expectNo(run);
    expect(watch.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(run.stdout).toContain(unverified(web(), inProduction('orders', '8')));
  });

  it('does not retry a version that does not exist: a final no, asked once', async () => {
    await publish(WEB, ['orders']);
    const watch = watchMatrixRequests();
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', 'deadbee', '--to-environment', 'production', '--retry-while-unknown', '2', '--retry-interval', '1');
    watch.stop();
    expectNo(run);
    expect(watch.requests).toHaveLength(1);
    expect(run.stdout).toContain('No pacts or verifications have been published for version deadbee of web');
  });

  it('does not retry an answer that is known: a failure ends at once', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '8', false);
    await deploy('orders', '8');
    const watch = watchMatrixRequests();
    const run = await cli('can-i-deploy', ...args);
    watch.stop();
    expectNo(run);
    expect(watch.requests).toHaveLength(1);
  });
});

describe('can-i-deploy -o json', () => {
  /** What each row says, independent of row order: [consumer, version, provider, version|null, success|null, reason.kind]. */
  const rowSummaries = (matrix: any[]) =>
    matrix
      .map((r) => [r.consumer.name, r.consumer.version?.number ?? null, r.provider.name, r.provider.version?.number ?? null, r.verificationResult?.success ?? null, r.reason?.kind])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const versionNumber = (v: unknown) => (typeof v === 'string' ? v : (v as { number?: string } | undefined)?.number);

  it('prints Treaty\'s body (exit 0 whatever it says): summary, Ruby reasons, per-row reason.kind and a prompt per problem', async () => {
    await publish(WEB, ['orders', 'payments', 'stock']);
    await verify('orders', '7', false);
    await deploy('orders', '7');
    await createVersion('payments', '5');
    await deploy('payments', '5');
    // stock: no version anywhere.
    const args = ['--pacticipant', 'web', '--version', WEB, '--to-environment', 'production'];

    const { run, json } = await cliJson('can-i-deploy', ...args);
    // CLI quirk (pact-broker-api.md §4): with -o json the exit code is 0 regardless of deployable.
    expect(run.code, run.output).toBe(0);

    const reasons = [
      failed(web(), inProduction('orders', '7')),
      unverified(web(), inProduction('payments', '5')),
      unverified(web(), 'a version of stock currently in production (no version is currently recorded as deployed/released in this environment)'),
    ];
    // Unknown beats failed (S11): null, not false; failures are listed before the unverified pacts.
    expect(json.summary).toMatchObject({ deployable: null, success: 0, failed: 1, unknown: 2 });
    expect(json.summary.reason).toBe(reasons.join('\n'));
    expect(json.summary).not.toHaveProperty('ignored');

    expect(rowSummaries(json.matrix)).toEqual([
      ['web', WEB, 'orders', '7', false, 'failed'],
      ['web', WEB, 'payments', null, null, 'missing_verification'],
      ['web', WEB, 'stock', null, null, 'no_deployed_version'],
    ]);
    const payments = json.matrix.find((r: any) => r.provider.name === 'payments');
    expect(payments.verificationResult).toBeNull();
    expect(versionNumber(payments.reason.providerVersion)).toBe('5');

    // The Ruby reason notices first, then one prompt per problematic row naming who has to do what.
    expect(json.notices.slice(0, 3)).toEqual(reasons.map((text) => ({ type: 'error', text })));
    const prompts: string[] = json.notices.filter((n: any) => n.type === 'prompt').map((n: any) => n.text);
    expect(prompts).toHaveLength(3);
    expect(prompts.filter((p) => p.includes('orders') && p.includes('7') && p.includes('web'))).toHaveLength(1);
    expect(prompts.filter((p) => p.includes('payments') && p.includes('5') && p.includes('web'))).toHaveLength(1);
    expect(prompts.filter((p) => p.includes('stock') && p.includes('production'))).toHaveLength(1);
    expect(json.notices.every((n: any) => typeof n.text === 'string' && typeof n.type === 'string')).toBe(true);

    // The same answer in table mode: exit 1, and the prompts are printed with the reasons.
    const table = await cli('can-i-deploy', ...args);
    expectNo(table);
    for (const text of [...reasons, ...prompts]) expect(table.stdout).toContain(text);

    // Ignoring the two unknown providers leaves the failure: false, with the ignored rows flagged and counted.
    const ignoring = await cliJson('can-i-deploy', ...args, '--ignore', 'payments', '--ignore', 'stock');
    expect(ignoring.run.code, ignoring.run.output).toBe(0);
    expect(ignoring.json.summary).toMatchObject({ deployable: false, success: 0, failed: 1, unknown: 0, ignored: 2 });
    expect(ignoring.json.summary.reason.split('\n')).toContain(reasons[0]);
    expect(rowSummaries(ignoring.json.matrix)).toEqual([
      ['web', WEB, 'orders', '7', false, 'failed'],
      ['web', WEB, 'payments', null, null, 'ignored'],
      ['web', WEB, 'stock', null, null, 'ignored'],
    ]);
    for (const row of ignoring.json.matrix) expect(row.ignored ?? false).toBe(row.provider.name !== 'orders');
    const ignoringPrompts: string[] = ignoring.json.notices.filter((n: any) => n.type === 'prompt').map((n: any) => n.text);
    expect(ignoringPrompts).toHaveLength(1);
    expect(ignoringPrompts[0]).toContain('orders');
  });

  // S11: "reason lines in order: the 'verification … failed' line for Bar, then the 'no verified pact' line for Baz";
  // the Pact Broker builds them by kind, not by row (matrix/deployment_status_summary.rb error_messages: required
  // integrations without a row, then failure_messages, then not_ever_verified_reasons). Here the unverified provider
  // (billing) sorts before the failed one (orders), so row order and the broker's order differ.
  it('unknown beats failed (S11), and the failure is listed before the unverified pact whatever the provider names', async () => {
    await publish(WEB, ['billing', 'orders']);
    await createVersion('billing', '3');
    await deploy('billing', '3');
    await verify('orders', '7', false);
    await deploy('orders', '7');
    const args = ['--pacticipant', 'web', '--version', WEB, '--to-environment', 'production'];
    const reasons = [failed(web(), inProduction('orders', '7')), unverified(web(), inProduction('billing', '3'))];

    const { run, json } = await cliJson('can-i-deploy', ...args);
    expect(run.code, run.output).toBe(0);
    expect(json.summary).toMatchObject({ deployable: null, success: 0, failed: 1, unknown: 1 });
    expect(json.summary.reason).toBe(reasons.join('\n'));
    expect(json.notices.slice(0, 2)).toEqual(reasons.map((text) => ({ type: 'error', text })));

    const table = await cli('can-i-deploy', ...args);
    expectNo(table);
    expect(table.stdout.indexOf(reasons[0]!)).toBeGreaterThanOrEqual(0);
    expect(table.stdout.indexOf(reasons[0]!)).toBeLessThan(table.stdout.indexOf(reasons[1]!));
  });

  it('a yes: deployable true with the success reason and notice', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', true);
    await deploy('orders', '7');
    const { run, json } = await cliJson('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'production');
    expect(run.code, run.output).toBe(0);
    expect(json.summary).toEqual({ deployable: true, reason: ALL_SUCCESSFUL, success: 1, failed: 0, unknown: 0 });
    expect(json.notices).toEqual([{ type: 'success', text: ALL_SUCCESSFUL }]);
    expect(rowSummaries(json.matrix)).toEqual([['web', WEB, 'orders', '7', true, 'verified']]);
    expect(json.matrix[0].verificationResult._links.self.href).toMatch(/\/verification-results\//);
  });
});

describe('can-i-merge', () => {
  it('yes when the main-branch head of each provider verified the version; a failing feature branch does not matter (S32)', async () => {
    await publish(WEB, ['orders', 'billing'], { branch: 'feat/basket' });
    await verify('orders', '6', false, { branch: 'main' });
    await verify('orders', '7', true, { branch: 'main' });
    await verify('orders', '8', false, { branch: 'feat-x' });
    await verify('billing', '3', true, { branch: 'main' });

    const watch = watchMatrixRequests();
    const run = await cli('can-i-merge', '-a', 'web', '-e', WEB);
    watch.stop();
    expect(watch.requests).toEqual([`/matrix?q[][pacticipant]=web&q[][version]=${WEB}&latestby=cvp&latest=true&mainBranch=true`]);
    expectYes(run);
    expect(tableRows(run.stdout)).toEqual([
      ['web', WEB, 'billing', '3', 'true', '1'],
      ['web', WEB, 'orders', '7', 'true', '1'],
    ]);
    expect(run.stdout).toContain(ALL_SUCCESSFUL);
  });

  it('no when a main-branch head failed the pact, and no when it never verified it', async () => {
    await publish(WEB, ['orders', 'billing']);
    await verify('orders', '7', true, { branch: 'main' });
    await verify('orders', '9', false, { branch: 'main' });
    await verify('billing', '3', true, { branch: 'main' });

    const failing = await cli('can-i-merge', '-a', 'web', '-e', WEB);
    expectNo(failing);
    expect(tableRows(failing.stdout)).toEqual([
      ['web', WEB, 'billing', '3', 'true', '1'],
      ['web', WEB, 'orders', '9', 'false', '1'],
    ]);
    expect(failing.stdout).toContain(failed(web(), 'the latest version of orders from branch main (9)'));

    await createVersion('billing', '4', 'main');
    const unknown = await cli('can-i-merge', '-a', 'web', '-e', WEB);
    expectNo(unknown);
    expect(tableRows(unknown.stdout)).toEqual([
      ['web', WEB, 'billing', 'unknown', 'unknown', '0'],
      ['web', WEB, 'orders', '9', 'false', '1'],
    ]);
    expect(unknown.stdout).toContain(unverified(web(), 'the latest version of billing from branch main (4)'));
  });

  it('no when a provider has no main-branch version at all', async () => {
    await publish(WEB, ['orders']);
    await verify('orders', '7', true); // on no branch
    const run = await cli('can-i-merge', '-a', 'web', '-e', WEB);
    expectNo(run);
    expect(tableRows(run.stdout)).toEqual([['web', WEB, 'orders', 'unknown', 'unknown', '0']]);
    expect(run.stdout).toContain(unverified(web(), 'the latest version of orders from the main branch (no versions exist for this branch)'));
  });
});

describe('what the CLI says when the question is wrong', () => {
  it('an unknown pacticipant: exit 1 with "Pacticipant Wiffle not found"', async () => {
    await publish(WEB, ['orders']);
    const run = await cli('can-i-deploy', '--pacticipant', 'Wiffle', '--version', '1', '--to-environment', 'production');
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('Pacticipant Wiffle not found');
    expect(run.output).not.toContain('Computer says yes');

    const merge = await cli('can-i-merge', '-a', 'Wiffle', '-e', '1');
    expect(merge.code, merge.output).toBe(1);
    expect(merge.output).toContain('Pacticipant Wiffle not found');

    // -o json's "exit 0 whatever the answer" covers answers only: Treaty's 400 still fails the step, printed as text.
    const json = await cli('can-i-deploy', '--pacticipant', 'Wiffle', '--version', '1', '--to-environment', 'production', '-o', 'json');
    expect(json.code, json.output).toBe(1);
    expect(json.output).toContain('Pacticipant Wiffle not found');
  });

  it('an unknown environment: exit 1 naming the environment', async () => {
    await publish(WEB, ['orders']);
    const run = await cli('can-i-deploy', '--pacticipant', 'web', '--version', WEB, '--to-environment', 'nowhere');
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain("Environment with name 'nowhere' does not exist");
    expect(run.output).not.toContain('Computer says yes');
  });
});
