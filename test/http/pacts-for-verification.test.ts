import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodePactMetadata } from '../../src/pacts/pact-metadata.js';
import { client, errorBody, hal, pathOf } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

const td = () => testDataBuilder(t.container.services);
const FOR_VERIFICATION = '/pacts/provider/Bar/for-verification';

async function forVerification(body: Record<string, unknown>) {
  return hal(await api.post(FOR_VERIFICATION, body), 200)._embedded.pacts as any[];
}
/** "Foo 2" per entry: consumer and the consumer version its link names */
const summary = (pacts: any[]) => pacts.map((p) => /^Pact between (.*) \((.*)\) and Bar$/.exec(p._links.self.name)!.slice(1).join(' '));

describe('POST /pacts/provider/{provider}/for-verification', () => {
  it('answers in the strict shape the Rust verifier deserialises', async () => {
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' }).done();
    const res = await api.post(FOR_VERIFICATION, { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main', includePendingStatus: true });
    const body = hal(res, 200);
    expect(body._links.self).toEqual({ href: 'http://localhost:80/pacts/provider/Bar/for-verification', title: 'Pacts to be verified' });
    const [pact] = body._embedded.pacts;
    expect(typeof pact.shortDescription).toBe('string');
    expect(pact.shortDescription).toBe('latest from main branch');
    expect(pact.verificationProperties.pending).toBe(true);
    for (const notice of pact.verificationProperties.notices) {
      expect(Object.keys(notice).sort()).toEqual(['text', 'when']);
      expect(typeof notice.text).toBe('string');
    }
    for (const value of Object.values(pact._links)) expect(Array.isArray(value)).toBe(false);
    expect(pact.verificationProperties.notices[0].text).toMatch(
      /^The pact at http:\/\/localhost:80\/pacts\/provider\/Bar\/consumer\/Foo\/pact-version\/[0-9a-f]{64} is being verified because the pact content belongs to the consumer version matching the following criterion:\n {4}\* latest version from the main branch 'main' \(1\)$/,
    );
    // the link records why it was selected, and serves the pact
    const href: string = pact._links.self.href;
    const metadata = decodePactMetadata(href.split('/metadata/')[1]);
    expect(metadata).toEqual({ s: [{ cv: '1', m: true, l: true }], p: true });
    const doc = hal(await api.get(pathOf(href)), 200);
    expect(doc.consumer.name).toBe('Foo');
  });

  it('S36/S37/S40/S41: mainBranch, branch, matchingBranch, consumer, tag and latest', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', interactions: ['c1'] })
      .publishPact({ consumer: 'Foo', provider: 'Baz', version: '2', branch: 'main' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '3', branch: 'feat-x', interactions: ['c3'], tags: ['prod'] })
      .publishPact({ consumer: 'Cat', provider: 'Bar', version: '1', branch: 'main', interactions: ['cat'], tags: ['prod'] })
      .publishPact({ consumer: 'Cat', provider: 'Bar', version: '2', branch: 'main', interactions: ['cat2'], tags: ['prod'] })
      .done();
    expect(summary(await forVerification({ consumerVersionSelectors: [{ mainBranch: true }] }))).toEqual(['Cat 2']);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ latest: true }] }))).toEqual(['Cat 2', 'Foo 3']);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ branch: 'feat-x' }] }))).toEqual(['Foo 3']);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'feat-x' }))).toEqual(['Foo 3']);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'feat-y' }))).toEqual([]);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ mainBranch: true, consumer: 'Foo' }] }))).toEqual([]);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ tag: 'prod' }] }))).toEqual(['Cat 1', 'Cat 2', 'Foo 3']);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ tag: 'prod', latest: true }] }))).toEqual(['Cat 2', 'Foo 3']);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ branch: 'nope', fallbackBranch: 'main' }] }))).toEqual(['Cat 2']);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ tag: 'nope', latest: true, fallbackTag: 'prod' }] }))).toEqual(['Cat 2', 'Foo 3']);
    expect(summary(await forVerification({ consumerVersionSelectors: [{ branch: true }] }))).toEqual(['Cat 2', 'Foo 3']);
  });

  it('S44: one entry per consumer and content, at the highest consumer version, listing every criterion', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', tags: ['prod'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '3', branch: 'main' })
      .publishPact({ consumer: 'Cat', provider: 'Bar', version: '1', branch: 'main' })
      .done();
    const pacts = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }, { tag: 'prod', latest: true }] });
    expect(summary(pacts)).toEqual(['Cat 1', 'Foo 3']);
    const foo = pacts[1];
    expect(foo.shortDescription).toBe('latest from main branch, latest with tag prod');
    expect(foo.verificationProperties.notices[0].text).toContain("* latest version from the main branch 'main' (3)\n    * latest version tagged 'prod' (2)");
  });

  it('S45: default selectors when none are given', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', interactions: ['main'] })
      .publishPact({ consumer: 'Cat', provider: 'Bar', version: '4', branch: 'trunk', interactions: ['c4'] })
      .publishPact({ consumer: 'Cat', provider: 'Bar', version: '5', branch: 'trunk', interactions: ['c5'] })
      .done();
    expect(summary(await forVerification({ consumerVersionSelectors: [] }))).toEqual(['Cat 5', 'Foo 1']);
    expect(summary(await forVerification({}))).toEqual(['Cat 5', 'Foo 1']);
  });

  it('S50: pending without branch or tags, and includePendingStatus=false leaves pending out', async () => {
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' }).done();
    const [pending] = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }] });
    expect(pending.verificationProperties.pending).toBe(true);
    expect(pending.verificationProperties.notices).toHaveLength(6);
    const [off] = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }], includePendingStatus: false });
    expect(off.verificationProperties).not.toHaveProperty('pending');
    expect(off.verificationProperties.notices).toHaveLength(1);
    expect(decodePactMetadata(off._links.self.href.split('/metadata/')[1])).toEqual({ s: [{ cv: '1', m: true, l: true }] });
  });

  it('S51/S52: WIP pacts are appended, pending, with their own URL metadata; none without a provider branch', async () => {
    await td()
      .createVersion('Bar', '1', { branch: 'main' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', interactions: ['c1'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'feat-x', interactions: ['c2'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '3', interactions: ['no branch, no tag'] })
      .done();
    const pacts = await forVerification({
      consumerVersionSelectors: [{ mainBranch: true }],
      providerVersionBranch: 'main',
      includeWipPactsSince: '2020-01-01',
    });
    expect(summary(pacts)).toEqual(['Foo 1', 'Foo 2']);
    expect(pacts[0].verificationProperties).not.toHaveProperty('wip');
    expect(pacts[1].verificationProperties).toMatchObject({ pending: true, wip: true });
    expect(pacts[1].verificationProperties.notices[0].text).toContain("it is the pact for the latest version of Foo from branch 'feat-x'");
    expect(decodePactMetadata(pacts[1]._links.self.href.split('/metadata/')[1])).toMatchObject({ w: true });
    const later = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main', includeWipPactsSince: '2999-01-01' });
    expect(summary(later)).toEqual(['Foo 1']);
    const noBranch = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }], includeWipPactsSince: '2020-01-01' });
    expect(summary(noBranch)).toEqual(['Foo 1']);
  });

  it('an unknown provider is a 404 naming it; a known one without pacts answers an empty list', async () => {
    const res = await api.post('/pacts/provider/Nope/for-verification', {});
    expect(errorBody(res, 404).error).toBe("No provider with name 'Nope' found");
    await td().createVersion('Bar', '1').done();
    expect(await forVerification({})).toEqual([]);
  });

  it('bad selectors get a 400 naming the selector; nothing is a 500', async () => {
    await td().createVersion('Bar', '1').done();
    const cases: Array<[unknown, string, RegExp]> = [
      [{ consumerVersionSelectors: [{ mainBranch: true }, { wat: true }] }, 'consumerVersionSelectors', /wat is not allowed \(at index 1\)/],
      [{ consumerVersionSelectors: [{ tag: 'a', branch: 'b' }] }, 'consumerVersionSelectors', /cannot specify both a tag and a branch \(at index 0\)/],
      [{ consumerVersionSelectors: [{ environment: 'nope' }] }, 'consumerVersionSelectors', /environment with name 'nope' does not exist/],
      [{ consumerVersionSelectors: [{ matchingBranch: true }] }, 'consumerVersionSelectors', /providerVersionBranch must be specified/],
      [{ consumerVersionSelectors: [{ latest: 'yes' }] }, 'consumerVersionSelectors', /must be a boolean/],
      [{ consumerVersionSelectors: 'x' }, 'consumerVersionSelectors', /must be an/],
      [{ includeWipPactsSince: 'soon', providerVersionBranch: 'main' }, 'includeWipPactsSince', /must be a date/],
      [{ providerVersionBranch: '' }, 'providerVersionBranch', /must not be an empty string/],
      [{ providerVersionTags: [{}] }, 'providerVersionTags', /must be a string/],
    ];
    for (const [body, field, message] of cases) {
      const res = await api.post(FOR_VERIFICATION, body as Record<string, unknown>);
      const error = errorBody(res, 400, [field]);
      expect(error.errors[field].join(' '), JSON.stringify(body)).toMatch(message);
    }
    expect(errorBody(await api.post(FOR_VERIFICATION, '{nope', { 'content-type': 'application/json' }), 400, ['body']));
    expect((await api.post(FOR_VERIFICATION, 'x', { 'content-type': 'text/plain' })).statusCode).toBe(415);
    hal(await api.post(FOR_VERIFICATION, { providerVersionBranch: '', includePendingStatus: false }), 200);
  });
});

