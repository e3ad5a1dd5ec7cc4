import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { link, pageLinksWithoutTotal } from '../http/hal.js';
import { sendPage, wantsPage } from '../http/pages.js';
import { sendWithEtag } from '../http/conditional.js';
import { jsonTypeFor, sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, noContent, pageFrom, pagingQuery, paramsOf, responses, type PagingQuery } from '../http/schemas.js';
import { urls } from '../http/urls.js';
import { createPactBytesPresenter, pactDocumentHeaders, presentDiff, presentIntegrationPacts, presentLatestPacts, presentPact, presentProviderPacts } from './pacts.presenter.js';
import type { Pact } from './pacts.types.js';
import type { IntegrationPactsFilter, ProviderPactsFilter } from './pacts.service.js';
import { DomainError } from '../shared/errors.js';
import { renderPactPage } from '../ui/pacts/pact.page.js';
import { renderNotFound } from '../ui/shared/not-found.view.js';

type Integration = { provider: string; consumer: string };
type ForVersion = Integration & { version: string };

const INTEGRATION = '/pacts/provider/:provider/consumer/:consumer';
const pactDocument = {
  description: 'The pact document with `createdAt` and HAL `_links` added',
  type: 'object',
  additionalProperties: true,
};
/** What the summaries of the lists that grow with history say about paging. */
const PAGED = 'a page at a time: 100 by default, `pageSize`/`size` and `pageNumber`/`page` choose; `next`/`previous` links when there are more';
const textDiff = { description: 'A line diff for people', type: 'string' };

