// Search across the contents of the latest pacts: the page (/ui/search, a GET form) and the same search as JSON
// (/search/pacts). Both read at most MAX_PACTS pacts in one query (pacts service) and run the pure matcher.
import type { FastifyInstance } from 'fastify';
import { link } from '../../http/hal.js';
import { sendPage } from '../../http/pages.js';
import { sendJson } from '../../http/respond.js';
import type { Req, RouteDeps } from '../../http/route-types.js';
import { halResponse, responses } from '../../http/schemas.js';
import { MAX_PACTS, MAX_RESULTS, MAX_TERM, MIN_TERM, parseTerm, searchPacts, type SearchResult } from './search-pacts.js';
import { renderSearchPage } from './search.view.js';

export function searchRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const search = async (term: string): Promise<SearchResult> => searchPacts(await services.pacts.latestWithContent(MAX_PACTS), term);

  // The page reads its query leniently (an empty or short term shows the form), so it has no query schema.
  app.get('/ui/search', { schema: { hide: true } }, async (request: Req<Record<string, string>, unknown, Record<string, unknown>>, reply) => {
    const term = parseTerm(request.query.q);
    return sendPage(reply, renderSearchPage(term, term ? await search(term) : null));
  });

  app.get(
    '/search/pacts',
    {
      schema: {
        tags: ['pacts'],
        summary: 'Search the latest pact of each integration for a field name, path, header, description or provider state',
        description: `Case-insensitive substring match on JSON keys in request, response and message bodies (reported with their path, e.g. \`response.body.items[].total\`), request paths and queries, header names and values, message metadata keys, interaction descriptions and provider states. Bounded: the latest pacts of at most ${MAX_PACTS} integrations (by consumer, then provider name) are read and at most ${MAX_RESULTS} matches returned (\`truncated\` says when more exist).`,
        querystring: {
          type: 'object',
          required: ['q'],
          properties: { q: { type: 'string', minLength: MIN_TERM, maxLength: MAX_TERM, description: 'The term to look for' } },
        },
        response: responses({ 200: halResponse('Matches grouped by integration (consumer → provider) and interaction') }, [400]),
      },
    },
    async (request: Req<Record<string, string>, unknown, { q: string }>, reply) => {
      const term = request.query.q.trim();
      const result = term.length >= MIN_TERM ? await search(term) : { term, groups: [], matches: 0, scanned: 0, truncated: false };
      const base = request.baseUrl;
      return sendJson(reply, 200, {
        term: result.term,
        matches: result.matches,
        scanned: result.scanned,
        truncated: result.truncated,
        limits: { pacts: MAX_PACTS, matches: MAX_RESULTS },
        results: result.groups.map((g) => ({
          consumer: { name: g.consumer },
          provider: { name: g.provider },
          consumerVersion: { number: g.consumerVersion },
          interactions: g.interactions,
          _links: { 'pb:pact-version': link(`${base}${g.pactHref}`, { title: 'The pact' }) },
        })),
        _links: { self: link(`${base}/search/pacts?q=${encodeURIComponent(term)}`) },
      });
    },
  );
}
