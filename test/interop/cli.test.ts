// The official Rust CLI (`pact broker …` from @pact-foundation/pact-cli) against a listening Treaty: real exit codes
// and output, then the resulting broker state read back over HTTP.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pactDocument, publishBody } from '../support/pacts.js';
import { pactBroker, pactBrokerJson, seg, startBroker, type RunningBroker } from './broker.js';

let broker: RunningBroker;
const tempDirs: string[] = [];

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker?.close();
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});
beforeEach(async () => {
  await broker.testApp.reset();
});

const cli = (command: string, ...args: string[]) => pactBroker(broker.baseUrl, command, args);
const cliJson = (command: string, ...args: string[]) => pactBrokerJson(broker.baseUrl, command, args);

/** Writes pact files into a fresh directory: `{ 'file.json': document }`. */
async function pactDir(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'treaty-pacts-'));
  tempDirs.push(dir);
  for (const [name, doc] of Object.entries(files)) await writeFile(join(dir, name), JSON.stringify(doc, null, 2));
  return dir;
}

/** Publishes through HTTP (setup for the read-only commands). */
async function publish(body: ReturnType<typeof publishBody>): Promise<void> {
  const res = await broker.post('/contracts/publish', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** `publish -o json` prints one "📨 Attempting…" line and then one JSON line per consumer/provider pair. */
function jsonLines(stdout: string): Array<Record<string, any>> {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

const descriptions = (pact: { interactions: Array<{ description: string }> }) => pact.interactions.map((i) => i.description).sort();
const versionPath = (p: string, v: string) => `/pacticipants/${seg(p)}/versions/${seg(v)}`;
const pactPath = (provider: string, consumer: string, v: string) => `/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}/version/${seg(v)}`;

const SHA = '9f2c1e4b7a0d3c6f8e5b2a1d4c7f0e3b6a9d2c5f';

describe('pact broker publish', () => {
  it('publishes a directory of pact files with branch, tags and build URL, merging files of the same pair', async () => {
    const dir = await pactDir({
      'orders-1.json': pactDocument({ consumer: 'Web App', provider: 'Orders API', interactions: ['get an order'] }),
      // A second file for the same pair: the CLI merges them into one contract before publishing.
      'orders-2.json': pactDocument({ consumer: 'Web App', provider: 'Orders API', interactions: ['list orders'] }),
      'billing.json': pactDocument({ consumer: 'Web App', provider: 'Billing API', interactions: ['get an invoice', 'pay an invoice'] }),
    });

    const run = await cli('publish', dir, '--consumer-app-version', SHA, '--branch', 'main', '--tag', 'dev,rc', '--build-url', 'https://ci.example/builds/42');

    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toMatch(/(Created|Updated) Web App version 9f2c1e4b7a0d3c6f8e5b2a1d4c7f0e3b6a9d2c5f with branch main and tags dev, rc/);
    expect(run.stdout).toContain(`Pact successfully published for Web App version ${SHA} and provider Orders API.`);
    expect(run.stdout).toContain(`Pact successfully published for Web App version ${SHA} and provider Billing API.`);
    expect(run.stdout).toContain(`View the published pact at ${broker.baseUrl}/pacts/provider/Orders%20API/consumer/Web%20App/version/${SHA}`);
    expect(run.stdout).toContain('Events detected: contract_published, contract_content_changed');

    const version = await broker.get(versionPath('Web App', SHA));
    expect(version.status).toBe(200);
    expect(version.body.number).toBe(SHA);
    expect(version.body.buildUrl).toBe('https://ci.example/builds/42');
    expect(version.body._embedded.tags.map((t: { name: string }) => t.name).sort()).toEqual(['dev', 'rc']);
    expect(version.body._embedded.branchVersions.map((b: { name: string }) => b.name)).toEqual(['main']);

    const orders = await broker.get(pactPath('Orders API', 'Web App', SHA));
    expect(orders.status).toBe(200);
    expect(orders.body.consumer).toEqual({ name: 'Web App' });
    expect(orders.body.provider).toEqual({ name: 'Orders API' });
    expect(descriptions(orders.body)).toEqual(['get an order', 'list orders']);
    expect(orders.body.interactions.find((i: { description: string }) => i.description === 'get an order').request).toEqual({ method: 'GET', path: '/things/0' });

    const billing = await broker.get(pactPath('Billing API', 'Web App', SHA));
    expect(descriptions(billing.body)).toEqual(['get an invoice', 'pay an invoice']);

    const latest = await broker.get('/pacts/latest');
    expect(latest.body.pacts.map((p: any) => `${p._embedded.consumer.name}->${p._embedded.provider.name}@${p._embedded.consumer._embedded.version.number}`).sort()).toEqual([
      `Web App->Billing API@${SHA}`,
      `Web App->Orders API@${SHA}`,
    ]);
  });

  it('prints the webhooks a publish triggered, with the events detected', async () => {
    // Scoped to the provider, so that the reset between tests deletes it with the pacticipant.
    expect((await broker.post('/pacticipants', { name: 'Orders API' })).status).toBe(201);
    const webhook = {
      description: 'Run Orders CI',
      provider: { name: 'Orders API' },
      events: [{ name: 'contract_content_changed' }, { name: 'contract_published' }],
      request: { method: 'POST', url: 'https://ci.example/build' },
    };
    expect((await broker.post('/webhooks', webhook)).status).toBe(201);
    const dir = await pactDir({ 'orders.json': pactDocument({ consumer: 'Web App', provider: 'Orders API', interactions: ['get an order'] }) });

    const run = await cli('publish', dir, '--consumer-app-version', SHA, '--branch', 'main');

    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain('Events detected: contract_published, contract_content_changed');
    expect(run.stdout).toContain('Webhook "Run Orders CI" triggered for event contract_published.');
    expect(run.stdout).toContain('Webhook "Run Orders CI" triggered for event contract_content_changed.');
    expect(run.stdout).toMatch(new RegExp(`View logs at ${broker.baseUrl}/triggered-webhooks/[0-9a-f-]{36}/logs`));
  });

  it('republishing identical content succeeds and changes nothing', async () => {
    const dir = await pactDir({ 'orders.json': pactDocument({ consumer: 'Web App', provider: 'Orders API', interactions: ['get an order'] }) });
    const first = await cli('publish', dir, '--consumer-app-version', SHA, '--branch', 'main');
    expect(first.code, first.output).toBe(0);
    const before = await broker.get(pactPath('Orders API', 'Web App', SHA));

    const again = await cli('publish', dir, '--consumer-app-version', SHA, '--branch', 'main', '-o', 'json');
    expect(again.code, again.output).toBe(0);
    const [body] = jsonLines(again.stdout);
    expect(body?._embedded.version.number).toBe(SHA);
    expect(body?.notices.map((n: { text: string }) => n.text)).toContain(
      `Pact successfully republished for Web App version ${SHA} and provider Orders API with no content changes.`,
    );

    const versions = await broker.get(`/pacticipants/${seg('Web App')}/versions`);
    expect(versions.body._embedded.versions.map((v: { number: string }) => v.number)).toEqual([SHA]);
    const after = await broker.get(pactPath('Orders API', 'Web App', SHA));
    expect(after.body._links['pb:pact-version'].name).toBe(before.body._links['pb:pact-version'].name);
    expect(after.body.createdAt).toBe(before.body.createdAt);
  });

  it('refuses changed content for the same consumer version: exit 1 with the conflict message, stored pact untouched', async () => {
    const original = await pactDir({ 'orders.json': pactDocument({ consumer: 'Web App', provider: 'Orders API', interactions: ['get an order'] }) });
    const changed = await pactDir({ 'orders.json': pactDocument({ consumer: 'Web App', provider: 'Orders API', interactions: ['get an order', 'delete an order'] }) });
    expect((await cli('publish', original, '--consumer-app-version', SHA, '--branch', 'main')).code).toBe(0);

    const run = await cli('publish', changed, '--consumer-app-version', SHA, '--branch', 'main');

    expect(run.code).toBe(1);
    expect(run.output).toContain('Pact publication failed');
    expect(run.output).toContain(
      `contracts: Cannot change the content of the pact for Web App version ${SHA} and provider Orders API, as race conditions will cause unreliable results for can-i-deploy.`,
    );
    expect(run.output).toContain('For more information see https://docs.pact.io/go/versioning');
    const stored = await broker.get(pactPath('Orders API', 'Web App', SHA));
    expect(descriptions(stored.body)).toEqual(['get an order']);
  });

  it('round-trips names with spaces and Unicode through publish, list-latest-pact-versions and describe-version', async () => {
    const consumer = 'Café Client ☕';
    const provider = 'Ürün API ✓';
    const version = '1.0.0+ü build';
    const tag = 'étiquette';
    const dir = await pactDir({ 'unicode.json': pactDocument({ consumer, provider, interactions: ['fetch a ürün'] }) });

    const published = await cli('publish', dir, '--consumer-app-version', version, '--branch', 'main', '--tag', tag);
    expect(published.code, published.output).toBe(0);
    expect(published.stdout).toContain(`Pact successfully published for ${consumer} version ${version} and provider ${provider}.`);

    const table = await cli('list-latest-pact-versions');
    expect(table.code, table.output).toBe(0);
    expect(table.stdout).toContain(`"${consumer}"`);
    expect(table.stdout).toContain(`"${provider}"`);
    expect(table.stdout).toContain(`"${version}"`);
    const { json: latest } = await cliJson('list-latest-pact-versions');
    expect(latest.pacts).toHaveLength(1);
    expect(latest.pacts[0]._embedded.consumer.name).toBe(consumer);
    expect(latest.pacts[0]._embedded.provider.name).toBe(provider);
    expect(latest.pacts[0]._embedded.consumer._embedded.version.number).toBe(version);

    const described = await cli('describe-version', '--pacticipant', consumer);
    expect(described.code, described.output).toBe(0);
    expect(described.stdout).toContain(version);
    expect(described.stdout).toContain(tag);
    const { json: byTag } = await cliJson('describe-version', '--pacticipant', consumer, '--latest', tag);
    expect(byTag.number).toBe(version);
    expect(byTag._embedded.tags.map((t: { name: string }) => t.name)).toEqual([tag]);

    // And the stored names are exactly what was sent.
    const pact = await broker.get(pactPath(provider, consumer, version));
    expect(pact.status).toBe(200);
    expect(pact.body._links['pb:consumer'].name).toBe(consumer);
    expect(pact.body._links['pb:provider'].name).toBe(provider);
    expect(pact.body._links['pb:consumer-version'].name).toBe(version);
  });
});

describe('names with "/" and "+" (the CLI percent-encodes them into templated index links)', () => {
  it('publish, describe-version, create-or-update/describe-pacticipant and delete-branch find the right resources', async () => {
    const consumer = 'team/web+app';
    const version = '1.0/rc+1';
    const dir = await pactDir({ 'slashes.json': pactDocument({ consumer, provider: 'svc/orders', interactions: ['slash'] }) });
    const published = await cli('publish', dir, '--consumer-app-version', version, '--branch', 'feat/x', '--tag', 'a/b');
    expect(published.code, published.output).toBe(0);
    expect(published.stdout).toContain(`View the published pact at ${broker.baseUrl}/pacts/provider/svc%2Forders/consumer/team%2Fweb%2Bapp/version/1.0%2Frc%2B1`);

    for (const args of [[], ['--version', version], ['--latest', 'a/b']]) {
      const { run, json } = await cliJson('describe-version', '--pacticipant', consumer, ...args);
      expect(run.code, run.output).toBe(0);
      expect(json.number).toBe(version);
      expect(json._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['a/b']);
    }

    const updated = await cli('create-or-update-pacticipant', '--name', consumer, '--display-name', 'Web+');
    expect(updated.stdout).toContain(`Pacticipant '${consumer}' updated successfully`);
    const described = await cli('describe-pacticipant', '--name', consumer);
    expect(described.stdout).toContain('Display Name: Web+');
    const list = await broker.get('/pacticipants');
    expect(list.body._embedded.pacticipants.map((p: { name: string }) => p.name).sort()).toEqual(['svc/orders', consumer]);

    const deleted = await cli('delete-branch', '--pacticipant', consumer, '--branch', 'feat/x');
    expect(deleted.stdout).toContain(`Successfully deleted branch 'feat/x' of pacticipant '${consumer}'`);
    expect((await broker.get(`/pacticipants/${seg(consumer)}/branches/${seg('feat/x')}`)).status).toBe(404);
    expect((await broker.get(versionPath(consumer, version))).status).toBe(200);
  });
});

describe('pact broker list-latest-pact-versions', () => {
  it('lists one row per integration with its newest consumer version', async () => {
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: '1', interactions: ['one'] }));
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: '2', interactions: ['two'] }));
    await publish(publishBody({ consumer: 'Mobile App', provider: 'Orders API', version: 'm1' }));

    const table = await cli('list-latest-pact-versions');
    expect(table.code, table.output).toBe(0);
    expect(table.stdout).toMatch(/CONSUMER\s+┆\s+CONSUMER_VERSION\s+┆\s+PROVIDER\s+┆\s+CREATED_AT/);
    expect(table.stdout).toMatch(/"Web App"\s+┆\s+"2"\s+┆\s+"Orders API"/);
    expect(table.stdout).toMatch(/"Mobile App"\s+┆\s+"m1"\s+┆\s+"Orders API"/);
    expect(table.stdout).not.toMatch(/"Web App"\s+┆\s+"1"/);

    const { run, json } = await cliJson('list-latest-pact-versions');
    expect(run.code).toBe(0);
    const rows = json.pacts.map((p: any) => [p._embedded.consumer.name, p._embedded.consumer._embedded.version.number]).sort();
    expect(rows).toEqual([
      ['Mobile App', 'm1'],
      ['Web App', '2'],
    ]);
    for (const p of json.pacts) expect(p.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });
});