describe('GET /pacts/provider/{provider}/for-verification (deprecated query form)', () => {
  it('without a query: the default selectors, with a deprecation notice and a self link the verifier POSTs to', async () => {
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' }).done();
    const body = hal(await api.get(FOR_VERIFICATION), 200);
    expect(body._links.self.href).toBe('http://localhost:80/pacts/provider/Bar/for-verification');
    const [pact] = body._embedded.pacts;
    expect(pact.verificationProperties.notices[0].text).toMatch(/^WARNING - this version of the Pact library uses a beta version of the API/);
    expect(pact.verificationProperties.pending).toBe(true);
  });

  it('reads snake_case nested selectors, keeping each selector hash apart', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', tags: ['a'], interactions: ['one'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', tags: ['b'], interactions: ['two'] })
      .done();
    const body = hal(
      await api.get(`${FOR_VERIFICATION}?consumer_version_selectors[][tag]=a&consumer_version_selectors[][latest]=true&consumer_version_selectors[][tag]=b&include_pending_status=false`),
      200,
    );
    expect(summary(body._embedded.pacts)).toEqual(['Foo 1', 'Foo 2']);
    expect(body._embedded.pacts[0].verificationProperties).not.toHaveProperty('pending');
    const bad = await api.get(`${FOR_VERIFICATION}?consumer_version_selectors[][tag]=a&consumer_version_selectors[][branch]=b`);
    errorBody(bad, 400, ['consumerVersionSelectors']);
  });
});

