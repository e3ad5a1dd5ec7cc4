import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { base64, pactDocument } from '../support/pacts.js';
import { client, errorBody, hal, rowCounts } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const B = 'http://localhost:80';

type Doc = Record<string, unknown>;

/** A publish body with hand-made pact documents, one contract per document. */
function publishDocs(consumer: string, version: string, docs: Array<{ provider: string; doc: Doc; onConflict?: 'overwrite' | 'merge' }>, extra: Doc = {}) {
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    ...extra,
    contracts: docs.map(({ provider, doc, onConflict }) => ({
      consumerName: consumer,
      providerName: provider,
      specification: 'pact',
      contentType: 'application/json',
      content: base64(doc),
      ...(onConflict ? { onConflict } : {}),
    })),
  };
}

function interaction(description: string, options: { state?: string; path?: string; status?: number } = {}) {
  return {
    description,
    providerState: options.state ?? 'a state',
    request: { method: 'GET', path: options.path ?? '/things' },
    response: { status: options.status ?? 200, body: { ok: true } },
  };
}

const doc = (consumer: string, provider: string, interactions: unknown[], metadata: Doc = { pactSpecification: { version: '2.0.0' } }) => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions,
  metadata,
});

const descriptions = (pact: { interactions: Array<{ description: string }> }) => pact.interactions.map((i) => i.description).sort();
const texts = (body: { notices: Array<{ text: string }> }) => body.notices.map((n) => n.text);

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

describe('POST /contracts/publish: success', () => {
  it('answers 200 with logs, notices, _embedded and the links the CLI reads', async () => {
    const body = hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main', tags: ['a', 'b'], buildUrl: 'http://ci/2' }), 200);
    expect(body._embedded).toEqual({
      pacticipant: { name: 'Foo', _links: { self: { href: `${B}/pacticipants/Foo` } } },
      version: { number: '2', _links: { self: { title: 'Version', name: '2', href: `${B}/pacticipants/Foo/versions/2` } } },
    });
    expect(body._links).toEqual({
      'pb:pacticipant': { title: 'Pacticipant', name: 'Foo', href: `${B}/pacticipants/Foo` },
      'pb:pacticipant-version': { title: 'Pacticipant version', name: '2', href: `${B}/pacticipants/Foo/versions/2` },
      'pb:pacticipant-version-tags': [
        { title: 'Tag', name: 'a', href: `${B}/pacticipants/Foo/versions/2/tags/a` },
        { title: 'Tag', name: 'b', href: `${B}/pacticipants/Foo/versions/2/tags/b` },
      ],
      'pb:contracts': [{ title: 'Pact', name: 'Pact between Foo (2) and Bar', href: `${B}/pacts/provider/Bar/consumer/Foo/version/2` }],
    });
    expect(texts(body)).toContain('Created Foo version 2 with branch main and tags a, b');
    expect(texts(body)).toContain('Pact successfully published for Foo version 2 and provider Bar.');
    expect(texts(body)).toContain(`  View the published pact at ${B}/pacts/provider/Bar/consumer/Foo/version/2`);
    expect(body.notices.find((n: { text: string }) => n.text.startsWith('Pact successfully')).type).toBe('success');
    expect(body.logs).toEqual(body.notices.map((n: { type: string; text: string }) => ({ level: n.type, message: n.text, deprecationWarning: 'Replaced by notices' })));
    for (const notice of body.notices) expect(['debug', 'info', 'success', 'warning', 'prompt', 'error']).toContain(notice.type);
  });

  it('without branch or tags: an empty tag list and a prompt to configure the branch', async () => {
    const body = hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
    expect(body._links['pb:pacticipant-version-tags']).toEqual([]);
    expect(body.notices).toContainEqual({ type: 'prompt', text: '  Next steps:\n    Configure the version branch to be the value of your repository branch.' });
  });

  it('stores the branch, tags and build URL of the version and creates both pacticipants', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'feat/x', tags: ['dev'], buildUrl: 'http://ci/1' });
    const version = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(version.buildUrl).toBe('http://ci/1');
    expect(version._embedded.branchVersions.map((b: { name: string }) => b.name)).toEqual(['feat/x']);
    expect(version._embedded.tags.map((x: { name: string }) => x.name)).toEqual(['dev']);
    expect(hal(await api.get('/pacticipants/Foo/branches/feat%2Fx/latest-version'), 200).number).toBe('1');
    expect(hal(await api.get('/pacticipants'), 200).pacticipants.map((p: { name: string }) => p.name)).toEqual(['Bar', 'Foo']);
  });

  it('a second publish of the same version adds tags and keeps what was there', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', tags: ['a'], buildUrl: 'http://ci/1' });
    const body = hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', tags: ['b'] }), 200);
    expect(texts(body)[0]).toBe('Updated Foo version 1 with tags b');
    const version = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(version._embedded.tags.map((x: { name: string }) => x.name).sort()).toEqual(['a', 'b']);
    expect(version.buildUrl).toBe('http://ci/1');
  });

  it('publishes for several providers in one request', async () => {
    const body = hal(await api.publish({ consumer: 'Foo', provider: ['Bar', 'Baz'], version: '1' }), 200);
    expect(body._links['pb:contracts'].map((c: { href: string }) => c.href)).toEqual([
      `${B}/pacts/provider/Bar/consumer/Foo/version/1`,
      `${B}/pacts/provider/Baz/consumer/Foo/version/1`,
    ]);
    expect(texts(body).filter((x) => x.startsWith('Pact successfully published'))).toHaveLength(2);
    for (const provider of ['Bar', 'Baz']) {
      expect(hal(await api.get(`/pacts/provider/${provider}/consumer/Foo/version/1`), 200).provider.name).toBe(provider);
    }
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 3, versions: 1, pact_publications: 2, pact_versions: 2, integrations: 2 });
  });

  it('stores the content with an _id on every interaction', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['one', 'two'] });
    const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
    expect(pact.interactions).toHaveLength(2);
    const ids = pact.interactions.map((i: { _id: unknown }) => i._id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(ids).size).toBe(2);
    // The same interaction gets the same id in another publication.
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2', interactions: ['one', 'three'] });
    const next = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/2'), 200);
    expect(next.interactions.find((i: { description: string }) => i.description === 'one')._id).toBe(
      pact.interactions.find((i: { description: string }) => i.description === 'one')._id,
    );
  });
});

