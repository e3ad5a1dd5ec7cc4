// decide() on hand-built rows and selectors: the rules of broker-semantics A6/A7 (order of evaluation, unknown beats
// failed, ignore, counts), Treaty's strict environments (README item 2) through buildRows + decide, and a hub
// pacticipant with 150 integrations.
import { describe, expect, it } from 'vitest';
import { buildRows } from '../../../src/matrix/build-rows.js';
import { decide, type DecideInput } from '../../../src/matrix/decide.js';
import type { Decision, Integration, LatestBy, MatrixFacts, PactFact, ResolvedSelector, Target, VerificationFact, VersionRef } from '../../../src/matrix/matrix.types.js';
import { reasonText, summaryReason } from '../../../src/matrix/reason-text.js';
import { BAR, BAZ, FOO, type P, ignore, inEnvironment, integration, pactFact, row, sel, specifiedVersion, v, verificationFact } from './builders.js';

// ORDER_OPEN: when failed and unknown (or row-less) problems are mixed, the order of their reason lines is not fixed by
// the reference (S11 only has a failed Bar line before an unknown Baz line, which row order and the Ruby order agree
// on). Treaty lists them in row order, then required integrations without a row; the Ruby broker lists required
// integrations without a row, then every failure, then every unknown (matrix/deployment_status_summary.rb). Tests
// where the two differ compare the lines without their order.
const ENV: Target = { kind: 'environment', environment: 'production' };
const kinds = (d: Decision) => d.reasons.map((r) => r.kind);
const texts = (d: Decision) => d.reasons.map(reasonText);

const run = (input: Partial<DecideInput> & Pick<DecideInput, 'specified'>): Decision =>
  decide({ integrations: [], rows: [], ignores: [], target: ENV, ...input });

/** Foo v1 (specified) against the Bar and Baz versions in production (inferred). */
function fooToEnvironment(bar: VersionRef[], baz: VersionRef[] = []) {
  const foo1 = v('1');
  const foo = specifiedVersion(FOO, foo1);
  const barEnv = inEnvironment(BAR, bar);
  const bazEnv = inEnvironment(BAZ, baz);
  const toBar = (pv: VersionRef | undefined, success: boolean | null) => row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: barEnv, ...(pv ? { providerVersion: pv } : {}), success });
  const toBaz = (pv: VersionRef | undefined, success: boolean | null) => row({ consumerSelector: foo, consumerVersion: foo1, providerSelector: bazEnv, ...(pv ? { providerVersion: pv } : {}), success });
  return { foo1, foo, barEnv, bazEnv, toBar, toBaz, inferred: [barEnv, bazEnv] };
}