describe('pact broker describe-version', () => {
  beforeEach(async () => {
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: '1.0.0', tags: ['prod'], interactions: ['one'] }));
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: '1.1.0', tags: ['dev', 'feat'], interactions: ['two'] }));
  });

  it('describes the latest version when no version or tag is given', async () => {
    const run = await cli('describe-version', '--pacticipant', 'Web App');
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toMatch(/NAME\s+┆\s+TAGS/);
    expect(run.stdout).toMatch(/1\.1\.0\s+┆\s+dev, feat/);
    const { json } = await cliJson('describe-version', '--pacticipant', 'Web App');
    expect(json.number).toBe('1.1.0');
  });

  it('describes a given --version', async () => {
    const { run, json } = await cliJson('describe-version', '--pacticipant', 'Web App', '--version', '1.0.0');
    expect(run.code).toBe(0);
    expect(json.number).toBe('1.0.0');
    expect(json._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['prod']);
  });

  it('describes the latest version with a tag (--latest TAG)', async () => {
    const run = await cli('describe-version', '--pacticipant', 'Web App', '--latest', 'prod');
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toMatch(/1\.0\.0\s+┆\s+prod/);
  });

  it('fails with "not found" for an unknown version or tag', async () => {
    for (const args of [['--version', '9.9.9'], ['--latest', 'nope']]) {
      const run = await cli('describe-version', '--pacticipant', 'Web App', ...args);
      expect(run.code).toBe(1);
      expect(run.output).toContain('Pacticipant version not found');
    }
  });
});

