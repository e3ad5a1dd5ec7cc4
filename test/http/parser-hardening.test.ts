// Issue 9 items 1 and 4: client input must never change the broker for everyone else (prototype pollution) nor turn
// into a 500 (Base64 regex stack overflow, recursive key sorting, unbounded interaction counts).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { base64, pactDocument } from '../support/pacts.js';
import { client, errorBody, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const MAX_INTERACTIONS = 5;
const PUT_PACT = '/pacts/provider/Bar/consumer/Foo/version';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp({ TREATY_MAX_INTERACTIONS_PER_PACT: String(MAX_INTERACTIONS) });
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const cleanPrototype = prototypeKeys();
afterEach(() => {
  // A failing run must not leave the pollution behind for later tests in this worker.
  for (const key of prototypeKeys()) if (!cleanPrototype.includes(key)) delete (Object.prototype as Record<string, unknown>)[key];
});

function expectPrototypeUntouched() {
  expect(prototypeKeys()).toEqual(cleanPrototype);
  expect(Object.keys(Object.prototype)).toEqual([]);
  const probe: Record<string, unknown> = {};
  expect([probe.latest, probe.version, probe.pacticipant, probe.tag]).toEqual([undefined, undefined, undefined, undefined]);
}

type Doc = Record<string, unknown>;
const publishDoc = (version: string, doc: Doc | string) =>
  api.post('/contracts/publish', {
    pacticipantName: 'Foo',
    pacticipantVersionNumber: version,
    contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content: base64(doc) }],
  });

const withBody = (body: unknown, interactions = 1): Doc => ({
  consumer: { name: 'Foo' },
  provider: { name: 'Bar' },
  interactions: Array.from({ length: interactions }, (_, i) => ({
    description: `request ${i}`,
    providerState: 'a state',
    request: { method: 'GET', path: `/things/${i}` },
    response: { status: 200, body },
  })),
  metadata: { pactSpecification: { version: '2.0.0' } },
});

const shaOf = async (version: string) => hal(await api.get(`${PUT_PACT}/${version}`), 200)._links['pb:pact-version'].name as string;

describe('prototype pollution through the nested query parser', () => {
  it.each([
    ['matrix', '/matrix?__proto__[latest]=true'],
    ['matrix, percent-encoded', '/matrix?%5F%5Fproto%5F%5F%5Blatest%5D=true&q[][__proto__]=x'],
    ['matrix selectors', '/matrix?q[][pacticipant]=Foo&q[][__proto__][latest]=true&q[][constructor]=x&ignore[][__proto__]=y'],
    ['matrix, constructor.prototype', '/matrix?constructor[prototype][latest]=true&q[][toString]=x'],
    ['pacts-for-verification GET', '/pacts/provider/Bar/for-verification?__proto__[latest]=true&consumer_version_selectors[][__proto__]=x'],
    ['pacts-for-verification GET selector keys', '/pacts/provider/Bar/for-verification?consumer_version_selectors[][constructor]=x&consumer_version_selectors[][toString]=y'],
  ])('%s: a polluting request changes nothing for the next client', async (_name, url) => {
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '3' }), 200);
    const polluting = await api.get(url);
    expect(polluting.statusCode).toBeLessThan(500);
    expectPrototypeUntouched();
    const matrix = hal(await api.get('/matrix?q[][pacticipant]=Foo&q[][version]=3&latestby=cvpv'), 200);
    expect(matrix.matrix).toHaveLength(1);
    hal(await api.get('/pacts/provider/Bar/for-verification?consumer_version_selectors[][latest]=true'), 200);
  });

  it('a selector key that is not a selector field is ignored in the GET form, not taken for a criterion', async () => {
    hal(await api.publish({ consumer: 'Foo', provider: 'Bar', version: '3' }), 200);
    const res = await api.get('/pacts/provider/Bar/for-verification?consumer_version_selectors[][constructor]=x');
    errorBody(res, 400, ['consumerVersionSelectors']);
  });
});

describe('pacts whose JSON has a "__proto__" key', () => {
  const body = JSON.parse('{"a":1,"__proto__":{"polluted":true}}') as Doc;
  const reordered = '{"__proto__" : {"polluted" : true}, "a" : 1}';

  it('keep the key when stored and served back, and it counts for the SHA (same content, same SHA; other content, other SHA)', async () => {
    hal(await publishDoc('1', withBody({ a: 1 })), 200);
    hal(await publishDoc('2', withBody(body)), 200);
    const served = await api.get(`${PUT_PACT}/2`);
    expect(served.body).toContain('"__proto__":{"polluted":true}');
    const response = (JSON.parse(served.body) as { interactions: Array<{ response: { body: object } }> }).interactions[0]!.response.body;
    expect(Object.hasOwn(response, '__proto__')).toBe(true);
    expect(await shaOf('2')).not.toBe(await shaOf('1'));

    // The same document, pretty-printed with its keys in another order, is the same content.
    const text = JSON.stringify(withBody({}), null, 4).replace('"body": {}', `"body": ${reordered}`);
    hal(await publishDoc('3', text), 200);
    expect(await shaOf('3')).toBe(await shaOf('2'));
    const republished = hal(await publishDoc('2', text), 200);
    expect(republished.notices.map((n: { text: string }) => n.text).join('\n')).not.toMatch(/Cannot change/);
    expectPrototypeUntouched();
  });
});