describe('A7 order of evaluation', () => {
  it('1. a specified version that does not exist → false, even with unknown and failed rows; only that error is given', () => {
    const bar2 = v('2');
    const { foo, toBar, inferred } = fooToEnvironment([bar2], []);
    const missing = specifiedVersion(BAZ, '9', false);
    const d = run({
      specified: [foo, missing],
      inferred,
      integrations: [integration(FOO, BAR)],
      rows: [toBar(bar2, false), toBar(v('3'), null)],
    });
    expect(d.deployable).toBe(false);
    expect(kinds(d)).toEqual(['specified_version_not_found']);
    expect(texts(d)).toEqual(['No pacts or verifications have been published for version 9 of Baz']);
    // Treaty keeps deployable null ⇔ unknown > 0 (pact-broker-api §3.8, gotcha 17): the answer is final, so the
    // unverified row is not counted as unknown and clients that poll while unknown > 0 stop.
    expect(d.counts).toStrictEqual({ success: 0, failed: 1, unknown: 0 });
  });

  it('2. any considered row without a verification → null, and unknown beats failed (the failed Bar line, then the unknown Baz one, as S11)', () => {
    const { foo, toBar, toBaz, inferred } = fooToEnvironment([v('2')], [v('7')]);
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR), integration(FOO, BAZ)], rows: [toBar(v('2'), false), toBaz(v('7'), null)] });
    expect(d.deployable).toBeNull();
    expect(d.counts).toStrictEqual({ success: 0, failed: 1, unknown: 1 });
    expect(kinds(d)).toEqual(['verification_failed', 'missing_verification']);
  });

  it('3. a required integration with no row at all → null, counted as unknown, described by its selectors', () => {
    const bar2 = v('2');
    const { foo, inferred } = fooToEnvironment([bar2]);
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows: [] });
    expect(d.deployable).toBeNull();
    expect(d.counts).toStrictEqual({ success: 0, failed: 0, unknown: 1 });
    expect(kinds(d)).toEqual(['required_integration_without_row']);
    expect(texts(d)).toEqual(['There is no verified pact between version 1 of Foo and the version of Bar currently in production (2)']);
  });

  it('3. …a required integration without a row makes it null even when another row failed', () => {
    const { foo, toBar, inferred } = fooToEnvironment([v('2')], [v('7')]);
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR), integration(FOO, BAZ)], rows: [toBar(v('2'), false)] });
    expect(d.deployable).toBeNull();
    expect(d.counts).toStrictEqual({ success: 0, failed: 1, unknown: 1 });
    // order left open (see ORDER_OPEN)
    expect(kinds(d).sort()).toEqual(['required_integration_without_row', 'verification_failed']);
  });

  it('3. …an integration that is not required (a provider’s consumers) needs no row', () => {
    const bar2 = v('2');
    const d = run({ specified: [specifiedVersion(BAR, bar2)], inferred: [inEnvironment(FOO, [])], integrations: [integration(FOO, BAR, false)] });
    expect(d.deployable).toBe(true);
    expect(kinds(d)).toEqual(['no_dependencies_missing']);
  });

  it('3. …the check looks at all rows, ignored ones included: a required integration whose row is ignored is not missing', () => {
    const bar2 = v('2');
    const { foo, toBar, inferred } = fooToEnvironment([bar2]);
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows: [toBar(bar2, false)], ignores: [ignore(BAR, '2')] });
    expect(d.deployable).toBe(true);
    expect(kinds(d)).toEqual(['no_dependencies_missing']);
    expect(d.counts).toStrictEqual({ success: 0, failed: 0, unknown: 0, ignored: 1 });
  });

  it('3. …a required integration without a row whose provider is ignored by name is not missing', () => {
    const { foo, inferred } = fooToEnvironment([v('2')]);
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], ignores: [ignore(BAR)] });
    expect(d.deployable).toBe(true);
    expect(d.counts).toStrictEqual({ success: 0, failed: 0, unknown: 0, ignored: 0 });
  });

  it('4. true when every considered row succeeded; false when one failed and nothing is unknown', () => {
    const { foo, toBar, toBaz, inferred } = fooToEnvironment([v('2')], [v('7')]);
    const ok = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR), integration(FOO, BAZ)], rows: [toBar(v('2'), true), toBaz(v('7'), true)] });
    expect(ok.deployable).toBe(true);
    expect(ok.counts).toStrictEqual({ success: 2, failed: 0, unknown: 0 });
    expect(texts(ok)).toEqual(['All required verification results are published and successful']);
    const failed = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR), integration(FOO, BAZ)], rows: [toBar(v('2'), true), toBaz(v('7'), false)] });
    expect(failed.deployable).toBe(false);
    expect(failed.counts).toStrictEqual({ success: 1, failed: 1, unknown: 0 });
    expect(texts(failed)).toEqual(['The verification for the pact between version 1 of Foo and the version of Baz currently in production (7) failed']);
  });

  it('4. true when there is nothing to check at all', () => {
    const d = run({ specified: [specifiedVersion(FOO, '1')] });
    expect(d).toStrictEqual({ deployable: true, reasons: [{ kind: 'no_dependencies_missing' }], counts: { success: 0, failed: 0, unknown: 0 }, rows: [] });
  });

  it('deployable is null exactly when unknown > 0 (the Ruby client polls on unknown, the Rust one on deployable)', () => {
    const { foo, toBar, inferred } = fooToEnvironment([v('2')]);
    for (const success of [true, false, null] as const) {
      const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows: [toBar(v('2'), success)] });
      expect(d.deployable === null).toBe(d.counts.unknown > 0);
    }
  });
});

