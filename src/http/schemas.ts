// Shared JSON-schema fragments for route definitions (they feed ajv validation and the OpenAPI document).
import { checkLimit, type Limits } from '../shared/limits.js';

export const halResponse = (description: string) => ({
  description,
  type: 'object',
  additionalProperties: true,
});

export const errorResponse = {
  description: 'Error: `errors` names each bad field; `notices` may explain what to do next',
  type: 'object',
  additionalProperties: true,
  properties: {
    title: { type: 'string' },
    detail: { type: 'string' },
    errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
};

export const noContent = { description: 'Done; no body', type: 'null' };

/** Standard responses: the given 2xx plus the error statuses every route can produce. */
export function responses(ok: Record<number, unknown>, errors: number[] = [400, 404]) {
  const out: Record<number, unknown> = { ...ok };
  for (const status of errors) out[status] = errorResponse;
  return out;
}

export const paramsOf = (...names: string[]) => ({
  type: 'object',
  required: names,
  properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])),
});

// The upper bounds are the configurable limits pageNumber and pageSize, checked by pageFrom (a 400 naming the limit).
const pageNumberParam = { type: 'integer', minimum: 1, description: 'At most the pageNumber limit (TREATY_MAX_PAGE_NUMBER)' };
const pageSizeParam = { type: 'integer', minimum: 1, description: 'At most the pageSize limit (TREATY_MAX_PAGE_SIZE)' };
export const pagingQuery = {
  type: 'object',
  properties: { pageNumber: pageNumberParam, pageSize: pageSizeParam, page: pageNumberParam, size: pageSizeParam },
};

export interface PagingQuery {
  pageNumber?: number;
  pageSize?: number;
  page?: number;
  size?: number;
}

/**
 * Paging is opt-in (as in the Pact Broker): without parameters the first 100 items are returned. A page number or
 * size above limits.pageNumber / limits.pageSize is a 400 naming the limit (so no offset ever overflows a bigint).
 */
export function pageFrom(query: PagingQuery, limits: Limits, defaultSize = 100) {
  for (const field of ['pageNumber', 'page'] as const) {
    if (query[field] !== undefined) checkLimit(limits, 'pageNumber', field, query[field], 'as the page number');
  }
  for (const field of ['pageSize', 'size'] as const) {
    if (query[field] !== undefined) checkLimit(limits, 'pageSize', field, query[field], 'items per page');
  }
  const requested = query.pageNumber ?? query.page;
  const size = Math.min(query.pageSize ?? query.size ?? defaultSize, limits.pageSize);
  const number = requested ?? 1;
  return { paged: requested !== undefined || query.pageSize !== undefined || query.size !== undefined, number, size, offset: (number - 1) * size, limit: size };
}

/** Any JSON object body; for endpoints whose body the Pact clients send but Treaty ignores. */
export const ignoredBody = { type: ['object', 'null'], additionalProperties: true };
