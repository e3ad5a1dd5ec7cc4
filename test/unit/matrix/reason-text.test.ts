// Reason texts (broker-semantics A8, pact-broker-api §3.8): selector descriptions (first matching rule wins,
// one_of_many wording), "No version … exists" texts, warnings, outcome lines; Treaty's notices (the Pact Broker's
// reason notices de-duplicated, then one prompt per problem).
import { describe, expect, it } from 'vitest';
import type { Reason, ResolvedSelector } from '../../../src/matrix/matrix.types.js';
import { describeSelector, nextStep, noticesFor, noticeType, reasonText, summaryReason } from '../../../src/matrix/reason-text.js';
import { BAR, FOO, ignore, inEnvironment, integration, row, sel, specifiedVersion, v } from './builders.js';

const one = () => [v('3')];
const many = () => [v('11'), v('10')];

describe('describeSelector (A8: first matching rule wins; V = the resolved version number)', () => {
  const cases: Array<[string, ResolvedSelector, string]> = [
    ['latest + tag', sel(BAR, { latest: true, tag: 'prod' }, { versions: one() }), 'the latest version of Bar with tag prod (3)'],
    ['latest + tag, none', sel(BAR, { latest: true, tag: 'prod' }), 'the latest version of Bar with tag prod (no such version exists)'],
    [
      'latest + mainBranch, none',
      sel(BAR, { latest: true, mainBranch: true }, { mainBranchName: 'develop' }),
      'the latest version of Bar from the main branch (no versions exist for this branch)',
    ],
    ['latest + mainBranch, none, no main branch set', sel(BAR, { latest: true, mainBranch: true }), 'the latest version of Bar from the main branch (no versions exist for this branch)'],
    ['mainBranch, none', sel(BAR, { mainBranch: true }, { mainBranchName: 'main' }), 'any version of Bar from the main branch (no versions exist for this branch)'],
    ['latest + branch', sel(BAR, { latest: true, branch: 'feat/x' }, { versions: one() }), 'the latest version of Bar from branch feat/x (3)'],
    ['latest + branch, none', sel(BAR, { latest: true, branch: 'feat/x' }), 'the latest version of Bar from branch feat/x (no such version exists)'],
    [
      'latest + mainBranch once resolved: named by the main branch',
      sel(BAR, { latest: true, mainBranch: true }, { versions: one(), mainBranchName: 'develop' }),
      'the latest version of Bar from branch develop (3)',
    ],
    ['branch, one version', sel(BAR, { branch: 'main' }, { versions: one() }), 'the version of Bar from branch main (3)'],
    ['branch, several versions (one_of_many)', sel(BAR, { branch: 'main' }, { versions: many() }), 'one of the versions of Bar from branch main (11)'],
    ['branch, none', sel(BAR, { branch: 'main' }), 'a version of Bar from branch main (no such version exists)'],
    ['mainBranch once resolved, several', sel(BAR, { mainBranch: true }, { versions: many(), mainBranchName: 'develop' }), 'one of the versions of Bar from branch develop (11)'],
    ['latest', sel(BAR, { latest: true }, { versions: one() }), 'the latest version of Bar (3)'],
    ['latest, none', sel(BAR, { latest: true }), 'the latest version of Bar (no such version exists)'],
    ['tag', sel(BAR, { tag: 'prod' }, { versions: one() }), 'a version of Bar with tag prod (3)'],
    ['tag, several', sel(BAR, { tag: 'prod' }, { versions: many() }), 'a version of Bar with tag prod (11)'],
    ['tag, none', sel(BAR, { tag: 'prod' }), 'a version of Bar with tag prod (no such version exists)'],
    ['environment, one version', inEnvironment(BAR, one()), 'the version of Bar currently in production (3)'],
    ['environment, several (one_of_many)', inEnvironment(BAR, many()), 'one of the versions of Bar currently in production (11)'],
    [
      'environment, none',
      inEnvironment(BAR, []),
      'a version of Bar currently in production (no version is currently recorded as deployed/released in this environment)',
    ],
    ['version', specifiedVersion(BAR, '2'), 'version 2 of Bar'],
    ['version, missing', specifiedVersion(BAR, '2', false), 'version 2 of Bar (no such version exists)'],
    ['name only', sel(BAR, {}, { anyVersion: true }), 'any version of Bar'],
  ];
  it.each(cases)('%s', (_label, selector, expected) => {
    expect(describeSelector(selector)).toBe(expected);
  });

  it('precedence: the first matching rule wins', () => {
    // latest+tag beats latest+branch and latest
    expect(describeSelector(sel(BAR, { latest: true, tag: 'prod', branch: 'main' }, { versions: one() }))).toBe('the latest version of Bar with tag prod (3)');
    // latest+mainBranch-with-nothing beats latest+branch-with-nothing
    expect(describeSelector(sel(BAR, { latest: true, mainBranch: true, branch: 'x' }))).toBe('the latest version of Bar from the main branch (no versions exist for this branch)');
    // branch beats tag (not latest)
    expect(describeSelector(sel(BAR, { branch: 'main', tag: 'prod' }, { versions: one() }))).toBe('the version of Bar from branch main (3)');
    // latest beats tag-less environment
    expect(describeSelector(sel(BAR, { latest: true, environment: 'production' }, { versions: one() }))).toBe('the latest version of Bar (3)');
    // tag beats environment
    expect(describeSelector(sel(BAR, { tag: 'prod', environment: 'production' }, { versions: one() }))).toBe('a version of Bar with tag prod (3)');
    // environment beats version
    expect(describeSelector(sel(BAR, { environment: 'production', version: '3' }, { versions: one() }))).toBe('the version of Bar currently in production (3)');
  });

  it('for a row, the row’s version number is the one named', () => {
    expect(describeSelector(inEnvironment(BAR, many()), '10')).toBe('one of the versions of Bar currently in production (10)');
    expect(describeSelector(sel(BAR, { branch: 'main' }, { versions: many() }), '10')).toBe('one of the versions of Bar from branch main (10)');
    expect(describeSelector(sel(BAR, { latest: true, tag: 'prod' }, { versions: one() }), '3')).toBe('the latest version of Bar with tag prod (3)');
  });
});

