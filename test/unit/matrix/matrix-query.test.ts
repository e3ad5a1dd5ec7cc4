// parseMatrixQuery / parseCanIDeployQuery over Rack-parsed query strings: the forms the Pact clients send
// (pact-broker-api §3.8 table), Rack grouping of q[][…] and ignore[][…], and the validation texts (A1, §3.8, §3.9).
import { describe, expect, it } from 'vitest';
import { parseNestedQuery } from '../../../src/http/nested-query.js';
import { parseCanIDeployQuery, parseMatrixQuery } from '../../../src/matrix/matrix-query.js';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';

const matrix = (query: string) => parseMatrixQuery(parseNestedQuery(query), DEFAULT_LIMITS);
const canIDeploy = (query: string) => parseCanIDeployQuery(parseNestedQuery(query), DEFAULT_LIMITS);

function ok(parsed: ReturnType<typeof matrix> | ReturnType<typeof canIDeploy>) {
  if (!parsed.ok) throw new Error(`expected a query, got ${JSON.stringify(parsed.errors)}`);
  return parsed.query;
}
function errors<E>(parsed: { ok: true } | { ok: false; errors: E }): E {
  if (parsed.ok) throw new Error('expected validation errors');
  return parsed.errors;
}

describe('parseMatrixQuery: the queries the Rust CLI sends (§3.8)', () => {
  it('can-i-deploy -a Foo -e 1.0.0 --to-environment test', () => {
    expect(ok(matrix('q[][pacticipant]=Foo&q[][version]=1.0.0&latestby=cvpv&environment=test'))).toStrictEqual({
      selectors: [{ pacticipant: 'Foo', version: '1.0.0' }],
      target: { kind: 'environment', environment: 'test' },
      latestby: 'cvpv',
      ignore: [],
    });
  });

  it('-a Foo --latest --to-environment test', () => {
    expect(ok(matrix('q[][pacticipant]=Foo&q[][latest]=true&latestby=cvpv&environment=test'))).toMatchObject({
      selectors: [{ pacticipant: 'Foo', latest: true }],
      target: { kind: 'environment', environment: 'test' },
    });
  });

  it('-a Foo -e 1.0/0 --to prod: percent-decoded version, latest with tag target', () => {
    expect(ok(matrix('q[][pacticipant]=Foo&q[][version]=1.0%2F0&tag=prod&latestby=cvp&latest=true'))).toStrictEqual({
      selectors: [{ pacticipant: 'Foo', version: '1.0/0' }],
      target: { kind: 'tag', tag: 'prod', latest: true },
      latestby: 'cvp',
      ignore: [],
    });
  });

  it('-a "Foo Bar" -e 1.0.0 -a Bar --latest prod: a new selector starts when a key repeats', () => {
    expect(ok(matrix('q[][pacticipant]=Foo%20Bar&q[][version]=1.0.0&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv'))).toStrictEqual({
      selectors: [
        { pacticipant: 'Foo Bar', version: '1.0.0' },
        { pacticipant: 'Bar', latest: true, tag: 'prod' },
      ],
      target: undefined,
      latestby: 'cvpv',
      ignore: [],
    });
  });

  it('-a Foo --branch feat/x -a Bar --main-branch --ignore Baz --version 3', () => {
    expect(ok(matrix('q[][pacticipant]=Foo&q[][branch]=feat%2Fx&q[][pacticipant]=Bar&q[][mainBranch]=true&ignore[][pacticipant]=Baz&ignore[][version]=3&latestby=cvpv'))).toStrictEqual({
      selectors: [
        { pacticipant: 'Foo', branch: 'feat/x' },
        { pacticipant: 'Bar', mainBranch: true },
      ],
      target: undefined,
      latestby: 'cvpv',
      ignore: [{ pacticipant: 'Baz', version: '3' }],
    });
  });

  it('can-i-merge -a Foo -e 1: main-branch target', () => {
    expect(ok(matrix('q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&mainBranch=true'))).toMatchObject({
      selectors: [{ pacticipant: 'Foo', version: '1' }],
      target: { kind: 'mainBranch', latest: true },
      latestby: 'cvp',
    });
  });

  it('the Ruby client’s %5B%5D brackets work the same', () => {
    expect(ok(matrix('q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1&q%5B%5D%5Bpacticipant%5D=Bar&q%5B%5D%5Bversion%5D=2&latestby=cvpv')).selectors).toEqual([
      { pacticipant: 'Foo', version: '1' },
      { pacticipant: 'Bar', version: '2' },
    ]);
  });
});

