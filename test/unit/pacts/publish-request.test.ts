import { describe, expect, it } from 'vitest';
import { pactProblems } from '../../../src/pacts/pact-schema.js';
import { parsePublishContracts, type PublishContractsBody } from '../../../src/pacts/publish-request.js';
import { DomainError } from '../../../src/shared/errors.js';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';
import { base64, pactDocument, publishBody } from '../../support/pacts.js';

function errorsOf(body: PublishContractsBody): Record<string, string[]> {
  try {
    parsePublishContracts(body, DEFAULT_LIMITS);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).fields as Record<string, string[]>;
  }
  throw new Error('expected a validation error');
}

const valid = () => publishBody({ consumer: 'Foo', provider: 'Bar', version: '1', branch: 'main', tags: ['a', 'a', 'b'] }) as unknown as PublishContractsBody;

describe('parsePublishContracts', () => {
  it('decodes and parses contracts; duplicate tags collapse', () => {
    const input = parsePublishContracts(valid(), DEFAULT_LIMITS);
    expect(input.tags).toEqual(['a', 'b']);
    expect(input.contracts[0]!.document.consumer.name).toBe('Foo');
    expect(input.contracts[0]!.onConflict).toBe('overwrite');
  });

  it.each([
    ['not base64', (b: PublishContractsBody) => (b.contracts[0]!.content = '%%%'), 'is not valid Base64 (at index 0)'],
    ['base64 of non-JSON', (b: PublishContractsBody) => (b.contracts[0]!.content = base64('nope')), 'content could not be parsed as application/json (at index 0)'],
    ['a JSON array', (b: PublishContractsBody) => (b.contracts[0]!.content = base64('[1]')), 'parsed content was expected to be an object but was an array (at index 0)'],
    [
      'consumer mismatch',
      (b: PublishContractsBody) => (b.contracts[0]!.content = base64(pactDocument({ consumer: 'X', provider: 'Bar' }))),
      "consumer name in contract content ('X') must match consumerName in contract params ('Foo') (at index 0)",
    ],
    ['consumerName ≠ pacticipantName', (b: PublishContractsBody) => (b.contracts[0]!.consumerName = 'Other'), "consumerName ('Other') must match pacticipantName ('Foo') (at index 0)"],
  ])('rejects %s', (_name, mutate, message) => {
    const body = valid();
    mutate(body);
    expect(errorsOf(body).contracts).toContain(message);
  });

  it('names bad top-level fields', () => {
    const body = { ...valid(), pacticipantVersionNumber: 'a\nb', branch: ' ', tags: ['x\u0001'] };
    const errors = errorsOf(body);
    expect(errors.pacticipantVersionNumber).toEqual(['cannot contain multiple lines']);
    expect(errors.branch).toEqual(['cannot be blank']);
    expect(errors.tags).toEqual(['cannot contain control characters']);
  });
});

describe('pactProblems', () => {
  it('accepts v2 HTTP, v3 message and v4 pacts', () => {
    expect(pactProblems(pactDocument({ consumer: 'C', provider: 'P' }))).toEqual([]);
    expect(pactProblems({ consumer: { name: 'C' }, provider: { name: 'P' }, messages: [{ description: 'm', contents: {} }] })).toEqual([]);
    expect(
      pactProblems({
        consumer: { name: 'C' },
        provider: { name: 'P' },
        interactions: [
          { type: 'Synchronous/HTTP', description: 'h', request: { method: 'GET', path: '/' }, response: { status: 200 } },
          { type: 'Asynchronous/Messages', description: 'a', contents: { content: {} } },
          { type: 'Synchronous/Messages', description: 's', request: { contents: {} }, response: [{ contents: {} }] },
        ],
        metadata: { pactSpecification: { version: '4.0' } },
      }),
    ).toEqual([]);
  });

  it.each([
    [{ provider: { name: 'P' }, interactions: [] }, 'pact is missing consumer'],
    [{ consumer: { name: 'C' }, provider: { name: 'P' } }, 'pact must have an interactions or messages array'],
    [{ consumer: { name: 'C' }, provider: { name: 'P' }, interactions: {} }, 'interactions must be array'],
    [{ consumer: { name: 'C' }, provider: { name: 'P' }, interactions: [{ description: 'x', request: { path: '/' }, response: { status: 200 } }] }, 'interactions.0.request is missing method'],
    [{ consumer: { name: 'C' }, provider: { name: 'P' }, interactions: [{ description: 'x', request: { method: 'GET', path: '/' }, response: { status: 'ok' } }] }, 'interactions.0.response.status must be integer'],
    [{ consumer: { name: ' ' }, provider: { name: 'P' }, interactions: [] }, 'consumer.name cannot be blank'],
  ])('rejects %j', (document, problem) => expect(pactProblems(document)).toContain(problem));
});
