// Property-based tests for the parsers of client input (issue 9): for any input each returns a value or throws a
// DomainError, never anything else, and never touches Object.prototype. Pact normalisation: the content SHA is stable
// under key order, whitespace and interaction order. Arbitraries lean on keys such as __proto__, constructor and
// prototype, brackets, percent-escapes and huge or deep values.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNestedQuery, type NestedValue } from '../../src/http/nested-query.js';
import { parseCanIDeployQuery, parseMatrixQuery } from '../../src/matrix/matrix-query.js';
import { canonicalJson, contentSha, withInteractionIds, type JsonObject, type PactDocument } from '../../src/pacts/pact-content.js';
import { decodePactMetadata } from '../../src/pacts/pact-metadata.js';
import { verificationFlags } from '../../src/verifications/verification-request.js';
import { isBase64, parsePublishContracts, type PublishContractsBody } from '../../src/pacts/publish-request.js';
import { fromQuery } from '../../src/pacts-for-verification/for-verification.routes.js';
import { parseForVerificationRequest, type ConsumerVersionSelectorInput, type ForVerificationInput } from '../../src/pacts-for-verification/selectors.js';
import { DomainError } from '../../src/shared/errors.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/shared/limits.js';

// --- the prototype guard ------------------------------------------------------------------------------------------

const PROTOTYPES = [Object.prototype, Array.prototype, String.prototype, Function.prototype];
const snapshot = () => PROTOTYPES.map((p) => Reflect.ownKeys(p).map(String).sort().join(','));
const CLEAN = snapshot();
const PROBES = ['latest', 'version', 'pacticipant', 'tag', 'branch', 'polluted', 'x', 'a', 'q', 'consumer', '0'];

function expectPrototypesUntouched(): void {
  expect(snapshot()).toEqual(CLEAN);
  expect(Object.keys(Object.prototype)).toEqual([]);
  const probe: Record<string, unknown> = {};
  for (const key of PROBES) expect(probe[key]).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

const DESCRIPTORS = PROTOTYPES.map((p) => Object.getOwnPropertyDescriptors(p));
afterEach(() => {
  // Should a property fail by polluting (adding or overwriting a member), later tests in this file must not see it.
  PROTOTYPES.forEach((proto, i) => {
    const clean = DESCRIPTORS[i]!;
    for (const key of Reflect.ownKeys(proto)) if (!Object.hasOwn(clean, key)) delete (proto as Record<PropertyKey, unknown>)[key];
    for (const key of Reflect.ownKeys(clean)) Object.defineProperty(proto, key, clean[key as keyof typeof clean]!);
  });
});

/** Runs `parse`: a value or a DomainError, nothing else, and the prototypes as they were. */
function valueOrDomainError<T>(parse: () => T): T | DomainError {
  let result: T | DomainError;
  try {
    result = parse();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    result = error;
  }
  expectPrototypesUntouched();
  return result;
}

// --- arbitraries ---------------------------------------------------------------------------------------------------

const DANGEROUS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'length', '0'];
const MEANINGFUL = [
  'q', 'pacticipant', 'version', 'latest', 'tag', 'branch', 'mainBranch', 'main_branch', 'environment', 'to', 'ignore', 'latestby', 'limit',
  'consumer_version_selectors', 'consumerVersionSelectors', 'provider_version_tags', 'providerVersionTags', 'provider_version_branch',
  'include_pending_status', 'include_wip_pacts_since', 'deployed', 'released', 'deployed_or_released', 'fallback_tag', 'matching_branch',
  'consumer', 'polluted',
];
const keyAtom = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...DANGEROUS) },
  { weight: 4, arbitrary: fc.constantFrom(...MEANINGFUL) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '[', ']', '[]', '%', '%5B', '%5D', '%5F%5Fproto%5F%5F', '+', '=', '&') },
);
const valueAtom = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('true', 'false', '', 'Foo', '1', '2024-01-31', 'cvp', 'cvpv', '-1', '1e9', 'x y') },
  { weight: 2, arbitrary: keyAtom },
  { weight: 2, arbitrary: fc.string({ maxLength: 12, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }).map((n) => 'v'.repeat(n)) },
);

