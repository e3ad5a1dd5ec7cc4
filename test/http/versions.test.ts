import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, errorBody, hal, rowCounts } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

const B = 'http://localhost:80';
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };
const numbers = (list: Array<{ number: string }>) => list.map((v) => v.number);

describe('PUT /pacticipants/{p}/versions/{v}', () => {
  it('creates (201) the pacticipant and version, then updates (200)', async () => {
    const created = hal(await api.put('/pacticipants/Foo/versions/1.0.0', { buildUrl: 'http://ci/1' }), 201);
    expect(created).toMatchObject({ number: '1.0.0', buildUrl: 'http://ci/1' });
    expect(created.createdAt).toMatch(/\+00:00$/);
    expect(hal(await api.get('/pacticipants/Foo'), 200).name).toBe('Foo');
    const updated = hal(await api.put('/pacticipants/Foo/versions/1.0.0', { buildUrl: 'http://ci/2' }), 200);
    expect(updated.buildUrl).toBe('http://ci/2');
    expect(updated.updatedAt).toMatch(/\+00:00$/);
    expect((await rowCounts(t)).versions).toBe(1);
  });

  it('PUT {} clears buildUrl but keeps tags; PATCH (merge-patch+json) keeps buildUrl', async () => {
    await api.put('/pacticipants/Foo/versions/1', { buildUrl: 'http://ci/1', tags: [{ name: 'dev' }] });
    const patched = hal(await api.patch('/pacticipants/Foo/versions/1', { tags: [{ name: 'qa' }] }, MERGE_PATCH), 200);
    expect(patched.buildUrl).toBe('http://ci/1');
    expect(patched._embedded.tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['dev', 'qa']);
    const put = hal(await api.put('/pacticipants/Foo/versions/1', {}), 200);
    expect(put).not.toHaveProperty('buildUrl');
    expect(put._embedded.tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['dev', 'qa']);
    const patchedUrl = hal(await api.patch('/pacticipants/Foo/versions/1', { buildUrl: 'http://ci/9' }, MERGE_PATCH), 200);
    expect(patchedUrl.buildUrl).toBe('http://ci/9');
  });

  it('PATCH creates a missing version (201)', async () => {
    const body = hal(await api.patch('/pacticipants/Foo/versions/7', { buildUrl: 'http://ci/7' }, MERGE_PATCH), 201);
    expect(body).toMatchObject({ number: '7', buildUrl: 'http://ci/7' });
  });

  it('rejects a badly shaped body naming the field, storing nothing', async () => {
    errorBody(await api.put('/pacticipants/Foo/versions/1', { tags: 'prod' }), 400, ['tags']);
    errorBody(await api.put('/pacticipants/Foo/versions/1', { buildUrl: { href: 'x' } }), 400, ['buildUrl']);
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 0, versions: 0 });
  });
});

