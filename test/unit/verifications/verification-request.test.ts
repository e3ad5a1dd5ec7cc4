import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';
import { verificationFlags, verificationResultProblems } from '../../../src/verifications/verification-request.js';

const ok = { success: true, providerApplicationVersion: '1.0.0' };

describe('verificationResultProblems', () => {
  it('accepts what the verifier sends', () => {
    expect(
      verificationResultProblems({
        ...ok,
        buildUrl: 'http://ci/1',
        testResults: [{ interactionId: 'x', success: true }],
        verifiedBy: { implementation: 'Pact-Rust', version: '1.4.7' },
      }, DEFAULT_LIMITS),
    ).toEqual({});
    expect(verificationResultProblems({ ...ok, buildUrl: null, verifiedBy: null }, DEFAULT_LIMITS)).toEqual({});
  });

  it.each([
    [{ ...ok, success: 'yes' }, { success: ['must be boolean'] }],
    [{ ...ok, providerApplicationVersion: '' }, { providerApplicationVersion: ['must be filled'] }],
    [{ ...ok, providerApplicationVersion: ' ' }, { providerApplicationVersion: ['cannot be blank'] }],
    [{ ...ok, providerApplicationVersion: 1 }, { providerApplicationVersion: ['must be a string'] }],
    [{ ...ok, providerApplicationVersion: 'a\nb' }, { providerApplicationVersion: ['cannot contain multiple lines'] }],
    [{ ...ok, buildUrl: 'a b' }, { buildUrl: ['is not a valid URL eg. http://example.org'] }],
    [{ ...ok, verifiedBy: [] }, { verifiedBy: ['must be an object'] }],
    [{ ...ok, testResults: ['\u0000'] }, { testResults: ['cannot contain NUL characters (\\u0000)'] }],
  ])('%j → %j', (input, errors) => {
    expect(verificationResultProblems(input as never, DEFAULT_LIMITS)).toEqual(errors);
  });
});

describe('verificationFlags', () => {
  it('records nothing known without metadata', () => {
    expect(verificationFlags()).toEqual({ wip: false, pending: null, consumerVersionSelectors: null });
    expect(verificationFlags({})).toEqual({ wip: false, pending: null, consumerVersionSelectors: null });
  });

  it('records the pending flag and the selectors', () => {
    const s = [{ cv: '1', b: 'main', m: true as const, l: true as const }, { cv: '2', e: 'prod', d: true as const }];
    expect(verificationFlags({ s, p: false })).toEqual({ wip: false, pending: false, consumerVersionSelectors: s });
    expect(verificationFlags({ s: [], p: true })).toEqual({ wip: false, pending: true, consumerVersionSelectors: null });
  });

  it('a WIP pact is pending unless the metadata says otherwise', () => {
    expect(verificationFlags({ w: true })).toEqual({ wip: true, pending: true, consumerVersionSelectors: null });
    expect(verificationFlags({ w: true, p: false })).toMatchObject({ wip: true, pending: false });
  });

  it('keeps only the codec’s fields and drops selectors PostgreSQL could not store', () => {
    const s = [{ cv: '1', t: 'dev', x: { deep: [1] }, l: 'yes' }, { cv: 'a\u0000' }, { cv: '\ud800' }, { cv: '2', b: '\udc00' }];
    expect(verificationFlags({ s: s as never }).consumerVersionSelectors).toEqual([{ cv: '1', t: 'dev' }]);
  });
});
