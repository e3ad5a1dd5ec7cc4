// One validator for every name a client gives (shared/names.ts nameProblems, its length from limits.nameLength),
// on every path that creates a pacticipant, version, branch, tag, label or environment — explicitly or as a side
// effect (labelling or tagging an unknown pacticipant creates it). Each bad name is a 400 naming the field, and
// nothing is stored. Lookups of such names (matrix, deployments) are simply not found, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, errorBody, hal, pathOf, rowCounts } from '../support/http.js';
import { base64, pactDocument, publishBody } from '../support/pacts.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const BAD: Array<[label: string, name: string]> = [
  ['blank', ' '],
  ['control characters', 'evil\nname\u001b[31m'],
  ['1,900 characters', 'x'.repeat(1900)],
];

const enc = encodeURIComponent;

interface Case {
  method: 'POST' | 'PUT' | 'PATCH' | 'GET';
  url: string;
  payload?: unknown;
  /** The field the 400 must name; absent for lookups, which may answer 400 or 404 but store nothing. */
  field?: string;
}

let t: TestApp;
let api: ReturnType<typeof client>;
let sha: string;
let environmentUuid: string;

beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '1' }), 200);
  const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo/version/1'), 200);
  sha = pathOf(pact._links['pb:publish-verification-results'].href).split('/pact-version/')[1]!.split('/')[0]!;
  environmentUuid = hal(await api.post('/environments', { name: 'name-validation', production: false }), 201).uuid;
});
afterAll(async () => t?.close());

function cases(bad: string): Record<string, Case> {
  const b = enc(bad);
  const pactFor = (consumer: string, provider: string) => pactDocument({ consumer, provider });
  const publish = (changes: Record<string, unknown>) => ({ ...publishBody({ consumer: 'Foo', provider: 'Bar', version: '2' }), ...changes });
  return {
    'label: unknown pacticipant': { method: 'PUT', url: `/pacticipants/${b}/labels/x`, field: 'pacticipant' },
    'label: label name': { method: 'PUT', url: `/pacticipants/Foo/labels/${b}`, field: 'label' },
    'POST /pacticipants': { method: 'POST', url: '/pacticipants', payload: { name: bad }, field: 'name' },
    'PATCH /pacticipants/:name (creates)': { method: 'PATCH', url: `/pacticipants/${b}`, payload: {}, field: 'name' },
    'PUT /pacticipants/:name': { method: 'PUT', url: `/pacticipants/${b}`, payload: {}, field: 'name' },
    'PUT version: pacticipant': { method: 'PUT', url: `/pacticipants/${b}/versions/1`, field: 'pacticipant' },
    'PUT version: number': { method: 'PUT', url: `/pacticipants/Foo/versions/${b}`, field: 'version' },
    'PATCH version: number': { method: 'PATCH', url: `/pacticipants/Foo/versions/${b}`, field: 'version' },
    'PUT version: tags': { method: 'PUT', url: '/pacticipants/Foo/versions/9', payload: { tags: [{ name: bad }] }, field: 'tags[0]' },
    'PUT tag: pacticipant': { method: 'PUT', url: `/pacticipants/${b}/versions/1/tags/prod`, field: 'pacticipant' },
    'PUT tag: version': { method: 'PUT', url: `/pacticipants/Foo/versions/${b}/tags/prod`, field: 'version' },
    'PUT tag: tag': { method: 'PUT', url: `/pacticipants/Foo/versions/1/tags/${b}`, field: 'tag' },
    'PUT branch version: pacticipant': { method: 'PUT', url: `/pacticipants/${b}/branches/main/versions/1`, field: 'pacticipant' },
    'PUT branch version: branch': { method: 'PUT', url: `/pacticipants/Foo/branches/${b}/versions/1`, field: 'branch' },
    'PUT branch version: version': { method: 'PUT', url: `/pacticipants/Foo/branches/main/versions/${b}`, field: 'version' },
    'publish: pacticipantName': {
      method: 'POST',
      url: '/contracts/publish',
      payload: publishBody({ consumer: bad, provider: 'Bar', version: '2' }),
      field: 'pacticipantName',
    },
    'publish: version': { method: 'POST', url: '/contracts/publish', payload: publish({ pacticipantVersionNumber: bad }), field: 'pacticipantVersionNumber' },
    'publish: branch': { method: 'POST', url: '/contracts/publish', payload: publish({ branch: bad }), field: 'branch' },
    'publish: tags': { method: 'POST', url: '/contracts/publish', payload: publish({ tags: [bad] }), field: 'tags' },
    'publish: providerName': {
      method: 'POST',
      url: '/contracts/publish',
      payload: publish({ contracts: [{ consumerName: 'Foo', providerName: bad, content: base64(pactFor('Foo', bad)), contentType: 'application/json', specification: 'pact' }] }),
      field: 'contracts',
    },
    'PUT pact: consumer': { method: 'PUT', url: `/pacts/provider/Bar/consumer/${b}/version/1`, payload: pactFor(bad, 'Bar'), field: 'consumer' },
    'PUT pact: provider': { method: 'PUT', url: `/pacts/provider/${b}/consumer/Foo/version/1`, payload: pactFor('Foo', bad), field: 'provider' },
    'PUT pact: version': { method: 'PUT', url: `/pacts/provider/Bar/consumer/Foo/version/${b}`, payload: pactFor('Foo', 'Bar'), field: 'version' },
    'verification: provider version': {
      method: 'POST',
      url: `/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results`,
      payload: { success: true, providerApplicationVersion: bad },
      field: 'providerApplicationVersion',
    },
    'POST /environments': { method: 'POST', url: '/environments', payload: { name: bad, production: false }, field: 'name' },
    'PUT /environments/:uuid': { method: 'PUT', url: `/environments/${environmentUuid}`, payload: { name: bad, production: false }, field: 'name' },
    'record deployment: application instance': {
      method: 'POST',
      url: `/pacticipants/Foo/versions/1/deployed-versions/environment/${environmentUuid}`,
      payload: { applicationInstance: bad },
      field: 'applicationInstance',
    },
    'pacts for verification: providerVersionTags': {
      method: 'POST',
      url: '/pacts/provider/Bar/for-verification',
      payload: { providerVersionTags: [bad] },
      field: 'providerVersionTags',
    },
    'pacts for verification: providerVersionBranch': {
      method: 'POST',
      url: '/pacts/provider/Bar/for-verification',
      payload: { providerVersionBranch: bad },
      field: 'providerVersionBranch',
    },
    // Lookups: not found (or refused), nothing created.
    'record deployment: unknown pacticipant': { method: 'POST', url: `/pacticipants/${b}/versions/1/deployed-versions/environment/${environmentUuid}`, payload: {} },
    'record release: unknown version': { method: 'POST', url: `/pacticipants/Foo/versions/${b}/released-versions/environment/${environmentUuid}`, payload: {} },
    'matrix lookup': { method: 'GET', url: `/matrix?q[][pacticipant]=${b}&q[][version]=1&latestby=cvpv` },
    'can-i-deploy lookup': { method: 'GET', url: `/can-i-deploy?pacticipant=${b}&version=1&to=prod` },
  };
}