describe('A6 ignore', () => {
  it('ignored rows are returned flagged with what they would have been, and left out of every count', () => {
    const { foo, toBar, toBaz, inferred } = fooToEnvironment([v('2')], [v('7')]);
    const rows = [toBar(v('2'), true), toBaz(v('7'), false), toBaz(v('8'), null)];
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR), integration(FOO, BAZ)], rows, ignores: [ignore(BAZ)] });
    expect(d.deployable).toBe(true);
    expect(d.counts).toStrictEqual({ success: 1, failed: 0, unknown: 0, ignored: 2 });
    expect(texts(d)).toEqual(['All required verification results are published and successful']);
    expect(d.rows.map((r) => [r.provider.name, r.ignored, r.reason])).toEqual([
      ['Bar', false, { kind: 'verified' }],
      ['Baz', true, { kind: 'ignored', wouldBe: 'failed' }],
      ['Baz', true, { kind: 'ignored', wouldBe: 'missing_verification' }],
    ]);
    // the input rows are not changed
    expect(rows.every((r) => !r.ignored)).toBe(true);
  });

  it('lists the considered rows first and the ignored rows after them, each group in row order', () => {
    const { foo, toBar, toBaz, inferred } = fooToEnvironment([v('2'), v('3')], [v('7')]);
    // Row order puts Bar before Baz; ignoring Bar must move its rows after the considered Baz row.
    const rows = [toBar(v('3'), false), toBar(v('2'), null), toBaz(v('7'), true)];
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR), integration(FOO, BAZ)], rows, ignores: [ignore(BAR)] });
    expect(d.rows.map((r) => [r.provider.name, r.providerVersion?.number ?? null, r.ignored])).toEqual([
      ['Baz', '7', false],
      ['Bar', '3', true],
      ['Bar', null, true],
    ]);
    expect(d.deployable).toBe(true);
    // also when a specified version is missing (the early answer lists the rows the same way)
    const missing = specifiedVersion(BAZ, '9', false);
    const early = run({ specified: [foo, missing], inferred, integrations: [integration(FOO, BAR), integration(FOO, BAZ)], rows, ignores: [ignore(BAR)] });
    expect(early.deployable).toBe(false);
    expect(early.rows.map((r) => [r.provider.name, r.ignored])).toEqual([['Baz', false], ['Bar', true], ['Bar', true]]);
  });

  it('an ignored unknown row no longer beats a considered failure', () => {
    const { foo, toBar, toBaz, inferred } = fooToEnvironment([v('2')], [v('7')]);
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR), integration(FOO, BAZ)], rows: [toBar(v('2'), false), toBaz(v('7'), null)], ignores: [ignore(BAZ)] });
    expect(d.deployable).toBe(false);
    expect(d.counts).toStrictEqual({ success: 0, failed: 1, unknown: 0, ignored: 1 });
  });

  it('an ignore with a version matches only that version, on the provider side and on the consumer side', () => {
    const { foo, toBar, inferred } = fooToEnvironment([v('2'), v('3')]);
    const rows = [toBar(v('3'), false), toBar(v('2'), false)];
    const provider = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows, ignores: [ignore(BAR, '3')] });
    // Only Bar 3's row is ignored; it is listed after the considered Bar 2 row.
    expect(provider.rows.map((r) => [r.providerVersion?.number, r.ignored])).toEqual([['2', false], ['3', true]]);
    expect(provider.deployable).toBe(false);
    expect(provider.counts).toStrictEqual({ success: 0, failed: 1, unknown: 0, ignored: 1 });
    const consumer = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows, ignores: [ignore(FOO, '1')] });
    expect(consumer.rows.map((r) => r.ignored)).toEqual([true, true]);
    expect(consumer.deployable).toBe(true);
    const otherConsumerVersion = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows, ignores: [ignore(FOO, '2')] });
    expect(otherConsumerVersion.rows.map((r) => r.ignored)).toEqual([false, false]);
  });

  it('an ignore with a version also matches the provider version an unverified row expected', () => {
    const { foo, toBar, inferred } = fooToEnvironment([v('10'), v('11')]);
    const d = run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows: [toBar(v('11'), true), toBar(v('10'), null)], ignores: [ignore(BAR, '10')] });
    expect(d.deployable).toBe(true);
    expect(d.counts).toStrictEqual({ success: 1, failed: 0, unknown: 0, ignored: 1 });
  });

  it('an ignore selector that resolves to nothing only warns (first), and ignores nothing', () => {
    const { foo, toBar, inferred } = fooToEnvironment([v('2')]);
    const d = run({
      specified: [foo],
      inferred,
      integrations: [integration(FOO, BAR)],
      rows: [toBar(v('2'), false)],
      ignores: [ignore(BAR, '999', false), ignore('Waffle')],
    });
    expect(d.deployable).toBe(false);
    expect(d.counts).toStrictEqual({ success: 0, failed: 1, unknown: 0, ignored: 0 });
    expect(texts(d)).toEqual([
      'WARN: Cannot ignore version 999 of Bar (no such version exists)',
      'WARN: Cannot ignore any version of Waffle (no such pacticipant exists)',
      'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
    ]);
  });

  it('a specified version that does not exist is no error when that pacticipant is ignored', () => {
    const d = run({ specified: [specifiedVersion(BAR, '9', false)], ignores: [ignore(BAR)] });
    expect(d.deployable).toBe(true);
    expect(kinds(d)).toEqual(['no_dependencies_missing']);
    expect(d.counts).toStrictEqual({ success: 0, failed: 0, unknown: 0, ignored: 0 });
  });

  it('…but an ignore of that very (missing) version does not exist either: warning, and still false', () => {
    const d = run({ specified: [specifiedVersion(BAR, '9', false)], ignores: [ignore(BAR, '9', false)] });
    expect(d.deployable).toBe(false);
    expect(texts(d)).toEqual(['WARN: Cannot ignore version 9 of Bar (no such version exists)', 'No pacts or verifications have been published for version 9 of Bar']);
  });

  it('a specified tag that found nothing: ignoring some version of it does not help, ignoring it by name does', () => {
    const tagged = sel(FOO, { tag: 'prod' }, { versions: [] });
    expect(run({ specified: [tagged], ignores: [ignore(FOO, '4')] }).deployable).toBe(false);
    expect(run({ specified: [tagged], ignores: [ignore(FOO)] }).deployable).toBe(true);
  });

  it('counts carry `ignored` only when ignore selectors were given', () => {
    const { foo, toBar, inferred } = fooToEnvironment([v('2')]);
    const rows = [toBar(v('2'), true)];
    expect(run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows }).counts).toStrictEqual({ success: 1, failed: 0, unknown: 0 });
    expect(run({ specified: [foo], inferred, integrations: [integration(FOO, BAR)], rows, ignores: [ignore(BAZ)] }).counts).toStrictEqual({
      success: 1,
      failed: 0,
      unknown: 0,
      ignored: 0,
    });
  });
});

