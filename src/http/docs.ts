// The OpenAPI rendered for people at /docs (@fastify/swagger-ui), under the pages' strict CSP.
// What @fastify/swagger-ui 6 serves fits it without loosening: its index.html loads swagger-ui-bundle.js, the
// standalone preset and swagger-initializer.js as external files (no inline script, no inline style; its csp.json
// lists no hashes), the spec comes from ./json (connect-src 'self'), swagger-ui.css's images are data: URLs
// (img-src data:), and React sets element styles through the CSSOM, which style-src does not govern. The bundle's one
// `new Function("return this")` is webpack's globalThis fallback, never reached in a browser with globalThis, so
// there is no 'unsafe-eval' either. The validator badge (an outside image) stays off.
import { readFileSync } from 'node:fs';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { PAGE_CONTENT_SECURITY_POLICY } from './security-headers.js';

export const DOCS_PREFIX = '/docs';

/** Colour fixes for swagger-ui's badges (docs-theme.css), served by the plugin as /docs/static/theme/treaty-docs.css. */
const THEME_CSS = readFileSync(new URL('./docs-theme.css', import.meta.url), 'utf8');

export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // BaseLayout: no top bar with its "Explore" box for loading another spec into Treaty's origin. No deep links:
    // swagger-ui puts each one as a link inside the operation's toggle button (axe nested-interactive).
    uiConfig: { layout: 'BaseLayout', deepLinking: false, docExpansion: 'list' },
    validatorUrl: false,
    theme: { title: 'Treaty API documentation', css: [{ filename: 'treaty-docs.css', content: THEME_CSS }] },
    // Helmet has set the API's allow-nothing CSP by now; the docs are a page, so they get the page CSP instead.
    transformStaticCSP: () => PAGE_CONTENT_SECURITY_POLICY,
  });
}
