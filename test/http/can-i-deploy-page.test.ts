// The can-i-deploy page for a seeded estate: each form the API has (version or branch head; environment or tag), the
// decision with icon and word, the API's reasons and next steps, the rows with their typed reasons and links, and
// unknown names as messages in the form (never a 500).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { client } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const EVIL = '<script>alert(1)</script>';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  await testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w1', branch: 'main' })
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w1', providerVersion: 'o1', success: true, tags: ['prod'] })
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w2', branch: 'main', interactions: ['a changed one'] })
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w2', providerVersion: 'o2', success: false })
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w3', branch: 'feat', interactions: ['a new one'] })
    .recordDeployment({ pacticipant: 'Orders', version: 'o1', environment: 'production' })
    .recordDeployment({ pacticipant: 'Orders', version: 'o2', environment: 'test' })
    .publishPact({ consumer: EVIL, provider: 'Orders', version: '"><img src=x>' })
    .done();
});
afterAll(async () => t?.close());

const page = async (query: Record<string, string>) => {
  const res = await api.get(`/ui/can-i-deploy?${new URLSearchParams(query).toString()}`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
  return res.body;
};
const verdict = (html: string) => /id="verdict"><span class="icon" aria-hidden="true">(.)<\/span> <strong>(\w+)<\/strong>/.exec(html)?.slice(1);

describe('GET /ui/can-i-deploy', () => {
  it('without a question is the form: pacticipant suggestions, environments, nothing answered', async () => {
    const html = await page({});
    expect(html).toContain('<form class="filters can-i-deploy-form" id="can-i-deploy-form" method="get" action="/ui/can-i-deploy"');
    expect(html).toContain('<option value="Web"></option>');
    expect(html).toContain('<option value="production">Production</option>');
    expect(html).toContain('<section class="answer" id="answer" aria-live="polite" aria-label="Answer"></section>');
    expect(html).toContain('aria-current="page"');
    // Prefilled from another page's link, still without an answer or errors.
    const prefilled = await page({ pacticipant: 'Web' });
    expect(prefilled).toContain('name="pacticipant" id="cid-pacticipant" value="Web"');
    expect(prefilled).not.toContain('field-errors');
  });

  it('answers Yes for a verified version, with the rows, their typed reasons and links to the matrix and cell', async () => {
    const html = await page({ pacticipant: 'Web', version: 'w1', environment: 'production' });
    expect(verdict(html)).toEqual(['✓', 'Yes']);
    expect(html).toContain('<h2>Can Web w1 be deployed to production?</h2>');
    expect(html).toContain('All required verification results are published and successful');
    expect(html).toContain('<code>verified</code> <span>The pact was verified successfully</span>');
    expect(html).toContain('href="/ui/matrix/provider/Orders/consumer/Web/cell?consumerVersion=w1&providerVersion=o1"');
    expect(html).toContain('<a href="/ui/matrix/provider/Orders/consumer/Web">Matrix</a>');
    expect(html).toContain('<option value="production" selected>Production</option>');
  });

  it('answers No for a failed verification, with the next step', async () => {
    const html = await page({ pacticipant: 'Web', version: 'w2', environment: 'test' });
    expect(verdict(html)).toEqual(['✗', 'No']);
    expect(html).toContain('<code>failed</code> <span>The verification failed</span>');
    expect(html).toMatch(/<span class="notice-type">error: <\/span><span>The verification for the pact between version w2 of Web and the version of Orders currently in test \(o2\) failed<\/span>/);
    expect(html).toMatch(/<ol class="next-steps" id="next-steps"><li>Orders version o2 failed to verify Web&#39;s pact for version w2/);
  });

  it('answers Unknown for a missing verification, and the expected provider version is named', async () => {
    const html = await page({ pacticipant: 'Web', version: 'w3', environment: 'production' });
    expect(verdict(html)).toEqual(['?', 'Unknown']);
    expect(html).toContain('<code>missing_verification</code> <span>Orders o1 has not verified this pact</span>');
    expect(html).toContain('<span class="muted"> (expected)</span>');
    expect(html).toContain('run the Orders provider build');
  });

  it('asks about the latest version on a branch, to an environment or alongside a tag (the same service as the API)', async () => {
    const toEnv = await page({ pacticipant: 'Web', branch: 'main', environment: 'test' });
    expect(toEnv).toContain('<h2>Can the latest Web on branch main be deployed to test?</h2>');
    expect(verdict(toEnv)).toEqual(['✗', 'No']);
    const toTag = await page({ pacticipant: 'Web', branch: 'main', tag: 'prod' });
    expect(toTag).toContain('<h2>Can the latest Web on branch main be deployed alongside the latest versions tagged prod?</h2>');
    expect(verdict(toTag)).toEqual(['?', 'Unknown']); // w2 (head of main) was never verified by o1 (tagged prod)
    const byVersionToTag = await page({ pacticipant: 'Web', version: 'w1', to: 'prod' });
    expect(verdict(byVersionToTag)).toEqual(['✓', 'Yes']);
  });

  it('shows unknown names and incomplete questions in the form, never as an error page', async () => {
    const unknownPacticipant = await page({ pacticipant: 'Nobody', version: '1', environment: 'production' });
    expect(unknownPacticipant).toContain('id="pacticipant-errors"');
    expect(unknownPacticipant).toContain('No pacticipant named &#39;Nobody&#39;');
    expect(unknownPacticipant).toContain('aria-invalid="true"');
    expect(verdict(unknownPacticipant)).toBeUndefined();

    const unknownEnvironment = await page({ pacticipant: 'Web', version: 'w1', environment: 'mars' });
    expect(unknownEnvironment).toContain('id="environment-errors"');
    expect(unknownEnvironment).toContain('<option value="mars" selected>mars (no such environment)</option>');

    const unknownVersion = await page({ pacticipant: 'Web', version: 'w99', environment: 'production' });
    expect(unknownVersion).toContain('id="version-errors"');
    expect(unknownVersion).toContain('Treaty has no version w99 of Web');

    const unknownBranch = await page({ pacticipant: 'Web', branch: 'nope', environment: 'production' });
    expect(unknownBranch).toContain('No version of Web on branch nope found');

    const incomplete = await page({ pacticipant: 'Web', version: 'w1' });
    expect(incomplete).toContain('Choose the environment to deploy to (or give a tag to deploy alongside).');
    const both = await page({ pacticipant: 'Web', version: 'w1', branch: 'main', environment: 'production' });
    expect(both).toContain('Give a version number or a branch, not both.');
    const nobody = await page({ version: 'w1', environment: 'production' });
    expect(nobody).toContain('Choose the pacticipant you want to deploy.');
  });

  it('escapes hostile names in the form, the suggestions and the answer', async () => {
    const html = await page({ pacticipant: EVIL, version: '"><img src=x>', tag: 'x' });
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script>|<img/);
  });
});