describe('A8 warnings', () => {
  const WARN_ENV = 'no_environment_specified';
  const WARN_VERSION = 'no_version_number_specified';
  const warnings = (d: Decision) => kinds(d).filter((k) => k === WARN_ENV || k === WARN_VERSION || k === 'ignore_selector_not_found');

  it('one specified selector and no tag / environment / mainBranch target → the environment warning', () => {
    const foo = specifiedVersion(FOO, '1');
    expect(warnings(run({ specified: [foo], target: undefined }))).toEqual([WARN_ENV]);
    expect(warnings(run({ specified: [foo], target: { kind: 'latest' } }))).toEqual([WARN_ENV]);
    expect(warnings(run({ specified: [foo], target: { kind: 'branch', branch: 'main', latest: true } }))).toEqual([WARN_ENV]);
    expect(warnings(run({ specified: [foo], target: ENV }))).toEqual([]);
    expect(warnings(run({ specified: [foo], target: { kind: 'tag', tag: 'prod', latest: true } }))).toEqual([]);
    expect(warnings(run({ specified: [foo], target: { kind: 'mainBranch', latest: true } }))).toEqual([]);
    expect(warnings(run({ specified: [foo, specifiedVersion(BAR, '2')], target: undefined }))).toEqual([]);
  });

  it('a selector that is not name-only while none carries a version number → the version-number warning', () => {
    const head = sel(FOO, { branch: 'main', latest: true }, { versions: [v('4')] });
    expect(warnings(run({ specified: [head] }))).toEqual([WARN_VERSION]);
    expect(warnings(run({ specified: [sel(FOO, { tag: 'prod' }, { versions: [v('4')] }), sel(BAR, { latest: true }, { versions: [v('2')] })], target: undefined }))).toEqual([
      WARN_VERSION,
    ]);
    expect(warnings(run({ specified: [head, specifiedVersion(BAR, '2')], target: undefined }))).toEqual([]);
    expect(warnings(run({ specified: [sel(FOO, {}, { anyVersion: true })] }))).toEqual([]);
  });

  it('warnings come first (ignore, environment, version), before the errors or the success reason', () => {
    const head = sel(FOO, { branch: 'main', latest: true }, { versions: [v('4')] });
    const ok = run({ specified: [head], target: undefined, ignores: [ignore('Waffle')] });
    expect(kinds(ok)).toEqual(['ignore_selector_not_found', WARN_ENV, WARN_VERSION, 'no_dependencies_missing']);
    const missing = run({ specified: [sel(FOO, { branch: 'nope', latest: true })] });
    expect(texts(missing)).toEqual([
      'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.',
      'No version of Foo from branch nope exists',
    ]);
    expect(missing.deployable).toBe(false);
  });
});

