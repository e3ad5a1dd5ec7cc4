import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyListLimits } from '../http/list-limits.js';
import { parseNestedQuery, type NestedValue } from '../http/nested-query.js';
import { sendJsonBody } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { halResponse, paramsOf, responses } from '../http/schemas.js';
import { presentPactsForVerification } from './for-verification.presenter.js';
import { checkLimit, type Limits } from '../shared/limits.js';
import type { ConsumerVersionSelectorInput, ForVerificationInput } from './selectors.js';

const str = { type: ['string', 'null'] };
const bool = { type: ['boolean', 'null'] };
const selectorSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mainBranch: bool,
    branch: { type: ['string', 'boolean', 'null'] },
    matchingBranch: bool,
    fallbackBranch: str,
    tag: str,
    fallbackTag: str,
    latest: bool,
    deployedOrReleased: bool,
    deployed: bool,
    released: bool,
    environment: str,
    consumer: str,
  },
};
const bodySchema = {
  type: ['object', 'null'],
  additionalProperties: true,
  properties: {
    consumerVersionSelectors: { type: ['array', 'null'], items: selectorSchema },
    providerVersionBranch: str,
    providerVersionTags: { type: ['array', 'null'], items: { type: 'string' } },
    includePendingStatus: bool,
    includeWipPactsSince: str,
  },
};

/** null means "not given" (some clients send nulls for unset options). */
function withoutNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

function fromBody(body: Record<string, unknown> | null | undefined): ForVerificationInput {
  const input = withoutNulls({ ...(body ?? {}) }) as ForVerificationInput;
  if (input.consumerVersionSelectors) input.consumerVersionSelectors = input.consumerVersionSelectors.map((s) => withoutNulls(s));
  return input;
}

/** Query keys of a selector (snake_case or camelCase) → its field; any other key is ignored. */
const SELECTOR_KEYS = new Map<string, keyof ConsumerVersionSelectorInput>([
  ...Object.keys(selectorSchema.properties).map((k) => [k, k as keyof ConsumerVersionSelectorInput] as const),
  ['main_branch', 'mainBranch'],
  ['matching_branch', 'matchingBranch'],
  ['fallback_branch', 'fallbackBranch'],
  ['fallback_tag', 'fallbackTag'],
  ['deployed_or_released', 'deployedOrReleased'],
]);
const BOOLEAN_KEYS = new Set(['mainBranch', 'matchingBranch', 'latest', 'deployedOrReleased', 'deployed', 'released']);

/** The lists of the request, counted before any item is looked at (as the POST's preValidation hook does). */
const LIST_LIMITS = { consumerVersionSelectors: 'selectorsPerRequest', providerVersionTags: 'tagsPerRequest' } as const;

/** The deprecated GET form: snake_case (or camelCase) nested query parameters. */
export function fromQuery(raw: string, limits: Limits): ForVerificationInput {
  const q = parseNestedQuery(raw);
  const pick = (...names: string[]): NestedValue | undefined => names.map((n) => q[n]).find((v) => v !== undefined);
  const selectors = pick('consumer_version_selectors', 'consumerVersionSelectors');
  const tags = pick('provider_version_tags', 'providerVersionTags');
  if (Array.isArray(selectors)) checkLimit(limits, LIST_LIMITS.consumerVersionSelectors, 'consumerVersionSelectors', selectors.length);
  if (Array.isArray(tags)) checkLimit(limits, LIST_LIMITS.providerVersionTags, 'providerVersionTags', tags.length);
  const asBool = (v: NestedValue | undefined) => (typeof v === 'string' ? v === 'true' : undefined);
  const input: ForVerificationInput = {};
  if (Array.isArray(selectors)) {
    input.consumerVersionSelectors = (selectors as Array<Record<string, string> | string>)
      .filter((s): s is Record<string, string> => typeof s === 'object')
      .map((s) => {
        const out: Record<string, string | boolean> = {};
        for (const [key, value] of Object.entries(s)) {
          const name = SELECTOR_KEYS.get(key);
          if (name === undefined) continue;
          out[name] = BOOLEAN_KEYS.has(name) || (name === 'branch' && value === 'true') ? value === 'true' : value;
        }
        return out as ConsumerVersionSelectorInput;
      });
  }
  if (Array.isArray(tags)) input.providerVersionTags = tags.filter((t): t is string => typeof t === 'string');
  const branch = pick('provider_version_branch', 'providerVersionBranch');
  if (typeof branch === 'string') input.providerVersionBranch = branch;
  const pending = asBool(pick('include_pending_status', 'includePendingStatus'));
  if (pending !== undefined) input.includePendingStatus = pending;
  const since = pick('include_wip_pacts_since', 'includeWipPactsSince');
  if (typeof since === 'string') input.includeWipPactsSince = since;
  return input;
}

export function forVerificationRoutes(app: FastifyInstance, { services, limits }: RouteDeps): void {
  const { pactsForVerification, answers } = services;
  // The answer depends on the URL, the body (POST) and the base URL of its links only.
  const key = (request: FastifyRequest) => `for-verification\u0000${request.method}\u0000${request.baseUrl}\u0000${request.url}\u0000${JSON.stringify(request.body ?? null)}`;
  const tags = ['pacts-for-verification'];
  const path = '/pacts/provider/:provider/for-verification';
  const ok = responses({ 200: halResponse('The pacts to verify, each with its pending/WIP status, notices and a pact URL that records why it was selected') }, [400, 404, 415]);

  app.post(
    path,
    {
      schema: {
        tags,
        summary: 'The pacts a provider version should verify, selected by consumer version selectors (with pending and WIP status)',
        params: paramsOf('provider'),
        body: bodySchema,
        response: ok,
      },
      preValidation: bodyListLimits(limits, LIST_LIMITS),
    },
    async (request: Req<{ provider: string }, Record<string, unknown> | null>, reply) => {
      // The presenter writes the JSON text itself.
      const body = await answers.answer(key(request), async () =>
        presentPactsForVerification(request.baseUrl, await pactsForVerification.find(request.params.provider, fromBody(request.body))),
      );
      return sendJsonBody(reply, 200, body);
    },
  );

  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'Deprecated query form of the POST (snake_case nested parameters, e.g. consumer_version_selectors[][tag]=prod); without parameters, the default selectors',
        params: paramsOf('provider'),
        response: ok,
      },
    },
    async (request: Req<{ provider: string }>, reply) => {
      const q = request.url.indexOf('?');
      const body = await answers.answer(key(request), async () => {
        const result = await pactsForVerification.find(request.params.provider, fromQuery(q === -1 ? '' : request.url.slice(q + 1), limits));
        return presentPactsForVerification(request.baseUrl, result, { deprecatedGet: true });
      });
      return sendJsonBody(reply, 200, body);
    },
  );
}
