// The UI's static files (src/ui/assets/), served by Treaty itself — never a CDN. The names are not fingerprinted,
// so caches keep them only briefly (5 minutes) rather than forever.
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../http/route-types.js';
import { ASSETS_PREFIX } from './layout.js';

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
}