// ---- strict environments: facts → buildRows → decide -------------------------------------------------------------

interface Pipeline {
  specified: ResolvedSelector[];
  inferred: ResolvedSelector[];
  integrations: Integration[];
  pacts: PactFact[];
  verifications: VerificationFact[];
  latestby?: LatestBy;
  target?: Target;
}

function pipeline({ specified, inferred, integrations, pacts, verifications, latestby = 'cvpv', target = ENV }: Pipeline): Decision {
  const facts: MatrixFacts = { pacts, verifications, consumerVersions: [] };
  const rows = buildRows({ integrations, selectors: [...specified, ...inferred], facts, latestby });
  return decide({ specified, inferred, integrations, rows, ignores: [], target });
}

const rowLines = (d: Decision) =>
  d.rows.map((r) => `${r.consumer.name} ${r.consumerVersion.number} → ${r.provider.name} ${r.providerVersion?.number ?? `- (${r.expectedProviderVersion?.number ?? '?'})`} ${r.reason.kind}`);

describe('strict environments: every provider version in the environment is checked (README item 2)', () => {
  /** Foo v1's pact with Bar, and Bar v10 / v11 in production (instances or releases alike: both are "in" it). */
  function coResident(results: { v10?: boolean; v11?: boolean }, latestby: LatestBy = 'cvpv') {
    const foo1 = v('1');
    const bar10 = v('10');
    const bar11 = v('11');
    const pact = pactFact(FOO, foo1, BAR);
    const verifications = [
      ...(results.v10 === undefined ? [] : [verificationFact(pact, bar10, results.v10)]),
      ...(results.v11 === undefined ? [] : [verificationFact(pact, bar11, results.v11)]),
    ];
    return pipeline({
      specified: [specifiedVersion(FOO, foo1)],
      inferred: [inEnvironment(BAR, [bar11, bar10])],
      integrations: [integration(FOO, BAR)],
      pacts: [pact],
      verifications,
      latestby,
    });
  }

  it('two application instances, one never verified → null, naming the unverified one', () => {
    for (const latestby of ['cvpv', 'cvp'] as const) {
      const d = coResident({ v11: true }, latestby);
      expect(d.deployable).toBeNull();
      expect(d.counts).toStrictEqual({ success: 1, failed: 0, unknown: 1 });
      expect(rowLines(d)).toEqual(['Foo 1 → Bar 11 verified', 'Foo 1 → Bar - (10) missing_verification']);
      expect(summaryReason(d.reasons)).toBe('There is no verified pact between version 1 of Foo and one of the versions of Bar currently in production (10)');
    }
  });

  it('one failed, one ok → false (with cvp too: the failing co-resident version is not hidden)', () => {
    for (const latestby of ['cvpv', 'cvp'] as const) {
      const d = coResident({ v10: false, v11: true }, latestby);
      expect(d.deployable).toBe(false);
      expect(d.counts).toStrictEqual({ success: 1, failed: 1, unknown: 0 });
      expect(summaryReason(d.reasons)).toBe('The verification for the pact between version 1 of Foo and one of the versions of Bar currently in production (10) failed');
    }
  });

  it('released versions, one failed and one never verified → null', () => {
    const d = coResident({ v10: false });
    expect(d.deployable).toBeNull();
    expect(d.counts).toStrictEqual({ success: 0, failed: 1, unknown: 1 });
    expect(rowLines(d)).toEqual(['Foo 1 → Bar - (11) missing_verification', 'Foo 1 → Bar 10 failed']);
  });

  it('neither verified → null with one row per version; both ok → true with two rows', () => {
    const none = coResident({});
    expect(none.deployable).toBeNull();
    expect(none.counts).toStrictEqual({ success: 0, failed: 0, unknown: 2 });
    const both = coResident({ v10: true, v11: true });
    expect(both.deployable).toBe(true);
    expect(both.counts).toStrictEqual({ success: 2, failed: 0, unknown: 0 });
  });

  it('outside environments cvp still keeps only the newest provider version’s row (A5.6): a tag target is not strict', () => {
    const foo1 = v('1');
    const bar10 = v('10');
    const bar11 = v('11');
    const pact = pactFact(FOO, foo1, BAR);
    const tagged = sel(BAR, { tag: 'prod' }, { source: 'inferred', versions: [bar11, bar10] });
    const d = pipeline({
      specified: [specifiedVersion(FOO, foo1)],
      inferred: [tagged],
      integrations: [integration(FOO, BAR)],
      pacts: [pact],
      verifications: [verificationFact(pact, bar10, false), verificationFact(pact, bar11, true)],
      latestby: 'cvp',
      target: { kind: 'tag', tag: 'prod', latest: false },
    });
    expect(rowLines(d)).toEqual(['Foo 1 → Bar 11 verified']);
    expect(d.deployable).toBe(true);
  });
});

