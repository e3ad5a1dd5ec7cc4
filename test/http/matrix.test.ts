// /matrix and /can-i-deploy over HTTP: the decision, the Pact Broker's reason texts and Treaty's typed row reasons
// for the core cases (the full E.1 table is in matrix-scenarios.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
import { assertWellFormedSvg } from '../support/svg.js';
import { testDataBuilder } from '../support/test-data-builder.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

const td = () => testDataBuilder(t.container.services);
const canIDeploy = async (p: string, v: string, env = 'production') =>
  hal(await api.get(`/can-i-deploy?pacticipant=${encodeURIComponent(p)}&version=${encodeURIComponent(v)}&environment=${env}`), 200);
const rowsOf = (body: any) =>
  body.matrix.map((r: any) => `${r.consumer.name}@${r.consumer.version.number} ${r.provider.name}@${r.provider.version?.number ?? '-'} ${r.verificationResult?.success ?? 'null'} ${r.reason.kind}${r.ignored ? ' ignored' : ''}`);

describe('can-i-deploy to an environment', () => {
  it('yes when the provider version in the environment verified the pact (S01)', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '2', success: true })
      .recordDeployment({ pacticipant: 'Bar', version: '2', environment: 'production' })
      .done();
    const body = await canIDeploy('Foo', '1');
    expect(body.summary).toEqual({ deployable: true, reason: 'All required verification results are published and successful', success: 1, failed: 0, unknown: 0 });
    expect(rowsOf(body)).toEqual(['Foo@1 Bar@2 true verified']);
    expect(body.notices).toEqual([{ type: 'success', text: 'All required verification results are published and successful' }]);
    expect(body.matrix[0].verificationResult._links.self.href).toMatch(/\/pacts\/provider\/Bar\/consumer\/Foo\/pact-version\/\w+\/verification-results\/\d+$/);
    expect(body.matrix[0].provider.version.environments.map((e: any) => e.name)).toEqual(['production']);
  });

  it('unknown when the deployed provider version never verified it, with a next step naming it (S03)', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '2', success: true })
      .createVersion('Bar', '3')
      .recordDeployment({ pacticipant: 'Bar', version: '3', environment: 'production' })
      .done();
    const body = await canIDeploy('Foo', '1');
    expect(body.summary).toMatchObject({ deployable: null, reason: 'There is no verified pact between version 1 of Foo and the version of Bar currently in production (3)', unknown: 1 });
    expect(rowsOf(body)).toEqual(['Foo@1 Bar@- null missing_verification']);
    expect(body.matrix[0].reason).toEqual({ kind: 'missing_verification', providerVersion: '3' });
    const prompt = body.notices.find((n: any) => n.type === 'prompt');
    expect(prompt.text).toContain('Bar');
    expect(prompt.text).toContain('version 3');
  });

  it('unknown beats failed, reasons in row order (S11)', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .publishPact({ consumer: 'Foo', provider: 'Baz', version: '1' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '2', success: false })
      .recordDeployment({ pacticipant: 'Bar', version: '2', environment: 'production' })
      .createVersion('Baz', '7')
      .recordDeployment({ pacticipant: 'Baz', version: '7', environment: 'production' })
      .done();
    const body = await canIDeploy('Foo', '1');
    expect(body.summary).toMatchObject({ deployable: null, failed: 1, unknown: 1, success: 0 });
    expect(body.summary.reason.split('\n')).toEqual([
      'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
      'There is no verified pact between version 1 of Foo and the version of Baz currently in production (7)',
    ]);
  });

  it('strict environments: a co-resident version that never verified makes it unknown, also via /matrix with cvp', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '11', success: true })
      .createVersion('Bar', '10')
      .recordRelease({ pacticipant: 'Bar', version: '10', environment: 'production' })
      .recordRelease({ pacticipant: 'Bar', version: '11', environment: 'production' })
      .done();
    const body = await canIDeploy('Foo', '1');
    expect(body.summary.deployable).toBeNull();
    // Bar 11 was created (by its verification) before Bar 10: newest provider version first.
    expect(rowsOf(body)).toEqual(['Foo@1 Bar@- null missing_verification', 'Foo@1 Bar@11 true verified']);
    expect(body.summary.reason).toBe('There is no verified pact between version 1 of Foo and one of the versions of Bar currently in production (10)');
    const viaMatrix = hal(await api.get('/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&environment=production'), 200);
    expect(viaMatrix.summary.deployable).toBeNull();
  });

  it('a provider with no consumers in the environment can deploy; an unknown version cannot (S05, S27)', async () => {
    await td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '2', success: true })
      .done();
    expect((await canIDeploy('Bar', '2')).summary).toMatchObject({ deployable: true, reason: 'There are no missing dependencies' });
    const missing = await canIDeploy('Bar', '9');
    expect(missing.summary).toMatchObject({ deployable: false, reason: 'No pacts or verifications have been published for version 9 of Bar' });
    expect(missing.matrix).toEqual([]);
  });
});

