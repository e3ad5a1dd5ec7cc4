// record-deployment / record-undeployment over HTTP: the shapes the Pact CLI reads, replay safety, one current
// deployment per (environment, pacticipant, application instance), and the version/pacticipant links.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { DomainEvents } from '../../src/events/event-bus.js';
import { client, errorBody, hal, HAL, rowCounts } from '../support/http.js';
import { testDataBuilder } from '../support/test-data-builder.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const B = 'http://localhost:80';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

// Environments survive reset(): tests use the seeded `test` and `production` or create their own with unique names.
let t: TestApp;
let api: ReturnType<typeof client>;
let envs: Record<string, { uuid: string; name: string; displayName: string }>;
const events: Array<DomainEvents['deployed_version_created']> = [];
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  t.container.events.subscribe('deployed_version_created', (e) => void events.push(e));
  const list = hal(await api.get('/environments'), 200)._embedded.environments;
  envs = Object.fromEntries(list.map((e: { name: string }) => [e.name, e]));
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  events.length = 0;
});

let counter = 0;
async function createEnvironment(name: string, displayName?: string) {
  const body = hal(await api.post('/environments', { name: `${name}-${++counter}`, production: false, ...(displayName ? { displayName } : {}) }), 201);
  return body as { uuid: string; name: string; displayName: string };
}

const deployPath = (p: string, v: string, envUuid: string) => `/pacticipants/${p}/versions/${v}/deployed-versions/environment/${envUuid}`;
const deploy = (p: string, v: string, envUuid: string, body: Record<string, unknown> = {}) => api.post(deployPath(p, v, envUuid), body);
const current = async (envUuid: string, query = '') =>
  hal(await api.get(`/environments/${envUuid}/deployed-versions/currently-deployed${query}`), 200)._embedded.deployedVersions as any[];
