// record-release / record-support-ended over HTTP: idempotent releases, re-activation, several supported at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../src/events/event-bus.js';
import { client, errorBody, hal, rowCounts } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const B = 'http://localhost:80';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

let t: TestApp;
let api: ReturnType<typeof client>;
let prod: { uuid: string };
let test: { uuid: string };
const events: Array<DomainEvents['released_version_created']> = [];
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  t.container.events.subscribe('released_version_created', (e) => void events.push(e));
  prod = hal(await api.get('/environments?name=production'), 200)._embedded.environments[0];
  test = hal(await api.get('/environments?name=test'), 200)._embedded.environments[0];
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  events.length = 0;
});

const releasePath = (p: string, v: string, envUuid: string) => `/pacticipants/${p}/versions/${v}/released-versions/environment/${envUuid}`;
const release = (p: string, v: string, envUuid = prod.uuid) => api.post(releasePath(p, v, envUuid), {});
const supported = async (envUuid: string, query = '') =>
  hal(await api.get(`/environments/${envUuid}/released-versions/currently-supported${query}`), 200)._embedded.releasedVersions as any[];
const summary = (list: any[]) => list.map((r) => `${r._embedded.pacticipant.name}@${r._embedded.version.number}`).sort();
const versions = async (p: string, ...numbers: string[]) => {
  for (const n of numbers) hal(await api.put(`/pacticipants/${p}/versions/${n}`), 201);
};
const endSupport = (uuid: string) => api.patch(`/released-versions/${uuid}`, { currentlySupported: false }, MERGE_PATCH);
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('POST …/released-versions/environment/{uuid} (record-release)', () => {
  it('records a release: 201, Location, the Pact Broker shape', async () => {
    await versions('Foo', '1');
    const res = await release('Foo', '1');
    const body = hal(res, 201);
    expect(body.uuid).toMatch(UUID);
    expect(res.headers.location).toBe(`${B}/released-versions/${body.uuid}`);
    expect(body).toEqual({
      uuid: body.uuid,
      currentlySupported: true,
      currentlyReleased: true,
      createdAt: expect.stringMatching(TIMESTAMP),
      _embedded: {
        pacticipant: { name: 'Foo', _links: { self: { href: `${B}/pacticipants/Foo` } } },
        version: { number: '1', _links: { self: { title: 'Version', name: '1', href: `${B}/pacticipants/Foo/versions/1` } } },
        environment: expect.objectContaining({ uuid: prod.uuid, name: 'production', displayName: 'Production', production: true }),
      },
      _links: { self: { href: `${B}/released-versions/${body.uuid}` } },
    });
    await flush();
    expect(events).toEqual([{ pacticipantName: 'Foo', versionNumber: '1', environmentName: 'production' }]);
  });

  it('releasing again → 200, same uuid and Location, one row, no new event', async () => {
    await versions('Foo', '1');
    const first = hal(await release('Foo', '1'), 201);
    const again = await release('Foo', '1');
    expect(hal(again, 200)).toEqual(first);
    expect(again.headers.location).toBe(`${B}/released-versions/${first.uuid}`);
    expect(await rowCounts(t)).toMatchObject({ released_versions: 1 });
    await flush();
    expect(events).toHaveLength(1);
  });

  it('re-releasing a version whose support ended re-activates it: 200, same uuid, supported, supportEndedAt cleared', async () => {
    await versions('Foo', '1');
    const first = hal(await release('Foo', '1'), 201);
    const ended = hal(await endSupport(first.uuid), 200);
    expect(ended).toMatchObject({ currentlySupported: false, supportEndedAt: expect.stringMatching(TIMESTAMP), updatedAt: expect.stringMatching(TIMESTAMP) });
    expect(await supported(prod.uuid)).toEqual([]);
    const back = hal(await release('Foo', '1'), 200);
    expect(back.uuid).toBe(first.uuid);
    expect(back.currentlySupported).toBe(true);
    expect(back).not.toHaveProperty('supportEndedAt');
    expect(summary(await supported(prod.uuid))).toEqual(['Foo@1']);
    await flush();
    expect(events).toHaveLength(2);
  });

  it('several released versions of one pacticipant are supported at once; releases and deployments are independent', async () => {
    await versions('Foo', '1', '2', '3');
    for (const v of ['1', '2', '3']) hal(await release('Foo', v), 201);
    hal(await api.post(`/pacticipants/Foo/versions/1/deployed-versions/environment/${prod.uuid}`, {}), 201);
    hal(await api.post(`/pacticipants/Foo/versions/2/deployed-versions/environment/${prod.uuid}`, {}), 201);
    expect(summary(await supported(prod.uuid))).toEqual(['Foo@1', 'Foo@2', 'Foo@3']);
    hal(await release('Foo', '1', test.uuid), 201);
    expect(summary(await supported(test.uuid))).toEqual(['Foo@1']);
  });

  it('404 for an unknown pacticipant, version or environment; a non-JSON or non-object body → 400, wrong type → 415; nothing stored', async () => {
    await versions('Foo', '1');
    const before = await rowCounts(t);
    expect(errorBody(await release('Nope', '1'), 404).error).toBe("No pacticipant with name 'Nope' found");
    expect(errorBody(await release('Foo', '2'), 404).error).toBe("No version '2' of pacticipant 'Foo' found");
    errorBody(await release('Foo', '1', '00000000-0000-4000-8000-000000000000'), 404);
    errorBody(await release('Foo', '1', 'prod'), 404);
    const url = releasePath('Foo', '1', prod.uuid);
    errorBody(await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{' }), 400, ['body']);
    errorBody(await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '"x"' }), 400);
    errorBody(await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/xml' }, payload: '<x/>' }), 415);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('GET lists the release of the version in the environment (no _embedded)', async () => {
    await versions('Foo', '1');
    const r = hal(await release('Foo', '1'), 201);
    const body = hal(await api.get(releasePath('Foo', '1', prod.uuid)), 200);
    expect(body).toEqual({
      _embedded: { releasedVersions: [{ uuid: r.uuid, currentlySupported: true, currentlyReleased: true, createdAt: r.createdAt, _links: { self: { href: `${B}/released-versions/${r.uuid}` } } }] },
      _links: { self: { href: `${B}${releasePath('Foo', '1', prod.uuid)}`, title: 'Released versions for Foo version 1 in Production' } },
    });
    expect(hal(await api.get(releasePath('Foo', '1', test.uuid)), 200)._embedded.releasedVersions).toEqual([]);
    errorBody(await api.get(releasePath('Foo', '9', test.uuid)), 404);
  });
});

describe('GET /environments/{uuid}/released-versions/currently-supported', () => {
  it('lists supported releases with pacticipant and version embedded; filters by pacticipant and version; echoes the query', async () => {
    await versions('Foo', '1', '2');
    await versions('Bar', '1');
    for (const [p, v] of [['Foo', '1'], ['Foo', '2'], ['Bar', '1']] as const) hal(await release(p, v), 201);
    const ended = hal(await release('Foo', '2', test.uuid), 201);
    hal(await endSupport(ended.uuid), 200);
    const body = hal(await api.get(`/environments/${prod.uuid}/released-versions/currently-supported?pacticipant=Foo&version=2`), 200);
    expect(body._links.self).toEqual({
      href: `${B}/environments/${prod.uuid}/released-versions/currently-supported?pacticipant=Foo&version=2`,
      title: 'Currently supported versions in Production',
    });
    expect(body._embedded.releasedVersions).toEqual([
      {
        uuid: expect.stringMatching(UUID),
        currentlySupported: true,
        currentlyReleased: true,
        createdAt: expect.stringMatching(TIMESTAMP),
        _embedded: {
          pacticipant: { name: 'Foo', _links: { self: { href: `${B}/pacticipants/Foo` } } },
          version: { number: '2', _links: { self: { title: 'Version', name: '2', href: `${B}/pacticipants/Foo/versions/2` } } },
        },
        _links: { self: { href: expect.stringMatching(/\/released-versions\/[0-9a-f-]{36}$/) } },
      },
    ]);
    expect(summary(await supported(prod.uuid))).toEqual(['Bar@1', 'Foo@1', 'Foo@2']);
    expect(summary(await supported(prod.uuid, '?pacticipant=Foo'))).toEqual(['Foo@1', 'Foo@2']);
    expect(summary(await supported(prod.uuid, '?version=1'))).toEqual(['Bar@1', 'Foo@1']);
    expect(await supported(prod.uuid, '?pacticipant=Nobody')).toEqual([]);
    expect(await supported(test.uuid)).toEqual([]);
    errorBody(await api.get('/environments/nope/released-versions/currently-supported'), 404);
  });
});

describe('GET / PATCH /released-versions/{uuid} (record-support-ended)', () => {
  it('GET shows the release; PATCH false ends support once (repeat unchanged), {} is a no-op, true → 422', async () => {
    await versions('Foo', '1');
    const r = hal(await release('Foo', '1'), 201);
    expect(hal(await api.get(`/released-versions/${r.uuid}`), 200)).toEqual(r);
    expect(hal(await api.patch(`/released-versions/${r.uuid}`, {}, MERGE_PATCH), 200)).toEqual(r);
    const ended = hal(await endSupport(r.uuid), 200);
    expect(ended).toEqual({ ...r, currentlySupported: false, currentlyReleased: false, updatedAt: expect.stringMatching(TIMESTAMP), supportEndedAt: expect.stringMatching(TIMESTAMP) });
    expect(hal(await endSupport(r.uuid), 200)).toEqual(ended);
    const refused = errorBody(await api.patch(`/released-versions/${r.uuid}`, { currentlySupported: true }, MERGE_PATCH), 422, ['currentlySupported']);
    expect(refused.errors.currentlySupported).toEqual(['The currentlySupported property cannot be set back to true. Please record a new deployment.']);
    expect(hal(await api.get(`/released-versions/${r.uuid}`), 200)).toEqual(ended);
  });

  it('PATCH accepts only merge-patch (application/json → 415 with a message); bad values → 400; unknown or non-uuid → 404', async () => {
    await versions('Foo', '1');
    const r = hal(await release('Foo', '1'), 201);
    const res = await api.patch(`/released-versions/${r.uuid}`, { currentlySupported: false }, { 'content-type': 'application/json' });
    expect(errorBody(res, 415, ['content-type']).detail).toMatch(/merge-patch/);
    errorBody(await api.patch(`/released-versions/${r.uuid}`, { currentlySupported: [1, 2] }, MERGE_PATCH), 400, ['currentlySupported']);
    expect(hal(await api.get(`/released-versions/${r.uuid}`), 200).currentlySupported).toBe(true);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      errorBody(await api.get(`/released-versions/${id}`), 404);
      errorBody(await endSupport(id), 404);
    }
  });
});

describe('concurrency', () => {
  it('parallel releases of the same version: one 201, the rest 200, one row; of different versions: all 201', async () => {
    const N = 12;
    await versions('Foo', ...Array.from({ length: N }, (_, i) => String(i)));
    const same = await Promise.all(Array.from({ length: N }, () => release('Foo', '0')));
    expect(same.filter((r) => r.statusCode >= 300).map((r) => r.body)).toEqual([]);
    expect(same.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(new Set(same.map((r) => r.json().uuid)).size).toBe(1);
    const different = await Promise.all(Array.from({ length: N - 1 }, (_, i) => release('Foo', String(i + 1))));
    expect(different.map((r) => r.statusCode)).toEqual(Array(N - 1).fill(201));
    expect(await rowCounts(t)).toMatchObject({ released_versions: N });
    expect(await supported(prod.uuid)).toHaveLength(N);
  });
});