describe('pacticipant commands', () => {
  it('create-or-update-pacticipant creates, then updates display name, main branch and repository URL', async () => {
    const created = await cli('create-or-update-pacticipant', '--name', 'Billing Service');
    expect(created.code, created.output).toBe(0);
    expect(created.stdout).toContain("Pacticipant 'Billing Service' created successfully");
    const fresh = await broker.get(`/pacticipants/${seg('Billing Service')}`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ name: 'Billing Service', displayName: 'Billing Service' });
    expect(fresh.body.mainBranch).toBeUndefined();

    const updated = await cli(
      'create-or-update-pacticipant',
      '--name',
      'Billing Service',
      '--display-name',
      'Billing',
      '--main-branch',
      'trunk',
      '--repository-url',
      'https://git.example.com/billing',
    );
    expect(updated.code, updated.output).toBe(0);
    expect(updated.stdout).toContain("Pacticipant 'Billing Service' updated successfully");
    const after = await broker.get(`/pacticipants/${seg('Billing Service')}`);
    expect(after.body).toMatchObject({ name: 'Billing Service', displayName: 'Billing', mainBranch: 'trunk', repositoryUrl: 'https://git.example.com/billing' });

    // A later update with one flag is a merge-patch: the other fields stay.
    const partial = await cli('create-or-update-pacticipant', '--name', 'Billing Service', '--main-branch', 'develop');
    expect(partial.code, partial.output).toBe(0);
    const merged = await broker.get(`/pacticipants/${seg('Billing Service')}`);
    expect(merged.body).toMatchObject({ displayName: 'Billing', mainBranch: 'develop', repositoryUrl: 'https://git.example.com/billing' });

    const list = await broker.get('/pacticipants');
    expect(list.body._embedded.pacticipants.map((p: { name: string }) => p.name)).toEqual(['Billing Service']);
  });

  it('create-or-update-pacticipant creates with every field at once (POST path)', async () => {
    const run = await cli('create-or-update-pacticipant', '--name', 'Ärger Ω Service', '--display-name', 'Ärger Ω', '--main-branch', 'main', '--repository-url', 'https://git.example.com/ärger');
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain("Pacticipant 'Ärger Ω Service' created successfully");
    const p = await broker.get(`/pacticipants/${seg('Ärger Ω Service')}`);
    expect(p.body).toMatchObject({ name: 'Ärger Ω Service', displayName: 'Ärger Ω', mainBranch: 'main', repositoryUrl: 'https://git.example.com/ärger' });
  });

  it('describe-pacticipant prints the pacticipant (text and json); unknown names fail', async () => {
    await cli('create-or-update-pacticipant', '--name', 'Billing Service', '--display-name', 'Billing', '--main-branch', 'trunk', '--repository-url', 'https://git.example.com/billing');

    const text = await cli('describe-pacticipant', '--name', 'Billing Service');
    expect(text.code, text.output).toBe(0);
    expect(text.stdout).toContain('Name: Billing Service');
    expect(text.stdout).toContain('Display Name: Billing');
    expect(text.stdout).toContain('Main Branch: trunk');
    expect(text.stdout).toContain('Repo URL: https://git.example.com/billing');
    expect(text.stdout).toMatch(/Created: \d{4}-\d\d-\d\dT/);

    const { json } = await cliJson('describe-pacticipant', '--name', 'Billing Service');
    expect(json).toMatchObject({ name: 'Billing Service', displayName: 'Billing', mainBranch: 'trunk' });
    expect(json._links.self.href).toBe(`${broker.baseUrl}/pacticipants/Billing%20Service`);

    const missing = await cli('describe-pacticipant', '--name', 'Nobody');
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("Request to pact broker path '/pacticipants/Nobody' failed: 404");
  });

  it('list-pacticipants lists every pacticipant with its display name', async () => {
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: '1' }));
    await cli('create-or-update-pacticipant', '--name', 'billing-service');

    const table = await cli('list-pacticipants');
    expect(table.code, table.output).toBe(0);
    expect(table.stdout).toMatch(/NAME\s+┆\s+DISPLAY NAME/);
    expect(table.stdout).toMatch(/"billing-service"\s+┆\s+"Billing Service"/);
    expect(table.stdout).toMatch(/"Orders API"\s+┆\s+"Orders API"/);
    expect(table.stdout).toMatch(/"Web App"\s+┆\s+"Web App"/);

    const { json } = await cliJson('list-pacticipants');
    expect(json.pacticipants.map((p: { name: string }) => p.name)).toEqual(['billing-service', 'Orders API', 'Web App']);
  });
});