const summary = (list: any[]) => list.map((d) => `${d._embedded.pacticipant.name}@${d._embedded.version.number}${d.applicationInstance ? `/${d.applicationInstance}` : ''}`).sort();
const versions = async (p: string, ...numbers: string[]) => {
  for (const n of numbers) hal(await api.put(`/pacticipants/${p}/versions/${n}`), 201);
};
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('POST /pacticipants/{p}/versions/{v}/deployed-versions/environment/{uuid} (record-deployment)', () => {
  it('records a deployment: 201, Location, the Pact Broker shape (null instance and undeployedAt omitted)', async () => {
    await versions('Foo', '1');
    const test = envs.test!;
    const res = await deploy('Foo', '1', test.uuid);
    const body = hal(res, 201);
    expect(body.uuid).toMatch(UUID);
    expect(res.headers.location).toBe(`${B}/deployed-versions/${body.uuid}`);
    expect(body).toEqual({
      uuid: body.uuid,
      currentlyDeployed: true,
      createdAt: expect.stringMatching(TIMESTAMP),
      _embedded: {
        pacticipant: { name: 'Foo', _links: { self: { href: `${B}/pacticipants/Foo` } } },
        version: { number: '1', _links: { self: { title: 'Version', name: '1', href: `${B}/pacticipants/Foo/versions/1` } } },
        environment: expect.objectContaining({
          uuid: test.uuid,
          name: 'test',
          displayName: 'Test',
          production: false,
          _links: expect.objectContaining({ self: { title: 'Environment', name: 'test', href: `${B}/environments/${test.uuid}` } }),
        }),
      },
      _links: { self: { href: `${B}/deployed-versions/${body.uuid}` } },
    });
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: 1 });
    await flush();
    expect(events).toEqual([{ pacticipantName: 'Foo', versionNumber: '1', environmentName: 'test', applicationInstance: null }]);
  });

  it('takes applicationInstance, or the legacy target, and renders both keys (the CLI sends both)', async () => {
    await versions('Foo', '1', '2', '3');
    const cli = hal(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: 'blue', target: 'blue' }), 201);
    expect(cli).toMatchObject({ applicationInstance: 'blue', target: 'blue', currentlyDeployed: true });
    const legacy = hal(await deploy('Foo', '2', envs.test!.uuid, { target: 'green' }), 201);
    expect(legacy).toMatchObject({ applicationInstance: 'green', target: 'green' });
    const explicitNull = hal(await deploy('Foo', '3', envs.test!.uuid, { applicationInstance: null }), 201);
    expect(explicitNull).not.toHaveProperty('applicationInstance');
    expect(explicitNull).not.toHaveProperty('target');
    expect(summary(await current(envs.test!.uuid))).toEqual(['Foo@1/blue', 'Foo@2/green', 'Foo@3']);
  });

  it('accepts a body-less POST (empty JSON body, or none at all) as {}', async () => {
    await versions('Foo', '1');
    const res = await t.app.inject({ method: 'POST', url: deployPath('Foo', '1', envs.test!.uuid), headers: { 'content-type': 'application/json' }, payload: '' });
    const first = hal(res, 201);
    const again = hal(await t.app.inject({ method: 'POST', url: deployPath('Foo', '1', envs.test!.uuid) }), 201);
    expect(again.uuid).toBe(first.uuid);
  });

  it('replaying the POST of a current deployment returns it again: 201, same uuid, nothing new stored, no new event', async () => {
    await versions('Foo', '1');
    const first = hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    const replay = await deploy('Foo', '1', envs.test!.uuid);
    expect(hal(replay, 201).uuid).toBe(first.uuid);
    expect(replay.headers.location).toBe(`${B}/deployed-versions/${first.uuid}`);
    const blue = hal(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: 'blue' }), 201);
    expect(blue.uuid).not.toBe(first.uuid);
    expect(hal(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: 'blue' }), 201).uuid).toBe(blue.uuid);
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: 2 });
    await flush();
    expect(events.map((e) => e.applicationInstance)).toEqual([null, 'blue']);
  });

  it('a new version replaces the current one in the slot; rolling back records a new deployment of the old version', async () => {
    await versions('Foo', '1', '2');
    const v1 = hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    const v2 = hal(await deploy('Foo', '2', envs.test!.uuid), 201);
    const old = hal(await api.get(`/deployed-versions/${v1.uuid}`), 200);
    expect(old).toMatchObject({ currentlyDeployed: false, undeployedAt: expect.stringMatching(TIMESTAMP) });
    expect(summary(await current(envs.test!.uuid))).toEqual(['Foo@2']);

    const rollback = hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    expect(rollback.uuid).not.toBe(v1.uuid);
    expect(hal(await api.get(`/deployed-versions/${v2.uuid}`), 200).currentlyDeployed).toBe(false);
    expect(summary(await current(envs.test!.uuid))).toEqual(['Foo@1']);
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: 3 });
  });

  it('replaces only within the same application instance; the null instance is its own slot', async () => {
    await versions('Foo', '1', '2', '3', '4', '5');
    const test = envs.test!.uuid;
    hal(await deploy('Foo', '1', test, { applicationInstance: 'blue' }), 201);
    hal(await deploy('Foo', '2', test, { applicationInstance: 'green' }), 201);
    expect(summary(await current(test))).toEqual(['Foo@1/blue', 'Foo@2/green']);
    hal(await deploy('Foo', '3', test, { applicationInstance: 'blue' }), 201);
    expect(summary(await current(test))).toEqual(['Foo@2/green', 'Foo@3/blue']);
    hal(await deploy('Foo', '4', test), 201);
    expect(summary(await current(test))).toEqual(['Foo@2/green', 'Foo@3/blue', 'Foo@4']);
    hal(await deploy('Foo', '5', test), 201);
    expect(summary(await current(test))).toEqual(['Foo@2/green', 'Foo@3/blue', 'Foo@5']);
  });

  it('other pacticipants and other environments are independent', async () => {
    await versions('Foo', '1', '2');
    await versions('Bar', '7');
    hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    hal(await deploy('Bar', '7', envs.test!.uuid), 201);
    hal(await deploy('Foo', '1', envs.production!.uuid), 201);
    hal(await deploy('Foo', '2', envs.production!.uuid), 201);
    expect(summary(await current(envs.test!.uuid))).toEqual(['Bar@7', 'Foo@1']);
    expect(summary(await current(envs.production!.uuid))).toEqual(['Foo@2']);
  });

  it('404 naming what is missing: pacticipant, version, environment (unknown or not a uuid); nothing stored', async () => {
    await versions('Foo', '1');
    const before = await rowCounts(t);
    expect(errorBody(await deploy('Nope', '1', envs.test!.uuid), 404).error).toBe("No pacticipant with name 'Nope' found");
    expect(errorBody(await deploy('Foo', '9', envs.test!.uuid), 404).error).toBe("No version '9' of pacticipant 'Foo' found");
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(errorBody(await deploy('Foo', '1', missing), 404).error).toBe(`No environment with uuid '${missing}' found`);
    expect(errorBody(await deploy('Foo', '1', 'not-a-uuid'), 404).error).toMatch(/not-a-uuid/);
    errorBody(await api.get(deployPath('Foo', '9', envs.test!.uuid)), 404);
    errorBody(await api.get(deployPath('Foo', '1', 'not-a-uuid')), 404);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('validates the application instance (400 naming the field) and the body (400, 415); nothing stored', async () => {
    await versions('Foo', '1');
    const url = deployPath('Foo', '1', envs.test!.uuid);
    const before = await rowCounts(t);
    for (const bad of ['two\nlines', '   ', 'bell\u0007', 'x'.repeat(256)]) {
      errorBody(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: bad }), 400, ['applicationInstance']);
    }
    errorBody(await deploy('Foo', '1', envs.test!.uuid, { target: 'a\r\nb' }), 400, ['target']);
    errorBody(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: 'blue', target: 'green' }), 400, ['target']);
    errorBody(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: { name: 'blue' } }), 400, ['applicationInstance']);
    errorBody(await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"applicationInstance":' }), 400, ['body']);
    errorBody(await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '["blue"]' }), 400);
    errorBody(await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: 'blue' }), 415);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('GET lists the deployments of the version in the environment (history included, newest first, no _embedded)', async () => {
    await versions('Foo', '1', '2');
    const first = hal(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: 'blue' }), 201);
    hal(await deploy('Foo', '2', envs.test!.uuid, { applicationInstance: 'blue' }), 201);
    const second = hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    hal(await deploy('Foo', '1', envs.production!.uuid), 201);
    const body = hal(await api.get(deployPath('Foo', '1', envs.test!.uuid)), 200);
    expect(body._links.self).toEqual({ href: `${B}${deployPath('Foo', '1', envs.test!.uuid)}`, title: 'Deployed versions for Foo version 1 in environment Test' });
    expect(body._embedded.deployedVersions).toEqual([
      { uuid: second.uuid, currentlyDeployed: true, createdAt: second.createdAt, _links: { self: { href: `${B}/deployed-versions/${second.uuid}` } } },
      {
        uuid: first.uuid,
        currentlyDeployed: false,
        target: 'blue',
        applicationInstance: 'blue',
        undeployedAt: expect.stringMatching(TIMESTAMP),
        createdAt: first.createdAt,
        _links: { self: { href: `${B}/deployed-versions/${first.uuid}` } },
      },
    ]);
    expect(hal(await api.get(deployPath('Foo', '2', envs.production!.uuid)), 200)._embedded.deployedVersions).toEqual([]);
  });
});