// ---- a hub pacticipant with 150 integrations ------------------------------------------------------------------------

const name = (prefix: string, i: number) => `${prefix}${String(i).padStart(3, '0')}`;

/** Hub v1 (specified provider) and `n` consumers, each with `versionsEach` versions in production. */
function hubAsProvider(n: number, state: (i: number, version: number) => 'ok' | 'failed' | 'missing', versionsEach = 1) {
  const hub = { id: 1, name: 'Hub' };
  const hub1 = v('1');
  const specified = [specifiedVersion(hub, hub1)];
  const inferred: ResolvedSelector[] = [];
  const integrations: Integration[] = [];
  const pacts: PactFact[] = [];
  const verifications: VerificationFact[] = [];
  for (let i = 1; i <= n; i++) {
    const consumer: P = { id: 100 + i, name: name('C', i) };
    const versions = Array.from({ length: versionsEach }, (_, k) => v(String(k + 1)));
    inferred.push(inEnvironment(consumer, [...versions].reverse()));
    integrations.push(integration(consumer, hub, false));
    versions.forEach((cv, k) => {
      const pact = pactFact(consumer, cv, hub);
      pacts.push(pact);
      const s = state(i, k + 1);
      if (s !== 'missing') verifications.push(verificationFact(pact, hub1, s === 'ok'));
    });
  }
  return { specified, inferred, integrations, pacts, verifications };
}