describe('GET /pacticipants/{p}/versions/{v}', () => {
  it('shows tags, branch versions, pacts and the record-deployment/record-release arrays', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['dev'], buildUrl: 'http://ci/1' });
    const body = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(body).toMatchObject({ number: '1', buildUrl: 'http://ci/1' });
    expect(body._embedded.tags).toEqual([
      expect.objectContaining({ name: 'dev', _links: { self: { href: `${B}/pacticipants/Foo/versions/1/tags/dev`, title: 'Tag', name: 'dev' } } }),
    ]);
    expect(body._embedded.branchVersions).toEqual([
      { name: 'main', latest: true, _links: { self: { href: `${B}/pacticipants/Foo/branches/main/versions/1`, title: 'Branch version', name: 'main' } } },
    ]);
    expect(body._embedded).not.toHaveProperty('branches');
    expect(body._links.self).toEqual({ href: `${B}/pacticipants/Foo/versions/1`, title: 'Version', name: '1' });
    expect(body._links['pb:pacticipant']).toMatchObject({ href: `${B}/pacticipants/Foo`, name: 'Foo' });
    expect(body._links['pb:tag']).toEqual({
      href: `${B}/pacticipants/Foo/versions/1/tags/{tag}`,
      title: 'Get, create or delete a tag for this pacticipant version',
      templated: true,
    });
    expect(body._links['pb:pact-versions']).toEqual([
      { href: `${B}/pacts/provider/Bar/consumer/Foo/version/1`, title: 'Pact', name: 'Pact between Foo (1) and Bar' },
    ]);
    for (const rel of ['pb:record-deployment', 'pb:record-release', 'pb:deployed-environments', 'pb:released-environments']) {
      expect(Array.isArray(body._links[rel]), rel).toBe(true);
    }
    // One record link per environment (the seeded ones at least), keyed by environment name; no history yet.
    expect(body._links['pb:record-deployment'].map((l: { name: string }) => l.name)).toEqual(expect.arrayContaining(['production', 'test']));
    expect(body._links['pb:record-release'].find((l: { name: string }) => l.name === 'production').title).toBe('Record release to Production');
    expect(body._links['pb:deployed-environments']).toEqual([]);
    expect(body._links['pb:released-environments']).toEqual([]);
  });

  it('answers 404 with a message for an unknown version or pacticipant', async () => {
    await api.put('/pacticipants/Foo/versions/1');
    expect(errorBody(await api.get('/pacticipants/Foo/versions/2'), 404).error).toMatch(/2/);
    expect(errorBody(await api.get('/pacticipants/Nope/versions/1'), 404).error).toBe("No pacticipant with name 'Nope' found");
  });
});

describe('latest-version', () => {
  it('is the most recently created version, not the highest semver', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2.0.0' });
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1.9.0' });
    const body = hal(await api.get('/pacticipants/Foo/latest-version'), 200);
    expect(body.number).toBe('1.9.0');
    expect(Array.isArray(body._links['pb:record-deployment'])).toBe(true);
    expect(Array.isArray(body._links['pb:record-release'])).toBe(true);
    expect(hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200)._links['pb:consumer-version'].name).toBe('1.9.0');
  });

  it('updating an old version does not make it the latest', async () => {
    await api.put('/pacticipants/Foo/versions/1');
    await api.put('/pacticipants/Foo/versions/2');
    await api.put('/pacticipants/Foo/versions/1', { buildUrl: 'http://ci/again' });
    expect(hal(await api.get('/pacticipants/Foo/latest-version'), 200).number).toBe('2');
  });

  it('latest-version/{tag} is the newest version carrying the tag, whenever it was tagged', async () => {
    await api.put('/pacticipants/Foo/versions/1');
    await api.put('/pacticipants/Foo/versions/2');
    await api.put('/pacticipants/Foo/versions/3');
    await api.put('/pacticipants/Foo/versions/2/tags/prod');
    await api.put('/pacticipants/Foo/versions/1/tags/prod');
    const body = hal(await api.get('/pacticipants/Foo/latest-version/prod'), 200);
    expect(body.number).toBe('2');
    expect(Array.isArray(body._links['pb:record-deployment'])).toBe(true);
    errorBody(await api.get('/pacticipants/Foo/latest-version/unknown'), 404);
  });

  it('answers 404 when there are no versions or no pacticipant', async () => {
    await api.post('/pacticipants', { name: 'Empty' });
    errorBody(await api.get('/pacticipants/Empty/latest-version'), 404);
    errorBody(await api.get('/pacticipants/Nope/latest-version'), 404);
  });
});