describe('POST /contracts/publish: republishing', () => {
  it('identical content → 200 "republished with no content changes", nothing duplicated', async () => {
    const options = { consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['a'] };
    hal(await api.publish(options), 200);
    const before = await rowCounts(t);
    const body = hal(await api.publish(options), 200);
    expect(texts(body)).toContain('Updated Foo version 1 with branch main and tags a');
    expect(texts(body)).toContain('Pact successfully republished for Foo version 1 and provider Bar with no content changes.');
    expect(await rowCounts(t)).toEqual(before);
    expect(before).toMatchObject({ versions: 1, tags: 1, branch_versions: 1, pact_publications: 1, pact_versions: 1, integrations: 1 });
  });

  it('content that differs only in metadata, interaction order and key order has the same SHA', async () => {
    const first = doc('Foo', 'Bar', [interaction('one'), interaction('two', { path: '/two' })]);
    const reordered = {
      metadata: { pactSpecification: { version: '2.0.0' }, pactRust: { models: '1.2.3' } },
      interactions: [
        { response: { body: { ok: true }, status: 200 }, request: { path: '/two', method: 'GET' }, providerState: 'a state', description: 'two' },
        interaction('one'),
      ],
      provider: { name: 'Bar' },
      consumer: { name: 'Foo' },
    };
    hal(await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: first }])), 200);
    const again = hal(await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: reordered }])), 200);
    expect(texts(again)).toContain('Pact successfully republished for Foo version 1 and provider Bar with no content changes.');
    hal(await api.post('/contracts/publish', publishDocs('Foo', '2', [{ provider: 'Bar', doc: reordered }])), 200);
    const v1 = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
    const v2 = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/2'), 200);
    expect(v1._links['pb:pact-version'].name).toMatch(/^[0-9a-f]{40,64}$/);
    expect(v2._links['pb:pact-version'].name).toBe(v1._links['pb:pact-version'].name);
    expect(await rowCounts(t)).toMatchObject({ pact_versions: 1, pact_publications: 2 });
  });

  it('a different spec version is a different SHA', async () => {
    hal(await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: doc('Foo', 'Bar', [interaction('one')]) }])), 200);
    const v3 = doc('Foo', 'Bar', [interaction('one')], { pactSpecification: { version: '3.0.0' } });
    hal(await api.post('/contracts/publish', publishDocs('Foo', '2', [{ provider: 'Bar', doc: v3 }])), 200);
    expect((await rowCounts(t)).pact_versions).toBe(2);
  });
});

