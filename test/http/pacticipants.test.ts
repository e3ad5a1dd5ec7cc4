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
const create = (name: string, extra: Record<string, unknown> = {}) => api.post('/pacticipants', { name, ...extra });

describe('GET /pacticipants', () => {
  it('is empty on a new broker', async () => {
    const body = hal(await api.get('/pacticipants'), 200);
    expect(body._embedded.pacticipants).toEqual([]);
    expect(body.pacticipants).toEqual([]);
    expect(body.page).toBeUndefined();
  });

  it('lists by name, case-insensitively, in _embedded and in the top-level array the CLI reads', async () => {
    for (const name of ['zeta', 'Alpha', 'beta-service']) hal(await create(name), 201);
    const body = hal(await api.get('/pacticipants'), 200);
    expect(body._embedded.pacticipants.map((p: { name: string }) => p.name)).toEqual(['Alpha', 'beta-service', 'zeta']);
    expect(body.pacticipants.map((p: { name: string; displayName: string }) => [p.name, p.displayName])).toEqual([
      ['Alpha', 'Alpha'],
      ['beta-service', 'Beta Service'],
      ['zeta', 'Zeta'],
    ]);
    expect(body.pacticipants[0].title).toBe('DEPRECATED - Please use the embedded pacticipants collection');
    expect(body._links.self).toEqual({ href: `${B}/pacticipants` });
    expect(body._links['pb:pacticipants-with-label']).toEqual({
      href: `${B}/pacticipants/label/{label}`,
      title: 'Find pacticipants by label',
      templated: true,
    });
    expect(body._links['pb:pacticipants']).toEqual([
      { href: `${B}/pacticipants/Alpha`, title: 'Pacticipant', name: 'Alpha' },
      { href: `${B}/pacticipants/beta-service`, title: 'Pacticipant', name: 'beta-service' },
      { href: `${B}/pacticipants/zeta`, title: 'Pacticipant', name: 'zeta' },
    ]);
    expect(body._links.pacticipants[0]).toEqual({ href: `${B}/pacticipants/Alpha`, title: 'Alpha', name: 'DEPRECATED - please use pb:pacticipants' });
  });

  it('filters by name with q (case-insensitive substring)', async () => {
    for (const name of ['Foo', 'food-api', 'Bar']) await create(name);
    const body = hal(await api.get('/pacticipants?q=fo'), 200);
    expect(body._embedded.pacticipants.map((p: { name: string }) => p.name)).toEqual(['Foo', 'food-api']);
    expect(hal(await api.get('/pacticipants?q=nothing'), 200).pacticipants).toEqual([]);
  });

  it('pages with page/size and with pageNumber/pageSize', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await create(name);
    const second = hal(await api.get('/pacticipants?page=2&size=2'), 200);
    expect(second.page).toEqual({ number: 2, size: 2, totalElements: 5, totalPages: 3 });
    expect(second._embedded.pacticipants.map((p: { name: string }) => p.name)).toEqual(['c', 'd']);
    expect(second._links.next.href).toBe(`${B}/pacticipants?size=2&page=3`);
    expect(second._links.previous.href).toBe(`${B}/pacticipants?size=2&page=1`);

    const last = hal(await api.get('/pacticipants?pageNumber=3&pageSize=2'), 200);
    expect(last.page).toEqual({ number: 3, size: 2, totalElements: 5, totalPages: 3 });
    expect(last.pacticipants.map((p: { name: string }) => p.name)).toEqual(['e']);
    expect(last._links.next).toBeUndefined();
    expect(last._links.previous.href).toBe(`${B}/pacticipants?size=2&page=2`);

    const beyond = hal(await api.get('/pacticipants?page=9&size=2'), 200);
    expect(beyond._embedded.pacticipants).toEqual([]);
  });

  it('rejects a non-numeric or zero page with 400 naming the parameter', async () => {
    errorBody(await api.get('/pacticipants?page=abc'), 400, ['page']);
    errorBody(await api.get('/pacticipants?size=0'), 400, ['size']);
  });
});

