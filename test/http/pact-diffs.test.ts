// Diffs of large pacts stay bounded: the 409 of a conflicting republish and the diff resources are cut at the
// configured TREATY_MAX_DIFF_CHARS and still name what changed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { base64 } from '../support/pacts.js';
import { client, errorBody, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const DIFF_CHARS = 20_000;
const N = 4000;

function interaction(i: number, status = 200) {
  return {
    description: `a request for thing ${i}`,
    providerState: `thing ${i} exists`,
    request: { method: 'GET', path: `/things/${i}`, headers: { Accept: 'application/json' } },
    response: { status, headers: { 'Content-Type': 'application/json' }, body: { id: i, name: `thing ${i}`, tags: ['x', 'y'] } },
  };
}

/** A pact of N interactions; `status(i)` gives each one's response status. */
const bigPact = (status: (i: number) => number = () => 200) => ({
  consumer: { name: 'Foo' },
  provider: { name: 'Bar' },
  interactions: Array.from({ length: N }, (_, i) => interaction(i, status(i))),
  metadata: { pactSpecification: { version: '2.0.0' } },
});

const publishBody = (version: string, pact: unknown) => ({
  pacticipantName: 'Foo',
  pacticipantVersionNumber: version,
  contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content: base64(pact) }],
});

const oneChanged = () => bigPact((i) => (i === 1234 ? 500 : 200));
const allChanged = () => bigPact(() => 500);

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp({ TREATY_MAX_DIFF_CHARS: String(DIFF_CHARS) });
  api = client(t);
});
afterAll(async () => t?.close());

describe('a conflicting republish of a large pact', () => {
  beforeEach(async () => t.reset());

  // The diff is one notice; the 409 body also carries the conflict message twice, and JSON at most doubles each
  // character of the diff (\n, \").
  const bodyBound = 2 * DIFF_CHARS + 5_000;

  it('one interaction changed: a 409 whose diff names it, within the limit', async () => {
    hal(await api.post('/contracts/publish', publishBody('1', bigPact())), 200);
    const res = await api.post('/contracts/publish', publishBody('1', oneChanged()));
    const body = errorBody(res, 409, ['contracts']);
    expect(res.body.length).toBeLessThan(bodyBound);
    const diff = body.notices[1];
    expect(diff.type).toBe('info');
    expect(diff.text.length).toBeLessThanOrEqual(DIFF_CHARS);
    expect(diff.text).toMatch(/^Interactions: 1 changed, 0 removed, 0 added, 3999 unchanged$/m);
    expect(diff.text).toMatch(/^Changed interaction "a request for thing 1234" given "thing 1234 exists":$/m);
    expect(diff.text).toMatch(/^- +"status": 200$/m);
    expect(diff.text).toMatch(/^\+ +"status": 500$/m);
  });

  it('every interaction changed: the 409 diff is cut at the limit with a note', async () => {
    hal(await api.post('/contracts/publish', publishBody('1', bigPact())), 200);
    const res = await api.post('/contracts/publish', publishBody('1', allChanged()));
    const body = errorBody(res, 409, ['contracts']);
    expect(res.body.length).toBeLessThan(bodyBound);
    const diff: string = body.notices[1].text;
    expect(diff.length).toBeLessThanOrEqual(DIFF_CHARS);
    expect(diff).toMatch(/^Interactions: 4000 changed, 0 removed, 0 added, 0 unchanged$/m);
    expect(diff).toMatch(/\n… diff truncated: \d+ more characters \/ \d+ more interactions not shown \(limit diffChars of 20000 characters; set by TREATY_MAX_DIFF_CHARS\)$/);
  });
});

describe('a merge that clashes on many interactions', () => {
  it('the 409 lists the first few clashing descriptions and how many more there are', async () => {
    hal(await api.post('/contracts/publish', publishBody('1', bigPact())), 200);
    const clash = bigPact();
    for (const item of clash.interactions) item.request.path += '/elsewhere';
    const body = { ...publishBody('1', clash), contracts: publishBody('1', clash).contracts.map((c) => ({ ...c, onConflict: 'merge' })) };
    const res = await api.post('/contracts/publish', body);
    const error = errorBody(res, 409, ['contracts']);
    expect(res.body.length).toBeLessThan(5_000);
    expect(error.errors.contracts[0]).toMatch(/different request: a request for thing 0, a request for thing 1, .*a request for thing 9 and 3990 more$/);
  });
});

describe('the diff resources on a large pact', () => {
  // The diff plus a header and two links.
  const bodyBound = DIFF_CHARS + 2_000;

  beforeAll(async () => {
    await t.reset();
    hal(await api.post('/contracts/publish', publishBody('1', bigPact())), 200);
    hal(await api.post('/contracts/publish', publishBody('2', oneChanged())), 200);
    hal(await api.post('/contracts/publish', publishBody('3', allChanged())), 200);
  });

  it('diff/previous-distinct with one interaction changed names it, within the limit', async () => {
    const res = await api.get('/pacts/provider/Bar/consumer/Foo/version/2/diff/previous-distinct');
    expect(res.statusCode).toBe(200);
    expect(res.body.length).toBeLessThan(bodyBound);
    expect(res.body).toMatch(/^# Diff between versions 1 and 2 of the pact between Foo and Bar$/m);
    expect(res.body).toMatch(/^Interactions: 1 changed, 0 removed, 0 added, 3999 unchanged$/m);
    expect(res.body).toMatch(/^Changed interaction "a request for thing 1234" given "thing 1234 exists":$/m);
    expect(res.body).toMatch(/^\+ +"status": 500$/m);
    expect(res.body).not.toContain('diff truncated');
  });

  it('diff/previous-distinct, diff/version and the pact-version diff of thoroughly different pacts are cut at the limit', async () => {
    const sha = async (version: string) => hal(await api.get(`/pacts/provider/Bar/consumer/Foo/version/${version}`), 200)._links['pb:pact-version'].name as string;
    const paths = [
      '/pacts/provider/Bar/consumer/Foo/version/3/diff/previous-distinct',
      '/pacts/provider/Bar/consumer/Foo/version/3/diff/version/1',
      `/pacts/provider/Bar/consumer/Foo/pact-version/${await sha('3')}/diff/pact-version/${await sha('1')}`,
    ];
    for (const path of paths) {
      const res = await api.get(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.body.length, path).toBeLessThan(bodyBound);
      expect(res.body, path).toMatch(/^Interactions: \d+ changed, 0 removed, 0 added, \d+ unchanged$/m);
      expect(res.body, path).toMatch(/^… diff truncated: \d+ more characters \/ \d+ more interactions not shown/m);
      // The links after the diff are still there.
      expect(res.body, path).toMatch(/^comparison-pact-version:$/m);
    }
  });
});