describe('a hub pacticipant with 150 integrations', () => {
  it('150 consumers in the environment, all verified → true with success=150', () => {
    const d = pipeline(hubAsProvider(150, () => 'ok'));
    expect(d.deployable).toBe(true);
    expect(d.counts).toStrictEqual({ success: 150, failed: 0, unknown: 0 });
    expect(d.rows).toHaveLength(150);
    expect(kinds(d)).toEqual(['all_verified']);
  });

  it('one failed → false, naming it', () => {
    const d = pipeline(hubAsProvider(150, (i) => (i === 77 ? 'failed' : 'ok')));
    expect(d.deployable).toBe(false);
    expect(d.counts).toStrictEqual({ success: 149, failed: 1, unknown: 0 });
    expect(texts(d)).toEqual(['The verification for the pact between the version of C077 currently in production (1) and version 1 of Hub failed']);
  });

  it('one missing → null, naming it', () => {
    const d = pipeline(hubAsProvider(150, (i) => (i === 3 ? 'missing' : 'ok')));
    expect(d.deployable).toBeNull();
    expect(d.counts).toStrictEqual({ success: 149, failed: 0, unknown: 1 });
    expect(texts(d)).toEqual(['There is no verified pact between the version of C003 currently in production (1) and version 1 of Hub']);
  });

  it('one failed and one missing → null, both named', () => {
    const d = pipeline(hubAsProvider(150, (i) => (i === 120 ? 'failed' : i === 7 ? 'missing' : 'ok')));
    expect(d.deployable).toBeNull();
    expect(d.counts).toStrictEqual({ success: 148, failed: 1, unknown: 1 });
    // order left open (see ORDER_OPEN)
    expect(texts(d).sort()).toEqual([
      'The verification for the pact between the version of C120 currently in production (1) and version 1 of Hub failed',
      'There is no verified pact between the version of C007 currently in production (1) and version 1 of Hub',
    ]);
  });

  it('as a consumer with 150 required integrations: one without any row → null, naming the provider', () => {
    const hub = { id: 1, name: 'Hub' };
    const hub1 = v('1');
    const specified = [specifiedVersion(hub, hub1)];
    const inferred: ResolvedSelector[] = [];
    const integrations: Integration[] = [];
    const rows = [];
    for (let i = 1; i <= 150; i++) {
      const provider: P = { id: 100 + i, name: name('P', i) };
      const pv = v('1');
      const env = inEnvironment(provider, [pv]);
      inferred.push(env);
      integrations.push(integration(hub, provider, true));
      if (i !== 42) rows.push(row({ consumerSelector: specified[0]!, consumerVersion: hub1, providerSelector: env, providerVersion: pv, success: true }));
    }
    const d = decide({ specified, inferred, integrations, rows, ignores: [], target: ENV });
    expect(d.deployable).toBeNull();
    expect(d.counts).toStrictEqual({ success: 149, failed: 0, unknown: 1 });
    expect(texts(d)).toEqual(['There is no verified pact between version 1 of Hub and the version of P042 currently in production (1)']);
  });

  it('stays cheap at scale: 150 consumers × 20 versions each in the environment (3000 rows)', () => {
    const d = pipeline(hubAsProvider(150, (i, k) => (i === 150 && k === 20 ? 'failed' : 'ok'), 20));
    expect(d.rows).toHaveLength(3000);
    expect(d.counts).toStrictEqual({ success: 2999, failed: 1, unknown: 0 });
    expect(texts(d)).toEqual(['The verification for the pact between one of the versions of C150 currently in production (20) and version 1 of Hub failed']);
  });
});