describe('POST /pacticipants', () => {
  it('creates (201) with a Location and the full resource', async () => {
    const res = await create('my-service', { repositoryUrl: 'https://git/x', mainBranch: 'trunk' });
    const body = hal(res, 201);
    expect(res.headers.location).toBe(`${B}/pacticipants/my-service`);
    expect(body).toMatchObject({ name: 'my-service', displayName: 'My Service', repositoryUrl: 'https://git/x', mainBranch: 'trunk' });
    expect(body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(body.updatedAt).toBeUndefined();
    expect(body._embedded.labels).toEqual([]);
    expect(body._embedded.latestVersion).toBeUndefined();
    expect(body._links).toMatchObject({
      self: { href: `${B}/pacticipants/my-service` },
      'pb:versions': { href: `${B}/pacticipants/my-service/versions` },
      'pb:branches': { href: `${B}/pacticipants/my-service/branches` },
      'pb:version': { href: `${B}/pacticipants/my-service/versions/{version}`, templated: true },
      'pb:version-tag': { href: `${B}/pacticipants/my-service/versions/{version}/tags/{tag}`, templated: true },
      'pb:branch-version': { href: `${B}/pacticipants/my-service/branches/{branch}/versions/{version}`, templated: true },
      'pb:label': { href: `${B}/pacticipants/my-service/labels/{label}`, templated: true },
      'pb:can-i-deploy-badge': { href: `${B}/pacticipants/my-service/latest-version/{tag}/can-i-deploy/to/{environmentTag}/badge`, templated: true },
      'pb:can-i-deploy-branch-to-environment-badge': {
        href: `${B}/pacticipants/my-service/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}/badge`,
        templated: true,
      },
    });
  });

  it('returns an existing pacticipant unchanged when the name exists', async () => {
    hal(await create('Foo', { displayName: 'The Foo', repositoryUrl: 'https://one' }), 201);
    const again = hal(await create('Foo', { displayName: 'Other', repositoryUrl: 'https://two' }), 200);
    expect(again).toMatchObject({ name: 'Foo', displayName: 'The Foo', repositoryUrl: 'https://one' });
    expect((await rowCounts(t)).pacticipants).toBe(1);
  });

  it('requires a name', async () => {
    const body = errorBody(await api.post('/pacticipants', { displayName: 'x' }), 400, ['name']);
    expect(body.errors.name).toContain('is missing');
  });

  it('rejects a main branch with spaces and multi-line names, naming each field', async () => {
    const body = errorBody(await create('a\nb', { mainBranch: 'my branch' }), 400, ['name', 'mainBranch']);
    expect(body.errors.name).toContain('cannot contain multiple lines');
    expect(body.errors.mainBranch).toContain('cannot contain spaces');
    expect((await rowCounts(t)).pacticipants).toBe(0);
  });
});

describe('GET /pacticipants/{name}', () => {
  it('shows the latest version (creation order) in _embedded', async () => {
    await api.put('/pacticipants/Foo/versions/2.0.0');
    await api.put('/pacticipants/Foo/versions/1.0.0');
    const body = hal(await api.get('/pacticipants/Foo'), 200);
    expect(body._embedded.latestVersion).toEqual({
      number: '1.0.0',
      _links: { self: { href: `${B}/pacticipants/Foo/versions/1.0.0`, title: 'Version', name: '1.0.0' } },
    });
    expect(body._embedded['latest-version'].number).toBe('1.0.0');
  });

  it('answers 404 with a message for an unknown name', async () => {
    const body = errorBody(await api.get('/pacticipants/Nope'), 404);
    expect(body.error).toBe("No pacticipant with name 'Nope' found");
  });
});

describe('PUT /pacticipants/{name}', () => {
  it('replaces: omitted fields are cleared and the display name is regenerated', async () => {
    await create('order-service', { displayName: 'Orders', repositoryUrl: 'https://r', repositoryName: 'r', mainBranch: 'main' });
    const body = hal(await api.put('/pacticipants/order-service', { repositoryNamespace: 'team' }), 200);
    expect(body.displayName).toBe('Order Service');
    expect(body.repositoryNamespace).toBe('team');
    expect(body).not.toHaveProperty('repositoryUrl');
    expect(body).not.toHaveProperty('repositoryName');
    expect(body).not.toHaveProperty('mainBranch');
    expect(body.updatedAt).toMatch(/\+00:00$/);
    const again = hal(await api.get('/pacticipants/order-service'), 200);
    expect(again.repositoryNamespace).toBe('team');
    expect(again).not.toHaveProperty('mainBranch');
  });

  it('answers 404 for an unknown pacticipant and creates nothing', async () => {
    const body = errorBody(await api.put('/pacticipants/Nope', { displayName: 'x' }), 404);
    expect(body.error).toBe("No pacticipant with name 'Nope' found");
    expect((await rowCounts(t)).pacticipants).toBe(0);
  });
});

describe('PATCH /pacticipants/{name}', () => {
  it('changes only the given fields (merge-patch+json, as the CLI sends)', async () => {
    await create('Foo', { displayName: 'Fooey', repositoryUrl: 'https://r' });
    const body = hal(await api.patch('/pacticipants/Foo', { mainBranch: 'main' }, { 'content-type': 'application/merge-patch+json' }), 200);
    expect(body).toMatchObject({ name: 'Foo', displayName: 'Fooey', repositoryUrl: 'https://r', mainBranch: 'main' });
  });

  it('accepts application/json too', async () => {
    await create('Foo');
    const body = hal(await api.patch('/pacticipants/Foo', { repositoryName: 'foo' }), 200);
    expect(body.repositoryName).toBe('foo');
  });

  it('creates the pacticipant when missing (201, with Location)', async () => {
    const res = await api.patch('/pacticipants/new-one', { mainBranch: 'develop' }, { 'content-type': 'application/merge-patch+json' });
    const body = hal(res, 201);
    expect(res.headers.location).toBe(`${B}/pacticipants/new-one`);
    expect(body).toMatchObject({ name: 'new-one', displayName: 'New One', mainBranch: 'develop' });
  });

  it('rejects a body name that differs from the path', async () => {
    await create('Foo');
    errorBody(await api.patch('/pacticipants/Foo', { name: 'Bar' }), 400, ['name']);
  });
});

describe('DELETE /pacticipants/{name}', () => {
  it('answers 204, then 404, and removes its versions, tags, branches and pacts', async () => {
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['prod'] }), 200);
    hal(await api.publish({ consumer: 'Other', provider: 'Bar', version: '1' }), 200);
    const del = await api.delete('/pacticipants/Foo');
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    errorBody(await api.delete('/pacticipants/Foo'), 404);
    errorBody(await api.get('/pacticipants/Foo'), 404);
    errorBody(await api.get('/pacticipants/Foo/versions/1'), 404);
    errorBody(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 404);
    const latest = hal(await api.get('/pacts/latest'), 200);
    expect(latest.pacts.map((p: { _embedded: { consumer: { name: string } } }) => p._embedded.consumer.name)).toEqual(['Other']);
    const counts = await rowCounts(t);
    expect(counts).toMatchObject({ pacticipants: 2, versions: 1, tags: 0, branches: 0, branch_versions: 0, pact_publications: 1, pact_versions: 1, integrations: 1 });
  });

  it('deleting a provider removes the pacts published for it', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' });
    expect((await api.delete('/pacticipants/Bar')).statusCode).toBe(204);
    expect(hal(await api.get('/pacts/latest'), 200).pacts).toEqual([]);
    expect(hal(await api.get('/pacticipants/Foo/versions/1'), 200)._links['pb:pact-versions']).toEqual([]);
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 1, versions: 1, pact_versions: 0, pact_publications: 0, integrations: 0 });
  });
});

