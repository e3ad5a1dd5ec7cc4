import { describe, expect, it } from 'vitest';
import { describeSelectors, matrixQuery, selectorsFromArgs } from '../../../cli/shared/selectors.js';

describe('selectorsFromArgs', () => {
  it('pairs each version with the pacticipant before it, whatever else is interleaved', () => {
    const args = ['can-i-deploy', '-a', 'web', '-e', '1', '--to-environment', 'production', '--pacticipant=orders', '--version', '7', '-o', 'json'];
    expect(selectorsFromArgs(args)).toEqual({ selectors: [{ pacticipant: 'web', version: '1' }, { pacticipant: 'orders', version: '7' }], ignore: [] });
  });

  it('reads --latest [tag], --branch, --main-branch and --ignore', () => {
    const args = ['-a', 'web', '--latest', 'prod', '-a', 'orders', '--latest', '-a', 'stock', '--branch', 'feat/x', '-a', 'pay', '--main-branch', '--ignore', 'legacy'];
    expect(selectorsFromArgs(args)).toEqual({
      selectors: [
        { pacticipant: 'web', latest: true, tag: 'prod' },
        { pacticipant: 'orders', latest: true },
        { pacticipant: 'stock', branch: 'feat/x' },
        { pacticipant: 'pay', mainBranch: true },
      ],
      ignore: ['legacy'],
    });
  });

  it('refuses a version before any pacticipant, or both version and latest', () => {
    expect(() => selectorsFromArgs(['-e', '1'])).toThrow(/must follow a --pacticipant/);
    expect(() => selectorsFromArgs(['-a', 'web', '-e', '1', '--latest'])).toThrow(/not both/);
  });
});

describe('matrixQuery', () => {
  // The query strings the official CLI sends for the same flags.
  it('builds the official CLI queries', () => {
    expect(matrixQuery({ selectors: [{ pacticipant: 'Foo', version: '1.0.0' }], toEnvironment: 'test' })).toBe(
      'q[][pacticipant]=Foo&q[][version]=1.0.0&latestby=cvpv&environment=test',
    );
    expect(matrixQuery({ selectors: [{ pacticipant: 'Foo', version: '1.0/0' }], to: 'prod' })).toBe(
      'q[][pacticipant]=Foo&q[][version]=1.0%2F0&tag=prod&latestby=cvp&latest=true',
    );
    expect(matrixQuery({ selectors: [{ pacticipant: 'Foo Bar', version: '1.0.0' }, { pacticipant: 'Bar', latest: true, tag: 'prod' }] })).toBe(
      'q[][pacticipant]=Foo%20Bar&q[][version]=1.0.0&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv',
    );
    expect(matrixQuery({ selectors: [{ pacticipant: 'Foo', version: '1' }], mainBranch: true })).toBe(
      'q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&mainBranch=true',
    );
    expect(matrixQuery({ selectors: [{ pacticipant: 'Foo', version: '1' }], ignore: ['Baz'], toEnvironment: 'prod' })).toBe(
      'q[][pacticipant]=Foo&q[][version]=1&ignore[][pacticipant]=Baz&latestby=cvpv&environment=prod',
    );
  });

  it('refuses no selectors, or two targets', () => {
    expect(() => matrixQuery({ selectors: [] })).toThrow(/at least one --pacticipant/);
    expect(() => matrixQuery({ selectors: [{ pacticipant: 'a', version: '1' }], to: 'x', toEnvironment: 'y' })).toThrow(/not both/);
  });

  it('describes the selectors for messages', () => {
    expect(describeSelectors([{ pacticipant: 'web', version: '1' }, { pacticipant: 'orders', latest: true, tag: 'prod' }])).toBe('web 1 and the latest orders tagged prod');
  });
});