describe('GET /environments/{uuid}/deployed-versions/currently-deployed', () => {
  it('lists current deployments with pacticipant and version embedded (no environment)', async () => {
    await versions('Foo', '1', '2');
    await versions('Bar', '5');
    hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    hal(await deploy('Foo', '2', envs.test!.uuid), 201);
    const bar = hal(await deploy('Bar', '5', envs.test!.uuid, { applicationInstance: 'i-1' }), 201);
    const body = hal(await api.get(`/environments/${envs.test!.uuid}/deployed-versions/currently-deployed`), 200);
    expect(body._links.self).toEqual({ href: `${B}/environments/${envs.test!.uuid}/deployed-versions/currently-deployed`, title: 'Currently deployed versions for Test' });
    expect(summary(body._embedded.deployedVersions)).toEqual(['Bar@5/i-1', 'Foo@2']);
    expect(body._embedded.deployedVersions.find((d: any) => d.uuid === bar.uuid)).toEqual({
      uuid: bar.uuid,
      currentlyDeployed: true,
      target: 'i-1',
      applicationInstance: 'i-1',
      createdAt: bar.createdAt,
      _embedded: {
        pacticipant: { name: 'Bar', _links: { self: { href: `${B}/pacticipants/Bar` } } },
        version: { number: '5', _links: { self: { title: 'Version', name: '5', href: `${B}/pacticipants/Bar/versions/5` } } },
      },
      _links: { self: { href: `${B}/deployed-versions/${bar.uuid}` } },
    });
  });

  it('filters by pacticipant and application instance (or target; blank = no instance), echoing the query in self', async () => {
    await versions('Foo', '1', '2', '3');
    await versions('Bar Baz', '5');
    const test = envs.test!.uuid;
    hal(await deploy('Foo', '1', test, { applicationInstance: 'blue' }), 201);
    hal(await deploy('Foo', '2', test), 201);
    hal(await deploy('Foo', '3', test, { applicationInstance: 'green' }), 201);
    hal(await deploy('Bar Baz', '5', test), 201);
    expect(summary(await current(test, '?pacticipant=Foo'))).toEqual(['Foo@1/blue', 'Foo@2', 'Foo@3/green']);
    expect(summary(await current(test, '?pacticipant=Bar%20Baz'))).toEqual(['Bar Baz@5']);
    expect(summary(await current(test, '?pacticipant=Foo&applicationInstance=blue'))).toEqual(['Foo@1/blue']);
    expect(summary(await current(test, '?pacticipant=Foo&target=green'))).toEqual(['Foo@3/green']);
    expect(summary(await current(test, '?pacticipant=Foo&applicationInstance='))).toEqual(['Foo@2']);
    expect(summary(await current(test, '?target='))).toEqual(['Bar Baz@5', 'Foo@2']);
    expect(summary(await current(test, '?applicationInstance=nope'))).toEqual([]);
    expect(await current(test, '?pacticipant=Nobody')).toEqual([]);
    const body = hal(await api.get(`/environments/${test}/deployed-versions/currently-deployed?pacticipant=Foo&applicationInstance=blue`), 200);
    expect(body._links.self.href).toBe(`${B}/environments/${test}/deployed-versions/currently-deployed?pacticipant=Foo&applicationInstance=blue`);
    expect(hal(await api.get(`/environments/${test}/deployed-versions/currently-deployed?`), 200)._links.self.href).toBe(
      `${B}/environments/${test}/deployed-versions/currently-deployed`,
    );
  });

  it('404 for an unknown or malformed environment uuid', async () => {
    errorBody(await api.get('/environments/00000000-0000-4000-8000-000000000000/deployed-versions/currently-deployed'), 404);
    errorBody(await api.get('/environments/nope/deployed-versions/currently-deployed'), 404);
  });
});

