// The official Rust CLI's environment, deployment and release commands against a listening Treaty: exit codes and
// output, then what Treaty shows over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDataBuilder } from '../support/test-data-builder.js';
import { pactBroker, pactBrokerJson, startBroker, type RunningBroker } from './broker.js';

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => broker?.close());
beforeEach(async () => broker.testApp.reset());

const cli = (command: string, ...args: string[]) => pactBroker(broker.baseUrl, command, args);
const cliJson = (command: string, ...args: string[]) => pactBrokerJson(broker.baseUrl, command, args);
const td = () => testDataBuilder(broker.testApp.container.services);

// Environments survive reset(): each test creates its own, with a unique name.
let counter = 0;
async function environment(prefix: string, production = false): Promise<{ uuid: string; name: string }> {
  const name = `${prefix}-${++counter}`;
  const res = await broker.post('/environments', { name, production });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const currentlyDeployed = async (uuid: string) =>
  ((await broker.get(`/environments/${uuid}/deployed-versions/currently-deployed`)).body._embedded.deployedVersions as any[]).map(
    (d) => `${d._embedded.pacticipant.name}@${d._embedded.version.number}${d.applicationInstance ? `/${d.applicationInstance}` : ''}`,
  );
const currentlySupported = async (uuid: string) =>
  ((await broker.get(`/environments/${uuid}/released-versions/currently-supported`)).body._embedded.releasedVersions as any[])
    .map((r) => `${r._embedded.pacticipant.name}@${r._embedded.version.number}`)
    .sort();

describe('environment commands', () => {
  it('create-environment, list-environments, describe-environment, update-environment, delete-environment', async () => {
    const name = `uat-${++counter}`;
    const created = await cli('create-environment', '--name', name, '--display-name', 'User Acceptance', '--production', '--contact-name', 'Team A', '--contact-email-address', 'a@b.c');
    expect(created.code, created.output).toBe(0);
    const uuid = /with UUID ([0-9a-f-]{36})/.exec(created.stdout)?.[1];
    expect(created.stdout).toContain(`Created ${name} environment in the Pact Broker with UUID ${uuid}`);
    const stored = await broker.get(`/environments/${uuid}`);
    expect(stored.body).toMatchObject({ name, displayName: 'User Acceptance', production: true, contacts: [{ name: 'Team A', details: { emailAddress: 'a@b.c' } }] });

    const duplicate = await cli('create-environment', '--name', name);
    expect(duplicate.code).toBe(1);
    expect(duplicate.output).toContain(`name: name '${name}' is already used by an existing environment.`);

    const table = await cli('list-environments');
    expect(table.code, table.output).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${uuid}\\s+┆\\s+${name}\\s+┆\\s+User Acceptance\\s+┆\\s+true`));
    const { json: listed } = await cliJson('list-environments');
    expect(listed._embedded.environments.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['production', 'test', name]));

    const described = await cli('describe-environment', '--uuid', uuid!);
    expect(described.code, described.output).toBe(0);
    expect(described.stdout).toContain(`Name: ${name}`);
    expect(described.stdout).toContain('Display Name: User Acceptance');
    expect(described.stdout).toContain('Production: true');
    const { json: describedJson } = await cliJson('describe-environment', '--uuid', uuid!);
    expect(describedJson).toMatchObject({ uuid, name, displayName: 'User Acceptance' });

    const updated = await cli('update-environment', '--uuid', uuid!, '--name', `${name}-b`, '--display-name', 'UAT B');
    expect(updated.code, updated.output).toBe(0);
    expect(updated.stdout).toContain(`Updated ${name}-b environment in the Pact Broker with UUID ${uuid}`);
    // update-environment sends production: false unless --production is given (full replace).
    expect((await broker.get(`/environments/${uuid}`)).body).toMatchObject({ uuid, name: `${name}-b`, displayName: 'UAT B', production: false });

    const missing = await cli('update-environment', '--uuid', '00000000-0000-4000-8000-000000000000', '--name', 'x');
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('not found');
    expect((await cli('describe-environment', '--uuid', '00000000-0000-4000-8000-000000000000')).code).toBe(1);

    const deleted = await cli('delete-environment', '--uuid', uuid!);
    expect(deleted.code, deleted.output).toBe(0);
    expect(deleted.stdout).toContain(`Environment ${name}-b with UUID ${uuid} deleted successfully`);
    expect((await broker.get(`/environments/${uuid}`)).status).toBe(404);
    expect((await cli('delete-environment', '--uuid', uuid!)).code).toBe(1);
  });

  it('delete-environment removes its deployments and releases', async () => {
    const env = await environment('doomed');
    await td().createVersion('Foo', '1').recordDeployment({ pacticipant: 'Foo', version: '1', environment: env.name }).recordRelease({ pacticipant: 'Foo', version: '1', environment: env.name }).done();
    const run = await cli('delete-environment', '--uuid', env.uuid);
    expect(run.code, run.output).toBe(0);
    const version = (await broker.get('/pacticipants/Foo/versions/1')).body;
    expect(version._links['pb:deployed-environments']).toEqual([]);
    expect(version._links['pb:released-environments']).toEqual([]);
  });
});

describe('record-deployment / record-undeployment', () => {
  it('records deployments with and without --application-instance; a new version replaces the one in the same slot', async () => {
    const env = await environment('staging');
    await td().createVersion('Foo', '1').createVersion('Foo', '2').createVersion('Foo', '3').done();

    const plain = await cli('record-deployment', '--pacticipant', 'Foo', '--version', '1', '--environment', env.name);
    expect(plain.code, plain.output).toBe(0);
    expect(plain.stdout).toContain(`Recorded deployment of Foo version 1 to ${env.name} environment in the Pact Broker.`);
    const blue = await cli('record-deployment', '--pacticipant', 'Foo', '--version', '2', '--environment', env.name, '--application-instance', 'blue');
    expect(blue.code, blue.output).toBe(0);
    expect(blue.stdout).toContain(`Recorded deployment of Foo version 2 to ${env.name} environment (application instance blue) in the Pact Broker.`);
    expect((await currentlyDeployed(env.uuid)).sort()).toEqual(['Foo@1', 'Foo@2/blue']);

    const { run, json } = await cliJson('record-deployment', '--pacticipant', 'Foo', '--version', '3', '--environment', env.name);
    expect(run.code, run.output).toBe(0);
    expect(json).toMatchObject({ currentlyDeployed: true, _embedded: { version: { number: '3' }, environment: { name: env.name } } });
    expect((await currentlyDeployed(env.uuid)).sort()).toEqual(['Foo@2/blue', 'Foo@3']);
    const [current] = (await broker.get(`/environments/${env.uuid}/deployed-versions/currently-deployed?pacticipant=Foo&applicationInstance=`)).body._embedded.deployedVersions;
    expect(current.uuid).toBe(json.uuid);

    // Re-running the same command (as a retried pipeline step would) changes nothing.
    const again = await cliJson('record-deployment', '--pacticipant', 'Foo', '--version', '3', '--environment', env.name);
    expect(again.run.code).toBe(0);
    expect(again.json.uuid).toBe(json.uuid);

    const version = (await broker.get('/pacticipants/Foo/versions/1')).body;
    expect(version._links['pb:deployed-environments']).toEqual([expect.objectContaining({ currently_deployed: false })]);
  });

  it('fails (exit 1) for an unknown environment or version, storing nothing', async () => {
    await td().createVersion('Foo', '1').done();
    const env = await environment('qa');
    const noEnv = await cli('record-deployment', '--pacticipant', 'Foo', '--version', '1', '--environment', 'nope');
    expect(noEnv.code).toBe(1);
    expect(noEnv.output).toContain('Environment nope does not exist');
    const noVersion = await cli('record-deployment', '--pacticipant', 'Foo', '--version', '9', '--environment', env.name);
    expect(noVersion.code).toBe(1);
    expect(noVersion.output).toContain('404');
    expect(await currentlyDeployed(env.uuid)).toEqual([]);
  });

  it('record-undeployment undeploys the matching instance (or the one without), then reports "not currently deployed"', async () => {
    const env = await environment('prod', true);
    await td()
      .createVersion('Foo', '1')
      .createVersion('Foo', '2')
      .recordDeployment({ pacticipant: 'Foo', version: '1', environment: env.name })
      .recordDeployment({ pacticipant: 'Foo', version: '2', environment: env.name, applicationInstance: 'blue' })
      .done();

    const blue = await cli('record-undeployment', '--pacticipant', 'Foo', '--environment', env.name, '--application-instance', 'blue');
    expect(blue.code, blue.output).toBe(0);
    expect(blue.stdout).toContain(`Undeployed Foo from ${env.name} environment (application instance blue)`);
    expect(await currentlyDeployed(env.uuid)).toEqual(['Foo@1']);

    const blueAgain = await cli('record-undeployment', '--pacticipant', 'Foo', '--environment', env.name, '--application-instance', 'blue');
    expect(blueAgain.code).toBe(1);
    expect(blueAgain.output).toContain(`Foo is not currently deployed to application instance 'blue' in ${env.name} environment`);

    const plain = await cli('record-undeployment', '--pacticipant', 'Foo', '--environment', env.name);
    expect(plain.code, plain.output).toBe(0);
    expect(plain.stdout).toContain(`Undeployed Foo from ${env.name} environment`);
    expect(await currentlyDeployed(env.uuid)).toEqual([]);
    const history = (await broker.get('/pacticipants/Foo/versions/1')).body._links['pb:deployed-environments'];
    expect(history).toEqual([expect.objectContaining({ currently_deployed: false })]);

    const none = await cli('record-undeployment', '--pacticipant', 'Foo', '--environment', env.name);
    expect(none.code).toBe(1);
    expect(none.output).toContain(`Foo is not currently deployed to ${env.name} environment`);
  });

  it('create-version-tag with an environment name records a deployment there (create_deployed_versions_for_tags)', async () => {
    const env = await environment('sit');
    await td().createVersion('Bar', '5').done();
    const run = await cli('create-version-tag', '--pacticipant', 'Bar', '--version', '5', '--tag', env.name);
    expect(run.code, run.output).toBe(0);
    expect(await currentlyDeployed(env.uuid)).toEqual(['Bar@5']);
  });
});

describe('record-release / record-support-ended', () => {
  it('releases several versions (all supported), repeats harmlessly, ends support of one', async () => {
    const env = await environment('store', true);
    await td().createVersion('App', '1').createVersion('App', '2').done();

    const first = await cli('record-release', '--pacticipant', 'App', '--version', '1', '--environment', env.name);
    expect(first.code, first.output).toBe(0);
    expect(first.stdout).toContain(`Recorded release of App version 1 to ${env.name} environment in the Pact Broker.`);
    const { run, json } = await cliJson('record-release', '--pacticipant', 'App', '--version', '2', '--environment', env.name);
    expect(run.code, run.output).toBe(0);
    expect(json).toMatchObject({ currentlySupported: true, _embedded: { version: { number: '2' } } });
    const repeat = await cliJson('record-release', '--pacticipant', 'App', '--version', '2', '--environment', env.name);
    expect(repeat.run.code).toBe(0);
    expect(repeat.json.uuid).toBe(json.uuid);
    expect(await currentlySupported(env.uuid)).toEqual(['App@1', 'App@2']);

    const ended = await cli('record-support-ended', '--pacticipant', 'App', '--version', '1', '--environment', env.name);
    expect(ended.code, ended.output).toBe(0);
    expect(ended.stdout).toContain(`Recorded support ended for application App, version 1 from ${env.name} environment`);
    expect(await currentlySupported(env.uuid)).toEqual(['App@2']);
    const released = (await broker.get('/pacticipants/App/versions/1')).body._links['pb:released-environments'];
    expect(released).toEqual([expect.objectContaining({ currently_supported: false })]);

    const endedAgain = await cli('record-support-ended', '--pacticipant', 'App', '--version', '1', '--environment', env.name);
    expect(endedAgain.code).toBe(1);
    expect(endedAgain.output).toContain(`No currently released versions found for App in ${env.name} environment`);

    // Releasing it again makes it supported again (same record).
    const back = await cli('record-release', '--pacticipant', 'App', '--version', '1', '--environment', env.name);
    expect(back.code, back.output).toBe(0);
    expect(await currentlySupported(env.uuid)).toEqual(['App@1', 'App@2']);
  });

  it('record-release fails for an unknown environment', async () => {
    await td().createVersion('App', '1').done();
    const run = await cli('record-release', '--pacticipant', 'App', '--version', '1', '--environment', 'nowhere');
    expect(run.code).toBe(1);
    expect(run.output).toContain('Environment nowhere does not exist');
  });
});

describe('describe-version --environment', () => {
  it('--deployed and --released list what Treaty has in the environment for the pacticipant', async () => {
    const env = await environment('live', true);
    await td()
      .createVersion('Foo', '1')
      .createVersion('Foo', '2')
      .createVersion('Other', '7')
      .recordDeployment({ pacticipant: 'Foo', version: '1', environment: env.name, applicationInstance: 'eu' })
      .recordRelease({ pacticipant: 'Foo', version: '2', environment: env.name })
      .recordDeployment({ pacticipant: 'Other', version: '7', environment: env.name })
      .done();

    const deployed = await cli('describe-version', '--pacticipant', 'Foo', '--environment', env.name, '--deployed');
    expect(deployed.code, deployed.output).toBe(0);
    expect(deployed.stdout).toMatch(new RegExp(`1\\s+┆\\s+Deployed\\s+┆\\s+${env.name}\\s+┆\\s+eu`));
    expect(deployed.stdout).not.toMatch(/┆\s+7\s+┆|│ 7 /);

    const released = await cli('describe-version', '--pacticipant', 'Foo', '--environment', env.name, '--released');
    expect(released.code, released.output).toBe(0);
    expect(released.stdout).toMatch(new RegExp(`2\\s+┆\\s+Released\\s+┆\\s+${env.name}`));
    const { run, json } = await cliJson('describe-version', '--pacticipant', 'Foo', '--environment', env.name, '--released');
    expect(run.code, run.output).toBe(0);
    expect(json.map((r: any) => [r._embedded.version.number, r.currentlySupported])).toEqual([['2', true]]);

    const { json: both } = await cliJson('describe-version', '--pacticipant', 'Foo', '--environment', env.name);
    expect(both.map((r: any) => r._embedded.version.number)).toEqual(['1', '2']);
    const http = (await broker.get(`/environments/${env.uuid}/deployed-versions/currently-deployed?pacticipant=Foo`)).body._embedded.deployedVersions;
    expect(both[0].uuid).toBe(http[0].uuid);
  });
});