describe('pact broker create-version-tag', () => {
  it('refuses an unknown version without --auto-create-version, then creates it with the tags', async () => {
    await cli('create-or-update-pacticipant', '--name', 'Billing Service');

    const refused = await cli('create-version-tag', '--pacticipant', 'Billing Service', '--version', '9.9', '--tag', 'prod');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("Version '9.9' of pacticipant 'Billing Service' does not exist. Use --auto-create-version to create it.");
    expect((await broker.get(versionPath('Billing Service', '9.9'))).status).toBe(404);

    const created = await cli('create-version-tag', '--pacticipant', 'Billing Service', '--version', '9.9', '--tag', 'prod', 'blue', '--auto-create-version');
    expect(created.code, created.output).toBe(0);
    expect(created.stdout).toContain("Tagging version '9.9' of pacticipant 'Billing Service' with tag 'prod' - Success");
    expect(created.stdout).toContain("Tagging version '9.9' of pacticipant 'Billing Service' with tag 'blue' - Success");

    // An existing version needs no flag.
    const more = await cli('create-version-tag', '--pacticipant', 'Billing Service', '--version', '9.9', '--tag', 'green');
    expect(more.code, more.output).toBe(0);

    const version = await broker.get(versionPath('Billing Service', '9.9'));
    expect(version.status).toBe(200);
    expect(version.body._embedded.tags.map((t: { name: string }) => t.name).sort()).toEqual(['blue', 'green', 'prod']);
    const tag = await broker.get(`${versionPath('Billing Service', '9.9')}/tags/blue`);
    expect(tag.status).toBe(200);
    expect(tag.body.name).toBe('blue');
  });
});