/** One `key=value` pair: a name, bracket parts, optionally percent-encoded in several ways, and a value. */
const pair = fc
  .record({
    name: keyAtom,
    parts: fc.array(fc.oneof(fc.constant(''), keyAtom), { maxLength: 3 }),
    value: fc.option(valueAtom, { nil: undefined }),
    encoding: fc.constantFrom('raw', 'brackets', 'all', 'garbage'),
  })
  .map(({ name, parts, value, encoding }) => {
    const brackets = parts.map((p) => `[${p}]`).join('');
    let key = name + brackets;
    if (encoding === 'brackets') key = name + brackets.replace(/\[/g, '%5B').replace(/\]/g, '%5D');
    if (encoding === 'all') key = encodeURIComponent(key);
    if (encoding === 'garbage') key = `${key}%${name.length % 2 ? 'zz' : 'E0%A4'}`;
    return value === undefined ? key : `${key}=${encoding === 'all' ? encodeURIComponent(value) : value}`;
  });

/** A raw query string (sometimes with a `?`, sometimes with a valid selector group so parsers reach their ok path). */
const queryString = fc
  .tuple(fc.boolean(), fc.array(pair, { maxLength: 25 }), fc.boolean())
  .map(([question, pairs, selector]) => (question ? '?' : '') + [...(selector ? ['q[][pacticipant]=Foo', 'q[][version]=1'] : []), ...pairs].join('&'));

/** JSON text of any value, with object keys from the dangerous/meaningful pool (so `"__proto__"` keys occur). */
const { json: jsonText } = fc.letrec<{ json: string; leaf: string; array: string; object: string }>((tie) => ({
  json: fc.oneof({ maxDepth: 4, depthIdentifier: 'json' }, tie('leaf'), tie('array'), tie('object')),
  leaf: fc.oneof(fc.constant('null'), fc.boolean().map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)), fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s))),
  array: fc.array(tie('json'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc.array(fc.tuple(keyAtom, tie('json')), { maxLength: 5 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
}));
const jsonValue = jsonText.map((text) => JSON.parse(text) as unknown);

const deep = (levels: number, open = '[', close = ']') => JSON.parse(open.repeat(levels) + '1' + close.repeat(levels)) as unknown;
const deepObject = (levels: number) => JSON.parse('{"__proto__":'.repeat(levels) + '1' + '}'.repeat(levels)) as unknown;

/** An interaction with JSON bodies that carry dangerous keys; `description` keeps interactions distinct. */
const interaction = fc.record(
  {
    description: fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ''),
    providerState: fc.constantFrom('a state', '__proto__', 'constructor'),
    request: fc.record({ method: fc.constantFrom('GET', 'POST'), path: fc.constantFrom('/', '/things', '/__proto__'), body: jsonValue }),
    response: fc.record({ status: fc.integer({ min: 200, max: 599 }), body: jsonValue }),
  },
  { requiredKeys: ['description', 'request', 'response'] },
);

const pactOf = (interactions: unknown[], spec = '2.0.0'): PactDocument =>
  ({ consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions, metadata: { pactSpecification: { version: spec } } }) as unknown as PactDocument;

const uniqueInteractions = fc.uniqueArray(interaction, { maxLength: 6, selector: (i) => i.description });

