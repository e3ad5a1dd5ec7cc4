// GET /pacticipants/:p/versions/:v in a browser: the version page of a seeded estate; a 404 page for unknown names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { client, hal } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const EVIL = '<script>alert(1)</script>';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
  await testDataBuilder(t.container.services)
    .publishPact({ consumer: 'Web', provider: 'Orders', version: 'w1', branch: 'main', tags: ['prod'] })
    .publishPact({ consumer: 'Web', provider: 'Billing', version: 'w1', branch: 'main' })
    .verify({ consumer: 'Web', provider: 'Orders', consumerVersion: 'w1', providerVersion: 'o7', success: false })
    .publishPact({ consumer: EVIL, provider: 'Orders', version: '1"><img src=x>' })
    .verify({ consumer: EVIL, provider: 'Orders', consumerVersion: '1"><img src=x>', providerVersion: 'o7', success: true })
    .recordDeployment({ pacticipant: 'Web', version: 'w1', environment: 'production', applicationInstance: 'eu-1' })
    .recordRelease({ pacticipant: 'Orders', version: 'o7', environment: 'production' })
    .done();
  expect((await api.patch('/pacticipants/Web/versions/w1', { buildUrl: 'https://ci.example/builds/1' })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

describe('GET /pacticipants/:p/versions/:v in a browser', () => {
  it('shows a consumer version: branches, tags, build, deployments and its pacts with their verification status', async () => {
    const res = await api.get('/pacticipants/Web/versions/w1', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CONTENT_SECURITY_POLICY);
    const html = res.body;
    expect(html).toContain('<h1>Web w1</h1>');
    expect(html).toContain('<li>main (head)</li>');
    expect(html).toContain('<li>prod</li>');
    expect(html).toContain('<a href="https://ci.example/builds/1">https://ci.example/builds/1</a>');
    expect(html).toContain('<th scope="row">production</th><td>deployed (instance eu-1)</td><td>currently deployed</td>');
    expect(html).toMatch(/<a href="\/pacticipants\/Billing">Billing<\/a>[\s\S]*<span>Not yet verified<\/span>/);
    expect(html).toMatch(/<a href="\/pacts\/provider\/Orders\/consumer\/Web\/version\/w1">Pact with Orders<\/a>[\s\S]*<span>Failed<\/span>[\s\S]*versions\/o7">o7<\/a>/);
    expect(html).toMatch(/href="\/pacts\/provider\/Orders\/consumer\/Web\/pact-version\/[0-9a-f]+\/verification-results\/\d+">result<\/a>/);
    expect(html).toContain('href="/ui/can-i-deploy?pacticipant=Web&version=w1"');
    expect(html).toContain('This version verified no pacts.');
  });

  it('shows a provider version: where it is released and the verifications it made', async () => {
    const html = (await api.get('/pacticipants/Orders/versions/o7', { accept: BROWSER })).body;
    expect(html).toContain('<td>released</td><td>supported</td>');
    expect(html).toContain('This version published no pacts.');
    expect(html).toMatch(/Verifications made[\s\S]*<a href="\/pacticipants\/Web">Web<\/a>[\s\S]*versions\/w1">w1<\/a>[\s\S]*<span>Failed<\/span>/);
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toMatch(/versions\/1%22%3E%3Cimg%20src%3Dx%3E">1"&gt;&lt;img src=x&gt;<\/a>|versions\/1%22%3E%3Cimg%20src%3Dx%3E">1&#34;>&lt;img src=x><\/a>/);
    expect(html.replace(/="[^"]*"/g, '=""')).not.toMatch(/<script>|<img/);
  });

  it('answers an unknown version or pacticipant with a 404 page', async () => {
    for (const path of ['/pacticipants/Web/versions/nope', '/pacticipants/Nobody/versions/1']) {
      const res = await api.get(path, { accept: BROWSER });
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<h1>Version not found</h1>');
    }
  });

  it('keeps HAL for API clients', async () => {
    expect(hal(await api.get('/pacticipants/Web/versions/w1'), 200).number).toBe('w1');
  });
});