describe('with deployments, releases and verification results', () => {
  const entries = async (body: Record<string, unknown>) =>
    (await forVerification(body)).map((p) => ({
      pact: summary([p])[0],
      pending: p.verificationProperties.pending,
      wip: p.verificationProperties.wip ?? false,
      bullets: (p.verificationProperties.notices[0].text as string).split('\n').slice(1).map((l) => l.trim()),
    }));

  it('S38/S39: deployedOrReleased, environment, deployed and released selectors see only current records', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '0.7', interactions: ['c7'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '0.8', interactions: ['c8'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '0', interactions: ['c0'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', interactions: ['c1'] })
      .recordDeployment({ pacticipant: 'Foo', version: '0.7', environment: 'test' })
      .recordRelease({ pacticipant: 'Foo', version: '0.8', environment: 'production' })
      .recordSupportEnded({ pacticipant: 'Foo', version: '0.8', environment: 'production' })
      .recordRelease({ pacticipant: 'Foo', version: '0', environment: 'production' })
      .recordDeployment({ pacticipant: 'Foo', version: '1', environment: 'test' })
      .recordDeployment({ pacticipant: 'Foo', version: '1', environment: 'production' })
      .done();
    const both = await entries({ consumerVersionSelectors: [{ deployedOrReleased: true }], includePendingStatus: false });
    expect(both).toEqual([
      { pact: 'Foo 0', pending: undefined, wip: false, bullets: ['* consumer version(s) released and supported in production (0)'] },
      { pact: 'Foo 1', pending: undefined, wip: false, bullets: ['* consumer version(s) currently deployed to test (1) and production (1)'] },
    ]);
    expect((await entries({ consumerVersionSelectors: [{ environment: 'production' }] })).map((e) => e.pact)).toEqual(['Foo 0', 'Foo 1']);
    expect((await entries({ consumerVersionSelectors: [{ deployed: true, environment: 'test' }] })).map((e) => e.pact)).toEqual(['Foo 1']);
    expect((await entries({ consumerVersionSelectors: [{ released: true }] })).map((e) => e.pact)).toEqual(['Foo 0']);
    const [deployedEntry] = await forVerification({ consumerVersionSelectors: [{ deployed: true, environment: 'production' }] });
    expect(deployedEntry.shortDescription).toBe('deployed to production');
    expect(decodePactMetadata(deployedEntry._links.self.href.split('/metadata/')[1]).s).toEqual([{ cv: '1', d: true, e: 'production' }]);
  });

  it('S46/S47: pending per provider branch, from real verification results', async () => {
    await td()
      .createVersion('Bar', '1', { branch: 'main' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' })
      .createVersion('Bar', 'old-1', { branch: 'feat-old' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '2', branch: 'main', success: false })
      .done();
    const forBranch = async (providerVersionBranch: string) =>
      (await entries({ consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch }))[0]!.pending;
    expect(await forBranch('main')).toBe(true);
    await td().verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '3', branch: 'main', success: true }).done();
    expect(await forBranch('main')).toBe(false);
    await td()
      .createVersion('Bar', 'y-1', { branch: 'feat-y' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '4', branch: 'main', success: false })
      .done();
    expect(await forBranch('main')).toBe(false);
    expect(await forBranch('feat-y')).toBe(false);
    expect(await forBranch('feat-old')).toBe(true);
    expect(await forBranch('brand-new')).toBe(false);
    const [notPending] = await forVerification({ consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main' });
    expect(notPending.verificationProperties.notices.map((n: { text: string }) => n.text)[1]).toBe(
      "This pact has previously been successfully verified by a version of Bar from branch 'main'. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending",
    );
  });

  it('S48/S49: successes from branch-less versions do not count for a branch; tags count per tag', async () => {
    await td()
      .createVersion('Bar', 'q-1', { tags: ['feat-q'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '9', success: true })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '10', tags: ['main'], success: true })
      .done();
    const pending = async (body: Record<string, unknown>) => (await entries({ consumerVersionSelectors: [{ mainBranch: true }], ...body }))[0]!.pending;
    expect(await pending({ providerVersionBranch: 'main' })).toBe(true);
    expect(await pending({ providerVersionTags: ['main'] })).toBe(false);
    expect(await pending({ providerVersionTags: ['feat-z'] })).toBe(false);
    expect(await pending({ providerVersionTags: ['main', 'feat-q'] })).toBe(true);
    expect(await pending({})).toBe(false);
  });

  it('WIP for provider tags, with pending status off: a content verified by a version with the tag is not WIP', async () => {
    await td()
      .createVersion('Bar', '1', { tags: ['prod'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', interactions: ['c1'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'feat-x', interactions: ['c2'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '3', branch: 'feat-y', interactions: ['c3'] })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '2', providerVersion: '2', tags: ['prod'], success: true })
      .done();
    const request = { consumerVersionSelectors: [{ mainBranch: true }], providerVersionTags: ['prod'], includeWipPactsSince: '2020-01-01', includePendingStatus: false };
    const pacts = await forVerification(request);
    expect(summary(pacts)).toEqual(['Foo 1', 'Foo 3']);
    expect(pacts[0].verificationProperties).not.toHaveProperty('pending');
    expect(pacts[1].verificationProperties).toMatchObject({ wip: true });
    expect(pacts[1].verificationProperties).not.toHaveProperty('pending');
    // Once a version tagged 'prod' verified it, it is no longer WIP; a version with another tag does not count.
    await td().verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '3', providerVersion: '3', tags: ['test'], success: true }).done();
    expect(summary(await forVerification(request))).toEqual(['Foo 1', 'Foo 3']);
    await td().verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '3', providerVersion: '5', tags: ['prod'], success: true }).done();
    expect(summary(await forVerification(request))).toEqual(['Foo 1']);
  });

  it('S53/S54: a WIP verification keeps the pact WIP; merged to main it is selected explicitly and not pending', async () => {
    await td()
      .createVersion('Bar', '1', { branch: 'main' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', interactions: ['c1'] })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'feat-x', interactions: ['c2'] })
      .done();
    const request = { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'main', includeWipPactsSince: '2020-01-01' };
    const [, wip] = await forVerification(request);
    expect(wip.verificationProperties.wip).toBe(true);
    // The verifier publishes through the WIP entry's own link, as it would.
    const publish = wip._links.self.href.replace(/^http:\/\/localhost:80/, '') + '/verification-results';
    const res = await api.post(publish, { success: true, providerApplicationVersion: '2' });
    expect(res.statusCode, res.body).toBe(201);
    await td().createVersion('Bar', '2', { branch: 'main' }).done();
    expect((await entries(request)).map((e) => [e.pact, e.pending, e.wip])).toEqual([
      ['Foo 1', true, false],
      ['Foo 2', true, true],
    ]);
    await td().publishPact({ consumer: 'Foo', provider: 'Bar', version: '3', branch: 'main', interactions: ['c2'] }).done();
    expect((await entries(request)).map((e) => [e.pact, e.pending, e.wip])).toEqual([['Foo 3', false, false]]);
  });

  it('S55: WIP on a new provider branch ignores contents verified by main before the branch existed', async () => {
    await td()
      .createVersion('Bar', '1', { branch: 'main' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '2', branch: 'feat-x', interactions: ['c2'] })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '2', providerVersion: '3', branch: 'main', success: true })
      .createVersion('Bar', 'y1', { branch: 'feat-y' })
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '4', branch: 'feat-z', interactions: ['c4'] })
      .done();
    const wipFor = async (providerVersionBranch: string) =>
      (await entries({ consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch, includeWipPactsSince: '2020-01-01' }))
        .filter((e) => e.wip)
        .map((e) => e.pact);
    expect(await wipFor('feat-y')).toEqual(['Foo 4']);
    expect(await wipFor('main')).toEqual(['Foo 4']);
    expect(await wipFor('brand-new')).toEqual(['Foo 4']);
  });
});