describe('reasonText', () => {
  const notFound = (selector: ResolvedSelector) => reasonText({ kind: 'specified_version_not_found', selector });

  it('specified version not found, by selector kind (A8)', () => {
    expect(notFound(sel(FOO, { tag: 'prod', latest: true }))).toBe('No version with tag prod exists for Foo');
    expect(notFound(sel(FOO, { tag: 'prod' }))).toBe('No version with tag prod exists for Foo');
    expect(notFound(sel(FOO, { branch: 'nope', latest: true }))).toBe('No version of Foo from branch nope exists');
    expect(notFound(sel(FOO, { mainBranch: true, latest: true }, { mainBranchName: 'main' }))).toBe('No version of Foo from the main branch exists');
    expect(notFound(sel(FOO, { mainBranch: true }))).toBe('No version of Foo from the main branch exists');
    expect(notFound(sel(FOO, { environment: 'production' }))).toBe('No version of Foo is currently recorded as deployed or released in environment production');
    expect(notFound(specifiedVersion(FOO, '9', false))).toBe('No pacts or verifications have been published for version 9 of Foo');
    expect(notFound(sel(FOO, { latest: true }))).toBe('No pacts or verifications have been published for Foo');
  });

  it('…the tag text wins over the branch text, the branch over the version', () => {
    expect(notFound(sel(FOO, { tag: 'prod', branch: 'main' }))).toBe('No version with tag prod exists for Foo');
    expect(notFound(sel(FOO, { branch: 'main', version: '1' }))).toBe('No version of Foo from branch main exists');
  });

  it('warnings (A8, pact-broker-api §3.8)', () => {
    expect(reasonText({ kind: 'ignore_selector_not_found', ignore: ignore('Waffle') })).toBe('WARN: Cannot ignore any version of Waffle (no such pacticipant exists)');
    expect(reasonText({ kind: 'ignore_selector_not_found', ignore: ignore('Waffle', '1') })).toBe('WARN: Cannot ignore any version of Waffle (no such pacticipant exists)');
    expect(reasonText({ kind: 'ignore_selector_not_found', ignore: ignore(BAR, '999', false) })).toBe('WARN: Cannot ignore version 999 of Bar (no such version exists)');
    expect(reasonText({ kind: 'no_environment_specified' })).toBe(
      'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
    );
    expect(reasonText({ kind: 'no_version_number_specified' })).toBe(
      'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.',
    );
  });

  it('row errors name the consumer first, the provider second, each by its selector and the row’s versions', () => {
    const foo1 = v('1');
    const foo = specifiedVersion(FOO, foo1);
    const env = inEnvironment(BAR, many());
    const failed = row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: env, providerVersion: v('10'), success: false });
    const missing = row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: env, providerVersion: v('11'), success: null });
    const nothing = row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: inEnvironment(BAR, []), success: null });
    expect(reasonText({ kind: 'verification_failed', row: failed })).toBe('The verification for the pact between version 1 of Foo and one of the versions of Bar currently in production (10) failed');
    expect(reasonText({ kind: 'missing_verification', row: missing })).toBe('There is no verified pact between version 1 of Foo and one of the versions of Bar currently in production (11)');
    expect(reasonText({ kind: 'missing_verification', row: nothing })).toBe(
      'There is no verified pact between version 1 of Foo and a version of Bar currently in production (no version is currently recorded as deployed/released in this environment)',
    );
    // provider side specified, consumers in the environment
    const bar5 = v('5');
    const fooEnv = inEnvironment(FOO, [v('2'), v('1')]);
    const providerDeploy = row({ consumerSelector: fooEnv, consumerVersion: v('2'), providerSelector: specifiedVersion(BAR, bar5), providerVersion: bar5, success: null });
    expect(reasonText({ kind: 'missing_verification', row: providerDeploy })).toBe('There is no verified pact between one of the versions of Foo currently in production (2) and version 5 of Bar');
  });

  it('a required integration without a row, with and without selectors for its sides', () => {
    const i = integration(FOO, BAR);
    expect(reasonText({ kind: 'required_integration_without_row', integration: i, consumerSelector: specifiedVersion(FOO, '1'), providerSelector: sel(BAR, { latest: true }, { versions: one() }) })).toBe(
      'There is no verified pact between version 1 of Foo and the latest version of Bar (3)',
    );
    expect(reasonText({ kind: 'required_integration_without_row', integration: i })).toBe('There is no verified pact between any version of Foo and any version of Bar');
  });

  it('outcomes', () => {
    expect(reasonText({ kind: 'all_verified' })).toBe('All required verification results are published and successful');
    expect(reasonText({ kind: 'no_dependencies_missing' })).toBe('There are no missing dependencies');
  });

  it('notice types: warnings, errors, success', () => {
    const failedRow = row({ consumerSelector: specifiedVersion(FOO, '1'), consumerVersion: v('1'), providerSelector: inEnvironment(BAR, one()), providerVersion: v('3'), success: false });
    const expected: Array<[Reason, string]> = [
      [{ kind: 'ignore_selector_not_found', ignore: ignore('Waffle') }, 'warning'],
      [{ kind: 'no_environment_specified' }, 'warning'],
      [{ kind: 'no_version_number_specified' }, 'warning'],
      [{ kind: 'specified_version_not_found', selector: specifiedVersion(FOO, '9', false) }, 'error'],
      [{ kind: 'verification_failed', row: failedRow }, 'error'],
      [{ kind: 'missing_verification', row: failedRow }, 'error'],
      [{ kind: 'required_integration_without_row', integration: integration(FOO, BAR) }, 'error'],
      [{ kind: 'all_verified' }, 'success'],
      [{ kind: 'no_dependencies_missing' }, 'success'],
    ];
    for (const [reason, type] of expected) expect(noticeType(reason)).toBe(type);
  });

  it('summaryReason: the de-duplicated texts joined by newlines, in order', () => {
    const reasons: Reason[] = [
      { kind: 'no_environment_specified' },
      { kind: 'required_integration_without_row', integration: integration(FOO, BAR) },
      { kind: 'required_integration_without_row', integration: integration(FOO, BAR) },
      { kind: 'all_verified' },
    ];
    expect(summaryReason(reasons)).toBe(
      [
        'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
        'There is no verified pact between any version of Foo and any version of Bar',
        'All required verification results are published and successful',
      ].join('\n'),
    );
  });
});