describe('GET / PATCH /deployed-versions/{uuid} (record-undeployment)', () => {
  async function deployed() {
    await versions('Foo', '1');
    return hal(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: 'blue' }), 201);
  }

  it('GET shows the deployed version with pacticipant, version and environment embedded', async () => {
    const created = await deployed();
    expect(hal(await api.get(`/deployed-versions/${created.uuid}`), 200)).toEqual(created);
  });

  it('PATCH {"currentlyDeployed": false} (merge-patch) undeploys: 200, undeployedAt; repeating changes nothing', async () => {
    const created = await deployed();
    const undeployed = hal(await api.patch(`/deployed-versions/${created.uuid}`, { currentlyDeployed: false }, MERGE_PATCH), 200);
    expect(undeployed).toEqual({ ...created, currentlyDeployed: false, undeployedAt: expect.stringMatching(TIMESTAMP) });
    expect(await current(envs.test!.uuid)).toEqual([]);
    const again = hal(await api.patch(`/deployed-versions/${created.uuid}`, { currentlyDeployed: false }, MERGE_PATCH), 200);
    expect(again).toEqual(undeployed);
    // Deploying the version again is a new deployment, not a replay of the undeployed one.
    const redeployed = hal(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: 'blue' }), 201);
    expect(redeployed.uuid).not.toBe(created.uuid);
  });

  it('PATCH {} or an empty body is a no-op (200)', async () => {
    const created = await deployed();
    expect(hal(await api.patch(`/deployed-versions/${created.uuid}`, {}, MERGE_PATCH), 200)).toEqual(created);
    const empty = await t.app.inject({ method: 'PATCH', url: `/deployed-versions/${created.uuid}`, headers: MERGE_PATCH, payload: '' });
    expect(hal(empty, 200)).toEqual(created);
  });

  it('PATCH {"currentlyDeployed": true} → 422 with the Pact Broker message; nothing changes', async () => {
    const created = await deployed();
    hal(await api.patch(`/deployed-versions/${created.uuid}`, { currentlyDeployed: false }, MERGE_PATCH), 200);
    const body = errorBody(await api.patch(`/deployed-versions/${created.uuid}`, { currentlyDeployed: true }, MERGE_PATCH), 422, ['currentlyDeployed']);
    expect(body.errors.currentlyDeployed).toEqual(['The currentlyDeployed property cannot be set back to true. Please record a new deployment.']);
    expect(hal(await api.get(`/deployed-versions/${created.uuid}`), 200).currentlyDeployed).toBe(false);
  });

  it('PATCH accepts only application/merge-patch+json: application/json or no type → 415 naming it; nothing changes', async () => {
    const created = await deployed();
    const json = errorBody(await api.patch(`/deployed-versions/${created.uuid}`, { currentlyDeployed: false }, { 'content-type': 'application/json' }), 415, ['content-type']);
    expect(json.detail).toMatch(/application\/merge-patch\+json/);
    errorBody(await t.app.inject({ method: 'PATCH', url: `/deployed-versions/${created.uuid}` }), 415);
    errorBody(await t.app.inject({ method: 'PATCH', url: `/deployed-versions/${created.uuid}`, headers: { 'content-type': 'text/plain' }, payload: 'x' }), 415);
    errorBody(await api.patch(`/deployed-versions/${created.uuid}`, { currentlyDeployed: 'perhaps' }, MERGE_PATCH), 400, ['currentlyDeployed']);
    errorBody(await t.app.inject({ method: 'PATCH', url: `/deployed-versions/${created.uuid}`, headers: MERGE_PATCH, payload: '{nope' }), 400, ['body']);
    expect(hal(await api.get(`/deployed-versions/${created.uuid}`), 200).currentlyDeployed).toBe(true);
  });

  it('404 for an unknown uuid or a string that is not a uuid (never a 500)', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1'; drop table x", '✓', '00000000-0000-4000-8000-00000000000']) {
      errorBody(await api.get(`/deployed-versions/${encodeURIComponent(id)}`), 404);
      errorBody(await api.patch(`/deployed-versions/${encodeURIComponent(id)}`, { currentlyDeployed: false }, MERGE_PATCH), 404);
    }
  });
});

