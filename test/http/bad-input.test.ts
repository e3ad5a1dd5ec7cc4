// Malformed bodies and odd names: every one is a 4xx with a JSON message naming the problem (never a 500), and none
// of them stores anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64, pactDocument, publishBody } from '../support/pacts.js';
import { client, errorBody, hal, rowCounts, type Table } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** A string is sent as it is (with the given content type); anything else as JSON. */
  payload?: unknown;
  headers?: Record<string, string>;
  status: number;
  /** Fields `errors` must name. */
  fields?: string[];
  /** Text one of the messages must contain. */
  message?: RegExp;
}

const PUBLISH = '/contracts/publish';
const good = () => publishBody({ consumer: 'Foo', provider: 'Bar', version: '1' });
/** A publish body whose only contract carries this (already encoded) content. */
const withContent = (content: string) => {
  const body = good();
  body.contracts[0]!.content = content;
  return body;
};
const withPact = (pact: unknown) => withContent(base64(pact));
const pact = () => pactDocument({ consumer: 'Foo', provider: 'Bar' }) as Record<string, unknown> & { interactions: Array<Record<string, unknown>> };
const publishWith = (changes: Record<string, unknown>) => ({ ...good(), ...changes });
const contractWith = (changes: Record<string, unknown>) => {
  const body = good();
  Object.assign(body.contracts[0]!, changes);
  return body;
};
const LEGACY = '/pacts/provider/Bar/consumer/Foo/version/1';