describe('parseMatrixQuery: selectors, targets and options', () => {
  it('every selector field; main_branch is accepted for mainBranch; empty values are absent', () => {
    expect(ok(matrix('q[][pacticipant]=Foo&q[][environment]=production&q[][pacticipant]=Bar&q[][main_branch]=true&q[][latest]=true&q[][pacticipant]=Baz&q[][version]=&q[][tag]=')).selectors).toStrictEqual([
      { pacticipant: 'Foo', environment: 'production' },
      { pacticipant: 'Bar', latest: true, mainBranch: true },
      { pacticipant: 'Baz' },
    ]);
    // latest=false is no flag at all
    expect(ok(matrix('q[][pacticipant]=Foo&q[][latest]=false')).selectors).toStrictEqual([{ pacticipant: 'Foo' }]);
  });

  it('a single q[…] hash is one selector', () => {
    expect(ok(matrix('q[pacticipant]=Foo&q[version]=1')).selectors).toStrictEqual([{ pacticipant: 'Foo', version: '1' }]);
  });

  it('targets: environment, tag (latest or not), mainBranch, branch, latest alone, none', () => {
    const target = (query: string) => ok(matrix(`q[][pacticipant]=Foo&q[][version]=1&${query}`)).target;
    expect(target('environment=production')).toStrictEqual({ kind: 'environment', environment: 'production' });
    expect(target('tag=prod&latest=true')).toStrictEqual({ kind: 'tag', tag: 'prod', latest: true });
    expect(target('tag=prod')).toStrictEqual({ kind: 'tag', tag: 'prod', latest: false });
    expect(target('mainBranch=true&latest=true')).toStrictEqual({ kind: 'mainBranch', latest: true });
    expect(target('branch=main&latest=true')).toStrictEqual({ kind: 'branch', branch: 'main', latest: true });
    expect(target('latest=true')).toStrictEqual({ kind: 'latest' });
    expect(target('latestby=cvp')).toBeUndefined();
  });

  it('latestby absent, cvp or cvpv; limit', () => {
    expect(ok(matrix('q[][pacticipant]=Foo')).latestby).toBeUndefined();
    expect(ok(matrix('q[][pacticipant]=Foo&latestby=')).latestby).toBeUndefined();
    expect(ok(matrix('q[][pacticipant]=Foo&latestby=cvp')).latestby).toBe('cvp');
    expect(ok(matrix('q[][pacticipant]=Foo&limit=5')).limit).toBe(5);
    expect('limit' in ok(matrix('q[][pacticipant]=Foo'))).toBe(false);
  });

  it('ignore[][…] groups like q[][…]: a new hash when a key repeats', () => {
    expect(ok(matrix('q[][pacticipant]=Foo&ignore[][pacticipant]=Bar&ignore[][pacticipant]=Baz&ignore[][version]=2')).ignore).toStrictEqual([
      { pacticipant: 'Bar' },
      { pacticipant: 'Baz', version: '2' },
    ]);
    expect(ok(matrix('q[][pacticipant]=Foo&ignore[][pacticipant]=Bar&ignore[][version]=')).ignore).toStrictEqual([{ pacticipant: 'Bar' }]);
  });
});