describe('version resource', () => {
  it('has one pb:record-deployment / pb:record-release entry per environment (name = environment name)', async () => {
    const uat = await createEnvironment('uat', 'UAT Env');
    await versions('Foo', '1');
    const body = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    const all = hal(await api.get('/environments'), 200)._embedded.environments as Array<{ uuid: string; name: string; displayName: string }>;
    expect(body._links['pb:record-deployment']).toEqual(
      all.map((e) => ({ title: `Record deployment to ${e.displayName}`, name: e.name, href: `${B}/pacticipants/Foo/versions/1/deployed-versions/environment/${e.uuid}` })),
    );
    expect(body._links['pb:record-release']).toEqual(
      all.map((e) => ({ title: `Record release to ${e.displayName}`, name: e.name, href: `${B}/pacticipants/Foo/versions/1/released-versions/environment/${e.uuid}` })),
    );
    expect(body._links['pb:record-deployment']).toContainEqual(expect.objectContaining({ name: uat.name, title: 'Record deployment to UAT Env' }));
    expect(body._links['pb:deployed-environments']).toEqual([]);
    expect(body._links['pb:released-environments']).toEqual([]);
  });

  it('pb:deployed-environments / pb:released-environments show the history (name = displayName, snake_case keys)', async () => {
    await versions('Foo', '1', '2');
    const first = hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    const blue = hal(await deploy('Foo', '1', envs.production!.uuid, { applicationInstance: 'blue' }), 201);
    hal(await deploy('Foo', '2', envs.test!.uuid), 201);
    const release = hal(await api.post(`/pacticipants/Foo/versions/1/released-versions/environment/${envs.production!.uuid}`), 201);
    const body = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(body._links['pb:deployed-environments']).toEqual([
      { title: 'Version deployed to Test', name: 'Test', href: `${B}/deployed-versions/${first.uuid}`, currently_deployed: false },
      { title: 'Version deployed to Production', name: 'Production', href: `${B}/deployed-versions/${blue.uuid}`, currently_deployed: true, application_instance: 'blue' },
    ]);
    expect(body._links['pb:released-environments']).toEqual([
      { title: 'Version released to Production', name: 'Production', href: `${B}/released-versions/${release.uuid}`, currently_supported: true },
    ]);
    // The record links are followed by the CLI: they post to the same resources.
    const href = body._links['pb:record-deployment'].find((l: { name: string }) => l.name === 'test').href;
    expect(hal(await api.post(new URL(href).pathname, {}), 201)).toMatchObject({ currentlyDeployed: true, _embedded: { version: { number: '1' } } });
  });

  it('latest-version, latest-version/{tag} and the branch latest-version carry the same links; list items do not', async () => {
    await api.put('/pacticipants/Foo/branches/main/versions/1');
    await api.put('/pacticipants/Foo/versions/1/tags/prod');
    const d = hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    for (const url of ['/pacticipants/Foo/latest-version', '/pacticipants/Foo/latest-version/prod', '/pacticipants/Foo/branches/main/latest-version']) {
      const body = hal(await api.get(url), 200);
      expect(body._links['pb:deployed-environments'], url).toEqual([expect.objectContaining({ href: `${B}/deployed-versions/${d.uuid}`, currently_deployed: true })]);
      expect(body._links['pb:record-deployment'].map((l: { name: string }) => l.name), url).toEqual(expect.arrayContaining(['production', 'test']));
    }
    const item = hal(await api.get('/pacticipants/Foo/versions'), 200)._embedded.versions[0];
    for (const rel of ['pb:record-deployment', 'pb:record-release', 'pb:deployed-environments', 'pb:released-environments']) expect(item._links).not.toHaveProperty(rel);
  });
});

