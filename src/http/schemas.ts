// Shared JSON-schema fragments for route definitions (they feed ajv validation and the OpenAPI document).

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

export const pagingQuery = {
  type: 'object',
  properties: {
    pageNumber: { type: 'integer', minimum: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 1000 },
    page: { type: 'integer', minimum: 1 },
    size: { type: 'integer', minimum: 1, maximum: 1000 },
  },
};

export interface PagingQuery {
  pageNumber?: number;
  pageSize?: number;
  page?: number;
  size?: number;
}

/** Paging is opt-in (as in the Pact Broker): without parameters the first 100 items are returned. */
export function pageFrom(query: PagingQuery, defaultSize = 100) {
  const requested = query.pageNumber ?? query.page;
  const size = query.pageSize ?? query.size ?? defaultSize;
  const number = requested ?? 1;
  return { paged: requested !== undefined || query.pageSize !== undefined || query.size !== undefined, number, size, offset: (number - 1) * size, limit: size };
}

/** Any JSON object body; for endpoints whose body the Pact clients send but Treaty ignores. */
export const ignoredBody = { type: ['object', 'null'], additionalProperties: true };