describe('pact broker create-or-update-version', () => {
  it('with --branch and --tag: adds the version to the branch and tags it', async () => {
    const run = await cli('create-or-update-version', '--pacticipant', 'Billing Service', '--version', '10.0', '--branch', 'feat-x', '--tag', 'rc');
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain("Branch 'feat-x' created for version '10.0'");
    expect(run.stdout).toContain("Tag 'rc' created for version '10.0'");

    const version = await broker.get(versionPath('Billing Service', '10.0'));
    expect(version.status).toBe(200);
    expect(version.body._embedded.branchVersions.map((b: { name: string }) => b.name)).toEqual(['feat-x']);
    expect(version.body._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['rc']);
    const head = await broker.get(`/pacticipants/${seg('Billing Service')}/branches/feat-x/latest-version`);
    expect(head.body.number).toBe('10.0');
  });

  it('with neither: creates the bare version (PUT), and is repeatable', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await cli('create-or-update-version', '--pacticipant', 'Billing Service', '--version', '10.1');
      expect(run.code, run.output).toBe(0);
      expect(run.stdout).toContain("Version '10.1' created or updated successfully");
    }
    const version = await broker.get(versionPath('Billing Service', '10.1'));
    expect(version.status).toBe(200);
    expect(version.body._embedded.tags).toEqual([]);
    expect(version.body._embedded.branchVersions).toEqual([]);
    const versions = await broker.get(`/pacticipants/${seg('Billing Service')}/versions`);
    expect(versions.body._embedded.versions.map((v: { number: string }) => v.number)).toEqual(['10.1']);
  });
});