describe.each(BAD)('a %s name', (_label, bad) => {
  // The cases are built again inside each test: the pact SHA and environment uuid exist only after beforeAll.
  it.each(Object.keys(cases(bad)))('%s: refused, nothing created', async (name) => {
    const c = cases(bad)[name]!;
    const before = await rowCounts(t);
    const res = await t.app.inject({ method: c.method, url: c.url, ...(c.payload === undefined && c.method === 'GET' ? {} : { payload: (c.payload ?? {}) as object }) });
    if (c.field) {
      const body = errorBody(res, 400, [c.field]);
      expect(JSON.stringify(body.errors[c.field])).not.toContain('\u001b');
    } else {
      expect([400, 404]).toContain(res.statusCode);
    }
    expect(await rowCounts(t)).toEqual(before);
  });
});

describe('the length limit comes from TREATY_MAX_NAME_LENGTH', () => {
  it('a name within the default but above the configured limit is refused, naming the limit', async () => {
    const small = await buildTestApp({ TREATY_MAX_NAME_LENGTH: '20' });
    try {
      const res = await small.app.inject({ method: 'PUT', url: `/pacticipants/${'y'.repeat(21)}/labels/x` });
      const body = errorBody(res, 400, ['pacticipant']);
      expect(body.errors.pacticipant[0]).toMatch(/limit of 20 \(nameLength; set by TREATY_MAX_NAME_LENGTH\)/);
      expect((await small.app.inject({ method: 'PUT', url: `/pacticipants/${'y'.repeat(20)}/labels/x` })).statusCode).toBe(201);
    } finally {
      await small.close();
    }
  });
});