/** JSON text of a value with every object's keys in reverse order and the given whitespace between tokens. */
function rewrite(value: unknown, space: string): string {
  if (Array.isArray(value)) return `[${space}${value.map((v) => rewrite(v, space)).join(`,${space}`)}${space}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).reverse();
    return `{${space}${keys.map((k) => `${JSON.stringify(k)}${space}:${space}${rewrite((value as Record<string, unknown>)[k], space)}`).join(`,${space}`)}${space}}`;
  }
  return JSON.stringify(value);
}

const smallLimits: Limits = { ...DEFAULT_LIMITS, jsonDepth: 12, interactionsPerPact: 4 };

// --- properties ----------------------------------------------------------------------------------------------------

describe('parseNestedQuery', () => {
  it('returns prototype-free objects of strings for any query string, and never touches Object.prototype', () => {
    fc.assert(
      fc.property(queryString, (raw) => {
        const parsed = valueOrDomainError(() => parseNestedQuery(raw));
        expect(parsed).not.toBeInstanceOf(DomainError);
        const q = parsed as Record<string, NestedValue>;
        expect(Object.getPrototypeOf(q)).toBeNull();
        for (const value of Object.values(q)) {
          const hashes = Array.isArray(value) ? value.filter((v) => typeof v === 'object') : typeof value === 'object' ? [value] : [];
          for (const hash of hashes) {
            expect(Object.getPrototypeOf(hash)).toBeNull();
            for (const inner of Object.values(hash)) expect(typeof inner).toBe('string');
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps dangerous names as plain keys', () => {
    const q = parseNestedQuery('__proto__[latest]=true&constructor[prototype]=x&q[][__proto__]=y&q[][constructor]=z&prototype=p');
    expect(Object.keys(q)).toEqual(['__proto__', 'constructor', 'q', 'prototype']);
    expect({ ...q.__proto__ as object }).toEqual({ latest: 'true' });
    expect(Object.entries((q.q as object[])[0]!)).toEqual([['__proto__', 'y'], ['constructor', 'z']]);
    expectPrototypesUntouched();
  });
});

describe('matrix and can-i-deploy query parsers', () => {
  it('answer ok or errors for any query string; a selector never inherits latest', () => {
    fc.assert(
      fc.property(queryString, (raw) => {
        const matrix = valueOrDomainError(() => parseMatrixQuery(parseNestedQuery(raw), DEFAULT_LIMITS));
        const canIDeploy = valueOrDomainError(() => parseCanIDeployQuery(parseNestedQuery(raw), DEFAULT_LIMITS));
        for (const result of [matrix, canIDeploy]) expect(result).toHaveProperty('ok');
        // No selector is latest unless the query says so (a polluted prototype would say it for every selector).
        if ('ok' in matrix && matrix.ok && !raw.includes('latest')) {
          for (const selector of matrix.query.selectors) expect(selector.latest).toBeUndefined();
        }
      }),
      { numRuns: 400 },
    );
  });

  it('after a polluting query, a plain matrix question is still answered', () => {
    parseMatrixQuery(parseNestedQuery('__proto__[latest]=true&constructor[prototype][latest]=true'), DEFAULT_LIMITS);
    expect(parseMatrixQuery(parseNestedQuery('q[][pacticipant]=Cons&q[][version]=3'), DEFAULT_LIMITS)).toMatchObject({ ok: true });
    expectPrototypesUntouched();
  });

  it('many selectors are an error, not a crash', () => {
    const raw = Array.from({ length: 5000 }, (_, i) => `q[][pacticipant]=P${i}&q[][version]=${i}`).join('&');
    expect(valueOrDomainError(() => parseMatrixQuery(parseNestedQuery(raw), DEFAULT_LIMITS))).toMatchObject({ ok: false });
  });
});

describe('pacts-for-verification selectors', () => {
  const ctx = { environmentNames: new Set(['production', '__proto__', 'constructor']), limits: DEFAULT_LIMITS };

  it('the GET form: any query string gives a request or field errors', () => {
    fc.assert(
      fc.property(queryString, (raw) => {
        const result = valueOrDomainError(() => parseForVerificationRequest(fromQuery(raw, DEFAULT_LIMITS), ctx));
        expect(result).toHaveProperty('ok');
      }),
      { numRuns: 400 },
    );
  });

  const text = fc.oneof(keyAtom, valueAtom);
  const selector: fc.Arbitrary<ConsumerVersionSelectorInput> = fc.record(
    {
      mainBranch: fc.boolean(),
      branch: fc.oneof(text, fc.boolean()),
      matchingBranch: fc.boolean(),
      fallbackBranch: text,
      tag: text,
      fallbackTag: text,
      latest: fc.boolean(),
      deployedOrReleased: fc.boolean(),
      deployed: fc.boolean(),
      released: fc.boolean(),
      environment: text,
      consumer: text,
    },
    { requiredKeys: [] },
  );
  const body: fc.Arbitrary<ForVerificationInput> = fc.record(
    {
      consumerVersionSelectors: fc.array(selector, { maxLength: 8 }),
      providerVersionBranch: text,
      providerVersionTags: fc.array(text, { maxLength: 5 }),
      includePendingStatus: fc.boolean(),
      includeWipPactsSince: fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    },
    { requiredKeys: [] },
  );

  it('the POST form: any schema-shaped body gives a request or field errors', () => {
    fc.assert(
      fc.property(body, (input) => {
        const result = valueOrDomainError(() => parseForVerificationRequest(input, ctx));
        expect(result).toHaveProperty('ok');
      }),
      { numRuns: 400 },
    );
  });
});

describe('parsePublishContracts', () => {
  const content = fc.oneof(
    { weight: 4, arbitrary: uniqueInteractions.map((list) => Buffer.from(JSON.stringify(pactOf(list))).toString('base64')) },
    { weight: 2, arbitrary: jsonText.map((t) => Buffer.from(t).toString('base64')) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('base64')) },
    { weight: 1, arbitrary: fc.constantFrom('====', 'ab=c', 'YQ', 'YQ==\n', ' Y Q = = ', '\u0000', '4pyT') },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 30_000 }).map((levels) => {
        const text = JSON.stringify(pactOf([{ description: 'd', request: { method: 'GET', path: '/' }, response: { status: 200, body: 'DEEP' } }]));
        return Buffer.from(text.replace('"DEEP"', '['.repeat(levels) + ']'.repeat(levels))).toString('base64');
      }),
    },
  );
  const publishBody: fc.Arbitrary<PublishContractsBody> = fc.record({
    pacticipantName: fc.oneof(fc.constant('Foo'), keyAtom),
    pacticipantVersionNumber: fc.oneof(fc.constant('1'), valueAtom),
    tags: fc.option(fc.array(text(), { maxLength: 4 }), { nil: undefined }),
    contracts: fc.array(
      fc.record({ consumerName: fc.constantFrom('Foo', '__proto__'), providerName: fc.constantFrom('Bar', 'constructor', '__proto__'), content }),
      { maxLength: 3 },
    ),
  });
  function text() {
    return fc.oneof(keyAtom, valueAtom).filter((s) => s.length > 0);
  }

  it('any schema-shaped body gives contracts or a DomainError, under default and small limits', () => {
    fc.assert(
      fc.property(publishBody, fc.boolean(), (input, small) => {
        const result = valueOrDomainError(() => parsePublishContracts(input, small ? smallLimits : DEFAULT_LIMITS));
        if (!(result instanceof DomainError)) expect(result.contracts).toHaveLength(input.contracts.length);
        else expect(result.code).toBe('validation');
      }),
      { numRuns: 300 },
    );
  });

  it('a pact too deep for the limit is a DomainError naming the limit, whatever its depth', () => {
    for (const levels of [13, 1000, 200_000]) {
      const text = JSON.stringify(pactOf([{ description: 'd', request: { method: 'GET', path: '/' }, response: { status: 200, body: 'DEEP' } }])).replace(
        '"DEEP"',
        '['.repeat(levels) + ']'.repeat(levels),
      );
      const result = valueOrDomainError(() =>
        parsePublishContracts({ pacticipantName: 'Foo', pacticipantVersionNumber: '1', contracts: [{ consumerName: 'Foo', providerName: 'Bar', content: Buffer.from(text).toString('base64') }] }, smallLimits),
      );
      expect(result).toBeInstanceOf(DomainError);
      expect(JSON.stringify((result as DomainError).fields)).toContain('jsonDepth; set by TREATY_MAX_JSON_DEPTH');
    }
  });

  it('isBase64 agrees with the padded Base64 grammar on any text', () => {
    const grammar = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    const base64ish = fc.array(fc.constantFrom(...'AZaz09+/=-_ .'.split('')), { maxLength: 20 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.oneof(base64ish, fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b).toString('base64'))), (s) => {
        expect(isBase64(s)).toBe(grammar.test(s));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('pact normalisation', () => {
  /** The old recursive canonical form (keys set by assignment), to check the new one writes the same bytes. */
  function previousCanonical(value: unknown): string {
    const sortKeys = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(sortKeys);
      if (v !== null && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(v).sort()) out[key] = sortKeys((v as Record<string, unknown>)[key]);
        return out;
      }
      return v;
    };
    return JSON.stringify(sortKeys(value));
  }

  it('canonicalJson writes the same bytes as before for documents without a __proto__ key (stored SHAs stay valid)', () => {
    const numericKeys = fc.dictionary(fc.constantFrom('0', '1', '10', '2', '01', '-1', '4294967294', '4294967295', 'a', 'B', ''), jsonValue, { maxKeys: 6 });
    fc.assert(
      fc.property(fc.oneof(jsonValue, numericKeys, fc.jsonValue()), (value) => {
        fc.pre(!canonicalJson(value).includes('"__proto__"'));
        expect(canonicalJson(value)).toBe(previousCanonical(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('canonicalJson is a fixed point through JSON.parse and keeps __proto__ keys', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expectPrototypesUntouched();
      }),
      { numRuns: 500 },
    );
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":[1]}}'))).toBe('{"__proto__":{"x":[1]},"b":1}');
  });

  it('canonicalJson writes a value deeper than JSON.stringify can take exactly as it writes a shallow one', () => {
    fc.assert(
      fc.property(jsonValue, fc.constantFrom(501, 600, 5000), (value, levels) => {
        let wrapped: unknown = value;
        for (let i = 0; i < levels; i++) wrapped = i % 2 ? [wrapped] : { z: 1, ['__proto__']: wrapped, a: [] };
        const expected = Array.from({ length: levels }, (_, i) => (i % 2 ? '[' : '{"__proto__":')).reverse().join('') + canonicalJson(value) +
          Array.from({ length: levels }, (_, i) => (i % 2 ? ']' : ',"a":[],"z":1}')).join('');
        expect(canonicalJson(wrapped)).toBe(expected);
      }),
      { numRuns: 30 },
    );
  });

  it('canonicalJson and contentSha handle any depth without recursion', () => {
    expect(canonicalJson(deep(200_000))).toHaveLength(400_001);
    expect(canonicalJson(deepObject(50_000))).toHaveLength(50_000 * '{"__proto__":}'.length + 1);
    expect(contentSha(pactOf([{ description: 'd', response: { body: deep(100_000) } }]))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('contentSha is stable under key order, whitespace, pretty-printing and interaction order', () => {
    fc.assert(
      fc.property(
        uniqueInteractions.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }))),
        fc.constantFrom('', ' ', '\n', '\t', '  \r\n', '\n    '),
        fc.constantFrom(undefined, 2, 4, '\t'),
        ([list, shuffled], space, indent) => {
          const doc = pactOf(list);
          const sha = contentSha(doc);
          const reordered = JSON.parse(rewrite(pactOf(shuffled), space)) as JsonObject;
          const pretty = JSON.parse(JSON.stringify(doc, null, indent)) as JsonObject;
          expect(contentSha(reordered)).toBe(sha);
          expect(contentSha(pretty)).toBe(sha);
          expect(contentSha(withInteractionIds(doc))).toBe(sha);
          // The same document published through the Base64 path hashes the same too.
          const published = parsePublishContracts(
            { pacticipantName: 'Foo', pacticipantVersionNumber: '1', contracts: [{ consumerName: 'Foo', providerName: 'Bar', content: Buffer.from(rewrite(doc, space)).toString('base64') }] },
            DEFAULT_LIMITS,
          );
          expect(contentSha(published.contracts[0]!.document)).toBe(sha);
          expectPrototypesUntouched();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('contentSha tells a __proto__ key apart from its absence', () => {
    const body = (text: string) => pactOf([{ description: 'd', request: { method: 'GET', path: '/' }, response: { status: 200, body: JSON.parse(text) } }]);
    expect(contentSha(body('{"a":1,"__proto__":{"x":1}}'))).not.toBe(contentSha(body('{"a":1}')));
    expect(contentSha(body('{"a":1,"__proto__":{"x":1}}'))).toBe(contentSha(body('{"__proto__" : {"x" : 1}, "a" : 1}')));
  });
});

describe('pact URL metadata (written by anyone into the URL)', () => {
  it('decodes to known fields only, for any JSON or text, without touching Object.prototype', () => {
    const encoded = fc.oneof(
      jsonText.map((t) => Buffer.from(t).toString('base64url')),
      fc.constantFrom('{"__proto__":{"w":true},"s":[{"cv":"1","__proto__":{"l":true},"constructor":{"prototype":{"x":1}}}]}', '{"s":{"__proto__":[]}}').map((t) =>
        Buffer.from(t).toString('base64url'),
      ),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(encoded, (text) => {
        const flags = valueOrDomainError(() => verificationFlags(decodePactMetadata(text)));
        expect(flags).not.toBeInstanceOf(DomainError);
        const { wip, consumerVersionSelectors } = flags as ReturnType<typeof verificationFlags>;
        expect(typeof wip).toBe('boolean');
        for (const selector of consumerVersionSelectors ?? []) {
          expect(Object.keys(selector).every((k) => ['cv', 'b', 't', 'e', 'm', 'l', 'd', 'r', 'f'].includes(k))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    const inherited = decodePactMetadata(Buffer.from('{"__proto__":{"w":true,"p":true}}').toString('base64url'));
    expect(verificationFlags(inherited)).toEqual({ wip: false, pending: null, consumerVersionSelectors: null });
  });
});