describe('large and deep pacts', () => {
  it('a valid 3.7 MB pact publishes through /contracts/publish (the Base64 check does not recurse)', async () => {
    const doc = withBody({ blob: 'x'.repeat(3_700_000) });
    expect(base64(doc).length).toBeGreaterThan(4_900_000);
    hal(await publishDoc('1', doc), 200);
    expect(hal(await api.get(`${PUT_PACT}/1`), 200).interactions[0].response.body.blob).toHaveLength(3_700_000);
  });

  it('invalid Base64 is still refused with the same message', async () => {
    for (const content of ['not base64!', 'abc', 'ab=c', '====']) {
      const res = await api.post('/contracts/publish', {
        pacticipantName: 'Foo',
        pacticipantVersionNumber: '1',
        contracts: [{ consumerName: 'Foo', providerName: 'Bar', content }],
      });
      expect(errorBody(res, 400, ['contracts']).errors.contracts.join()).toMatch(/is not valid Base64/);
    }
  });

  /** The pact as JSON text, its response body nested `levels` arrays deep (JSON.stringify itself would overflow). */
  const deepPact = (levels: number) => JSON.stringify(withBody('DEEP')).replace('"DEEP"', '['.repeat(levels) + ']'.repeat(levels));

  it('a pact nested 20,000 levels deep is a 400 naming the depth limit on both publish paths', async () => {
    const text = deepPact(20_000);
    expect(text.length).toBeGreaterThan(40_000);
    const limit = /has 20004 levels of nesting in a JSON document, more than the limit of 100 \(jsonDepth; set by TREATY_MAX_JSON_DEPTH\)/;
    const published = errorBody(await publishDoc('1', text), 400, ['contracts']);
    expect(published.errors.contracts.join()).toMatch(limit);
    const put = errorBody(await api.put(`${PUT_PACT}/1`, text, { 'content-type': 'application/json' }), 400, ['pact']);
    expect(put.errors.pact.join()).toMatch(limit);
    expect((await api.get(`${PUT_PACT}/1`)).statusCode).toBe(404);
  });

  it('a pact just within the depth limit publishes on both paths', async () => {
    // The document, interactions, the interaction and the response are 4 levels above the body's own.
    const text = deepPact(96);
    hal(await publishDoc('1', text), 200);
    expect((await api.put(`${PUT_PACT}/2`, text, { 'content-type': 'application/json' })).statusCode).toBe(201);
    errorBody(await publishDoc('3', deepPact(97)), 400, ['contracts']);
  });

  it('more interactions than limits.interactionsPerPact is a 400 naming the limit on both publish paths', async () => {
    const doc = withBody({}, MAX_INTERACTIONS + 1);
    const limitText = `has ${MAX_INTERACTIONS + 1} interactions and messages in one pact, more than the limit of ${MAX_INTERACTIONS} (interactionsPerPact; set by TREATY_MAX_INTERACTIONS_PER_PACT)`;
    expect(errorBody(await publishDoc('1', doc), 400, ['contracts']).errors.contracts.join()).toContain(limitText);
    expect(errorBody(await api.put(`${PUT_PACT}/1`, doc), 400, ['pact']).errors.pact.join()).toContain(limitText);
    hal(await publishDoc('1', withBody({}, MAX_INTERACTIONS)), 200);
    expect(hal(await api.get(`${PUT_PACT}/1`), 200).interactions).toHaveLength(MAX_INTERACTIONS);
  });

  it('a merge whose result has more interactions than the limit is a 400 naming the limit', async () => {
    const merge = (version: string, from: number, count: number) =>
      api.post('/contracts/publish', {
        pacticipantName: 'Foo',
        pacticipantVersionNumber: version,
        contracts: [{ consumerName: 'Foo', providerName: 'Bar', onConflict: 'merge', content: base64({ ...withBody({}, 0), interactions: (withBody({}, from + count).interactions as unknown[]).slice(from) }) }],
      });
    hal(await merge('1', 0, 3), 200);
    hal(await merge('1', 3, 2), 200);
    const refused = errorBody(await merge('1', 5, 1), 400, ['contracts']);
    expect(refused.errors.contracts.join()).toContain(`has ${MAX_INTERACTIONS + 1} interactions and messages in the merged pact, more than the limit of ${MAX_INTERACTIONS}`);
    expect(hal(await api.get(`${PUT_PACT}/1`), 200).interactions).toHaveLength(MAX_INTERACTIONS);
  });

  it('a pact document from the test support still publishes', async () => {
    hal(await publishDoc('1', pactDocument({ consumer: 'Foo', provider: 'Bar' })), 200);
  });
});