describe('pact broker get-pacts', () => {
  beforeEach(async () => {
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: 'w1', branch: 'main', interactions: ['w one'] }));
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: 'w2', branch: 'main', interactions: ['w two'] }));
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: 'w3', branch: 'feat-a', interactions: ['w three'] }));
    await publish(publishBody({ consumer: 'Mobile App', provider: 'Orders API', version: 'm1', branch: 'main', interactions: ['m one'] }));
  });
  const titles = (json: any) => json.pacts.map((p: { title: string }) => p.title).sort();

  it('--provider: pacts from every consumer main branch (GET /pacts/provider/P/branch)', async () => {
    const table = await cli('get-pacts', '--provider', 'Orders API');
    expect(table.code, table.output).toBe(0);
    expect(table.stdout).toMatch(/CONSUMER\s+┆\s+TITLE\s+┆\s+LINK/);
    expect(table.stdout).toContain(`"${broker.baseUrl}/pacts/provider/Orders%20API/consumer/Web%20App/version/w2"`);

    const { json } = await cliJson('get-pacts', '--provider', 'Orders API');
    expect(titles(json)).toEqual(['Pact between Mobile App (m1) and Orders API', 'Pact between Web App (w1) and Orders API', 'Pact between Web App (w2) and Orders API']);
  });

  it('--provider --latest: the latest main-branch pact of each consumer', async () => {
    const { run, json } = await cliJson('get-pacts', '--provider', 'Orders API', '--latest');
    expect(run.code).toBe(0);
    expect(titles(json)).toEqual(['Pact between Mobile App (m1) and Orders API', 'Pact between Web App (w2) and Orders API']);
    expect(json.pacts.map((p: { name: string }) => p.name).sort()).toEqual(['Mobile App', 'Web App']);
  });

  it('--provider --branch b: pacts from consumer branch b', async () => {
    const table = await cli('get-pacts', '--provider', 'Orders API', '--branch', 'feat-a');
    expect(table.code, table.output).toBe(0);
    expect(table.stdout).toContain('"Pact between Web App (w3) and Orders API"');
    const { json } = await cliJson('get-pacts', '--provider', 'Orders API', '--branch', 'feat-a');
    expect(titles(json)).toEqual(['Pact between Web App (w3) and Orders API']);
    const { json: none } = await cliJson('get-pacts', '--provider', 'Orders API', '--branch', 'no-such-branch');
    expect(none.pacts).toEqual([]);
  });

  it('--provider --download writes each pact file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'treaty-download-'));
    tempDirs.push(dir);
    const run = await cli('get-pacts', '--provider', 'Orders API', '--latest', '--download', '--download-dir', dir);
    expect(run.code, run.output).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['Mobile App-Orders API-m1.json', 'Web App-Orders API-w2.json']);
    const web = JSON.parse(await readFile(join(dir, 'Web App-Orders API-w2.json'), 'utf8'));
    expect(descriptions(web)).toEqual(['w two']);
  });

  it('--consumer forms follow the Pact Broker routes (the CLI builds these paths itself)', async () => {
    // …/consumer/C/branch/b → the pact versions of branch b (only -o json can print that shape).
    const { run, json } = await cliJson('get-pacts', '--provider', 'Orders API', '--consumer', 'Web App', '--branch', 'main');
    expect(run.code).toBe(0);
    expect(json._embedded.pacts.map((p: any) => p._embedded.consumerVersion.number)).toEqual(['w2', 'w1']);
    // …/consumer/C/branch/b/latest → the pact document itself.
    const { json: doc } = await cliJson('get-pacts', '--provider', 'Orders API', '--consumer', 'Web App', '--branch', 'feat-a', '--latest');
    expect(doc._links['pb:consumer-version'].name).toBe('w3');
    expect(descriptions(doc)).toEqual(['w three']);
    // …/consumer/C/branch has no route in the Pact Broker either.
    const noRoute = await cli('get-pacts', '--provider', 'Orders API', '--consumer', 'Web App');
    expect(noRoute.code).toBe(1);
    expect(noRoute.output).toContain('404');
  });

  it('fails for an unknown provider', async () => {
    const run = await cli('get-pacts', '--provider', 'Nope');
    expect(run.code).toBe(1);
    expect(run.output).toContain("Request to pact broker path '/pacts/provider/Nope/branch' failed: 404");
  });
});

