import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, errorBody, hal, rowCounts } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const B = 'http://localhost:80';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Environments survive reset(); each test uses its own names and the seeded ones are never changed.
let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());

const names = (list: Array<{ name: string }>) => list.map((e) => e.name);

describe('GET /environments', () => {
  it('a new broker has `test` and `production` (production: true), sorted by name, with what the CLI reads', async () => {
    const body = hal(await api.get('/environments'), 200);
    const seeded = body._embedded.environments.filter((e: { name: string }) => ['production', 'test'].includes(e.name));
    expect(seeded.map((e: { name: string; displayName: string; production: boolean }) => [e.name, e.displayName, e.production])).toEqual([
      ['production', 'Production', true],
      ['test', 'Test', false],
    ]);
    for (const env of body._embedded.environments) {
      expect(env.uuid).toMatch(UUID);
      expect(typeof env.displayName).toBe('string');
      expect(env._links['pb:currently-deployed-deployed-versions'].href).toBe(`${B}/environments/${env.uuid}/deployed-versions/currently-deployed`);
      expect(env._links['pb:currently-supported-released-versions'].href).toBe(`${B}/environments/${env.uuid}/released-versions/currently-supported`);
    }
    const all = names(body._embedded.environments);
    expect(all).toEqual([...all].sort());
    expect(body._links.self).toEqual({ title: 'Environments', href: `${B}/environments` });
    expect(body._links['pb:environments'].map((l: { name: string }) => l.name)).toEqual(all);
    expect(body._links['pb:environments'][0].title).toBe('Environment');
  });

  it('filters by name; an unknown name gives empty lists', async () => {
    const body = hal(await api.get('/environments?name=test'), 200);
    expect(names(body._embedded.environments)).toEqual(['test']);
    const none = hal(await api.get('/environments?name=nope'), 200);
    expect(none._embedded.environments).toEqual([]);
    expect(none._links['pb:environments']).toEqual([]);
  });

  it('an empty query string works (the CLI sends `/environments?`)', async () => {
    hal(await api.get('/environments?'), 200);
  });
});

describe('POST /environments', () => {
  it('creates (201, Location) with the Pact Broker shape', async () => {
    const res = await api.post('/environments', { name: 'uat', displayName: 'UAT', production: false, contacts: [{ name: 'Team A', details: { emailAddress: 'a@b.c' } }] });
    const body = hal(res, 201);
    expect(body.uuid).toMatch(UUID);
    expect(res.headers.location).toBe(`${B}/environments/${body.uuid}`);
    expect(body).toMatchObject({ name: 'uat', displayName: 'UAT', production: false, contacts: [{ name: 'Team A', details: { emailAddress: 'a@b.c' } }] });
    expect(body.createdAt).toMatch(/\+00:00$/);
    expect(body._links).toEqual({
      self: { title: 'Environment', name: 'uat', href: `${B}/environments/${body.uuid}` },
      'pb:currently-deployed-deployed-versions': { title: 'Versions currently deployed to UAT environment', href: `${B}/environments/${body.uuid}/deployed-versions/currently-deployed` },
      'pb:currently-supported-released-versions': { title: 'Versions released and supported in UAT environment', href: `${B}/environments/${body.uuid}/released-versions/currently-supported` },
      'pb:environments': { title: 'Environments', href: `${B}/environments` },
    });
    expect(names(hal(await api.get('/environments'), 200)._embedded.environments)).toContain('uat');
  });

  it('generates a display name and omits contacts when none are given', async () => {
    const body = hal(await api.post('/environments', { name: 'pre-prod', production: true }), 201);
    expect(body.displayName).toBe('Pre Prod');
    expect(body).not.toHaveProperty('contacts');
  });

  it('keeps only name and details of contacts (a CLI-style email key is dropped)', async () => {
    const body = hal(await api.post('/environments', { name: 'qa-contacts', production: false, contacts: [{ name: 'x', email: 'e@x' }] }), 201);
    expect(body.contacts).toEqual([{ name: 'x' }]);
  });

  it('a duplicate name → 400 naming `name`, nothing created', async () => {
    const before = (await rowCounts(t)).environments;
    const body = errorBody(await api.post('/environments', { name: 'test', production: false }), 400, ['name']);
    expect(body.errors.name).toEqual(["name 'test' is already used by an existing environment."]);
    expect((await rowCounts(t)).environments).toBe(before);
  });

  it('validates: missing fields, spaces in the name, a non-boolean production, a contact without a name', async () => {
    const before = (await rowCounts(t)).environments;
    const missing = errorBody(await api.post('/environments', {}), 400, ['name', 'production']);
    expect(missing.errors).toEqual({ name: ['is missing'], production: ['is missing'] });
    errorBody(await api.post('/environments', { name: 'has space', production: false }), 400, ['name']);
    errorBody(await api.post('/environments', { name: 'x1', production: 'maybe' }), 400, ['production']);
    errorBody(await api.post('/environments', { name: 'x2', production: false, contacts: [{ details: {} }] }), 400, ['contacts']);
    errorBody(await api.post('/environments', { name: 'x3', production: false, uuid: 'not-a-uuid' }), 400, ['uuid']);
    expect((await rowCounts(t)).environments).toBe(before);
  });
});

