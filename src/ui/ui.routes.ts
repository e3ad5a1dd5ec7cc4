// The UI's static files (src/ui/assets/), served by Treaty itself — never a CDN. The names are not fingerprinted,
// so caches keep them only briefly (5 minutes) rather than forever. Vendor libraries come from their npm packages.
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../http/route-types.js';
import { ASSETS_PREFIX } from './layout.js';
import { VENDOR_PREFIX, vendorFile } from './vendor.js';

export const ASSETS_ROOT = fileURLToPath(new URL('./assets/', import.meta.url));

export function uiRoutes(app: FastifyInstance, _deps: RouteDeps): void {
  void app.register(fastifyStatic, {
    root: ASSETS_ROOT,
    prefix: ASSETS_PREFIX,
    cacheControl: true,
    maxAge: 300_000,
    immutable: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    schemaHide: true,
  });

  // Vendor files (src/ui/vendor.ts): versioned URLs, so cached for a year.
  app.get(`${VENDOR_PREFIX}*`, { schema: { hide: true } }, async (request, reply) => {
    const bytes = vendorFile((request.params as { '*': string })['*']);
    if (!bytes) return reply.code(404).type('text/plain; charset=utf-8').send('No such file');
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/javascript; charset=utf-8').send(bytes);
  });
}