describe('display names', () => {
  it.each([
    ['my-service', 'My Service'],
    ['my_service', 'My Service'],
    ['fooBar', 'Foo Bar'],
    ['FOO', 'FOO'],
    ['already Nice', 'Already Nice'],
  ])('%s → %s', async (name, display) => {
    expect(hal(await create(name), 201).displayName).toBe(display);
  });

  it('keeps a given display name and regenerates a blank one', async () => {
    expect(hal(await create('a-b', { displayName: 'Custom' }), 201).displayName).toBe('Custom');
    expect(hal(await create('c-d', { displayName: '  ' }), 201).displayName).toBe('C D');
    expect(hal(await api.patch('/pacticipants/a-b', { displayName: '' }), 200).displayName).toBe('A B');
  });

  it('is given to pacticipants created by publishing', async () => {
    await api.publish({ consumer: 'web-app', provider: 'user_api', version: '1' });
    const list = hal(await api.get('/pacticipants'), 200);
    expect(list.pacticipants.map((p: { displayName: string }) => p.displayName)).toEqual(['User Api', 'Web App']);
  });
});

describe('main branch detection', () => {
  it('takes the first branch named main, master or develop and keeps it', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'feat/x' });
    expect(hal(await api.get('/pacticipants/Foo'), 200)).not.toHaveProperty('mainBranch');
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'develop' });
    expect(hal(await api.get('/pacticipants/Foo'), 200).mainBranch).toBe('develop');
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '3', branch: 'main' });
    expect(hal(await api.get('/pacticipants/Foo'), 200).mainBranch).toBe('develop');
  });

  it('applies to branch versions added with PUT', async () => {
    hal(await api.put('/pacticipants/Svc/branches/master/versions/1'), 201);
    expect(hal(await api.get('/pacticipants/Svc'), 200).mainBranch).toBe('master');
  });

  it('never overrides a main branch that was set explicitly', async () => {
    await create('Svc', { mainBranch: 'trunk' });
    await api.put('/pacticipants/Svc/branches/main/versions/1');
    expect(hal(await api.get('/pacticipants/Svc'), 200).mainBranch).toBe('trunk');
  });
});