describe('noticesFor: the Pact Broker’s notices (de-duplicated), then one prompt per problem', () => {
  const foo1 = v('1');
  const foo = specifiedVersion(FOO, foo1);

  it('reason notices first, in order and de-duplicated; then the next steps, also de-duplicated', () => {
    const env = inEnvironment(BAR, many());
    const failed = row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: env, providerVersion: v('10'), success: false });
    const missing = row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: env, providerVersion: v('11'), success: null });
    const reasons: Reason[] = [
      { kind: 'no_environment_specified' },
      { kind: 'verification_failed', row: failed },
      { kind: 'verification_failed', row: failed },
      { kind: 'missing_verification', row: missing },
    ];
    const notices = noticesFor(reasons);
    expect(notices.map((n) => n.type)).toEqual(['warning', 'error', 'error', 'prompt', 'prompt']);
    expect(notices.slice(0, 3).map((n) => n.text)).toEqual([
      reasonText(reasons[0]!),
      'The verification for the pact between version 1 of Foo and one of the versions of Bar currently in production (10) failed',
      'There is no verified pact between version 1 of Foo and one of the versions of Bar currently in production (11)',
    ]);
    const [failedStep, missingStep] = notices.slice(3).map((n) => n.text);
    // the failure names both sides and both versions
    expect(failedStep).toMatch(/\bBar\b.*\b10\b/);
    expect(failedStep).toContain('Foo');
    expect(failedStep).toMatch(/version 1\b/);
    // the missing verification names the provider version that should verify, and where it runs
    expect(missingStep).toContain('Bar');
    expect(missingStep).toContain('Foo');
    expect(missingStep).toMatch(/version 11\b/);
    expect(missingStep).toContain('production');
  });

  it('no prompt for warnings or success', () => {
    const notices = noticesFor([{ kind: 'no_environment_specified' }, { kind: 'ignore_selector_not_found', ignore: ignore('Waffle') }, { kind: 'all_verified' }]);
    expect(notices.map((n) => n.type)).toEqual(['warning', 'warning', 'success']);
  });

  it('a provider with nothing in the environment: the step says to record the deployment of that provider', () => {
    const nothing = row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: inEnvironment(BAR, []), success: null });
    const step = nextStep({ kind: 'missing_verification', row: nothing })!;
    expect(step).toContain('Bar');
    expect(step).toContain('production');
    expect(step).toContain('record-deployment');
  });

  it('a specified version that does not exist: the step names the version, or what the selector looked for', () => {
    const byNumber = nextStep({ kind: 'specified_version_not_found', selector: specifiedVersion(BAR, '9', false) })!;
    expect(byNumber).toContain('Bar');
    expect(byNumber).toMatch(/\b9\b/);
    const byTag = nextStep({ kind: 'specified_version_not_found', selector: sel(FOO, { tag: 'prod', latest: true }) })!;
    expect(byTag).toContain('Foo');
    expect(byTag).toContain('prod');
    const byBranch = nextStep({ kind: 'specified_version_not_found', selector: sel(FOO, { branch: 'nope', latest: true }) })!;
    expect(byBranch).toContain('nope');
    const noMainBranch = nextStep({ kind: 'specified_version_not_found', selector: sel(FOO, { mainBranch: true, latest: true }) })!;
    expect(noMainBranch).toContain('Foo');
    expect(noMainBranch).toContain('main branch');
    const emptyMainBranch = nextStep({ kind: 'specified_version_not_found', selector: sel(FOO, { mainBranch: true, latest: true }, { mainBranchName: 'develop' }) })!;
    expect(emptyMainBranch).toContain('develop');
    const env = nextStep({ kind: 'specified_version_not_found', selector: sel(FOO, { environment: 'production' }) })!;
    expect(env).toContain('production');
  });

  it('a required integration without a row: the step names the provider and the consumer', () => {
    const step = nextStep({ kind: 'required_integration_without_row', integration: integration(FOO, BAR) })!;
    expect(step).toContain('Bar');
    expect(step).toContain('Foo');
  });

  it('each failing row gets its own prompt, naming its versions', () => {
    const env = inEnvironment(BAR, many());
    const failedBy = (pv: string) => row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: env, providerVersion: v(pv), success: false });
    const prompts = noticesFor([
      { kind: 'verification_failed', row: failedBy('10') },
      { kind: 'verification_failed', row: failedBy('11') },
    ]).filter((n) => n.type === 'prompt');
    expect(prompts).toHaveLength(2);
    expect(prompts[0]!.text).toMatch(/\b10\b/);
    expect(prompts[1]!.text).toMatch(/\b11\b/);
  });
});
