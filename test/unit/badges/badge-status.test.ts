// The pure badge rules: status and colour from the latest pact and the newest result, and the title's options.
import { describe, expect, it } from 'vitest';
import { pactBadge, pactBadgeStatus, pactBadgeTitle } from '../../../src/badges/badge-status.js';

describe('pactBadgeStatus', () => {
  it.each([
    ['never verified', undefined, 'unknown'],
    ['verified this content', { sha: 'A', success: true, pending: null }, 'verified'],
    ['verified an older content', { sha: 'OLD', success: true, pending: false }, 'changed'],
    ['failed', { sha: 'A', success: false, pending: false }, 'failed'],
    ['failed while pending', { sha: 'A', success: false, pending: true }, 'failed (pending)'],
    ['an older content failed', { sha: 'OLD', success: false, pending: null }, 'failed'],
  ] as const)('%s → %s', (_, result, status) => {
    expect(pactBadgeStatus('A', result)).toBe(status);
  });
});

describe('pactBadge', () => {
  const found = (success: boolean | undefined) => ({
    consumerName: 'Foo',
    providerName: 'Bar',
    latestPactSha: 'A',
    result: success === undefined ? undefined : { sha: 'A', success, pending: null },
  });
  it.each([
    [true, 'verified', 'brightgreen'],
    [false, 'failed', 'red'],
    [undefined, 'unknown', 'lightgrey'],
  ] as const)('success %s → %s %s', (success, message, color) => {
    expect(pactBadge(found(success))).toEqual({ label: 'foo/bar pact', message, color });
  });
  it('changed is orange', () => {
    expect(pactBadge({ ...found(true), result: { sha: 'OLD', success: true, pending: null } }).color).toBe('orange');
  });
  it('no pact (or no such pacticipant) is the grey "pact not found" badge', () => {
    expect(pactBadge(undefined)).toEqual({ label: 'pact not found', message: 'unknown', color: 'lightgrey' });
  });
});

describe('pactBadgeTitle', () => {
  it.each([
    ['Foo', 'Bar', {}, 'foo/bar pact'],
    ['Foo', 'Bar', { label: 'consumer' }, 'foo pact'],
    ['Foo', 'Bar', { label: 'PROVIDER' }, 'bar pact'],
    ['Foo', 'Bar', { label: 'other' }, 'foo/bar pact'],
    ['foo-thing_service', 'BarService', { initials: true }, 'fts/bs pact'],
    ['Foo', 'HTTPServer', { initials: true }, 'foo/hs pact'],
    ['Foo', 'Bar', { consumerTag: 'dev', providerTag: 'prod' }, 'foo (dev)/bar (prod) pact'],
    ['Foo Bar', 'Baz', { initials: true, label: 'consumer', consumerTag: 'dev' }, 'fb (dev) pact'],
  ] as const)('%s / %s %j → %s', (consumer, provider, options, title) => {
    expect(pactBadgeTitle(consumer, provider, options)).toBe(title);
  });
});