describe('pacticipant resource', () => {
  it('pb:deployed-environments lists the current deployments only (name = displayName); list items do not have it', async () => {
    await versions('Foo', '1', '2');
    hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    const now = hal(await deploy('Foo', '2', envs.test!.uuid), 201);
    const blue = hal(await deploy('Foo', '1', envs.production!.uuid, { applicationInstance: 'blue' }), 201);
    const body = hal(await api.get('/pacticipants/Foo'), 200);
    expect(body._links['pb:deployed-environments']).toEqual([
      { title: 'Version deployed to Test', name: 'Test', href: `${B}/deployed-versions/${now.uuid}`, currently_deployed: true },
      { title: 'Version deployed to Production', name: 'Production', href: `${B}/deployed-versions/${blue.uuid}`, currently_deployed: true, application_instance: 'blue' },
    ]);
    hal(await api.patch(`/deployed-versions/${blue.uuid}`, { currentlyDeployed: false }, MERGE_PATCH), 200);
    expect(hal(await api.get('/pacticipants/Foo'), 200)._links['pb:deployed-environments']).toHaveLength(1);
    expect(hal(await api.get('/pacticipants'), 200)._embedded.pacticipants[0]._links).not.toHaveProperty('pb:deployed-environments');
    await api.put('/pacticipants/Bar/versions/1');
    expect(hal(await api.get('/pacticipants/Bar'), 200)._links['pb:deployed-environments']).toEqual([]);
  });
});

