// Builds the Fastify application around a container; never listens (server.ts does, tests inject).
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Container } from './container.js';
import { PACT_BROKER_COMPATIBLE_VERSION } from './index/index.routes.js';
import { registerAuthorization } from './http/authorization.js';
import { documentSecurity } from './http/authorization-openapi.js';
import { registerAuditTrail } from './http/audit-trail.js';
import { registerApiDocs } from './http/docs.js';
import { baseUrlFor } from './http/base-url.js';
import { clientErrorHandlerWith } from './http/client-errors.js';
import { registerBodyLimit } from './http/body-limit.js';
import { registerLazyValidation } from './http/lazy-validation.js';
import { withBoundedLogs } from './http/log-bounds.js';
import { frameworkErrorHandler, registerErrorHandling, rejectNulInUrl } from './http/error-handler.js';
import { registerRoutes } from './http/routes.js';
import { applySecurityHeaders, prepareSecurityHeaders, registerSecurityHeaders } from './http/security-headers.js';
import { compileTrustProxy } from './http/trust-proxy.js';

const JSON_TYPES = ['application/json', 'application/hal+json', 'application/merge-patch+json'];

export interface BuildAppOptions {
  container: Container;
  logger?: FastifyServerOptions['logger'];
  /** Compile every route's request schemas at ready, not on each route's first request (a test proves they compile). */
  eagerValidation?: boolean;
}

/** `/pacticipants/Foo.json` ≡ `/pacticipants/Foo` (the Pact Broker turns the extension into an Accept header). */
function stripJsonExtension(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path.endsWith('.json') && path.length > 6 ? path.slice(0, -5) + (q === -1 ? '' : url.slice(q)) : url;
}

export async function buildApp({ container, logger = false, eagerValidation = false }: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = container;
  const trustProxy = compileTrustProxy(config.trustProxy);
  const securityHeaders = await prepareSecurityHeaders(config.baseUrl);
  const app = Fastify({
    logger: logger === false || logger === undefined ? false : withBoundedLogs(logger === true ? {} : logger),
    // Fastify accepts a hop count at run time; its types omit it.
    trustProxy: trustProxy.fastify as Exclude<typeof trustProxy.fastify, number>,
    bodyLimit: config.limits.bodyBytes,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2000 },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w\-.]{1,128}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    rewriteUrl: (req) => stripJsonExtension(req.url ?? '/'),
    // Runs before any hook, so it sets the security headers itself.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(reply, securityHeaders);
      frameworkErrorHandler(error, request, reply);
    },
    clientErrorHandler: clientErrorHandlerWith(securityHeaders),
  });
  registerLazyValidation(app, { eager: eagerValidation });
  // Hook order: security headers, base URL, body limit, (authorization), routes; the audit trail after the response.
  await registerSecurityHeaders(app, securityHeaders);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Treaty',
        description: 'Consumer-driven contract broker speaking the Pact Broker HAL API',
        version: PACT_BROKER_COMPATIBLE_VERSION,
      },
      tags: ['index', 'pacticipants', 'versions', 'branches', 'tags', 'pacts', 'pacts-for-verification', 'verifications', 'environments', 'deployments', 'releases', 'matrix', 'webhooks', 'secrets', 'audit', 'tokens'].map((name) => ({ name })),
    },
    transformObject: (document) => documentSecurity('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  });

  // Response schemas document the API; bodies are serialised as they are so HAL documents keep every key.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // One JSON parser for every JSON flavour the clients send; an empty body is "no body", not an error.
  // Only JSON bodies are accepted; anything else is a 415 with a message (Fastify would parse text/plain).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    return parseJson(request, body as string, done);
  });

  app.decorateRequest('baseUrl', '');
  // Synchronous hooks (done-callback style): an async hook costs every request a promise and a microtask turn.
  app.addHook('onRequest', (request, reply, done) => {
    request.baseUrl = baseUrlFor(request, config.baseUrl, trustProxy.trusts(request.socket.remoteAddress));
    reply.header('x-request-id', request.id);
    rejectNulInUrl(request);
    done();
  });
  registerBodyLimit(app, { bodyLimit: config.limits.bodyBytes });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('X-Pact-Broker-Version', PACT_BROKER_COMPATIBLE_VERSION);
    // A route may vary on more (the dashboard also on HX-Request); every reply varies on Accept.
    const vary = reply.getHeader('vary');
    reply.header('Vary', typeof vary === 'string' && vary.startsWith('Accept') ? vary : 'Accept');
    if (!reply.hasHeader('cache-control')) reply.header('Cache-Control', 'no-cache'); // badges set their own
    reply.header('X-Content-Type-Options', 'nosniff');
    done(null, payload);
  });

  // Authorization runs after the hook above (base URL, NUL check) and before any route; it must be registered
  // before the routes, so it sees each of them.
  await registerAuthorization(app, { accessControl: container.accessControl, settings: config.auth });

  registerErrorHandling(app);
  // After authorization (its onRoute hook must see the docs routes too) and after swagger, whose spec it renders.
  await registerApiDocs(app);
  registerRoutes(app, { services: container.services, limits: config.limits });
  registerAuditTrail(app, container.services.audit);
  return app;
}