describe('POST /contracts/publish: conflicts', () => {
  it('different content for the same consumer version and provider → 409 with errors.contracts and notices; nothing stored', async () => {
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['original'] }), 200);
    const before = await rowCounts(t);
    const res = await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['changed'], branch: 'new-branch', tags: ['new-tag'], buildUrl: 'http://ci/new' });
    const body = errorBody(res, 409, ['contracts']);
    expect(body.errors.contracts[0]).toMatch(/^Cannot change the content of the pact for Foo version 1 and provider Bar, as race conditions/);
    expect(body.notices[0]).toEqual({ type: 'error', text: body.errors.contracts[0] });
    expect(body.notices[1].type).toBe('info');
    expect(body.notices[1].text).toMatch(/^- .*original/m);
    expect(body.notices[1].text).toMatch(/^\+ .*changed/m);

    expect(await rowCounts(t)).toEqual(before);
    expect(descriptions(hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200))).toEqual(['original']);
    const version = hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(version._embedded.tags).toEqual([]);
    expect(version._embedded.branchVersions).toEqual([]);
    expect(version).not.toHaveProperty('buildUrl');
  });

  it('one conflicting contract rejects the whole publish: the other provider is not created', async () => {
    await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['original'] });
    const before = await rowCounts(t);
    const body = publishDocs('Foo', '1', [
      { provider: 'Bar', doc: pactDocument({ consumer: 'Foo', provider: 'Bar', interactions: ['changed'] }) },
      { provider: 'Baz', doc: pactDocument({ consumer: 'Foo', provider: 'Baz' }) },
    ]);
    errorBody(await api.post('/contracts/publish', body), 409, ['contracts']);
    expect(await rowCounts(t)).toEqual(before);
    errorBody(await api.get('/pacticipants/Baz'), 404);
  });

  it('merge adds interactions to the stored pact', async () => {
    await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: doc('Foo', 'Bar', [interaction('one')]) }]));
    const res = await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: doc('Foo', 'Bar', [interaction('two', { path: '/two' })]), onConflict: 'merge' }]));
    const body = hal(res, 200);
    expect(texts(body).some((x) => /merged/.test(x))).toBe(true);
    const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
    expect(descriptions(pact)).toEqual(['one', 'two']);
    for (const i of pact.interactions) expect(i._id).toMatch(/^[0-9a-f]{40}$/);
    // Merging the same interactions again changes nothing.
    const again = hal(
      await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: doc('Foo', 'Bar', [interaction('two', { path: '/two' })]), onConflict: 'merge' }])),
      200,
    );
    expect(texts(again)).toContain('Pact successfully republished for Foo version 1 and provider Bar with no content changes.');
    expect(await rowCounts(t)).toMatchObject({ pact_versions: 2, pact_publications: 2, latest_pact_publications: 1 });
  });

  it('merge with the same description and state but a different request → 409, nothing changed', async () => {
    await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: doc('Foo', 'Bar', [interaction('one')]) }]));
    const before = await rowCounts(t);
    const clash = doc('Foo', 'Bar', [interaction('one', { path: '/elsewhere' }), interaction('new', { path: '/new' })]);
    const body = errorBody(await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: clash, onConflict: 'merge' }])), 409, ['contracts']);
    expect(body.errors.contracts[0]).toMatch(/one/);
    expect(body.notices[0].type).toBe('error');
    expect(await rowCounts(t)).toEqual(before);
    expect(descriptions(hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200))).toEqual(['one']);
  });

  it('merge replaces an interaction whose response changed', async () => {
    await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: doc('Foo', 'Bar', [interaction('one')]) }]));
    hal(await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: doc('Foo', 'Bar', [interaction('one', { status: 201 })]), onConflict: 'merge' }])), 200);
    const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
    expect(pact.interactions).toHaveLength(1);
    expect(pact.interactions[0].response.status).toBe(201);
  });

  it('merge with nothing stored yet just publishes', async () => {
    const body = hal(await api.post('/contracts/publish', publishDocs('Foo', '1', [{ provider: 'Bar', doc: doc('Foo', 'Bar', [interaction('one')]), onConflict: 'merge' }])), 200);
    expect(texts(body)).toContain('Pact successfully published for Foo version 1 and provider Bar.');
  });
});