describe('ignored rows are listed after the considered ones (the Pact Broker lists considered_rows, then ignored_rows)', () => {
  // Row order alone would put Bar before Baz; Bar is ignored, so the Baz row comes first.
  const given = () =>
    td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1' })
      .publishPact({ consumer: 'Foo', provider: 'Baz', version: '1' })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '2', success: false })
      .recordDeployment({ pacticipant: 'Bar', version: '2', environment: 'production' })
      .verify({ consumer: 'Foo', provider: 'Baz', consumerVersion: '1', providerVersion: '7', success: true })
      .recordDeployment({ pacticipant: 'Baz', version: '7', environment: 'production' })
      .done();
  const expected = ['Foo@1 Baz@7 true verified', 'Foo@1 Bar@2 false ignored ignored'];

  it('/can-i-deploy with ignore[][pacticipant]', async () => {
    await given();
    const body = hal(await api.get('/can-i-deploy?pacticipant=Foo&version=1&environment=production&ignore[][pacticipant]=Bar'), 200);
    expect(body.summary).toMatchObject({ deployable: true, success: 1, failed: 0, unknown: 0, ignored: 1 });
    expect(rowsOf(body)).toEqual(expected);
    expect(body.matrix[1].reason).toEqual({ kind: 'ignored', wouldBe: 'failed' });
  });

  it('/matrix with latestby and ignore, as the CLI sends it', async () => {
    await given();
    const body = hal(await api.get('/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&environment=production&ignore[][pacticipant]=Bar'), 200);
    expect(body.summary).toMatchObject({ deployable: true, ignored: 1 });
    expect(rowsOf(body)).toEqual(expected);
  });

  it('/matrix with a limit lists the considered rows first', async () => {
    await given();
    const body = hal(await api.get('/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&environment=production&ignore[][pacticipant]=Bar&limit=1'), 200);
    expect(rowsOf(body)).toEqual([expected[0]]);
  });

  it('without ignore the rows keep their order (Bar before Baz)', async () => {
    await given();
    expect(rowsOf(await canIDeploy('Foo', '1'))).toEqual(['Foo@1 Bar@2 false failed', 'Foo@1 Baz@7 true verified']);
  });
});

describe('validation', () => {
  it('names an unknown pacticipant or environment: a list on /matrix, fields on /can-i-deploy', async () => {
    await td().createVersion('Foo', '1').done();
    const m = await api.get('/matrix?q[][pacticipant]=Nope&q[][version]=1&latestby=cvpv');
    expect(m.statusCode).toBe(400);
    expect(m.json().errors).toEqual(['Pacticipant Nope not found']);
    const e = await api.get('/matrix?q[][pacticipant]=Foo&q[][version]=1&environment=staging');
    expect(e.json().errors).toEqual(["Environment with name 'staging' does not exist"]);
    const c = await api.get('/can-i-deploy?pacticipant=Nope&version=1&environment=production');
    expect(c.statusCode).toBe(400);
    expect(c.json().errors).toEqual({ pacticipant: ['does not match an existing pacticipant'] });
    const both = await api.get('/can-i-deploy?pacticipant=Foo&version=1');
    expect(both.json().errors).toEqual({ '': ["Must specify either an environment or a 'to' tag."] });
    const latestby = await api.get('/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=nope');
    expect(latestby.statusCode).toBe(400);
  });
});