export function pactsRoutes(app: FastifyInstance, { services, limits }: RouteDeps): void {
  const { pacts } = services;
  const tags = ['pacts'];
  // The links and ETag of the pacts served lately (a few KiB each), by their inputs.
  const presentPactBytes = createPactBytesPresenter({ maxBytes: 4 * 1024 * 1024 });

  /**
   * Every GET that serves one pact document answers through this: the document (built from the cached content) with
   * its X-Pact-* headers and a strong ETag, or a 304 when If-None-Match names that tag.
   */
  function sendPactDocument(request: FastifyRequest, reply: FastifyReply, pact: Pact, options?: Parameters<typeof presentPact>[2]): FastifyReply {
    const mediaType = jsonTypeFor(request);
    const { body, etag } = presentPactBytes(request.baseUrl, pact, pacts.contentEntry(pact), mediaType, options);
    return sendWithEtag(request, reply.headers(pactDocumentHeaders(pact)), mediaType, body, etag);
  }

  /**
   * One pact document: HAL JSON for the Pact clients (and `?format=hal`), the pact as documentation for a browser
   * (src/ui/pacts/), whose unknown names get a 404 page rather than a JSON error.
   */
  async function answerPact(request: FastifyRequest, reply: FastifyReply, load: () => Promise<Pact>, options?: Parameters<typeof presentPact>[2]) {
    // `…/latest.json` asks for JSON by its extension (app.ts strips it before routing), whatever the Accept header says.
    const asJson = !wantsPage(request) || request.originalUrl.split('?')[0]!.endsWith('.json');
    if (asJson) return sendPactDocument(request, reply, await load(), options);
    let pact: Pact;
    try {
      pact = await load();
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') return sendPage(reply, renderNotFound('Pact not found', error.message), 404);
      throw error;
    }
    return sendPage(reply, await renderPactPage(services, pact, request.url.split('?')[0]!));
  }

  app.get(
    '/pacts/latest',
    { schema: { tags, summary: 'The latest pact of every integration', response: responses({ 200: halResponse('Latest pacts') }, []) } },
    async (request, reply) => sendJson(reply, 200, presentLatestPacts(request.baseUrl, await pacts.latestPerIntegration())),
  );

  // --- one pact document ---
  const versionParams = paramsOf('provider', 'consumer', 'version');

  app.get(
    `${INTEGRATION}/version/:version`,
    { schema: { tags, summary: 'The pact a consumer version published for a provider', params: versionParams, response: responses({ 200: pactDocument }) } },
    async (request: Req<ForVersion>, reply) => {
      const { provider, consumer, version } = request.params;
      return answerPact(request, reply, () => pacts.readForConsumerVersion(provider, consumer, version));
    },
  );

  app.put(
    `${INTEGRATION}/version/:version`,
    {
      schema: {
        tags,
        summary: 'Legacy publish: the body is the pact; 201 when new, 200 when unchanged, 409 when the content differs',
        params: versionParams,
        body: { type: 'object', additionalProperties: true },
        response: responses({ 200: pactDocument, 201: pactDocument }, [400, 409, 413, 415]),
      },
    },
    async (request: Req<ForVersion, unknown>, reply) => {
      const { provider, consumer, version } = request.params;
      const { created, pact } = await pacts.putPact(provider, consumer, version, request.body);
      if (created) reply.header('Location', urls.pact(request.baseUrl, provider, consumer, version));
      return sendJson(reply, created ? 201 : 200, presentPact(request.baseUrl, pact));
    },
  );

  app.delete(
    `${INTEGRATION}/version/:version`,
    { schema: { tags, summary: 'Delete the pact of a consumer version', params: versionParams, response: responses({ 200: halResponse('Deleted') }) } },
    async (request: Req<ForVersion>, reply) => {
      const { provider, consumer, version } = request.params;
      await pacts.deleteForConsumerVersion(provider, consumer, version);
      return sendJson(reply, 200, {
        _links: {
          index: link(request.baseUrl),
          'pb:latest-pact-version': link(urls.latestPact(request.baseUrl, provider, consumer), { title: 'Latest pact' }),
        },
      });
    },
  );

  const latestRoutes: Array<[string, string, (p: Record<string, string>) => { tag?: string; branch?: string; untagged?: boolean }]> = [
    [`${INTEGRATION}/latest`, 'The latest pact of an integration', () => ({})],
    [`${INTEGRATION}/latest/:tag`, 'The latest pact from a consumer version with a tag', (p) => ({ tag: p.tag! })],
    [`${INTEGRATION}/latest-untagged`, 'The latest pact from an untagged consumer version', () => ({ untagged: true })],
    [`${INTEGRATION}/branch/:branch/latest`, 'The latest pact from a consumer branch', (p) => ({ branch: p.branch! })],
  ];
  for (const [path, summary, selector] of latestRoutes) {
    const names = ['provider', 'consumer', ...[...path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((n) => n !== 'provider' && n !== 'consumer')];
    app.get(
      path,
      { schema: { tags, summary, params: paramsOf(...names), response: responses({ 200: pactDocument }) } },
      async (request: Req<Record<string, string>>, reply) => {
        return answerPact(request, reply, () => pacts.readLatest(request.params.provider!, request.params.consumer!, selector(request.params)));
      },
    );
  }

  for (const path of [`${INTEGRATION}/pact-version/:sha`, `${INTEGRATION}/pact-version/:sha/metadata/:metadata`]) {
    app.get(
      path,
      {
        schema: {
          tags,
          summary: 'A pact by its content SHA (permalink); the consumer version shown is the latest with that content',
          params: paramsOf('provider', 'consumer', 'sha', ...(path.endsWith(':metadata') ? ['metadata'] : [])),
          response: responses({ 200: pactDocument }),
        },
      },
      async (request: Req<Integration & { sha: string; metadata?: string }>, reply) => {
        const { provider, consumer, sha, metadata } = request.params;
        return answerPact(request, reply, () => pacts.readBySha(provider, consumer, sha), { metadata, limits });
      },
    );
  }

  // --- diffs ---
  app.get(
    `${INTEGRATION}/version/:version/previous-distinct`,
    { schema: { tags, summary: 'The previous pact with different content', params: versionParams, response: responses({ 200: pactDocument }) } },
    async (request: Req<ForVersion>, reply) => {
      const { provider, consumer, version } = request.params;
      const { previous } = await pacts.previousDistinct(provider, consumer, version);
      if (!previous) {
        return sendJson(reply, 404, { title: 'Not found', detail: 'No previous distinct version was found', error: 'No previous distinct version was found' });
      }
      return sendPactDocument(request, reply, previous);
    },
  );

  const diffRoutes: Array<[string, string[], string]> = [
    [`${INTEGRATION}/version/:version/diff/previous-distinct`, ['version'], 'Diff with the previous pact with different content'],
    [`${INTEGRATION}/version/:version/diff/version/:otherVersion`, ['version', 'otherVersion'], 'Diff with the pact of another consumer version'],
  ];
  for (const [path, names, summary] of diffRoutes) {
    app.get(
      path,
      { schema: { tags, summary, params: paramsOf('provider', 'consumer', ...names), response: responses({ 200: textDiff }) } },
      async (request: Req<ForVersion & { otherVersion?: string }>, reply) => {
        const { provider, consumer, version, otherVersion } = request.params;
        const { pact, previous, diff } = await pacts.diff(provider, consumer, version, otherVersion);
        return reply.code(200).type('text/plain;charset=utf-8').send(presentDiff(request.baseUrl, pact, previous, diff));
      },
    );
  }

  app.get(
    `${INTEGRATION}/pact-version/:sha/diff/pact-version/:otherSha`,
    { schema: { tags, summary: 'Diff between two pact contents', params: paramsOf('provider', 'consumer', 'sha', 'otherSha'), response: responses({ 200: textDiff }) } },
    async (request: Req<Integration & { sha: string; otherSha: string }>, reply) => {
      const { provider, consumer, sha, otherSha } = request.params;
      const { pact, other, diff } = await pacts.diffBySha(provider, consumer, sha, otherSha);
      return reply.code(200).type('text/plain;charset=utf-8').send(presentDiff(request.baseUrl, pact, other, diff));
    },
  );

  // --- pact versions of one integration ---
  const integrationLists: Array<[string, string, (p: Record<string, string>) => IntegrationPactsFilter]> = [
    [`${INTEGRATION}/versions`, 'All pact versions of an integration, newest first', () => ({})],
    [`${INTEGRATION}/tag/:tag`, 'Pact versions from consumer versions with a tag', (p) => ({ tag: p.tag! })],
    [`${INTEGRATION}/branch/versions`, 'Pact versions from the consumer’s main branch', () => ({ mainBranch: true })],
    [`${INTEGRATION}/branch/latest/versions`, 'The latest pact version from the consumer’s main branch', () => ({ mainBranch: true, latest: true })],
    [`${INTEGRATION}/branch/:branch`, 'Pact versions from a consumer branch', (p) => ({ branch: p.branch! })],
    [`${INTEGRATION}/branch/:branch/latest/versions`, 'The latest pact version from a consumer branch', (p) => ({ branch: p.branch!, latest: true })],
  ];
  for (const [path, summary, filter] of integrationLists) {
    const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    app.get(
      path,
      {
        schema: {
          tags,
          summary: `${summary}${path.endsWith('/latest/versions') ? '' : ` (${PAGED})`}`,
          params: paramsOf(...names),
          querystring: pagingQuery,
          response: responses({ 200: halResponse('Pact versions') }),
        },
      },
      async (request: Req<Record<string, string>, unknown, PagingQuery>, reply) => {
        const page = pageFrom(request.query, limits);
        const { consumer, provider, pacts: list, more } = await pacts.forIntegration(request.params.provider!, request.params.consumer!, filter(request.params), page);
        const self = `${request.baseUrl}${request.url.split('?')[0]}`;
        return sendJson(reply, 200, presentIntegrationPacts(request.baseUrl, consumer.name, provider.name, list, self, pageLinksWithoutTotal(self, page, more)));
      },
    );
  }

  app.delete(
    `${INTEGRATION}/versions`,
    { schema: { tags, summary: 'Delete every pact of an integration', params: paramsOf('provider', 'consumer'), response: responses({ 204: noContent }) } },
    async (request: Req<Integration>, reply) => {
      await pacts.deleteIntegrationPacts(request.params.provider, request.params.consumer);
      return reply.code(204).send();
    },
  );

  // --- pacts of a provider ---
  const providerLists: Array<[string, string, (p: Record<string, string>) => ProviderPactsFilter, (provider: string, p: Record<string, string>) => string]> = [
    ['/pacts/provider/:provider', 'All pact versions for the provider', () => ({ kind: 'all' }), (pr) => `All pact versions for the provider ${pr}`],
    ['/pacts/provider/:provider/latest', 'Latest pact of each consumer', () => ({ kind: 'latest' }), (pr) => `Latest pact versions for the provider ${pr}`],
    [
      '/pacts/provider/:provider/latest/:tag',
      'Latest pact of each consumer from versions with a tag',
      (p) => ({ kind: 'tag', tag: p.tag!, latest: true }),
      (pr, p) => `Latest pact versions for the provider ${pr} with consumer version tag '${p.tag}'`,
    ],
    [
      '/pacts/provider/:provider/tag/:tag',
      'All pacts from consumer versions with a tag',
      (p) => ({ kind: 'tag', tag: p.tag!, latest: false }),
      (pr, p) => `All pact versions for the provider ${pr} with consumer version tag '${p.tag}'`,
    ],
    ['/pacts/provider/:provider/branch', 'Pacts from each consumer’s main branch', () => ({ kind: 'branch', branch: undefined, latest: false }), (pr) => `All pact versions for the provider ${pr}`],
    [
      '/pacts/provider/:provider/branch/latest',
      'Latest pact from each consumer’s main branch',
      () => ({ kind: 'branch', branch: undefined, latest: true }),
      (pr) => `Latest pact versions for the provider ${pr}`,
    ],
    [
      '/pacts/provider/:provider/branch/:branch',
      'Pacts from a consumer branch',
      (p) => ({ kind: 'branch', branch: p.branch!, latest: false }),
      (pr, p) => `All pact versions for the provider ${pr} with consumer version branch '${p.branch}'`,
    ],
    [
      '/pacts/provider/:provider/branch/:branch/latest',
      'Latest pact of each consumer from a branch',
      (p) => ({ kind: 'branch', branch: p.branch!, latest: true }),
      (pr, p) => `Latest pact versions for the provider ${pr} with consumer version branch '${p.branch}'`,
    ],
  ];
  for (const [path, summary, filter, title] of providerLists) {
    const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    app.get(
      path,
      {
        schema: {
          tags,
          summary: `${summary}${/latest/.test(path) ? '' : ` (${PAGED})`}`,
          params: paramsOf(...names),
          querystring: pagingQuery,
          response: responses({ 200: halResponse('Pacts') }),
        },
      },
      async (request: Req<Record<string, string>, unknown, PagingQuery>, reply) => {
        const page = pageFrom(request.query, limits);
        const { provider, pacts: list, more } = await pacts.forProvider(request.params.provider!, filter(request.params), page);
        const self = { href: `${request.baseUrl}${request.url.split('?')[0]}`, title: title(provider.name, request.params) };
        return sendJson(reply, 200, presentProviderPacts(request.baseUrl, provider.name, list, self, pageLinksWithoutTotal(self.href, page, more)));
      },
    );
  }
}
