import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, errorBody, hal, pathOf, rowCounts } from '../support/http.js';
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

describe('PUT /pacticipants/{p}/branches/{b}/versions/{v}', () => {
  it('creates (201, Location) then finds (200), always with a JSON body (the verifier fails on 204)', async () => {
    const first = await api.put('/pacticipants/Bar/branches/feat%2Fy/versions/100', { name: 'feat/y' });
    const body = hal(first, 201);
    expect(first.headers.location).toBe(`${B}/pacticipants/Bar/branches/feat%2Fy/versions/100`);
    expect(body.createdAt).toMatch(/\+00:00$/);
    expect(body._links).toEqual({
      self: { title: 'Branch version', href: `${B}/pacticipants/Bar/branches/feat%2Fy/versions/100` },
      'pb:branch': { title: 'Branch', name: 'feat/y', href: `${B}/pacticipants/Bar/branches/feat%2Fy` },
      'pb:version': { title: 'Version', name: '100', href: `${B}/pacticipants/Bar/versions/100` },
    });
    const second = hal(await api.put('/pacticipants/Bar/branches/feat%2Fy/versions/100', {}), 200);
    expect(second._links.self.href).toBe(body._links.self.href);
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 1, versions: 1, branches: 1, branch_versions: 1, branch_heads: 1 });
  });

  it('accepts an empty body sent as JSON (the Ruby client and the verifier send {} or nothing)', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/pacticipants/Bar/branches/main/versions/1', headers: { 'content-type': 'application/json' }, payload: '' });
    hal(res, 201);
  });

  it('is readable with GET, and 404s for a version not on the branch', async () => {
    await api.put('/pacticipants/Bar/branches/main/versions/1');
    await api.put('/pacticipants/Bar/versions/2');
    const body = hal(await api.get('/pacticipants/Bar/branches/main/versions/1'), 200);
    expect(body._links['pb:version'].name).toBe('1');
    errorBody(await api.get('/pacticipants/Bar/branches/main/versions/2'), 404);
    errorBody(await api.get('/pacticipants/Bar/branches/other/versions/1'), 404);
  });
});