describe('path forms and badges', () => {
  const estate = () =>
    td()
      .publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['dev'] })
      .verify({ consumer: 'Foo', provider: 'Bar', consumerVersion: '1', providerVersion: '2', success: true, branch: 'main', tags: ['prod'] })
      .recordDeployment({ pacticipant: 'Bar', version: '2', environment: 'production' })
      .done();

  it('latest tagged version to a tag: the matrix body, 404 when no version has the tag', async () => {
    await estate();
    const body = hal(await api.get('/pacticipants/Foo/latest-version/dev/can-i-deploy/to/prod'), 200);
    expect(body.summary.deployable).toBe(true);
    expect(body.summary.reason.split('\n')[0]).toMatch(/^WARN: It is recommended to specify the version number/);
    expect(rowsOf(body)).toEqual(['Foo@1 Bar@2 true verified']);
    expect((await api.get('/pacticipants/Foo/latest-version/nope/can-i-deploy/to/prod')).statusCode).toBe(404);
  });

  it('latest version of a branch to an environment by name; 404 for a missing branch or environment', async () => {
    await estate();
    const body = hal(await api.get('/pacticipants/Foo/branches/main/latest-version/can-i-deploy/to-environment/production'), 200);
    expect(body.summary.deployable).toBe(true);
    expect((await api.get('/pacticipants/Foo/branches/nope/latest-version/can-i-deploy/to-environment/production')).statusCode).toBe(404);
    expect((await api.get('/pacticipants/Foo/branches/main/latest-version/can-i-deploy/to-environment/nowhere')).statusCode).toBe(404);
  });

  it('badges are SVG drawn by Treaty (issue 13: no shields.io redirect): green for yes, red otherwise, can-i-merge with its own statuses', async () => {
    await estate();
    const text = (res: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/svg+xml;charset=utf-8');
      expect(res.headers.location).toBeUndefined();
      assertWellFormedSvg(res.body);
      return /<title>([^<]*)<\/title>/.exec(res.body)![1];
    };
    const yes = await api.get('/pacticipants/Foo/latest-version/dev/can-i-deploy/to/prod/badge');
    expect(text(yes)).toBe('can-i-deploy: dev to prod');
    expect(yes.body).toContain('#4b0'); // badge-maker 6's brightgreen
    expect(yes.headers['cache-control']).toBe('no-cache');
    const svg = await api.get('/pacticipants/Foo/branches/main/latest-version/can-i-deploy/to-environment/test/badge.svg');
    expect(text(svg)).toBe('can-i-deploy: main to test');
    expect(svg.body).toContain('#dd4343'); // badge-maker 6's red
    const merge = await api.get('/pacticipants/Foo/main-branch/can-i-merge/badge');
    expect(merge.headers['cache-control']).toBe('max-age=30');
    // Foo 1 heads Foo's main branch, and Bar 2 (head of Bar's main) verified it.
    expect(text(merge)).toBe('can-i-merge: success');
    const unknown = await api.get('/pacticipants/Nope/main-branch/can-i-merge/badge');
    expect(text(unknown)).toBe('can-i-merge: unknown');
  });
});