describe('labels', () => {
  it('PUT creates (201) then finds (200); GET shows it; the pacticipant lists it', async () => {
    await create('Foo');
    const first = await api.put('/pacticipants/Foo/labels/team-a');
    const body = hal(first, 201);
    expect(first.headers.location).toBe(`${B}/pacticipants/Foo/labels/team-a`);
    expect(body).toMatchObject({
      name: 'team-a',
      _links: { self: { href: `${B}/pacticipants/Foo/labels/team-a` }, pacticipant: { href: `${B}/pacticipants/Foo`, name: 'Foo' } },
    });
    hal(await api.put('/pacticipants/Foo/labels/team-a'), 200);
    expect(hal(await api.get('/pacticipants/Foo/labels/team-a'), 200).name).toBe('team-a');
    expect(hal(await api.get('/pacticipants/Foo'), 200)._embedded.labels.map((l: { name: string }) => l.name)).toEqual(['team-a']);
    expect((await rowCounts(t)).labels).toBe(1);
  });

  it('labelling an unknown pacticipant creates it', async () => {
    hal(await api.put('/pacticipants/Fresh/labels/x'), 201);
    expect(hal(await api.get('/pacticipants/Fresh'), 200).displayName).toBe('Fresh');
  });

  it('/pacticipants/label/{label} lists the labelled pacticipants only', async () => {
    await create('Foo');
    await create('Bar');
    await create('Baz');
    await api.put('/pacticipants/Foo/labels/ui');
    await api.put('/pacticipants/Baz/labels/ui');
    await api.put('/pacticipants/Bar/labels/backend');
    const body = hal(await api.get('/pacticipants/label/ui'), 200);
    expect(body._embedded.pacticipants.map((p: { name: string }) => p.name)).toEqual(['Baz', 'Foo']);
    expect(body.pacticipants.map((p: { name: string }) => p.name)).toEqual(['Baz', 'Foo']);
    expect(body._links.self.href).toBe(`${B}/pacticipants/label/ui`);
    expect(hal(await api.get('/pacticipants/label/none'), 200)._embedded.pacticipants).toEqual([]);
  });

  it('DELETE answers 204 then 404', async () => {
    await api.put('/pacticipants/Foo/labels/x');
    expect((await api.delete('/pacticipants/Foo/labels/x')).statusCode).toBe(204);
    errorBody(await api.delete('/pacticipants/Foo/labels/x'), 404);
    errorBody(await api.get('/pacticipants/Foo/labels/x'), 404);
    expect(hal(await api.get('/pacticipants/Foo'), 200)._embedded.labels).toEqual([]);
  });

  it('GET of a label of an unknown pacticipant is 404', async () => {
    errorBody(await api.get('/pacticipants/Nope/labels/x'), 404);
  });
});

describe('team and contact (Pact Broker issue #99)', () => {
  it('POST stores them, GET returns them, PATCH changes one, PUT clears the omitted ones', async () => {
    const created = hal(await create('Foo', { team: 'Payments 💸', contact: '#payments on chat' }), 201);
    expect(created).toMatchObject({ team: 'Payments 💸', contact: '#payments on chat' });
    expect(hal(await api.get('/pacticipants/Foo'), 200)).toMatchObject({ team: 'Payments 💸', contact: '#payments on chat' });
    const patched = hal(await api.patch('/pacticipants/Foo', { contact: 'payments@example.org' }), 200);
    expect(patched).toMatchObject({ team: 'Payments 💸', contact: 'payments@example.org' });
    const put = hal(await api.put('/pacticipants/Foo', { team: 'Ledger' }), 200);
    expect(put.team).toBe('Ledger');
    expect(put).not.toHaveProperty('contact');
    const cleared = hal(await api.patch('/pacticipants/Foo', { team: null }), 200);
    expect(cleared).not.toHaveProperty('team');
  });

  it('PATCH of an unknown pacticipant creates it with its team', async () => {
    expect(hal(await api.patch('/pacticipants/New', { team: 'Core' }), 201).team).toBe('Core');
  });

  it('rejects a wrong type, an oversized value or a line break with 400 naming the field', async () => {
    errorBody(await create('Foo', { team: 42 }), 400, ['team']);
    errorBody(await create('Foo', { contact: 'x'.repeat(1001) }), 400, ['contact']);
    errorBody(await create('Foo', { team: 't'.repeat(256) }), 400, ['team']);
    errorBody(await api.patch('/pacticipants/Foo', { team: ['a'] }), 400, ['team']);
    errorBody(await api.put('/pacticipants/Foo', { contact: 'a\nb' }), 400, ['contact']);
    errorBody(await api.patch('/pacticipants/Foo', { contact: 'a\u0000b' }), 400, ['contact']);
    expect(hal(await create('Foo', { team: 't'.repeat(255), contact: 'c'.repeat(1000) }), 201).team).toHaveLength(255);
  });
});