describe('GET /pacticipants/{p}/versions', () => {
  it('lists newest first with version links; list items omit the record arrays', async () => {
    for (const v of ['1', '3', '2']) await api.put(`/pacticipants/Foo/versions/${v}`);
    const body = hal(await api.get('/pacticipants/Foo/versions'), 200);
    expect(numbers(body._embedded.versions)).toEqual(['2', '3', '1']);
    expect(body._links.self).toEqual({ href: `${B}/pacticipants/Foo/versions`, title: 'All application versions of Foo' });
    expect(body._links['pb:pacticipant']).toMatchObject({ href: `${B}/pacticipants/Foo`, title: 'Foo' });
    expect(body._links['pb:versions'].map((l: { href: string }) => l.href)).toEqual([
      `${B}/pacticipants/Foo/versions/2`,
      `${B}/pacticipants/Foo/versions/3`,
      `${B}/pacticipants/Foo/versions/1`,
    ]);
    expect(body._links['pb:versions'][0].title).toMatch(/^Version 2 - \d\d\/\d\d\/\d{4}$/);
    expect(body._embedded.versions[0]._links).not.toHaveProperty('pb:record-deployment');
    expect(body.page).toBeUndefined();
  });

  it('pages when asked', async () => {
    for (const v of ['1', '2', '3']) await api.put(`/pacticipants/Foo/versions/${v}`);
    const body = hal(await api.get('/pacticipants/Foo/versions?page=2&size=2'), 200);
    expect(body.page).toEqual({ number: 2, size: 2, totalElements: 3, totalPages: 2 });
    expect(numbers(body._embedded.versions)).toEqual(['1']);
    expect(body._links.previous.href).toBe(`${B}/pacticipants/Foo/versions?size=2&page=1`);
  });

  it('lists the versions with a tag, and 404s for an unknown tag or pacticipant', async () => {
    await api.put('/pacticipants/Foo/versions/1/tags/prod');
    await api.put('/pacticipants/Foo/versions/2');
    await api.put('/pacticipants/Foo/versions/3/tags/prod');
    expect(numbers(hal(await api.get('/pacticipants/Foo/tags/prod/versions'), 200)._embedded.versions)).toEqual(['3', '1']);
    errorBody(await api.get('/pacticipants/Foo/tags/none/versions'), 404);
    errorBody(await api.get('/pacticipants/Nope/versions'), 404);
  });
});

describe('DELETE /pacticipants/{p}/versions/{v}', () => {
  it('answers 204 then 404 and removes its tags and pacts, keeping the other versions', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', tags: ['a'] });
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2', tags: ['a'], interactions: ['other'] });
    const res = await api.delete('/pacticipants/Foo/versions/2');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    errorBody(await api.delete('/pacticipants/Foo/versions/2'), 404);
    errorBody(await api.get('/pacts/provider/Bar/consumer/Foo/version/2'), 404);
    expect(hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200)._links['pb:consumer-version'].name).toBe('1');
    expect(hal(await api.get('/pacticipants/Foo/latest-version/a'), 200).number).toBe('1');
    expect(await rowCounts(t)).toMatchObject({ versions: 1, tags: 1, pact_publications: 1, integrations: 1 });
  });

  it('moves the branch head back to the previous member', async () => {
    for (const v of ['1', '2', '3']) hal(await api.put(`/pacticipants/Foo/branches/main/versions/${v}`), 201);
    expect(hal(await api.get('/pacticipants/Foo/branches/main/latest-version'), 200).number).toBe('3');
    expect((await api.delete('/pacticipants/Foo/versions/3')).statusCode).toBe(204);
    const head = hal(await api.get('/pacticipants/Foo/branches/main/latest-version'), 200);
    expect(head.number).toBe('2');
    expect(head._embedded.branchVersions).toEqual([expect.objectContaining({ name: 'main', latest: true })]);
    expect(hal(await api.get('/pacticipants/Foo/versions/1'), 200)._embedded.branchVersions[0].latest).toBe(false);
  });

  it('removes the integration when its last pact goes', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' });
    await api.delete('/pacticipants/Foo/versions/1');
    expect(hal(await api.get('/pacts/latest'), 200).pacts).toEqual([]);
    expect(await rowCounts(t)).toMatchObject({ integrations: 0, pact_publications: 0, latest_pact_publications: 0 });
  });
});