describe('tagging with an environment name records a deployment (S68, create_deployed_versions_for_tags)', () => {
  it('a new tag `test` deploys the version to test (no instance), replacing the previous untargeted deployment', async () => {
    await versions('Bar', '1');
    hal(await deploy('Bar', '1', envs.test!.uuid), 201);
    hal(await deploy('Bar', '1', envs.test!.uuid, { applicationInstance: 'blue' }), 201);
    hal(await api.put('/pacticipants/Bar/versions/2/tags/test'), 201);
    expect(summary(await current(envs.test!.uuid))).toEqual(['Bar@1/blue', 'Bar@2']);
    await flush();
    expect(events.at(-1)).toEqual({ pacticipantName: 'Bar', versionNumber: '2', environmentName: 'test', applicationInstance: null });
    const version = hal(await api.get('/pacticipants/Bar/versions/2'), 200);
    expect(version._links['pb:deployed-environments']).toEqual([expect.objectContaining({ name: 'Test', currently_deployed: true })]);
  });

  it('other tag names deploy nothing; re-putting an existing tag does not redeploy', async () => {
    hal(await api.put('/pacticipants/Bar/versions/1/tags/prod'), 201);
    hal(await api.put('/pacticipants/Bar/versions/1/tags/Test'), 201);
    expect((await rowCounts(t)).deployed_versions).toBe(0);
    hal(await api.put('/pacticipants/Bar/versions/1/tags/production'), 201);
    const [d] = await current(envs.production!.uuid);
    hal(await api.patch(`/deployed-versions/${d.uuid}`, { currentlyDeployed: false }, MERGE_PATCH), 200);
    hal(await api.put('/pacticipants/Bar/versions/1/tags/production'), 200);
    expect(await current(envs.production!.uuid)).toEqual([]);
    expect((await rowCounts(t)).deployed_versions).toBe(1);
  });

  it('works for an environment created later, through the test data builder as well', async () => {
    const staging = await createEnvironment('staging');
    await testDataBuilder(t.container.services).createVersion('Bar', '3', { tags: ['x'] }).done();
    hal(await api.put(`/pacticipants/Bar/versions/3/tags/${staging.name}`), 201);
    expect(summary(await current(staging.uuid))).toEqual(['Bar@3']);
  });
});

describe('deletion', () => {
  it('deleting an environment deletes its deployed and released versions (cascade)', async () => {
    const doomed = await createEnvironment('doomed');
    await versions('Foo', '1');
    const d = hal(await deploy('Foo', '1', doomed.uuid), 201);
    const r = hal(await api.post(`/pacticipants/Foo/versions/1/released-versions/environment/${doomed.uuid}`), 201);
    hal(await deploy('Foo', '1', envs.test!.uuid), 201);
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: 2, released_versions: 1 });
    expect((await api.delete(`/environments/${doomed.uuid}`)).statusCode).toBe(204);
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: 1, released_versions: 0, versions: 1 });
    errorBody(await api.get(`/deployed-versions/${d.uuid}`), 404);
    errorBody(await api.get(`/released-versions/${r.uuid}`), 404);
    const version = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(version._links['pb:deployed-environments']).toEqual([expect.objectContaining({ name: 'Test' })]);
    expect(version._links['pb:record-deployment'].map((l: { name: string }) => l.name)).not.toContain(doomed.name);
  });

  it('deleting a version deletes its records; other versions keep theirs', async () => {
    await versions('Foo', '1', '2');
    const d1 = hal(await deploy('Foo', '1', envs.test!.uuid, { applicationInstance: 'a' }), 201);
    hal(await deploy('Foo', '2', envs.test!.uuid, { applicationInstance: 'b' }), 201);
    hal(await api.post(`/pacticipants/Foo/versions/1/released-versions/environment/${envs.production!.uuid}`), 201);
    expect((await api.delete('/pacticipants/Foo/versions/1')).statusCode).toBe(204);
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: 1, released_versions: 0 });
    errorBody(await api.get(`/deployed-versions/${d1.uuid}`), 404);
    expect(summary(await current(envs.test!.uuid))).toEqual(['Foo@2/b']);
  });
});

