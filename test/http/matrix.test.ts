// /matrix and /can-i-deploy over HTTP: the decision, the Pact Broker's reason texts and Treaty's typed row reasons
// for the core cases (the full E.1 table is in matrix-scenarios.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
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