describe('pact versions are per consumer and provider', () => {
  it('two consumers publishing the same interactions each get their own content', async () => {
    await api.publish({ consumer: 'C1', provider: 'P', version: '1' });
    await api.publish({ consumer: 'C2', provider: 'P', version: '1' });
    const c1 = hal(await api.get('/pacts/provider/P/consumer/C1/version/1'), 200);
    const c2 = hal(await api.get('/pacts/provider/P/consumer/C2/version/1'), 200);
    expect(c1.consumer.name).toBe('C1');
    expect(c2.consumer.name).toBe('C2');
    const sha1 = c1._links['pb:pact-version'].name;
    const sha2 = c2._links['pb:pact-version'].name;
    expect(hal(await api.get(`/pacts/provider/P/consumer/C1/pact-version/${sha1}`), 200).consumer.name).toBe('C1');
    expect(hal(await api.get(`/pacts/provider/P/consumer/C2/pact-version/${sha2}`), 200).consumer.name).toBe('C2');
    expect(await rowCounts(t)).toMatchObject({ pact_versions: 2, integrations: 2 });

    // Removing one consumer leaves the other's pact intact.
    expect((await api.delete('/pacticipants/C1')).statusCode).toBe(204);
    expect(hal(await api.get(`/pacts/provider/P/consumer/C2/pact-version/${sha2}`), 200).consumer.name).toBe('C2');
    expect(hal(await api.get('/pacts/provider/P/latest'), 200)._links['pb:pacts'].map((l: { name: string }) => l.name)).toEqual(['C2']);
  });

  it('a consumer cannot read another consumer’s content through its SHA', async () => {
    await api.publish({ consumer: 'C1', provider: 'P', version: '1', interactions: ['only c1'] });
    await api.publish({ consumer: 'C2', provider: 'P', version: '1', interactions: ['only c2'] });
    const sha1 = hal(await api.get('/pacts/provider/P/consumer/C1/version/1'), 200)._links['pb:pact-version'].name;
    errorBody(await api.get(`/pacts/provider/P/consumer/C2/pact-version/${sha1}`), 404);
  });
});