describe('GET / PUT / DELETE /environments/{uuid}', () => {
  it('GET by uuid; unknown or malformed uuid → 404', async () => {
    const created = hal(await api.post('/environments', { name: 'staging', production: false }), 201);
    expect(hal(await api.get(`/environments/${created.uuid}`), 200)).toMatchObject({ name: 'staging', displayName: 'Staging', uuid: created.uuid });
    errorBody(await api.get('/environments/00000000-0000-4000-8000-000000000000'), 404);
    errorBody(await api.get('/environments/not-a-uuid'), 404);
  });

  it('PUT replaces (200, updatedAt); omitted displayName is regenerated and contacts cleared', async () => {
    const created = hal(await api.post('/environments', { name: 'perf', displayName: 'Perf!', production: false, contacts: [{ name: 'a' }] }), 201);
    const body = hal(await api.put(`/environments/${created.uuid}`, { name: 'perf-two', production: true }), 200);
    expect(body).toMatchObject({ uuid: created.uuid, name: 'perf-two', displayName: 'Perf Two', production: true });
    expect(body).not.toHaveProperty('contacts');
    expect(body.updatedAt).toMatch(/\+00:00$/);
    expect(hal(await api.get(`/environments/${created.uuid}`), 200).name).toBe('perf-two');
  });

  it('PUT needs production, cannot take another environment’s name, and 404s for an unknown uuid', async () => {
    const created = hal(await api.post('/environments', { name: 'dev-a', production: false }), 201);
    expect(errorBody(await api.put(`/environments/${created.uuid}`, { name: 'dev-a' }), 400, ['production']).errors.production).toEqual(['is missing']);
    errorBody(await api.put(`/environments/${created.uuid}`, { name: 'production', production: false }), 400, ['name']);
    errorBody(await api.put('/environments/00000000-0000-4000-8000-000000000000', { name: 'zzz', production: false }), 404);
    expect(hal(await api.get(`/environments/${created.uuid}`), 200)).toMatchObject({ name: 'dev-a', production: false });
  });

  it('DELETE → 204, then 404', async () => {
    const created = hal(await api.post('/environments', { name: 'temp', production: false }), 201);
    const res = await api.delete(`/environments/${created.uuid}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    errorBody(await api.delete(`/environments/${created.uuid}`), 404);
    errorBody(await api.get(`/environments/${created.uuid}`), 404);
    expect(names(hal(await api.get('/environments'), 200)._embedded.environments)).not.toContain('temp');
  });
});

describe('unique violations are 409s naming what is taken, never 500s', () => {
  it('POST with the uuid of an existing environment → 409 naming the uuid, nothing created', async () => {
    const existing = hal(await api.post('/environments', { name: 'uuid-owner', production: false }), 201);
    const before = (await rowCounts(t)).environments;
    const body = errorBody(await api.post('/environments', { name: 'uuid-thief', production: false, uuid: existing.uuid }), 409, ['uuid']);
    expect(body.errors.uuid).toEqual([`uuid '${existing.uuid}' is already used by an existing environment.`]);
    expect(body.detail).toContain(existing.uuid);
    expect(body.detail).not.toMatch(/insert|params|\$1/i);
    expect((await rowCounts(t)).environments).toBe(before);
  });

  it('two concurrent renames of different environments to one name: one succeeds, the other is refused (409 or 400)', async () => {
    const seen = new Set<number>();
    for (let round = 0; round < 8; round++) {
      const a = hal(await api.post('/environments', { name: `race-a-${round}`, production: false }), 201);
      const b = hal(await api.post('/environments', { name: `race-b-${round}`, production: false }), 201);
      const target = `race-target-${round}`;
      const responses = await Promise.all([a, b].map((e) => api.put(`/environments/${e.uuid}`, { name: target, production: false })));
      const statuses = responses.map((r) => r.statusCode).sort();
      expect(statuses.filter((s) => s === 200), responses.map((r) => r.body).join('\n')).toHaveLength(1);
      const refused = responses.find((r) => r.statusCode !== 200)!;
      expect([400, 409]).toContain(refused.statusCode);
      expect(errorBody(refused, refused.statusCode, ['name']).errors.name).toEqual([`name '${target}' is already used by an existing environment.`]);
      seen.add(refused.statusCode);
      expect(names(hal(await api.get(`/environments?name=${target}`), 200)._embedded.environments)).toEqual([target]);
    }
    // Which request loses the check-then-write race depends on scheduling (on PostgreSQL both answers occur).
    expect([...seen].every((s) => s === 400 || s === 409)).toBe(true);
  });
});