describe('parseMatrixQuery: validation (400 with a list, texts as the Pact Broker gives them)', () => {
  it('no selectors', () => {
    expect(errors(matrix(''))).toEqual(['Please provide 1 or more version selectors.']);
    expect(errors(matrix('latestby=cvp'))).toEqual(['Please provide 1 or more version selectors.']);
    expect(errors(matrix('q=Foo'))).toEqual(['Please provide 1 or more version selectors.']);
    expect(errors(matrix('q[]=Foo'))).toEqual(['Please provide 1 or more version selectors.']);
  });

  it('a selector without a pacticipant name', () => {
    expect(errors(matrix('q[][version]=1'))).toEqual(['Please specify the pacticipant name']);
    expect(errors(matrix('q[][pacticipant]=&q[][version]=1'))).toEqual(['Please specify the pacticipant name']);
  });

  it('version and latest together', () => {
    expect(errors(matrix('q[][pacticipant]=Foo&q[][version]=1&q[][latest]=true'))).toEqual(['A version number and latest flag cannot both be specified for Foo']);
  });

  it('more than one of tag, environment and mainBranch', () => {
    const expected = ['Cannot specify more than one of tag, environment and mainBranch.'];
    expect(errors(matrix('q[][pacticipant]=Foo&q[][version]=1&tag=prod&environment=production'))).toEqual(expected);
    expect(errors(matrix('q[][pacticipant]=Foo&q[][version]=1&tag=prod&mainBranch=true'))).toEqual(expected);
    expect(errors(matrix('q[][pacticipant]=Foo&q[][version]=1&environment=production&mainBranch=true'))).toEqual(expected);
  });

  it('latest=true with an environment', () => {
    expect(errors(matrix('q[][pacticipant]=Foo&q[][version]=1&latest=true&environment=production'))).toEqual(['Cannot specify both latest=true and an environment.']);
  });

  it('a limit below 1 or not a number', () => {
    for (const limit of ['0', '-1', 'abc', '1.5']) {
      expect(errors(matrix(`q[][pacticipant]=Foo&limit=${limit}`))).toEqual(['The limit must be 1 or greater.']);
    }
  });

  it('an unknown latestby is a validation error naming it (the Ruby broker answers 500)', () => {
    const [message, ...rest] = errors(matrix('q[][pacticipant]=Foo&latestby=cvx'));
    expect(rest).toEqual([]);
    expect(message).toContain('latestby');
    expect(message).toContain('cvx');
  });

  it('ignore[]=Name is not accepted by /matrix; ignore[][…] needs a pacticipant', () => {
    expect(errors(matrix('q[][pacticipant]=Foo&ignore[]=Bar'))).toEqual(['Please specify the pacticipant name to ignore']);
    expect(errors(matrix('q[][pacticipant]=Foo&ignore[][version]=1'))).toEqual(['Please specify the pacticipant name to ignore']);
  });

  it('several problems accumulate in one list', () => {
    // Rack grouping: {version 1}, then {version 2, pacticipant Foo, latest true}
    expect(errors(matrix('q[][version]=1&q[][version]=2&q[][pacticipant]=Foo&q[][latest]=true&latest=true&environment=production&limit=0'))).toEqual([
      'Please specify the pacticipant name',
      'A version number and latest flag cannot both be specified for Foo',
      'Cannot specify both latest=true and an environment.',
      'The limit must be 1 or greater.',
    ]);
  });
});

