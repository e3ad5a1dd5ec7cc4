import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';
import { defaultSelectors, parseForVerificationRequest, parseSince, type ForVerificationInput } from '../../../src/pacts-for-verification/selectors.js';

const envs = { environmentNames: new Set(['test', 'production']), limits: DEFAULT_LIMITS };
const parse = (input: ForVerificationInput) => parseForVerificationRequest(input, envs);
const selectorsOf = (input: ForVerificationInput) => {
  const r = parse(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.request.selectors.map(({ index: _i, ...s }) => s);
};
const errorsOf = (input: ForVerificationInput) => {
  const r = parse(input);
  if (r.ok) throw new Error('expected a validation error');
  return r.errors;
};

describe('normalising selectors (B1)', () => {
  it.each([
    [{ mainBranch: true }, [{ kind: 'mainBranch' }]],
    [{ mainBranch: true, latest: true, consumer: 'Foo' }, [{ kind: 'mainBranch', consumer: 'Foo' }]],
    [{ branch: 'feat-x' }, [{ kind: 'branch', branch: 'feat-x' }]],
    [{ branch: 'feat-x', fallbackBranch: 'main' }, [{ kind: 'branch', branch: 'feat-x', fallbackBranch: 'main' }]],
    [{ branch: true }, [{ kind: 'allBranches' }]],
    [{ tag: 'prod' }, [{ kind: 'tag', tag: 'prod', latest: false }]],
    [{ tag: 'prod', latest: true, fallbackTag: 'main' }, [{ kind: 'tag', tag: 'prod', latest: true, fallbackTag: 'main' }]],
    [{ latest: true }, [{ kind: 'latest' }]],
    [{ deployed: true }, [{ kind: 'deployed' }]],
    [{ released: true, environment: 'production' }, [{ kind: 'released', environment: 'production' }]],
    [{ environment: 'test' }, [{ kind: 'environment', environment: 'test' }]],
    [
      { deployedOrReleased: true, consumer: 'Cat' },
      [
        { kind: 'deployed', consumer: 'Cat' },
        { kind: 'released', consumer: 'Cat' },
      ],
    ],
  ])('%j', (selector, expected) => {
    expect(selectorsOf({ consumerVersionSelectors: [selector] })).toEqual(expected);
  });

  it('matchingBranch becomes the provider version branch', () => {
    expect(selectorsOf({ providerVersionBranch: 'feat-x', consumerVersionSelectors: [{ matchingBranch: true }] })).toEqual([
      { kind: 'branch', branch: 'feat-x', matching: true },
    ]);
  });

  it('includePendingStatus defaults to true; no selectors means "use the defaults"', () => {
    const r = parse({});
    expect(r.ok && r.request).toMatchObject({ selectors: [], includePendingStatus: true, providerVersionTags: [] });
    const off = parse({ includePendingStatus: false });
    expect(off.ok && off.request.includePendingStatus).toBe(false);
  });

  it('parses includeWipPactsSince as a date or date-time', () => {
    expect(parseSince('2024-01-01')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseSince('2024-01-01T10:00:00+02:00')?.toISOString()).toBe('2024-01-01T08:00:00.000Z');
    expect(parseSince('yesterday')).toBeUndefined();
    expect(parseSince('2024-13-45')).toBeUndefined();
  });
});

describe('rejecting selectors, naming the selector by index (B1)', () => {
  it.each([
    [{}, 'must specify a value for environment or tag or branch'],
    [{ latest: false }, 'must specify a value for environment or tag or branch'],
    [{ consumer: 'Foo' }, 'must specify a value for environment or tag or branch'],
    [{ mainBranch: true, tag: 'x' }, 'cannot specify mainBranch=true with any other criteria apart from consumer'],
    [{ mainBranch: true, latest: false }, 'cannot specify mainBranch=true with any other criteria apart from consumer'],
    [{ tag: 'a', branch: 'b' }, 'cannot specify both a tag and a branch'],
    [{ tag: 'a', deployed: true }, 'cannot combine tag with deployed'],
    [{ branch: 'main', environment: 'test' }, 'cannot combine branch with environment'],
    [{ deployed: true, released: true }, 'cannot specify more than one of deployed=true, released=true and deployedOrReleased=true'],
    [{ fallbackTag: 'main', latest: true }, 'a tag must be specified when a fallbackTag is specified'],
    [{ tag: 'x', fallbackTag: 'main' }, 'fallbackTag can only be set if latest is true'],
    [{ fallbackBranch: 'main' }, 'a branch must be specified when a fallbackBranch is specified'],
    [{ branch: 'x', latest: false }, 'cannot specify latest=false with a branch'],
    [{ environment: 'nope' }, "environment with name 'nope' does not exist"],
    [{ deployed: true, environment: 'staging' }, "environment with name 'staging' does not exist"],
    [{ tag: '' }, 'tag cannot be blank'],
    [{ branch: 'a\nb' }, 'branch cannot contain multiple lines'],
    [{ latest: true, consumer: ' ' }, 'consumer cannot be blank'],
  ])('%j', (selector, message) => {
    const errors = errorsOf({ consumerVersionSelectors: [{ mainBranch: true }, selector] });
    expect(errors.consumerVersionSelectors).toHaveLength(1);
    expect(errors.consumerVersionSelectors![0]).toContain(message);
    expect(errors.consumerVersionSelectors![0]).toMatch(/\(at index 1\)$/);
  });

  it('matchingBranch without a provider version branch', () => {
    expect(errorsOf({ consumerVersionSelectors: [{ matchingBranch: true }] }).consumerVersionSelectors).toEqual([
      'the providerVersionBranch must be specified when the selector matchingBranch=true is used (at index 0)',
    ]);
  });

  it('an empty providerVersionBranch is refused only when pending or WIP needs it and there are no tags', () => {
    expect(errorsOf({ providerVersionBranch: '' }).providerVersionBranch![0]).toMatch(/^when pending or WIP pacts are enabled/);
    expect(errorsOf({ providerVersionBranch: '', includePendingStatus: false, includeWipPactsSince: '2024-01-01' }).providerVersionBranch).toBeDefined();
    expect(parse({ providerVersionBranch: '', includePendingStatus: false }).ok).toBe(true);
    const tagged = parse({ providerVersionBranch: '', providerVersionTags: ['dev'] });
    expect(tagged.ok && tagged.request.providerVersionBranch).toBeUndefined();
  });

  it('bad dates and tags are named', () => {
    const errors = errorsOf({ includeWipPactsSince: 'last week', providerVersionTags: ['ok', ''] });
    expect(errors.includeWipPactsSince![0]).toContain("must be a date");
    expect(errors.providerVersionTags).toEqual(['cannot be blank (at index 1)']);
  });
});

describe('default selectors (B3, S45)', () => {
  it('main branch head, else latest tagged with the main branch name, else latest; plus deployed and released', () => {
    const selectors = defaultSelectors([
      { name: 'Foo', mainBranch: 'main', mainBranchHasHead: true, hasTagNamedAfterMainBranch: false },
      { name: 'Dog', mainBranch: 'main', mainBranchHasHead: false, hasTagNamedAfterMainBranch: true },
      { name: 'Cat', mainBranch: null, mainBranchHasHead: false, hasTagNamedAfterMainBranch: false },
    ]);
    expect(selectors.map(({ index: _i, ...s }) => s)).toEqual([
      { kind: 'mainBranch', consumer: 'Foo' },
      { kind: 'tag', tag: 'main', latest: true, consumer: 'Dog' },
      { kind: 'latest', consumer: 'Cat' },
      { kind: 'deployed' },
      { kind: 'released' },
    ]);
  });
});