describe('odd input gets a 4xx naming the problem, never a 500', () => {
  it.each([
    ['no selectors', '/matrix?latestby=cvpv', 'Please provide 1 or more version selectors.'],
    ['a selector without a pacticipant', '/matrix?q[][version]=1', 'Please specify the pacticipant name'],
    ['version and latest together', '/matrix?q[][pacticipant]=Foo&q[][version]=1&q[][latest]=true', 'A version number and latest flag cannot both be specified for Foo'],
    ['two targets', '/matrix?q[][pacticipant]=Foo&q[][version]=1&tag=prod&environment=production', 'Cannot specify more than one of tag, environment and mainBranch.'],
    ['latest with an environment', '/matrix?q[][pacticipant]=Foo&q[][version]=1&latest=true&environment=production', 'Cannot specify both latest=true and an environment.'],
    ['a bad limit', '/matrix?q[][pacticipant]=Foo&q[][version]=1&limit=0', 'The limit must be 1 or greater.'],
    ['a non-numeric limit', '/matrix?q[][pacticipant]=Foo&q[][version]=1&limit=ten', 'The limit must be 1 or greater.'],
    ['an ignore without a name', '/matrix?q[][pacticipant]=Foo&q[][version]=1&ignore[][version]=2', 'Please specify the pacticipant name to ignore'],
    ['an unknown latestby', '/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvx', "latestby must be cvp or cvpv (got 'cvx')"],
    ['too many selectors', `/matrix?${Array.from({ length: 101 }, (_, i) => `q[][pacticipant]=P${i}`).join('&')}`, 'q[] has 101 version selectors, more than the limit of 100 (selectorsPerRequest; set by TREATY_MAX_SELECTORS_PER_REQUEST)'],
  ])('%s', async (_name, url, message) => {
    await td().createVersion('Foo', '1').done();
    const res = await api.get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContain(message);
  });

  it('percent-encoded brackets, names with spaces, slashes and unicode, and a malformed escape', async () => {
    await td()
      .publishPact({ consumer: 'Web App/α', provider: 'Order Service', version: '1.0/0' })
      .verify({ consumer: 'Web App/α', provider: 'Order Service', consumerVersion: '1.0/0', providerVersion: '2', success: true })
      .recordDeployment({ pacticipant: 'Order Service', version: '2', environment: 'production' })
      .done();
    const res = await api.get(`/matrix?q%5B%5D%5Bpacticipant%5D=${encodeURIComponent('Web App/α')}&q%5B%5D%5Bversion%5D=1.0%2F0&latestby=cvpv&environment=production`);
    expect(hal(res, 200).summary.deployable).toBe(true);
    expect((await api.get('/matrix?q[][pacticipant]=%E0%A4%A&q[][version]=1')).statusCode).toBe(400);
    expect((await api.get('/can-i-deploy?pacticipant=Foo%00&version=1&environment=production')).statusCode).toBe(400);
  });
});

it('names with array-literal punctuation (quotes, backslashes, commas, braces) resolve exactly', async () => {
  const consumer = 'we"b\\app, {x}';
  const provider = 'or\\ders "1"';
  await td()
    .publishPact({ consumer, provider, version: '1,2' })
    .verify({ consumer, provider, consumerVersion: '1,2', providerVersion: '{3}', success: true })
    .recordDeployment({ pacticipant: provider, version: '{3}', environment: 'production' })
    .done();
  const body = hal(await api.get(`/can-i-deploy?pacticipant=${encodeURIComponent(consumer)}&version=${encodeURIComponent('1,2')}&environment=production`), 200);
  expect(body.summary.deployable).toBe(true);
  expect(rowsOf(body)).toEqual([`${consumer}@1,2 ${provider}@{3} true verified`]);
});

it("a pact's pb:matrix-for-consumer-version link lists the rows of its consumer version", async () => {
  await td()
    .publishPact({ consumer: 'Foo Web', provider: 'Bar', version: '1.0/1' })
    .verify({ consumer: 'Foo Web', provider: 'Bar', consumerVersion: '1.0/1', providerVersion: '2', success: true })
    .done();
  const pact = hal(await api.get('/pacts/provider/Bar/consumer/Foo%20Web/version/1.0%2F1'), 200);
  const href: string = pact._links['pb:matrix-for-consumer-version'].href;
  expect(href).toBe('http://localhost:80/matrix?q[][pacticipant]=Foo%20Web&q[][version]=1.0%2F1&latestby=cvpv');
  const body = hal(await api.get(href.replace('http://localhost:80', '')), 200);
  expect(rowsOf(body)).toEqual(['Foo Web@1.0/1 Bar@2 true verified']);
});
