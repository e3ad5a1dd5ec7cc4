// Structural validation of pact documents, Pact specification v1 to v4, HTTP and message interactions.
// Checks what a verifier needs to be able to replay a contract; matching rules and generators are left free-form.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const nonBlank = { type: 'string', minLength: 1, pattern: '\\S' } as const;
const anyObject = { type: 'object' } as const;

const httpRequest = {
  type: 'object',
  required: ['method', 'path'],
  properties: {
    method: nonBlank,
    path: { type: 'string' },
    query: { type: ['string', 'object'] },
    headers: anyObject,
  },
} as const;

const httpResponse = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'integer', minimum: 100, maximum: 599 }, headers: anyObject },
} as const;

const providerStates = {
  type: 'array',
  items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, params: anyObject } },
} as const;

const common = {
  description: nonBlank,
  providerState: { type: ['string', 'null'] },
  providerStates,
} as const;

// v1-v3 HTTP interactions have no `type`; v4 tags every interaction with one.
const interaction = {
  type: 'object',
  required: ['description'],
  properties: {
    ...common,
    type: { enum: ['Synchronous/HTTP', 'Asynchronous/Messages', 'Synchronous/Messages'] },
  },
  allOf: [
    {
      if: { not: { required: ['type'] } },
      then: { required: ['request', 'response'], properties: { request: httpRequest, response: httpResponse } },
    },
    {
      if: { required: ['type'], properties: { type: { const: 'Synchronous/HTTP' } } },
      then: { required: ['request', 'response'], properties: { request: httpRequest, response: httpResponse } },
    },
    {
      if: { required: ['type'], properties: { type: { const: 'Synchronous/Messages' } } },
      then: { required: ['request', 'response'], properties: { request: anyObject, response: { type: 'array' } } },
    },
  ],
} as const;

const message = {
  type: 'object',
  required: ['description'],
  properties: { ...common, metaData: anyObject, metadata: anyObject },
} as const;

const pacticipant = { type: 'object', required: ['name'], properties: { name: nonBlank } } as const;

export const pactDocumentSchema = {
  $id: 'https://treaty.dev/schemas/pact.json',
  type: 'object',
  required: ['consumer', 'provider'],
  properties: {
    consumer: pacticipant,
    provider: pacticipant,
    interactions: { type: 'array', items: interaction },
    messages: { type: 'array', items: message },
    metadata: anyObject,
  },
  anyOf: [{ required: ['interactions'] }, { required: ['messages'] }],
} as const;

let compiled: ValidateFunction | undefined;
/** Compiled on the first publish, not at start (a server that only serves reads never needs it). */
function validatePact(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(pactDocumentSchema);
  return compiled;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'pact';
  if (error.keyword === 'required') return `${where} is missing ${String(error.params.missingProperty)}`;
  if (error.keyword === 'anyOf' && !error.instancePath) return 'pact must have an interactions or messages array';
  if (error.keyword === 'pattern') return `${where} cannot be blank`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Returns human-readable problems; empty when the document is a structurally valid pact. */
export function pactProblems(document: unknown): string[] {
  const validate = validatePact();
  if (validate(document)) return [];
  const relevant = (validate.errors ?? []).filter((e) => e.keyword !== 'if' && !(e.keyword === 'anyOf' && e.instancePath));
  return [...new Set(relevant.map(describe))].slice(0, 20);
}