describe('parseCanIDeployQuery (§3.9)', () => {
  it('environment: one selector, checked with cvpv', () => {
    expect(ok(canIDeploy('pacticipant=Foo&version=1&environment=production'))).toStrictEqual({
      selectors: [{ pacticipant: 'Foo', version: '1' }],
      target: { kind: 'environment', environment: 'production' },
      latestby: 'cvpv',
      ignore: [],
    });
  });

  it('to=TAG: the latest version with that tag, checked with cvp', () => {
    expect(ok(canIDeploy('pacticipant=Foo&version=1&to=prod'))).toStrictEqual({
      selectors: [{ pacticipant: 'Foo', version: '1' }],
      target: { kind: 'tag', tag: 'prod', latest: true },
      latestby: 'cvp',
      ignore: [],
    });
  });

  it('ignore[]=Name and ignore[][pacticipant]=…&ignore[][version]=… both work', () => {
    expect(ok(canIDeploy('pacticipant=Foo&version=1&environment=production&ignore[]=Bar&ignore[]=Baz')).ignore).toStrictEqual([{ pacticipant: 'Bar' }, { pacticipant: 'Baz' }]);
    expect(ok(canIDeploy('pacticipant=Foo&version=1&environment=production&ignore[][pacticipant]=Bar&ignore[][version]=2&ignore[][pacticipant]=Baz')).ignore).toStrictEqual([
      { pacticipant: 'Bar', version: '2' },
      { pacticipant: 'Baz' },
    ]);
  });

  it('pacticipant and version are required (errors keyed by parameter)', () => {
    expect(errors(canIDeploy('version=1&environment=production'))).toStrictEqual({ pacticipant: ['is missing'] });
    expect(errors(canIDeploy('pacticipant=Foo&environment=production'))).toStrictEqual({ version: ['is missing'] });
    expect(errors(canIDeploy('pacticipant=&version=&environment=production'))).toStrictEqual({ pacticipant: ['must be filled'], version: ['must be filled'] });
  });

  it('exactly one of to and environment', () => {
    expect(errors(canIDeploy('pacticipant=Foo&version=1'))).toStrictEqual({ '': ["Must specify either an environment or a 'to' tag."] });
    expect(errors(canIDeploy('pacticipant=Foo&version=1&environment=&to='))).toStrictEqual({ '': ["Must specify either an environment or a 'to' tag."] });
    expect(errors(canIDeploy('pacticipant=Foo&version=1&environment=production&to=prod'))).toStrictEqual({ '': ["Cannot specify both a 'to' tag and an environment."] });
  });

  it('an ignore without a pacticipant name', () => {
    expect(errors(canIDeploy('pacticipant=Foo&version=1&environment=production&ignore[]='))).toStrictEqual({ ignore: ['Please specify the pacticipant name to ignore'] });
    expect(errors(canIDeploy('pacticipant=Foo&version=1&environment=production&ignore[][version]=2'))).toStrictEqual({ ignore: ['Please specify the pacticipant name to ignore'] });
  });

  it('problems accumulate across parameters', () => {
    expect(errors(canIDeploy('ignore[]='))).toStrictEqual({
      pacticipant: ['is missing'],
      version: ['is missing'],
      '': ["Must specify either an environment or a 'to' tag."],
      ignore: ['Please specify the pacticipant name to ignore'],
    });
  });
});

describe('list and row limits (limits.selectorsPerRequest, limits.pageSize)', () => {
  const limits = { ...DEFAULT_LIMITS, selectorsPerRequest: 2, pageSize: 10 };
  const q = (n: number, key = 'q') => Array.from({ length: n }, (_, i) => `${key}[][pacticipant]=P${i}`).join('&');

  it('more q[] or ignore[] selectors than the limit: only the limit problem, before any selector is parsed', () => {
    expect(parseMatrixQuery(parseNestedQuery(q(2)), limits).ok).toBe(true);
    // the third selector has an empty pacticipant: not reported, the count is checked first
    expect(errors(parseMatrixQuery(parseNestedQuery(`${q(2)}&q[][pacticipant]=`), limits))).toEqual([
      'q[] has 3 version selectors, more than the limit of 2 (selectorsPerRequest; set by TREATY_MAX_SELECTORS_PER_REQUEST)',
    ]);
    expect(errors(parseMatrixQuery(parseNestedQuery(`${q(1)}&${q(3, 'ignore')}`), limits))).toEqual([
      'ignore[] has 3 ignore selectors, more than the limit of 2 (selectorsPerRequest; set by TREATY_MAX_SELECTORS_PER_REQUEST)',
    ]);
    expect(errors(parseCanIDeployQuery(parseNestedQuery('pacticipant=Foo&version=1&environment=prod&ignore[]=A&ignore[]=B&ignore[]=C'), limits))).toEqual({
      ignore: ['has 3 ignore selectors, more than the limit of 2 (selectorsPerRequest; set by TREATY_MAX_SELECTORS_PER_REQUEST)'],
    });
  });

  it('a limit above pageSize', () => {
    expect(ok(parseMatrixQuery(parseNestedQuery('q[][pacticipant]=Foo&limit=10'), limits)).limit).toBe(10);
    expect(errors(parseMatrixQuery(parseNestedQuery('q[][pacticipant]=Foo&limit=100000000000000000000'), limits))).toEqual([
      'limit has 100000000000000000000 rows, more than the limit of 10 (pageSize; set by TREATY_MAX_PAGE_SIZE)',
    ]);
  });
});