describe('branches', () => {
  it('GET a branch shows its name and links', async () => {
    await api.put('/pacticipants/Bar/branches/feat%2Fy/versions/1');
    const body = hal(await api.get('/pacticipants/Bar/branches/feat%2Fy'), 200);
    expect(body.name).toBe('feat/y');
    expect(body.createdAt).toMatch(/\+00:00$/);
    expect(body._links.self).toMatchObject({ title: 'Branch', href: `${B}/pacticipants/Bar/branches/feat%2Fy` });
    expect(body._links['pb:latest-version']).toEqual({ title: 'Latest version for branch', href: `${B}/pacticipants/Bar/branches/feat%2Fy/latest-version` });
    errorBody(await api.get('/pacticipants/Bar/branches/nope'), 404);
    errorBody(await api.get('/pacticipants/Nope/branches/main'), 404);
  });

  it('the list is always paged and sorted by name', async () => {
    for (const b of ['main', 'feat-b', 'feat-a']) await api.put(`/pacticipants/Bar/branches/${b}/versions/1`);
    const body = hal(await api.get('/pacticipants/Bar/branches'), 200);
    expect(body.page).toEqual({ number: 1, size: 100, totalElements: 3, totalPages: 1 });
    expect(body._embedded.branches.map((b: { name: string }) => b.name)).toEqual(['feat-a', 'feat-b', 'main']);
    expect(body._links.self).toEqual({ title: 'Bar branches', href: `${B}/pacticipants/Bar/branches` });
    expect(body._links['pb:branches']).toEqual([
      { name: 'feat-a', href: `${B}/pacticipants/Bar/branches/feat-a` },
      { name: 'feat-b', href: `${B}/pacticipants/Bar/branches/feat-b` },
      { name: 'main', href: `${B}/pacticipants/Bar/branches/main` },
    ]);
    const paged = hal(await api.get('/pacticipants/Bar/branches?size=2&page=2'), 200);
    expect(paged.page).toEqual({ number: 2, size: 2, totalElements: 3, totalPages: 2 });
    expect(paged._embedded.branches.map((b: { name: string }) => b.name)).toEqual(['main']);
    errorBody(await api.get('/pacticipants/Nope/branches'), 404);
  });

  it('latest-version is the version most recently added to the branch', async () => {
    await api.put('/pacticipants/Bar/versions/2');
    await api.put('/pacticipants/Bar/versions/1');
    await api.put('/pacticipants/Bar/branches/main/versions/1');
    expect(hal(await api.get('/pacticipants/Bar/branches/main/latest-version'), 200).number).toBe('1');
    await api.put('/pacticipants/Bar/branches/main/versions/2');
    const body = hal(await api.get('/pacticipants/Bar/branches/main/latest-version'), 200);
    expect(body.number).toBe('2');
    expect(Array.isArray(body._links['pb:record-deployment'])).toBe(true);
    expect(Array.isArray(body._links['pb:record-release'])).toBe(true);
    // Re-adding an existing member does not move the head.
    hal(await api.put('/pacticipants/Bar/branches/main/versions/1'), 200);
    expect(hal(await api.get('/pacticipants/Bar/branches/main/latest-version'), 200).number).toBe('2');
  });

  it('lists the versions on a branch newest first', async () => {
    for (const v of ['1', '2', '3']) await api.put(`/pacticipants/Bar/branches/main/versions/${v}`);
    await api.put('/pacticipants/Bar/branches/other/versions/4');
    const body = hal(await api.get('/pacticipants/Bar/branches/main/versions'), 200);
    expect(body._embedded.versions.map((v: { number: string }) => v.number)).toEqual(['3', '2', '1']);
  });

  it('DELETE removes the branch (204 then 404) but keeps its versions and pacts; branch lookups stop finding them', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'feat/x' });
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main', interactions: ['other'] });
    const res = await api.delete('/pacticipants/Foo/branches/feat%2Fx');
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    errorBody(await api.delete('/pacticipants/Foo/branches/feat%2Fx'), 404);
    errorBody(await api.get('/pacticipants/Foo/branches/feat%2Fx'), 404);
    errorBody(await api.get('/pacticipants/Foo/branches/feat%2Fx/latest-version'), 404);

    const version = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(version._embedded.branchVersions).toEqual([]);
    hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);

    const providerBranch = hal(await api.get('/pacts/provider/Bar/branch/feat%2Fx'), 200);
    expect(providerBranch._links['pb:pacts']).toEqual([]);
    expect(providerBranch._links.pacts).toEqual([]);
    expect(hal(await api.get('/pacts/provider/Bar/branch/feat%2Fx/latest'), 200)._links['pb:pacts']).toEqual([]);
    errorBody(await api.get('/pacts/provider/Bar/consumer/Foo/branch/feat%2Fx/latest'), 404);
    expect(hal(await api.get('/pacts/provider/Bar/consumer/Foo/branch/feat%2Fx'), 200)._embedded.pacts).toEqual([]);
    expect(hal(await api.get('/pacticipants/Foo/branches'), 200)._embedded.branches.map((b: { name: string }) => b.name)).toEqual(['main']);

    // The other branch is untouched.
    expect(hal(await api.get('/pacts/provider/Bar/branch/main'), 200)._links['pb:pacts']).toHaveLength(1);
    expect(await rowCounts(t)).toMatchObject({ versions: 2, branches: 1, branch_versions: 1, pact_publications: 2 });
  });

  it('a branch deleted and re-created starts empty', async () => {
    await api.put('/pacticipants/Foo/branches/b/versions/1');
    await api.delete('/pacticipants/Foo/branches/b');
    await api.put('/pacticipants/Foo/branches/b/versions/2');
    const body = hal(await api.get('/pacticipants/Foo/branches/b/versions'), 200);
    expect(body._embedded.versions.map((v: { number: string }) => v.number)).toEqual(['2']);
  });
});

