import { expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';
// Odd input across the provider-workflow endpoints: every answer is the intended 2xx or a 4xx with a message.
it('never answers 500 to odd input on deployments, releases, verification results and pacts for verification', async () => {
  const t = await buildTestApp();
  await testDataBuilder(t.container.services).publishPact({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main' }).done();
  const env = (await t.container.services.environments.list('production'))[0]!;
  const pact = (await t.app.inject({ method: 'GET', url: '/pacts/provider/Bar/consumer/Foo/version/1' })).json();
  const sha = pact._links['pb:pact-version'].name;
  const cases: Array<[string, string, unknown, Record<string, string>?]> = [
    ['POST', `/pacticipants/Foo/versions/1/deployed-versions/environment/${env.uuid}`, { applicationInstance: 'a'.repeat(5000) }],
    ['POST', `/pacticipants/Foo/versions/1/deployed-versions/environment/${env.uuid}`, { applicationInstance: 5 }],
    ['POST', `/pacticipants/Foo/versions/1/deployed-versions/environment/not-a-uuid`, {}],
    ['POST', `/pacticipants/Foo/versions/nope/released-versions/environment/${env.uuid}`, {}],
    ['POST', `/pacticipants/Foo/versions/1/deployed-versions/environment/${env.uuid}`, '[1,2]'],
    ['PATCH', `/deployed-versions/zzz`, { currentlyDeployed: false }, { 'content-type': 'application/merge-patch+json' }],
    ['PATCH', `/released-versions/00000000-0000-0000-0000-000000000000`, { currentlySupported: false }, { 'content-type': 'application/merge-patch+json' }],
    ['POST', `/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results`, { success: true, providerApplicationVersion: 'x\u0000y' }],
    ['POST', `/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results`, { success: true, providerApplicationVersion: 'v', testResults: 'x'.repeat(100) }],
    ['POST', `/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/%%%/verification-results`, { success: true, providerApplicationVersion: 'v2' }],
    ['POST', `/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/metadata/!!!!/verification-results`, { success: true, providerApplicationVersion: 'v3' }],
    ['POST', `/pacts/provider/Bar/consumer/Foo/pact-version/zz/verification-results`, { success: true, providerApplicationVersion: 'v' }],
    ['GET', `/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results/abc`, undefined],
    ['GET', `/pacts/provider/Bar/consumer/Foo/pact-version/${sha}/verification-results/99999999999999999999`, undefined],
    ['POST', `/pacts/provider/Bar/for-verification`, { consumerVersionSelectors: [{ branch: 'x'.repeat(3000) }] }],
    ['POST', `/pacts/provider/Bar/for-verification`, { consumerVersionSelectors: [{ mainBranch: true }], providerVersionTags: Array(500).fill('t') }],
    ['POST', `/pacts/provider/Bar/for-verification`, { consumerVersionSelectors: [{ mainBranch: true }], providerVersionBranch: 'feat\u0000x' }],
    ['POST', `/pacts/provider/Bar/for-verification`, { includeWipPactsSince: '9999-12-31T23:59:59Z', providerVersionBranch: 'main' }],
    ['POST', `/pacts/provider/Bar/for-verification`, { includeWipPactsSince: '0001-01-01', providerVersionBranch: 'main' }],
    ['GET', `/pacts/provider/Bar/for-verification?consumer_version_selectors[][tag]=%ZZ&provider_version_tags[]=&include_wip_pacts_since=x`, undefined],
    ['GET', `/environments/${env.uuid}/deployed-versions/currently-deployed?pacticipant=%00`, undefined],
    ['GET', `/environments/${env.uuid}/released-versions/currently-supported?version=${'v'.repeat(3000)}`, undefined],
    ['GET', `/verification-results/consumer/Foo/version/nope/latest`, undefined],
  ];
  // 500 providerVersionTags are over the tagsPerRequest limit (100): a 400 naming it.
  const EXPECTED = [400, 201, 404, 404, 400, 404, 404, 400, 201, 400, 201, 404, 404, 404, 400, 400, 400, 200, 200, 400, 400, 200, 404];
  for (const [i, [method, url, payload, headers]] of cases.entries()) {
    const res = await t.app.inject({ method: method as any, url, headers: { 'content-type': 'application/json', ...(headers ?? {}) }, ...(payload === undefined ? {} : { payload: payload as any }) });
    expect(res.statusCode, `${method} ${url.slice(0, 120)}: ${res.body.slice(0, 300)}`).toBe(EXPECTED[i]);
    if (res.statusCode >= 400) expect(res.json().detail, url).toEqual(expect.any(String));
  }
  await t.close();
});