describe('dangerous contract modification allowed', () => {
  let d: TestApp;
  beforeAll(async () => {
    d = await buildTestApp({ TREATY_ALLOW_DANGEROUS_CONTRACT_MODIFICATION: 'true' });
  });
  afterAll(async () => d?.close());

  it('overwrites with a new revision that is served from then on, with a warning', async () => {
    const dapi = client(d);
    hal(await dapi.publish({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['original'] }), 200);
    const body = hal(await dapi.publish({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['changed'] }), 200);
    expect(body.notices.some((n: { type: string }) => n.type === 'warning')).toBe(true);
    const pact = hal(await dapi.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
    expect(descriptions(pact)).toEqual(['changed']);
    expect(descriptions(hal(await dapi.get('/pacts/provider/Bar/consumer/Foo/latest'), 200))).toEqual(['changed']);
    expect(await rowCounts(d)).toMatchObject({ versions: 1, pact_publications: 2, latest_pact_publications: 1, pact_versions: 2 });

    const legacy = await dapi.put('/pacts/provider/Bar/consumer/Foo/version/1', pactDocument({ consumer: 'Foo', provider: 'Bar', interactions: ['legacy'] }));
    expect(descriptions(hal(legacy, 200))).toEqual(['legacy']);
  });
});

describe('legacy PUT /pacts/provider/{p}/consumer/{c}/version/{v}', () => {
  const url = '/pacts/provider/Bar/consumer/Foo/version/1';

  it('201 when new (with Location), 200 when identical, 409 when different', async () => {
    const created = await api.put(url, pactDocument({ consumer: 'Foo', provider: 'Bar' }));
    const body = hal(created, 201);
    expect(created.headers.location).toBe(`${B}${url}`);
    expect(body.consumer).toEqual({ name: 'Foo' });
    expect(body._links.self.href).toBe(`${B}${url}`);
    expect(body.interactions[0]._id).toMatch(/^[0-9a-f]{40}$/);

    hal(await api.put(url, pactDocument({ consumer: 'Foo', provider: 'Bar' })), 200);
    const before = await rowCounts(t);
    const conflict = errorBody(await api.put(url, pactDocument({ consumer: 'Foo', provider: 'Bar', interactions: ['different'] })), 409);
    expect(conflict.detail).toMatch(/^Cannot change the content of the pact for Foo version 1 and provider Bar/);
    expect(await rowCounts(t)).toEqual(before);
    expect(before).toMatchObject({ pacticipants: 2, versions: 1, pact_publications: 1 });
  });

  it('is served by GET the same way as a published pact', async () => {
    await api.put(url, pactDocument({ consumer: 'Foo', provider: 'Bar' }));
    const body = hal(await api.get(url), 200);
    expect(body._links['pb:consumer-version'].name).toBe('1');
    expect(hal(await api.get('/pacts/provider/Bar/consumer/Foo/latest'), 200)._links.self.href).toBe(`${B}${url}`);
  });

  it('400 naming the field when the names in the body do not match the path; nothing stored', async () => {
    const wrongProvider = errorBody(await api.put(url, pactDocument({ consumer: 'Foo', provider: 'Baz' })), 400, ['provider.name']);
    expect(wrongProvider.errors['provider.name'][0]).toBe("name in pact 'Baz' does not match name in URL path 'Bar'.");
    const wrongConsumer = errorBody(await api.put(url, pactDocument({ consumer: 'Fo', provider: 'Bar' })), 400, ['consumer.name']);
    expect(wrongConsumer.errors['consumer.name'][0]).toBe("name in pact 'Fo' does not match name in URL path 'Foo'.");
    expect(await rowCounts(t)).toMatchObject({ pacticipants: 0, versions: 0 });
  });

  it('DELETE answers 200 with links, then 404; the version stays', async () => {
    await api.put(url, pactDocument({ consumer: 'Foo', provider: 'Bar' }));
    const body = hal(await api.delete(url), 200);
    expect(body._links).toEqual({
      index: { href: B },
      'pb:latest-pact-version': { href: `${B}/pacts/provider/Bar/consumer/Foo/latest`, title: 'Latest pact' },
    });
    errorBody(await api.delete(url), 404);
    errorBody(await api.get(url), 404);
    hal(await api.get('/pacticipants/Foo/versions/1'), 200);
    expect(await rowCounts(t)).toMatchObject({ pact_publications: 0, integrations: 0 });
  });
});