describe('tags', () => {
  it('PUT creates the pacticipant, version and tag (201, Location), then answers 200', async () => {
    const first = await api.put('/pacticipants/Bar/versions/100/tags/dev', { name: 'dev' });
    const body = hal(first, 201);
    expect(first.headers.location).toBe(`${B}/pacticipants/Bar/versions/100/tags/dev`);
    expect(body.name).toBe('dev');
    expect(body.createdAt).toMatch(/\+00:00$/);
    expect(body._links).toEqual({
      self: { title: 'Tag', name: 'dev', href: `${B}/pacticipants/Bar/versions/100/tags/dev` },
      version: { title: 'Version', name: '100', href: `${B}/pacticipants/Bar/versions/100` },
      pacticipant: { title: 'Pacticipant', name: 'Bar', href: `${B}/pacticipants/Bar` },
    });
    hal(await api.put('/pacticipants/Bar/versions/100/tags/dev', {}), 200);
    expect(hal(await api.get('/pacticipants/Bar'), 200).name).toBe('Bar');
    expect(hal(await api.get('/pacticipants/Bar/versions/100'), 200)._embedded.tags.map((x: { name: string }) => x.name)).toEqual(['dev']);
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 1, versions: 1, tags: 1 });
  });

  it('GET shows the tag, the version lists its tags, unknown → 404', async () => {
    await api.put('/pacticipants/Bar/versions/1/tags/a');
    await api.put('/pacticipants/Bar/versions/1/tags/b');
    expect(hal(await api.get('/pacticipants/Bar/versions/1/tags/a'), 200).name).toBe('a');
    const list = hal(await api.get('/pacticipants/Bar/versions/1/tags'), 200);
    expect(list._embedded.tags.map((x: { name: string }) => x.name).sort()).toEqual(['a', 'b']);
    errorBody(await api.get('/pacticipants/Bar/versions/1/tags/zzz'), 404);
    errorBody(await api.get('/pacticipants/Bar/versions/9/tags/a'), 404);
  });

  it('DELETE answers 204 then 404 and keeps the version', async () => {
    await api.put('/pacticipants/Bar/versions/1/tags/a');
    const res = await api.delete('/pacticipants/Bar/versions/1/tags/a');
    expect(res.statusCode).toBe(204);
    errorBody(await api.delete('/pacticipants/Bar/versions/1/tags/a'), 404);
    errorBody(await api.get('/pacticipants/Bar/versions/1/tags/a'), 404);
    expect(hal(await api.get('/pacticipants/Bar/versions/1'), 200)._embedded.tags).toEqual([]);
  });

  it('the pacticipant’s pb:version-tag template, expanded with encoded values, reaches the tag (CLI delete-version-tag)', async () => {
    await api.put('/pacticipants/Bar/versions/1.0%2F0/tags/a%2Fb');
    const template: string = hal(await api.get('/pacticipants/Bar'), 200)._links['pb:version-tag'].href;
    const href = template.replace('{version}', encodeURIComponent('1.0/0')).replace('{tag}', encodeURIComponent('a/b'));
    const tag = hal(await api.get(pathOf(href)), 200);
    expect(tag.name).toBe('a/b');
    expect(tag._links.version.name).toBe('1.0/0');
    expect((await api.delete(pathOf(href))).statusCode).toBe(204);
  });

  it('tags added by publishing are visible as tags, and the tagged pacts are found', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', tags: ['prod', 'main'] });
    const tags = hal(await api.get('/pacticipants/Foo/versions/1/tags'), 200)._embedded.tags.map((x: { name: string }) => x.name);
    expect(tags.sort()).toEqual(['main', 'prod']);
    hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest/prod'), 200);
  });
});