describe('test data builder', () => {
  it('creates environments and records deployments, undeployments, releases and support ended through the services', async () => {
    const name = `qa-${++counter}`;
    await testDataBuilder(t.container.services)
      .createEnvironment(name, { production: true })
      .createVersion('Foo', '1')
      .createVersion('Foo', '2')
      .recordDeployment({ pacticipant: 'Foo', version: '1', environment: name })
      .recordDeployment({ pacticipant: 'Foo', version: '2', environment: name, applicationInstance: 'blue' })
      .recordUndeployment({ pacticipant: 'Foo', environment: name })
      .recordRelease({ pacticipant: 'Foo', version: '1', environment: name })
      .recordRelease({ pacticipant: 'Foo', version: '2', environment: name })
      .recordSupportEnded({ pacticipant: 'Foo', version: '1', environment: name })
      .done();
    const env = hal(await api.get(`/environments?name=${name}`), 200)._embedded.environments[0];
    expect(env.production).toBe(true);
    expect(summary(await current(env.uuid))).toEqual(['Foo@2/blue']);
    const supported = hal(await api.get(`/environments/${env.uuid}/released-versions/currently-supported`), 200)._embedded.releasedVersions;
    expect(supported.map((r: any) => r._embedded.version.number)).toEqual(['2']);
  });
});

describe('concurrency', () => {
  const N = 12;
  const times = <T>(n: number, fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
  const expectAll = (responses: LightMyRequestResponse[], status: number) =>
    expect(responses.map((r) => [r.statusCode, r.statusCode === status ? '' : r.body])).toEqual(responses.map(() => [status, '']));

  it(`${N} record-deployments of different versions to one slot: all 201, exactly one current deployment`, async () => {
    await versions('Foo', ...Array.from({ length: N }, (_, i) => String(i)));
    const responses = await times(N, (i) => deploy('Foo', String(i), envs.test!.uuid, { applicationInstance: 'blue' }));
    expectAll(responses, 201);
    for (const r of responses) expect(r.headers['content-type']).toBe(HAL);
    expect(await current(envs.test!.uuid)).toHaveLength(1);
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: N });
    const states = await Promise.all(responses.map(async (r) => hal(await api.get(`/deployed-versions/${r.json().uuid}`), 200)));
    expect(states.filter((s) => s.currentlyDeployed)).toHaveLength(1);
    expect(states.filter((s) => !s.currentlyDeployed && s.undeployedAt)).toHaveLength(N - 1);
  });

  it(`${N} replays of the same record-deployment: all 201 with one uuid, one row`, async () => {
    await versions('Foo', '1');
    const responses = await times(N, () => deploy('Foo', '1', envs.test!.uuid));
    expectAll(responses, 201);
    expect(new Set(responses.map((r) => r.json().uuid)).size).toBe(1);
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: 1 });
  });

  it('racing record-deployments and environment tags of one pacticipant: all 2xx, one current untargeted deployment', async () => {
    await versions('Foo', ...Array.from({ length: N }, (_, i) => String(i)));
    const responses = await times(N, (i) => (i % 2 ? deploy('Foo', String(i), envs.test!.uuid) : api.put(`/pacticipants/Foo/versions/${i}/tags/test`)));
    for (const r of responses) expect([r.statusCode, r.statusCode < 300 ? '' : r.body]).toEqual([r.statusCode < 300 ? r.statusCode : 201, '']);
    expect(await current(envs.test!.uuid)).toHaveLength(1);
    expect(await rowCounts(t)).toMatchObject({ deployed_versions: N, tags: N / 2 });
  });
});
