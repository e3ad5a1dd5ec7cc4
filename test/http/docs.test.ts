// /docs: the OpenAPI rendered by @fastify/swagger-ui under the pages' strict CSP, and the spec it loads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/http/security-headers.js';
import { client } from '../support/http.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());

describe('GET /docs', () => {
  it('is the swagger-ui page: external scripts and styles only, under the page CSP without unsafe-*', async () => {
    const res = await api.get('/docs', { accept: BROWSER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = res.headers['content-security-policy'];
    expect(csp).toBe(PAGE_CONTENT_SECURITY_POLICY);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(res.body).toContain('<title>Treaty API documentation</title>');
    expect(res.body).toContain('<div id="swagger-ui"></div>');
    // Treaty's colour fixes (axe color-contrast) load after swagger-ui's stylesheet.
    expect(res.body).toMatch(/swagger-ui\.css[\s\S]*href="\/docs\/static\/theme\/treaty-docs\.css"/);
    // Every script has a src (no inline code) and no element carries a style attribute or a <style> block.
    const scripts = [...res.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/docs\/static\/[\w.-]+\.js"/);
      expect(body!.trim()).toBe('');
    }
    expect(res.body).not.toMatch(/<style|style=/);
  });

  it('serves the initializer and swagger-ui files it loads, with the same CSP', async () => {
    const init = await api.get('/docs/static/swagger-initializer.js');
    expect(init.statusCode).toBe(200);
    expect(init.headers['content-type']).toMatch(/javascript/);
    expect(init.body).toContain("resolveUrl('./json')");
    expect(init.body).toContain('"layout":"BaseLayout"');
    expect(init.body).toContain('"deepLinking":false');
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui.css', 'index.css', 'theme/treaty-docs.css']) {
      const res = await api.get(`/docs/static/${file}`);
      expect(res.statusCode, file).toBe(200);
      expect(res.headers['content-security-policy'], file).toBe(PAGE_CONTENT_SECURITY_POLICY);
    }
  });

  it('/docs/json is Treaty’s OpenAPI document (the one npm run openapi writes)', async () => {
    const res = await api.get('/docs/json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const spec = res.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.info.title).toBe('Treaty');
    expect(spec.paths['/pacts/provider/{provider}/consumer/{consumer}/latest']).toBeDefined();
    // The docs' own routes are hidden from the spec.
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/docs'))).toEqual([]);
  });

  it('the dashboard’s navigation links to it', async () => {
    const res = await api.get('/', { accept: BROWSER });
    expect(res.body).toContain('<a href="/docs">API docs</a>');
  });
});