describe('pact broker delete-branch', () => {
  it('deletes the branch (not its versions); deleting again reports "not found" and exits 0', async () => {
    await publish(publishBody({ consumer: 'Web App', provider: 'Orders API', version: '5', branch: 'feature/ünï' }));
    const branchPath = `/pacticipants/${seg('Web App')}/branches/${seg('feature/ünï')}`;
    expect((await broker.get(branchPath)).status).toBe(200);

    const run = await cli('delete-branch', '--pacticipant', 'Web App', '--branch', 'feature/ünï');
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain("Successfully deleted branch 'feature/ünï' of pacticipant 'Web App'");
    expect((await broker.get(branchPath)).status).toBe(404);
    expect((await broker.get(versionPath('Web App', '5'))).status).toBe(200);
    expect((await broker.get(pactPath('Orders API', 'Web App', '5'))).status).toBe(200);

    const again = await cli('delete-branch', '--pacticipant', 'Web App', '--branch', 'feature/ünï');
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain("Could not delete branch 'feature/ünï' of pacticipant 'Web App' as it was not found");

    const strict = await cli('delete-branch', '--pacticipant', 'Web App', '--branch', 'feature/ünï', '--error-when-not-found', 'true');
    expect(strict.code).toBe(1);
    expect(strict.output).toContain('as it was not found');
  });
});

describe('pact broker list-environments', () => {
  it('lists the seeded test and production environments', async () => {
    const table = await cli('list-environments');
    expect(table.code, table.output).toBe(0);
    expect(table.stdout).toMatch(/UUID\s+┆\s+NAME\s+┆\s+DISPLAY NAME\s+┆\s+PRODUCTION/);
    expect(table.stdout).toMatch(/production\s+┆\s+Production\s+┆\s+true/);
    expect(table.stdout).toMatch(/test\s+┆\s+Test\s+┆\s+false/);

    const { json } = await cliJson('list-environments');
    const envs = json._embedded.environments.map((e: any) => ({ name: e.name, displayName: e.displayName, production: e.production, uuid: e.uuid }));
    expect(envs.map((e: { name: string }) => e.name)).toEqual(['production', 'test']);
    const http = await broker.get('/environments');
    expect(envs).toEqual(
      http.body._embedded.environments.map((e: any) => ({ name: e.name, displayName: e.displayName, production: e.production, uuid: e.uuid })),
    );
    expect(envs.find((e: { name: string }) => e.name === 'production')).toMatchObject({ displayName: 'Production', production: true });
    for (const e of envs) expect(table.stdout).toContain(e.uuid);
  });
});