const CASES: Record<string, Case> = {
  // --- transport ---
  'malformed JSON': { method: 'POST', url: PUBLISH, payload: '{"pacticipantName": ', headers: { 'content-type': 'application/json' }, status: 400, fields: ['body'] },
  'malformed JSON (merge-patch)': { method: 'PATCH', url: '/pacticipants/Foo', payload: '{nope', headers: { 'content-type': 'application/merge-patch+json' }, status: 400, fields: ['body'] },
  'text/plain body': { method: 'POST', url: PUBLISH, payload: JSON.stringify(good()), headers: { 'content-type': 'text/plain' }, status: 415 },
  'form body': { method: 'POST', url: '/pacticipants', payload: 'name=Foo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 },
  'XML body on a legacy PUT': { method: 'PUT', url: LEGACY, payload: '<pact/>', headers: { 'content-type': 'application/xml' }, status: 415 },
  'a JSON array as the publish body': { method: 'POST', url: PUBLISH, payload: [], status: 400 },
  'a JSON string as the publish body': { method: 'POST', url: PUBLISH, payload: '"hello"', headers: { 'content-type': 'application/json' }, status: 400 },
  'JSON null as the publish body': { method: 'POST', url: PUBLISH, payload: 'null', headers: { 'content-type': 'application/json' }, status: 400 },

  // --- publish body shape ---
  'empty publish body': { method: 'POST', url: PUBLISH, payload: {}, status: 400, fields: ['pacticipantName', 'pacticipantVersionNumber', 'contracts'], message: /is missing/ },
  'contracts not an array': { method: 'POST', url: PUBLISH, payload: publishWith({ contracts: { a: 1 } }), status: 400, fields: ['contracts'] },
  'no contracts': { method: 'POST', url: PUBLISH, payload: publishWith({ contracts: [] }), status: 400, fields: ['contracts'] },
  'contract without content': { method: 'POST', url: PUBLISH, payload: contractWith({ content: undefined }), status: 400, fields: ['contracts'] },
  'unknown contentType, specification and onConflict': {
    method: 'POST',
    url: PUBLISH,
    payload: contractWith({ contentType: 'text/xml', specification: 'openapi', onConflict: 'replace' }),
    status: 400,
    fields: ['contracts'],
    message: /must be one of/,
  },
  'tags not an array of strings': { method: 'POST', url: PUBLISH, payload: publishWith({ tags: [{ name: 'x' }] }), status: 400, fields: ['tags'] },
  'blank tag': { method: 'POST', url: PUBLISH, payload: publishWith({ tags: ['ok', ''] }), status: 400, fields: ['tags'] },
  'blank branch': { method: 'POST', url: PUBLISH, payload: publishWith({ branch: '   ' }), status: 400, fields: ['branch'], message: /blank/ },
  'build URL with spaces': { method: 'POST', url: PUBLISH, payload: publishWith({ buildUrl: 'not a url' }), status: 400, fields: ['buildUrl'] },
  'build URL with a NUL character': { method: 'POST', url: PUBLISH, payload: publishWith({ buildUrl: 'http://ci/\u0000' }), status: 400, fields: ['buildUrl'] },

  // --- names in the publish body ---
  'blank pacticipant name': { method: 'POST', url: PUBLISH, payload: publishWith({ pacticipantName: '  ' }), status: 400, fields: ['pacticipantName'], message: /blank/ },
  'empty version number': { method: 'POST', url: PUBLISH, payload: publishWith({ pacticipantVersionNumber: '' }), status: 400, fields: ['pacticipantVersionNumber'] },
  'multi-line version number': { method: 'POST', url: PUBLISH, payload: publishWith({ pacticipantVersionNumber: '1\n2' }), status: 400, fields: ['pacticipantVersionNumber'], message: /multiple lines/ },
  'control character in the pacticipant name': { method: 'POST', url: PUBLISH, payload: publishWith({ pacticipantName: 'Fo\u0007o' }), status: 400, fields: ['pacticipantName'], message: /control/ },
  'NUL in the pacticipant name': { method: 'POST', url: PUBLISH, payload: publishWith({ pacticipantName: 'Fo\u0000o' }), status: 400, fields: ['pacticipantName'] },
  'lone surrogate in the version number': { method: 'POST', url: PUBLISH, payload: '{"pacticipantName":"Foo","pacticipantVersionNumber":"\\ud800","contracts":[]}', headers: { 'content-type': 'application/json' }, status: 400, fields: ['pacticipantVersionNumber'] },
  'very long name': { method: 'POST', url: PUBLISH, payload: publishWith({ pacticipantName: 'x'.repeat(300) }), status: 400, fields: ['pacticipantName'] },
  'consumerName differs from pacticipantName': { method: 'POST', url: PUBLISH, payload: publishWith({ pacticipantName: 'Fo' }), status: 400, fields: ['contracts'], message: /must match pacticipantName/ },

  // --- contract content that is not a pact ---
  'non-base64 content': { method: 'POST', url: PUBLISH, payload: withContent('not base64!'), status: 400, fields: ['contracts'], message: /Base64/ },
  'base64 of non-JSON': { method: 'POST', url: PUBLISH, payload: withContent(base64('this is not json')), status: 400, fields: ['contracts'], message: /could not be parsed/ },
  'base64 of invalid UTF-8': { method: 'POST', url: PUBLISH, payload: withContent(Buffer.from([0xff, 0xfe, 0x7b]).toString('base64')), status: 400, fields: ['contracts'], message: /UTF-8/ },
  'content is a JSON array': { method: 'POST', url: PUBLISH, payload: withPact([pact()]), status: 400, fields: ['contracts'], message: /array/ },
  'content is a JSON number': { method: 'POST', url: PUBLISH, payload: withPact(42), status: 400, fields: ['contracts'] },
  'pact without consumer': { method: 'POST', url: PUBLISH, payload: withPact({ ...pact(), consumer: undefined }), status: 400, fields: ['contracts'], message: /consumer/ },
  'pact without interactions or messages': { method: 'POST', url: PUBLISH, payload: withPact({ ...pact(), interactions: undefined }), status: 400, fields: ['contracts'], message: /interactions/ },
  'interactions not an array': { method: 'POST', url: PUBLISH, payload: withPact({ ...pact(), interactions: { a: 1 } }), status: 400, fields: ['contracts'], message: /interactions/ },
  'request without method': {
    method: 'POST',
    url: PUBLISH,
    payload: withPact({ ...pact(), interactions: [{ ...pact().interactions[0], request: { path: '/x' } }] }),
    status: 400,
    fields: ['contracts'],
    message: /method/,
  },
  'response with a non-numeric status': {
    method: 'POST',
    url: PUBLISH,
    payload: withPact({ ...pact(), interactions: [{ ...pact().interactions[0], response: { status: 'OK' } }] }),
    status: 400,
    fields: ['contracts'],
  },
  'interaction without description': {
    method: 'POST',
    url: PUBLISH,
    payload: withPact({ ...pact(), interactions: [{ ...pact().interactions[0], description: undefined }] }),
    status: 400,
    fields: ['contracts'],
  },
  'consumer name in content differs': {
    method: 'POST',
    url: PUBLISH,
    payload: withPact(pactDocument({ consumer: 'Other', provider: 'Bar' })),
    status: 400,
    fields: ['contracts'],
    message: /consumer name in contract content \('Other'\) must match consumerName/,
  },
  'provider name in content differs': {
    method: 'POST',
    url: PUBLISH,
    payload: withPact(pactDocument({ consumer: 'Foo', provider: 'Baz' })),
    status: 400,
    fields: ['contracts'],
    message: /provider name/,
  },
  'second contract bad, first good': {
    method: 'POST',
    url: PUBLISH,
    payload: { ...good(), contracts: [...good().contracts, { ...good().contracts[0]!, providerName: 'Baz', content: 'xx' }] },
    status: 400,
    fields: ['contracts'],
    message: /\(at index 1\)/,
  },
  'the same provider twice': { method: 'POST', url: PUBLISH, payload: { ...good(), contracts: [...good().contracts, ...good().contracts] }, status: 400, fields: ['contracts'], message: /duplicate/ },

  // --- legacy PUT ---
  'legacy PUT of a JSON array': { method: 'PUT', url: LEGACY, payload: [], status: 400 },
  'legacy PUT of an empty object': { method: 'PUT', url: LEGACY, payload: {}, status: 400, fields: ['pact'] },
  'legacy PUT with interactions not an array': { method: 'PUT', url: LEGACY, payload: { ...pact(), interactions: 'x' }, status: 400, fields: ['pact'] },
  'legacy PUT with a blank provider in the path': { method: 'PUT', url: '/pacts/provider/%20/consumer/Foo/version/1', payload: pactDocument({ consumer: 'Foo', provider: ' ' }), status: 400, fields: ['provider'] },
  'legacy PUT with a multi-line version in the path': { method: 'PUT', url: '/pacts/provider/Bar/consumer/Foo/version/1%0A2', payload: pact(), status: 400, fields: ['version'] },

  // --- odd names in paths ---
  'blank pacticipant created by PATCH': { method: 'PATCH', url: '/pacticipants/%20', payload: {}, status: 400, fields: ['name'] },
  'multi-line pacticipant created by PATCH': { method: 'PATCH', url: '/pacticipants/a%0Ab', payload: {}, status: 400, fields: ['name'] },
  'multi-line version number in a version PUT': { method: 'PUT', url: '/pacticipants/Foo/versions/1%0A2', payload: {}, status: 400, fields: ['version'] },
  'blank pacticipant in a version PUT': { method: 'PUT', url: '/pacticipants/%20%20/versions/1', payload: {}, status: 400, fields: ['pacticipant'] },
  'control character in a tag': { method: 'PUT', url: '/pacticipants/Foo/versions/1/tags/a%07b', payload: {}, status: 400, fields: ['tag'] },
  'tab in a branch': { method: 'PUT', url: '/pacticipants/Foo/branches/a%09b/versions/1', payload: {}, status: 400, fields: ['branch'] },
  'multi-line label': { method: 'PUT', url: '/pacticipants/Foo/labels/a%0Ab', payload: {}, status: 400, fields: ['label'] },
  'UTF-8 of a lone surrogate in a tag': { method: 'PUT', url: '/pacticipants/Foo/versions/1/tags/%ED%A0%80', payload: {}, status: 400, fields: ['url'] },
  'invalid percent-encoding': { method: 'GET', url: '/pacticipants/%E0%A4%A', status: 400, fields: ['url'] },
  'lone surrogate in a tag name in a version body': {
    method: 'PUT',
    url: '/pacticipants/Foo/versions/1',
    payload: '{"tags":[{"name":"\\ud800"}]}',
    headers: { 'content-type': 'application/json' },
    status: 400,
  },
  'lone surrogate in a display name': { method: 'POST', url: '/pacticipants', payload: '{"name":"Foo","displayName":"\\udc00x"}', headers: { 'content-type': 'application/json' }, status: 400, fields: ['displayName'] },
  'NUL in a looked-up name': { method: 'GET', url: '/pacticipants/a%00b', status: 400, fields: ['url'] },
  'NUL in a looked-up version': { method: 'GET', url: '/pacticipants/Foo/versions/a%00b', status: 400, fields: ['url'] },
  'NUL in a name to create': { method: 'PUT', url: '/pacticipants/Foo/versions/a%00b', payload: {}, status: 400, fields: ['url'] },
  'NUL in the q filter': { method: 'GET', url: '/pacticipants?q=a%00b', status: 400, fields: ['url'] },
  'NUL in the environment name filter': { method: 'GET', url: '/environments?name=a%00b', status: 400, fields: ['url'] },
  'NUL in a provider name of a pact list': { method: 'GET', url: '/pacts/provider/a%00b/latest', status: 400, fields: ['url'] },
  'invalid UTF-8 in the q filter': { method: 'GET', url: '/pacticipants?q=%ED%A0%80', status: 200 },
  'over-long path segment': { method: 'GET', url: `/pacticipants/${'x'.repeat(2100)}`, status: 414, fields: ['url'] },
  'empty path segment': { method: 'GET', url: '/pacticipants//versions', status: 404 },

  // --- pacticipant bodies ---
  'pacticipant without a name': { method: 'POST', url: '/pacticipants', payload: { displayName: 'x' }, status: 400, fields: ['name'] },
  'pacticipant with a multi-line display name': { method: 'POST', url: '/pacticipants', payload: { name: 'Foo', displayName: 'a\nb' }, status: 400, fields: ['displayName'] },
  'pacticipant with a NUL in the display name': { method: 'POST', url: '/pacticipants', payload: { name: 'Foo', displayName: 'a\u0000b' }, status: 400, fields: ['displayName'] },
  'pacticipant with a NUL in the repository URL': { method: 'PATCH', url: '/pacticipants/Foo', payload: { repositoryUrl: 'http://x\u0000' }, status: 400, fields: ['repositoryUrl'] },
  'pacticipant main branch with spaces': { method: 'PATCH', url: '/pacticipants/Foo', payload: { mainBranch: 'a b' }, status: 400, fields: ['mainBranch'] },
  'pacticipant body that is an array': { method: 'POST', url: '/pacticipants', payload: [{ name: 'Foo' }], status: 400 },

  // --- version bodies ---
  'version tags not an array': { method: 'PUT', url: '/pacticipants/Foo/versions/1', payload: { tags: 'prod' }, status: 400, fields: ['tags'] },
  'version tag without a name': { method: 'PUT', url: '/pacticipants/Foo/versions/1', payload: { tags: [{}] }, status: 400, fields: ['tags'] },
  'version tag that is blank': { method: 'PATCH', url: '/pacticipants/Foo/versions/1', payload: { tags: [{ name: ' ' }] }, headers: { 'content-type': 'application/merge-patch+json' }, status: 400 },
  'version buildUrl an object': { method: 'PUT', url: '/pacticipants/Foo/versions/1', payload: { buildUrl: { a: 1 } }, status: 400, fields: ['buildUrl'] },
  'version buildUrl with a NUL': { method: 'PUT', url: '/pacticipants/Foo/versions/1', payload: { buildUrl: 'http://x\u0000' }, status: 400, fields: ['buildUrl'] },

  // --- environment bodies ---
  'environment display name with a NUL': { method: 'POST', url: '/environments', payload: { name: 'nul', displayName: 'a\u0000', production: false }, status: 400, fields: ['displayName'] },
  'environment contact details with a NUL': {
    method: 'POST',
    url: '/environments',
    payload: { name: 'nul2', production: false, contacts: [{ name: 'x', details: { email: 'a\u0000' } }] },
    status: 400,
    fields: ['contacts'],
  },
  'environment name with a newline': { method: 'POST', url: '/environments', payload: { name: 'a\nb', production: false }, status: 400, fields: ['name'] },

  // --- unknown pacticipants (nothing is created by reads or deletes) ---
  'GET unknown pacticipant': { method: 'GET', url: '/pacticipants/Nope', status: 404, message: /Nope/ },
  'PUT unknown pacticipant': { method: 'PUT', url: '/pacticipants/Nope', payload: {}, status: 404, message: /Nope/ },
  'DELETE unknown pacticipant': { method: 'DELETE', url: '/pacticipants/Nope', status: 404, message: /Nope/ },
  'versions of unknown pacticipant': { method: 'GET', url: '/pacticipants/Nope/versions', status: 404 },
  'DELETE version of unknown pacticipant': { method: 'DELETE', url: '/pacticipants/Nope/versions/1', status: 404 },
  'DELETE tag of unknown pacticipant': { method: 'DELETE', url: '/pacticipants/Nope/versions/1/tags/t', status: 404 },
  'DELETE branch of unknown pacticipant': { method: 'DELETE', url: '/pacticipants/Nope/branches/main', status: 404 },
  'DELETE label of unknown pacticipant': { method: 'DELETE', url: '/pacticipants/Nope/labels/x', status: 404 },
  'branches of unknown pacticipant': { method: 'GET', url: '/pacticipants/Nope/branches', status: 404 },
  'pacts of unknown provider': { method: 'GET', url: '/pacts/provider/Nope', status: 404, message: /No provider with name 'Nope' found/ },
  'pact of unknown integration': { method: 'GET', url: '/pacts/provider/Nope/consumer/Nobody/latest', status: 404 },
  'DELETE pact of unknown integration': { method: 'DELETE', url: '/pacts/provider/Nope/consumer/Nobody/version/1', status: 404 },
  'DELETE all pacts of unknown integration': { method: 'DELETE', url: '/pacts/provider/Nope/consumer/Nobody/versions', status: 404 },
  'diff of unknown integration': { method: 'GET', url: '/pacts/provider/Nope/consumer/Nobody/version/1/diff/previous-distinct', status: 404 },
  'unknown route': { method: 'GET', url: '/no/such/thing', status: 404 },
};

let t: TestApp;
let baseline: Record<Table, number>;
beforeAll(async () => {
  t = await buildTestApp();
  baseline = await rowCounts(t);
});
afterAll(async () => t?.close());

describe('bad input', () => {
  it('starts from an empty broker (the seeded environments only)', () => {
    expect(baseline).toMatchObject({ pacticipants: 0, versions: 0, environments: 2 });
  });

  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const isString = typeof c.payload === 'string';
    const res = await t.app.inject({
      method: c.method,
      url: c.url,
      headers: c.headers ?? {},
      ...(c.payload === undefined ? {} : { payload: isString ? (c.payload as string) : JSON.stringify(c.payload) }),
      ...(c.payload !== undefined && !isString && !c.headers?.['content-type'] ? { headers: { 'content-type': 'application/json', ...c.headers } } : {}),
    });
    expect(res.statusCode, res.body).toBe(c.status);
    if (c.status >= 400) {
      const body = errorBody(res, c.status, c.fields ?? []);
      const messages = [body.detail, body.error, ...Object.values(body.errors ?? {}).flat()].filter((m) => typeof m === 'string');
      if (c.message) expect(messages.join('\n')).toMatch(c.message);
    } else {
      hal(res, c.status);
    }
    expect(await rowCounts(t)).toEqual(baseline);
  });

  it('afterwards nothing at all was stored', async () => {
    expect(await rowCounts(t)).toEqual(baseline);
    expect(hal(await t.app.inject({ method: 'GET', url: '/pacticipants' }), 200).pacticipants).toEqual([]);
    expect(hal(await t.app.inject({ method: 'GET', url: '/pacts/latest' }), 200).pacts).toEqual([]);
  });
});

describe('body size limit', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await buildTestApp({ TREATY_BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(async () => small?.close());

  it('a body over TREATY_BODY_LIMIT_BYTES → 413 with a message, nothing stored', async () => {
    const api = client(small);
    const before = await rowCounts(small);
    const big = publishBody({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: Array.from({ length: 40 }, (_, i) => `interaction number ${i}`) });
    expect(JSON.stringify(big).length).toBeGreaterThan(2048);
    const body = errorBody(await api.post('/contracts/publish', big), 413, ['body']);
    expect(body.detail).toMatch(/2048/);
    expect(await rowCounts(small)).toEqual(before);
    // A body under the limit is fine.
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
  });
});
