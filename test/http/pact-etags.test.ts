// Pact documents carry a strong ETag over their bytes and answer If-None-Match with a 304.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;
let sha: string;
const INTEGRATION = '/pacts/provider/Bar/consumer/Foo';

beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', interactions: ['a'] }), 200);
  sha = hal(await api.get(`${INTEGRATION}/version/1`), 200)._links['pb:pact-version'].name;
});
afterAll(async () => t?.close());

const strongTag = (res: { headers: Record<string, unknown> }) => {
  const etag = res.headers.etag;
  expect(etag).toMatch(/^"[^"]+"$/); // strong: no W/ prefix
  return etag as string;
};

describe('pact document ETags', () => {
  const paths = () => [`${INTEGRATION}/latest`, `${INTEGRATION}/version/1`, `${INTEGRATION}/branch/main/latest`, `${INTEGRATION}/pact-version/${sha}`];

  it('every pact URL has a strong ETag; the same bytes get the same tag', async () => {
    for (const path of paths()) {
      const first = await api.get(path);
      const second = await api.get(path);
      expect(second.body).toBe(first.body);
      expect(strongTag(second)).toBe(strongTag(first));
    }
  });

  it('If-None-Match with the tag is a 304 without a body; another tag is a 200 with the document', async () => {
    const path = `${INTEGRATION}/pact-version/${sha}`;
    const res = await api.get(path);
    const etag = strongTag(res);
    const notModified = await api.get(path, { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.etag).toBe(etag);
    expect((await api.get(path, { 'if-none-match': `W/${etag}, "other"` })).statusCode).toBe(304);
    const changed = await api.get(path, { 'if-none-match': '"something-else"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toBe(res.body);
  });

  it('different bytes get different tags: another media type, another base URL', async () => {
    const path = `${INTEGRATION}/latest`;
    const halRes = await api.get(path);
    const json = await api.get(path, { accept: 'application/json' });
    expect(json.headers['content-type']).not.toBe(halRes.headers['content-type']);
    expect(strongTag(json)).not.toBe(strongTag(halRes));
    const proxied = await api.get(path, { host: 'broker.example.com' });
    if (proxied.body !== halRes.body) expect(strongTag(proxied)).not.toBe(strongTag(halRes));
  });

  it('the permalink gets a new tag when a newer consumer version publishes the same content', async () => {
    const path = `${INTEGRATION}/pact-version/${sha}`;
    const before = await api.get(path);
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'main', interactions: ['a'] }), 200);
    const after = await api.get(path);
    expect(hal(after, 200)._links['pb:consumer-version'].name).toBe('2');
    expect(strongTag(after)).not.toBe(strongTag(before));
    expect((await api.get(path, { 'if-none-match': strongTag(before) })).statusCode).toBe(200);
    expect((await api.get(path, { 'if-none-match': strongTag(after) })).statusCode).toBe(304);
  });

  it('the served bytes are the content with createdAt and _links, as without the cache', async () => {
    const res = await api.get(`${INTEGRATION}/version/1`);
    const body = JSON.parse(res.body);
    const keys = Object.keys(body);
    expect(keys.slice(-2)).toEqual(['createdAt', '_links']);
    expect(res.body).toBe(JSON.stringify(body));
    expect(body.interactions).toHaveLength(1);
  });
});
