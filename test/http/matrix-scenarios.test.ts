// can-i-deploy and the matrix, black box over HTTP: every scenario S01–S35 of broker-semantics.md E.1 (exact reason
// strings, counts, rows), Treaty's strict environments (README item 2: every co-resident version is checked, also with
// latestby=cvp; unverified → null, failed → false, unknown beats failed), Treaty's typed row reasons and prompt
// notices (matrix-contract.md), validation errors of both entry points, and odd names.
//
// Scenario defaults (E intro): consumers Foo, Cat; providers Bar, Baz; environments test and production
// (production=true, seeded by the migrations); every pacticipant's main branch is `main`; versions are created in
// numeric order and published / verified on branch `main`; "C1", "C2"… are distinct pact contents;
// "can-i-deploy X vN to E" = GET /can-i-deploy?pacticipant=X&version=N&environment=E (cvpv).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client, hal } from '../support/http.js';
import { pactDocument } from '../support/pacts.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';
import { testDataBuilder } from '../support/test-data-builder.js';

const B = 'http://localhost:80';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await buildTestApp();
  api = client(t);
});
afterAll(async () => t?.close());
beforeEach(async () => t.reset());

// ---------------------------------------------------------------------------------------------------------------
// Test data (through the services, never SQL)
// ---------------------------------------------------------------------------------------------------------------

function given() {
  const b = testDataBuilder(t.container.services);
  const g = {
    /** `consumer` version `version` publishes a pact with `provider` whose content is `content` (C1, C2, …). */
    pact(consumer: string, version: string, provider: string, content: string, branch: string | null = 'main') {
      b.publishPact({ consumer, version, provider, ...(branch ? { branch } : {}), interactions: [content] });
      return g;
    },
    /** Publishes the document as given (for the same-content-different-serialisation scenario). */
    document(consumer: string, version: string, provider: string, document: unknown) {
      b.publishPactDocument({ consumer, version, provider, branch: 'main', document });
      return g;
    },
    /** Provider version `pv` publishes a result for the pact that consumer version `cv` has with it. */
    verify(provider: string, pv: string, consumer: string, cv: string, success: boolean, branch = 'main') {
      b.verify({ provider, providerVersion: pv, consumer, consumerVersion: cv, success, branch });
      return g;
    },
    version(pacticipant: string, version: string, branch = 'main') {
      b.createVersion(pacticipant, version, { branch });
      return g;
    },
    deploy(pacticipant: string, version: string, environment = 'production', applicationInstance?: string) {
      b.recordDeployment({ pacticipant, version, environment, ...(applicationInstance ? { applicationInstance } : {}) });
      return g;
    },
    undeploy(pacticipant: string, environment = 'production') {
      b.recordUndeployment({ pacticipant, environment });
      return g;
    },
    release(pacticipant: string, version: string, environment = 'production') {
      b.recordRelease({ pacticipant, version, environment });
      return g;
    },
    endSupport(pacticipant: string, version: string, environment = 'production') {
      b.recordSupportEnded({ pacticipant, version, environment });
      return g;
    },
    tag(pacticipant: string, version: string, tag: string) {
      b.tagVersion(pacticipant, version, tag);
      return g;
    },
    untag(pacticipant: string, version: string, tag: string) {
      b.untagVersion(pacticipant, version, tag);
      return g;
    },
    mainBranch(pacticipant: string, branch: string) {
      b.setMainBranch(pacticipant, branch);
      return g;
    },
    done: () => b.done(),
  };
  return g;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

const enc = encodeURIComponent;
/** Ruby's url_encode, as hrefs are built: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded. */
const hrefEnc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
type Params = Record<string, string>;

/** Rack nested query: one `q[][…]` group per selector, then the options, then one `ignore[][…]` group per ignore. */
function matrixQuery(selectors: Params[], options: Params = {}, ignores: Params[] = []) {
  return [
    ...selectors.flatMap((s) => Object.entries(s).map(([k, v]) => `q[][${k}]=${enc(v)}`)),
    ...Object.entries(options).map(([k, v]) => `${k}=${enc(v)}`),
    ...ignores.flatMap((s) => Object.entries(s).map(([k, v]) => `ignore[][${k}]=${enc(v)}`)),
  ].join('&');
}

async function matrix(selectors: Params[], options: Params = {}, ignores: Params[] = []) {
  return hal(await api.get(`/matrix?${matrixQuery(selectors, options, ignores)}`), 200);
}

/** GET /can-i-deploy for one version to an environment; `extra` is appended as is (ignore forms, `to`). */
async function canIDeploy(pacticipant: string, version: string, environment: string, extra = '') {
  const query = `pacticipant=${enc(pacticipant)}&version=${enc(version)}&environment=${enc(environment)}${extra}`;
  return hal(await api.get(`/can-i-deploy?${query}`), 200);
}

const ignoreQuery = (ignores: Params[]) => ignores.flatMap((s) => Object.entries(s).map(([k, v]) => `&ignore[][${k}]=${enc(v)}`)).join('');

// ---------------------------------------------------------------------------------------------------------------
// Expected results
// ---------------------------------------------------------------------------------------------------------------

const SUCCESS = 'All required verification results are published and successful';
const NO_MISSING = 'There are no missing dependencies';
const WARN_ENV =
  'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.';
const WARN_VERSION =
  'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.';
const notVerified = (consumer: string, provider: string) => `There is no verified pact between ${consumer} and ${provider}`;
const failedBetween = (consumer: string, provider: string) => `The verification for the pact between ${consumer} and ${provider} failed`;
const ver = (n: string, p: string) => `version ${n} of ${p}`;
const inEnv = (p: string, n: string, env = 'production') => `the version of ${p} currently in ${env} (${n})`;
const oneOfInEnv = (p: string, n: string, env = 'production') => `one of the versions of ${p} currently in ${env} (${n})`;
const noneInEnv = (p: string, env = 'production') =>
  `a version of ${p} currently in ${env} (no version is currently recorded as deployed/released in this environment)`;

type Kind = 'verified' | 'failed' | 'missing_verification' | 'no_deployed_version' | 'ignored';
interface RowFact {
  consumer: string;
  cv: string | null;
  provider: string;
  pv: string | null;
  success: boolean | null;
  kind: Kind;
  ignored: boolean;
  /** missing_verification only: the provider version the row's reason names. */
  names?: string | null;
}

const ok = (consumer: string, cv: string, provider: string, pv: string): RowFact => ({ consumer, cv, provider, pv, success: true, kind: 'verified', ignored: false });
const bad = (consumer: string, cv: string, provider: string, pv: string): RowFact => ({ consumer, cv, provider, pv, success: false, kind: 'failed', ignored: false });
/** A pact that the in-scope provider version `names` has not verified: no provider version, no result. */
const missing = (consumer: string, cv: string, provider: string, names: string): RowFact => ({
  consumer,
  cv,
  provider,
  pv: null,
  success: null,
  kind: 'missing_verification',
  ignored: false,
  names,
});
/** The provider has no version in the target at all. */
const absent = (consumer: string, cv: string, provider: string): RowFact => ({ consumer, cv, provider, pv: null, success: null, kind: 'no_deployed_version', ignored: false });
const ignoredRow = (row: RowFact): RowFact => {
  const { names: _names, ...rest } = row;
  return { ...rest, kind: 'ignored', ignored: true };
};

interface Expected {
  deployable: boolean | null;
  reason: string[];
  success?: number;
  failed?: number;
  unknown?: number;
  /** Present exactly when ignore selectors were given. */
  ignored?: number;
  rows: RowFact[];
  /** One prompt per missing specified version: the words each such prompt must contain. */
  missingSpecified?: string[][];
}

/** The reference to the provider version a missing_verification reason carries (a number, or a version object). */
function versionNamed(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { number?: unknown }).number === 'string') return (value as { number: string }).number;
  return null;
}

function factOf(row: any): RowFact {
  const kind = row?.reason?.kind as Kind;
  return {
    consumer: row.consumer?.name,
    cv: row.consumer?.version?.number ?? null,
    provider: row.provider?.name,
    pv: row.provider?.version?.number ?? null,
    success: row.verificationResult?.success ?? null,
    kind,
    ignored: row.ignored === true,
    ...(kind === 'missing_verification' ? { names: versionNamed(row.reason.providerVersion) } : {}),
  };
}

const sortFacts = (facts: RowFact[]) => [...facts].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const noticeType = (line: string) => (line.startsWith('WARN') ? 'warning' : line === SUCCESS || line === NO_MISSING ? 'success' : 'error');
const PROBLEMS: Kind[] = ['failed', 'missing_verification', 'no_deployed_version'];

/** The whole decision: summary (exact keys), rows (as a set of facts, plus their shape), and the notices. */
function expectResult(body: any, e: Expected) {
  expect(body.summary).toEqual({
    deployable: e.deployable,
    reason: e.reason.join('\n'),
    success: e.success ?? 0,
    failed: e.failed ?? 0,
    unknown: e.unknown ?? 0,
    ...(e.ignored === undefined ? {} : { ignored: e.ignored }),
  });
  expect(Array.isArray(body.matrix)).toBe(true);
  expect(sortFacts(body.matrix.map(factOf))).toEqual(sortFacts(e.rows));
  for (const row of body.matrix) {
    // §3.8: an unverified row has "version": null and "verificationResult": null (not absent keys).
    if (row.provider?.version == null) expect(row.provider).toHaveProperty('version', null);
    if (row.verificationResult == null) expect(row).toHaveProperty('verificationResult', null);
    if (row.ignored !== true) expect(row.ignored ?? false).toBe(false);
  }

  // Notices: the reason lines first (same texts, typed), then one prompt per problematic row and missing version.
  expect(Array.isArray(body.notices)).toBe(true);
  const lines = e.reason;
  expect(body.notices.slice(0, lines.length)).toEqual(lines.map((text) => ({ type: noticeType(text), text })));
  const prompts: Array<{ type: string; text: string }> = body.notices.slice(lines.length);
  for (const prompt of prompts) {
    expect(prompt.type).toBe('prompt');
    expect(typeof prompt.text).toBe('string');
  }
  const problems = e.rows.filter((r) => !r.ignored && PROBLEMS.includes(r.kind));
  expect(prompts.length, JSON.stringify(prompts)).toBe(problems.length + (e.missingSpecified?.length ?? 0));
  for (const r of problems) {
    const words = [r.consumer, r.provider, r.cv!, ...(r.pv ? [r.pv] : []), ...(r.names ? [r.names] : [])];
    expect(
      prompts.some((p) => words.every((w) => p.text.includes(w))),
      `a prompt naming ${words.join(', ')} in ${JSON.stringify(prompts)}`,
    ).toBe(true);
  }
  for (const words of e.missingSpecified ?? []) {
    expect(prompts.some((p) => words.every((w) => p.text.includes(w))), `a prompt naming ${words.join(', ')}`).toBe(true);
  }
}

/** 400 with the error body shape of the entry point (a list for /matrix, keyed by parameter for /can-i-deploy). */
async function expectErrors(url: string, errors: unknown) {
  const body = hal(await api.get(url), 400);
  expect(body.errors).toEqual(errors);
  return body;
}

/** S01's data: Foo v1 published C1 with Bar; Bar v2 verified it (ok or not) and is deployed to production. */
const s01 = (success = true) => given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', success).deploy('Bar', '2');

/** S10's data: Foo v1 → Bar (C1, verified by Bar v2 in production) and → Baz (C3, Baz v7 in production never verified it). */
const s10 = (barSuccess = true) =>
  given()
    .pact('Foo', '1', 'Bar', 'C1')
    .pact('Foo', '1', 'Baz', 'C3')
    .verify('Bar', '2', 'Foo', '1', barSuccess)
    .deploy('Bar', '2')
    .version('Baz', '7')
    .deploy('Baz', '7');

const s12: Expected = {
  deployable: true,
  reason: [SUCCESS],
  success: 1,
  ignored: 1,
  rows: [ok('Foo', '1', 'Bar', '2'), ignoredRow(missing('Foo', '1', 'Baz', '7'))],
};

/** Bar v2 verified C1 and is tagged prod; Bar v3, later, tagged prod without verifying. */
const s30 = () => given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).tag('Bar', '2', 'prod').version('Bar', '3').tag('Bar', '3', 'prod');
const s30Null: Expected = {
  deployable: null,
  reason: [notVerified(ver('1', 'Foo'), 'the latest version of Bar with tag prod (3)')],
  unknown: 1,
  rows: [missing('Foo', '1', 'Bar', '3')],
};

/** Foo v1 (C1) and Foo v2 (C2) both released to production; Bar v5 verified C1 ok. */
const s22 = () => given().pact('Foo', '1', 'Bar', 'C1').pact('Foo', '2', 'Bar', 'C2').verify('Bar', '5', 'Foo', '1', true).release('Foo', '1').release('Foo', '2');

/** Bar v10 failed C1 (instance i-1), Bar v11 verified it ok (instance i-2), both deployed to production. */
const s19 = () =>
  given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '10', 'Foo', '1', false).deploy('Bar', '10', 'production', 'i-1').verify('Bar', '11', 'Foo', '1', true).deploy('Bar', '11', 'production', 'i-2');
const s19Expected: Expected = {
  deployable: false,
  reason: [failedBetween(ver('1', 'Foo'), oneOfInEnv('Bar', '10'))],
  success: 1,
  failed: 1,
  rows: [bad('Foo', '1', 'Bar', '10'), ok('Foo', '1', 'Bar', '11')],
};

/** Bar v10 and v11 both released to production; only v11 verified C1. */
const s21 = () => given().pact('Foo', '1', 'Bar', 'C1').version('Bar', '10').verify('Bar', '11', 'Foo', '1', true).release('Bar', '10').release('Bar', '11');
const s21Expected: Expected = {
  deployable: null,
  reason: [notVerified(ver('1', 'Foo'), oneOfInEnv('Bar', '10'))],
  success: 1,
  unknown: 1,
  rows: [ok('Foo', '1', 'Bar', '11'), missing('Foo', '1', 'Bar', '10')],
};

// ---------------------------------------------------------------------------------------------------------------
// E.1 scenarios
// ---------------------------------------------------------------------------------------------------------------

describe('E.1 can-i-deploy / matrix scenarios', () => {
  it('S01 basic yes', async () => {
    await s01().done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: true,
      reason: [SUCCESS],
      success: 1,
      rows: [ok('Foo', '1', 'Bar', '2')],
    });
  });

  it('S02 failed verification → false', async () => {
    await s01(false).done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: false,
      reason: [failedBetween(ver('1', 'Foo'), inEnv('Bar', '2'))],
      failed: 1,
      rows: [bad('Foo', '1', 'Bar', '2')],
    });
  });

  it('S03 not verified by the deployed version → null, row without provider version', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).version('Bar', '3').deploy('Bar', '3').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: null,
      reason: [notVerified(ver('1', 'Foo'), inEnv('Bar', '3'))],
      unknown: 1,
      rows: [missing('Foo', '1', 'Bar', '3')],
    });
  });

  it('S04 nothing deployed, consumer side → null', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: null,
      reason: [notVerified(ver('1', 'Foo'), noneInEnv('Bar'))],
      unknown: 1,
      rows: [absent('Foo', '1', 'Bar')],
    });
  });

  it('S05 nothing deployed, provider side → true, no rows', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).done();
    expectResult(await canIDeploy('Bar', '2', 'production'), { deployable: true, reason: [NO_MISSING], rows: [] });
  });

  it('S06 the same content republished (other key and interaction order) inherits the verification', async () => {
    const c1 = pactDocument({ consumer: 'Foo', provider: 'Bar', interactions: ['C1 first', 'C1 second'] });
    const reordered = reverseKeys({ ...c1, interactions: [...c1.interactions].reverse() });
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(c1));
    await given().document('Foo', '1', 'Bar', c1).verify('Bar', '2', 'Foo', '1', true).deploy('Bar', '2').document('Foo', '2', 'Bar', reordered).done();
    expectResult(await canIDeploy('Foo', '2', 'production'), {
      deployable: true,
      reason: [SUCCESS],
      success: 1,
      rows: [ok('Foo', '2', 'Bar', '2')],
    });
  });

  it('S07 changed content does not inherit → null', async () => {
    await s01().pact('Foo', '2', 'Bar', 'C2').done();
    expectResult(await canIDeploy('Foo', '2', 'production'), {
      deployable: null,
      reason: [notVerified(ver('2', 'Foo'), inEnv('Bar', '2'))],
      unknown: 1,
      rows: [missing('Foo', '2', 'Bar', '2')],
    });
  });

  it('S08 failed then successful by the same provider version → true (latest result per content+PV wins)', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', false).verify('Bar', '2', 'Foo', '1', true).deploy('Bar', '2').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '2')] });
  });

  it('S08 reversed: successful then failed by the same provider version → false', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).verify('Bar', '2', 'Foo', '1', false).deploy('Bar', '2').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: false,
      reason: [failedBetween(ver('1', 'Foo'), inEnv('Bar', '2'))],
      failed: 1,
      rows: [bad('Foo', '1', 'Bar', '2')],
    });
  });

  it('S09 success by an older provider version, failure by the deployed one → false', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).verify('Bar', '3', 'Foo', '1', false).deploy('Bar', '3').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: false,
      reason: [failedBetween(ver('1', 'Foo'), inEnv('Bar', '3'))],
      failed: 1,
      rows: [bad('Foo', '1', 'Bar', '3')],
    });
  });

  it('S09 with the older, successful provider version deployed instead → true', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).verify('Bar', '3', 'Foo', '1', false).deploy('Bar', '2').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '2')] });
  });

  it('S10 two providers, one missing → null', async () => {
    await s10().done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: null,
      reason: [notVerified(ver('1', 'Foo'), inEnv('Baz', '7'))],
      success: 1,
      unknown: 1,
      rows: [ok('Foo', '1', 'Bar', '2'), missing('Foo', '1', 'Baz', '7')],
    });
  });

  it('S11 unknown beats failure → null; the failure line comes first', async () => {
    await s10(false).done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: null,
      reason: [failedBetween(ver('1', 'Foo'), inEnv('Bar', '2')), notVerified(ver('1', 'Foo'), inEnv('Baz', '7'))],
      failed: 1,
      unknown: 1,
      rows: [bad('Foo', '1', 'Bar', '2'), missing('Foo', '1', 'Baz', '7')],
    });
  });

  it('S11 the failure line comes first whatever the providers are called (failed Baz, unverified Bar)', async () => {
    await given()
      .pact('Foo', '1', 'Bar', 'C1')
      .pact('Foo', '1', 'Baz', 'C3')
      .verify('Baz', '2', 'Foo', '1', false)
      .deploy('Baz', '2')
      .version('Bar', '7')
      .deploy('Bar', '7')
      .done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: null,
      reason: [failedBetween(ver('1', 'Foo'), inEnv('Baz', '2')), notVerified(ver('1', 'Foo'), inEnv('Bar', '7'))],
      failed: 1,
      unknown: 1,
      rows: [missing('Foo', '1', 'Bar', '7'), bad('Foo', '1', 'Baz', '2')],
    });
  });

  it('S12 ignore a provider (/can-i-deploy, ignore[][pacticipant]) → true, the Baz row returned flagged ignored', async () => {
    await s10().done();
    expectResult(await canIDeploy('Foo', '1', 'production', ignoreQuery([{ pacticipant: 'Baz' }])), s12);
  });

  it('S12 ignore a provider (/matrix as the CLI sends it) → true', async () => {
    await s10().done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvpv', environment: 'production' }, [{ pacticipant: 'Baz' }]), s12);
  });

  it('S13 ignore everything → true, "There are no missing dependencies"', async () => {
    await given().pact('Foo', '1', 'Baz', 'C3').version('Baz', '7').deploy('Baz', '7').done();
    expectResult(await canIDeploy('Foo', '1', 'production', ignoreQuery([{ pacticipant: 'Baz' }])), {
      deployable: true,
      reason: [NO_MISSING],
      ignored: 1,
      rows: [ignoredRow(missing('Foo', '1', 'Baz', '7'))],
    });
  });

  it('S14 ignoring a version that does not exist warns and changes nothing → false', async () => {
    await s01(false).done();
    expectResult(await canIDeploy('Foo', '1', 'production', ignoreQuery([{ pacticipant: 'Bar', version: '999' }])), {
      deployable: false,
      reason: ['WARN: Cannot ignore version 999 of Bar (no such version exists)', failedBetween(ver('1', 'Foo'), inEnv('Bar', '2'))],
      failed: 1,
      ignored: 0,
      rows: [bad('Foo', '1', 'Bar', '2')],
    });
  });

  it('S14 ignoring the failing provider version → true, the row flagged ignored', async () => {
    await s01(false).done();
    expectResult(await canIDeploy('Foo', '1', 'production', ignoreQuery([{ pacticipant: 'Bar', version: '2' }])), {
      deployable: true,
      reason: [NO_MISSING],
      ignored: 1,
      rows: [ignoredRow(bad('Foo', '1', 'Bar', '2'))],
    });
  });

  it('S15 ignoring an unknown pacticipant is a warning, not a 400', async () => {
    await s01().done();
    expectResult(await canIDeploy('Foo', '1', 'production', ignoreQuery([{ pacticipant: 'Waffle' }])), {
      deployable: true,
      reason: ['WARN: Cannot ignore any version of Waffle (no such pacticipant exists)', SUCCESS],
      success: 1,
      ignored: 0,
      rows: [ok('Foo', '1', 'Bar', '2')],
    });
  });

  it('S16 after the provider is undeployed → null with the S04 wording', async () => {
    await s01().undeploy('Bar').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: null,
      reason: [notVerified(ver('1', 'Foo'), noneInEnv('Bar'))],
      unknown: 1,
      rows: [absent('Foo', '1', 'Bar')],
    });
  });

  /** Bar v2 failed C1, Bar v3 verified it ok. */
  const s17 = () => given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', false).verify('Bar', '3', 'Foo', '1', true);

  it('S17 a redeployment replaces the previous one (no application instance) → true, exactly one row', async () => {
    await s17().deploy('Bar', '2').deploy('Bar', '3').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '3')] });
  });

  it('S17 reversed: the failing version deployed last → false, exactly one row', async () => {
    await s17().deploy('Bar', '3').deploy('Bar', '2').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: false,
      reason: [failedBetween(ver('1', 'Foo'), inEnv('Bar', '2'))],
      failed: 1,
      rows: [bad('Foo', '1', 'Bar', '2')],
    });
  });

  it('S18 rollback to the failing version → false', async () => {
    await s17().deploy('Bar', '2').deploy('Bar', '3').deploy('Bar', '2').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: false,
      reason: [failedBetween(ver('1', 'Foo'), inEnv('Bar', '2'))],
      failed: 1,
      rows: [bad('Foo', '1', 'Bar', '2')],
    });
  });

  it('S19 application instances co-exist: a failure by either → false, two rows', async () => {
    await s19().done();
    expectResult(await canIDeploy('Foo', '1', 'production'), s19Expected);
  });

  it('S19 via /matrix with latestby=cvp (the Ruby CLI) → false too (Treaty: every co-resident version is checked)', async () => {
    await s19().done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', environment: 'production' }), s19Expected);
  });

  /** Bar v10 failed C1, Bar v11 verified it ok, both released to production. */
  const s20 = () =>
    given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '10', 'Foo', '1', false).verify('Bar', '11', 'Foo', '1', true).release('Bar', '10').release('Bar', '11');

  it('S20 released versions co-exist: the failure by one → false', async () => {
    await s20().done();
    expectResult(await canIDeploy('Foo', '1', 'production'), s19Expected);
  });

  it('S20 after support ends for the failing release → true', async () => {
    await s20().endSupport('Bar', '10').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '11')] });
  });

  it('S21 a co-resident version that never verified → null (Treaty deviates from Ruby, which says true)', async () => {
    await s21().done();
    expectResult(await canIDeploy('Foo', '1', 'production'), s21Expected);
  });

  it('S21 via /matrix with latestby=cvp → null too', async () => {
    await s21().done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', environment: 'production' }), s21Expected);
  });

  it('S22 provider deploy vs several consumer versions: one unverified → null', async () => {
    await s22().done();
    expectResult(await canIDeploy('Bar', '5', 'production'), {
      deployable: null,
      reason: [notVerified(oneOfInEnv('Foo', '2'), ver('5', 'Bar'))],
      success: 1,
      unknown: 1,
      rows: [ok('Foo', '1', 'Bar', '5'), missing('Foo', '2', 'Bar', '5')],
    });
  });

  it('S22 after the provider version verifies the other consumer version too → true, two rows', async () => {
    await s22().verify('Bar', '5', 'Foo', '2', true).done();
    expectResult(await canIDeploy('Bar', '5', 'production'), {
      deployable: true,
      reason: [SUCCESS],
      success: 2,
      rows: [ok('Foo', '1', 'Bar', '5'), ok('Foo', '2', 'Bar', '5')],
    });
  });

  it('S23 provider deploy, the consumer in the environment has no pact with it → true', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '1', 'Foo', '1', true).pact('Foo', '2', 'Baz', 'C3').deploy('Foo', '2').done();
    expectResult(await canIDeploy('Bar', '1', 'production'), { deployable: true, reason: [NO_MISSING], rows: [] });
  });

  /** Foo v1 → Bar only; Foo v2 → Bar (same C1) and Baz; Bar v2 verified C1 and is in production; Baz nowhere. */
  const s24 = () => s01().pact('Foo', '2', 'Bar', 'C1').pact('Foo', '2', 'Baz', 'C3');

  it('S24 an old consumer version is not checked against later providers → true', async () => {
    await s24().done();
    expectResult(await canIDeploy('Foo', '1', 'production'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '2')] });
  });

  it('S24 the newer consumer version, whose new provider is not in the environment → null', async () => {
    await s24().done();
    expectResult(await canIDeploy('Foo', '2', 'production'), {
      deployable: null,
      reason: [notVerified(ver('2', 'Foo'), noneInEnv('Baz'))],
      success: 1,
      unknown: 1,
      rows: [ok('Foo', '2', 'Bar', '2'), absent('Foo', '2', 'Baz')],
    });
  });

  it('S25 new provider for an existing consumer, provider side → true', async () => {
    await given().pact('Cat', '1', 'Bar', 'C1').deploy('Cat', '1', 'test').pact('Cat', '2', 'Baz', 'C2').verify('Baz', '1', 'Cat', '2', true).done();
    expectResult(await canIDeploy('Baz', '1', 'test'), { deployable: true, reason: [NO_MISSING], rows: [] });
  });

  it('S26 no integrations → true; via /matrix without a target the environment warning comes first', async () => {
    await given().version('Lonely', '1').done();
    expectResult(await canIDeploy('Lonely', '1', 'production'), { deployable: true, reason: [NO_MISSING], rows: [] });
    expectResult(await matrix([{ pacticipant: 'Lonely', version: '1' }], { latestby: 'cvp', latest: 'true' }), {
      deployable: true,
      reason: [WARN_ENV, NO_MISSING],
      rows: [],
    });
  });

  it('S27 the specified version does not exist → false, no rows', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).deploy('Foo', '1').done();
    expectResult(await canIDeploy('Bar', '9', 'production'), {
      deployable: false,
      reason: ['No pacts or verifications have been published for version 9 of Bar'],
      rows: [],
      missingSpecified: [['Bar', '9']],
    });
  });

  it('S28 unknown pacticipant or environment → 400: a list via /matrix, keyed by parameter via /can-i-deploy', async () => {
    await s01().done();
    await expectErrors(`/matrix?${matrixQuery([{ pacticipant: 'Nope', version: '1' }], { latestby: 'cvpv', environment: 'production' })}`, [
      'Pacticipant Nope not found',
    ]);
    await expectErrors(`/matrix?${matrixQuery([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvpv', environment: 'staging' })}`, [
      "Environment with name 'staging' does not exist",
    ]);
    await expectErrors(`/matrix?${matrixQuery([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', latest: 'true', environment: 'production' })}`, [
      'Cannot specify both latest=true and an environment.',
    ]);
    await expectErrors('/can-i-deploy?pacticipant=Nope&version=1&environment=production', { pacticipant: ['does not match an existing pacticipant'] });
    await expectErrors('/can-i-deploy?pacticipant=Foo&version=1&environment=staging', { environment: ["with name 'staging' does not exist"] });
  });

  it('S29 no target ("latest of everything"): the latest provider version never verified → null, warning first', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).version('Bar', '3').done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latest: 'true', latestby: 'cvp' }), {
      deployable: null,
      reason: [WARN_ENV, notVerified(ver('1', 'Foo'), 'the latest version of Bar (3)')],
      unknown: 1,
      rows: [missing('Foo', '1', 'Bar', '3')],
    });
  });

  it('S30 legacy tag target: the latest prod-tagged provider version has not verified → null (/can-i-deploy?to and /matrix)', async () => {
    await s30().done();
    expectResult(hal(await api.get('/can-i-deploy?pacticipant=Foo&version=1&to=prod'), 200), s30Null);
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', latest: 'true', tag: 'prod' }), s30Null);
  });

  it('S30 with the tag removed from v3 → true', async () => {
    await s30().untag('Bar', '3', 'prod').done();
    expectResult(hal(await api.get('/can-i-deploy?pacticipant=Foo&version=1&to=prod'), 200), {
      deployable: true,
      reason: [SUCCESS],
      success: 1,
      rows: [ok('Foo', '1', 'Bar', '2')],
    });
  });

  it('S30 tag creation time is irrelevant: tagging v2 after v3 still leaves v3 the latest', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).version('Bar', '3').tag('Bar', '3', 'prod').tag('Bar', '2', 'prod').done();
    expectResult(hal(await api.get('/can-i-deploy?pacticipant=Foo&version=1&to=prod'), 200), s30Null);
  });

  /** Foo v3 (C3, never verified) then Foo v4 (C1, verified by Bar v2 in production) on main: v4 is the head. */
  const s31 = () => given().pact('Foo', '3', 'Bar', 'C3').pact('Foo', '4', 'Bar', 'C1').verify('Bar', '2', 'Foo', '4', true).deploy('Bar', '2');
  const s31Expected: Expected = { deployable: true, reason: [WARN_VERSION, SUCCESS], success: 1, rows: [ok('Foo', '4', 'Bar', '2')] };

  it('S31 branch selector without a version number: computed for the head, the version-number warning first', async () => {
    await s31().done();
    expectResult(await matrix([{ pacticipant: 'Foo', branch: 'main', latest: 'true' }], { latestby: 'cvpv', environment: 'production' }), s31Expected);
  });

  it('S31 through the branch URL form (…/branches/main/latest-version/can-i-deploy/to-environment/production)', async () => {
    await s31().done();
    expectResult(hal(await api.get('/pacticipants/Foo/branches/main/latest-version/can-i-deploy/to-environment/production'), 200), s31Expected);
  });

  /** Bar's main branch is develop: v1 and v2 (develop) verified C1 ok; v3 (feat) failed it. */
  const s32 = (v2Success = true) =>
    given()
      .mainBranch('Bar', 'develop')
      .pact('Foo', '1', 'Bar', 'C1')
      .verify('Bar', '1', 'Foo', '1', true, 'develop')
      .verify('Bar', '2', 'Foo', '1', v2Success, 'develop')
      .verify('Bar', '3', 'Foo', '1', false, 'feat');
  const canIMerge = () => matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', latest: 'true', mainBranch: 'true' });

  it("S32 main-branch target (can-i-merge): the head of the provider's own main branch → true, one row", async () => {
    await s32().done();
    expectResult(await canIMerge(), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '2')] });
  });

  it('S32 had the main-branch head failed, Bar is described as the latest version from branch develop', async () => {
    await s32(false).done();
    expectResult(await canIMerge(), {
      deployable: false,
      reason: [failedBetween(ver('1', 'Foo'), 'the latest version of Bar from branch develop (2)')],
      failed: 1,
      rows: [bad('Foo', '1', 'Bar', '2')],
    });
  });

  it('S33 explicit pair, no target: only integrations between the specified versions count → true', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').pact('Foo', '1', 'Wiffle', 'C9').verify('Bar', '2', 'Foo', '1', true).done();
    expectResult(
      await matrix(
        [
          { pacticipant: 'Foo', version: '1' },
          { pacticipant: 'Bar', version: '2' },
        ],
        { latestby: 'cvpv' },
      ),
      { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '2')] },
    );
  });

  it('S34 bidirectional: B→A verified only by another A version → null', async () => {
    await given().pact('A', '1', 'B', 'AB1').pact('B', '100', 'A', 'BA1').verify('B', '100', 'A', '1', true).verify('A', '99', 'B', '100', true).done();
    expectResult(
      await matrix(
        [
          { pacticipant: 'A', version: '1' },
          { pacticipant: 'B', version: '100' },
        ],
        { latestby: 'cvpv' },
      ),
      {
        deployable: null,
        reason: [notVerified(ver('100', 'B'), ver('1', 'A'))],
        success: 1,
        unknown: 1,
        rows: [ok('A', '1', 'B', '100'), missing('B', '100', 'A', '1')],
      },
    );
  });

  it('S35 a branch with no versions in the specified selector → false, the version-number warning first, no rows', async () => {
    await s01().done();
    expectResult(await matrix([{ pacticipant: 'Foo', branch: 'nope', latest: 'true' }], { latestby: 'cvpv', environment: 'production' }), {
      deployable: false,
      reason: [WARN_VERSION, 'No version of Foo from branch nope exists'],
      rows: [],
      missingSpecified: [['Foo', 'nope']],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Treaty's strict environments (README item 2), beyond S19–S21
// ---------------------------------------------------------------------------------------------------------------

describe('strict environments', () => {
  /** Bar v10 (never verified C1) on instance i-1, Bar v11 (verified ok) on instance i-2. */
  const instances = () =>
    given().pact('Foo', '1', 'Bar', 'C1').version('Bar', '10').deploy('Bar', '10', 'production', 'i-1').verify('Bar', '11', 'Foo', '1', true).deploy('Bar', '11', 'production', 'i-2');
  const instancesExpected: Expected = {
    deployable: null,
    reason: [notVerified(ver('1', 'Foo'), oneOfInEnv('Bar', '10'))],
    success: 1,
    unknown: 1,
    rows: [ok('Foo', '1', 'Bar', '11'), missing('Foo', '1', 'Bar', '10')],
  };

  it('two application instances, one never verified the pact → null (/can-i-deploy)', async () => {
    await instances().done();
    expectResult(await canIDeploy('Foo', '1', 'production'), instancesExpected);
  });

  it('two application instances, one never verified the pact → null (/matrix with latestby=cvp)', async () => {
    await instances().done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', environment: 'production' }), instancesExpected);
  });

  it('released versions where one failed and one never verified → null (unknown beats failed)', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '10', 'Foo', '1', false).version('Bar', '11').release('Bar', '10').release('Bar', '11').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: null,
      reason: [failedBetween(ver('1', 'Foo'), oneOfInEnv('Bar', '10')), notVerified(ver('1', 'Foo'), oneOfInEnv('Bar', '11'))],
      failed: 1,
      unknown: 1,
      rows: [bad('Foo', '1', 'Bar', '10'), missing('Foo', '1', 'Bar', '11')],
    });
  });

  it('a deployed and a released provider version co-exist: both are checked', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '10', 'Foo', '1', true).verify('Bar', '11', 'Foo', '1', false).deploy('Bar', '10').release('Bar', '11').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), {
      deployable: false,
      reason: [failedBetween(ver('1', 'Foo'), oneOfInEnv('Bar', '11'))],
      success: 1,
      failed: 1,
      rows: [ok('Foo', '1', 'Bar', '10'), bad('Foo', '1', 'Bar', '11')],
    });
  });

  it('provider deploy with two consumer versions released, one failed → false', async () => {
    await given()
      .pact('Foo', '1', 'Bar', 'C1')
      .pact('Foo', '2', 'Bar', 'C2')
      .verify('Bar', '5', 'Foo', '1', true)
      .verify('Bar', '5', 'Foo', '2', false)
      .release('Foo', '1')
      .release('Foo', '2')
      .done();
    expectResult(await canIDeploy('Bar', '5', 'production'), {
      deployable: false,
      reason: [failedBetween(oneOfInEnv('Foo', '2'), ver('5', 'Bar'))],
      success: 1,
      failed: 1,
      rows: [ok('Foo', '1', 'Bar', '5'), bad('Foo', '2', 'Bar', '5')],
    });
  });

  it('environments only: the test environment is not affected by production', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '10', 'Foo', '1', true).deploy('Bar', '10', 'test').verify('Bar', '11', 'Foo', '1', false).deploy('Bar', '11').done();
    expectResult(await canIDeploy('Foo', '1', 'test'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '10')] });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// More of the reference: descriptions of empty targets (A8, A10), specified selectors that find nothing, ordering
// (D1, D2), ignoring one consumer version (A6)
// ---------------------------------------------------------------------------------------------------------------

describe('more from the reference', () => {
  it('A8/A10 legacy tag target with no tagged provider version → null, "(no such version exists)"', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).done();
    expectResult(hal(await api.get('/can-i-deploy?pacticipant=Foo&version=1&to=prod'), 200), {
      deployable: null,
      reason: [notVerified(ver('1', 'Foo'), 'the latest version of Bar with tag prod (no such version exists)')],
      unknown: 1,
      rows: [absent('Foo', '1', 'Bar')],
    });
  });

  it('A8/A10 can-i-merge where a provider has no main-branch version → null, "(no versions exist for this branch)"', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').pact('Foo', '1', 'Baz', 'C3').verify('Bar', '2', 'Foo', '1', true).done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', latest: 'true', mainBranch: 'true' }), {
      deployable: null,
      reason: [notVerified(ver('1', 'Foo'), 'the latest version of Baz from the main branch (no versions exist for this branch)')],
      success: 1,
      unknown: 1,
      rows: [ok('Foo', '1', 'Bar', '2'), absent('Foo', '1', 'Baz')],
    });
  });

  it('A8/A10 no target and a provider without any version → null, "the latest version of Bar (no such version exists)"', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', latest: 'true' }), {
      deployable: null,
      reason: [WARN_ENV, notVerified(ver('1', 'Foo'), 'the latest version of Bar (no such version exists)')],
      unknown: 1,
      rows: [absent('Foo', '1', 'Bar')],
    });
  });

  it('A8 a specified main-branch selector that finds nothing → false, "No version of Bar from the main branch exists"', async () => {
    await given().mainBranch('Bar', 'develop').version('Bar', '1', 'feat').done();
    expectResult(await matrix([{ pacticipant: 'Bar', mainBranch: 'true', latest: 'true' }], { latestby: 'cvpv', environment: 'production' }), {
      deployable: false,
      reason: [WARN_VERSION, 'No version of Bar from the main branch exists'],
      rows: [],
      missingSpecified: [['Bar']],
    });
  });

  it('A8 a specified environment selector that finds nothing → false, "No version of Foo is currently recorded …"', async () => {
    await s01().done();
    expectResult(await matrix([{ pacticipant: 'Foo', environment: 'test' }], { latestby: 'cvpv', environment: 'production' }), {
      deployable: false,
      reason: [WARN_VERSION, 'No version of Foo is currently recorded as deployed or released in environment test'],
      rows: [],
      missingSpecified: [['Foo', 'test']],
    });
  });

  it('D1 "latest" is the most recently created version, not the highest number', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '3.0.0', 'Foo', '1', true).version('Bar', '2.9.0').done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', latest: 'true' }), {
      deployable: null,
      reason: [WARN_ENV, notVerified(ver('1', 'Foo'), 'the latest version of Bar (2.9.0)')],
      unknown: 1,
      rows: [missing('Foo', '1', 'Bar', '2.9.0')],
    });
  });

  it('D2 the branch head is the version most recently added to the branch (an older version added later)', async () => {
    await given()
      .pact('Foo', '3', 'Bar', 'C3', null)
      .pact('Foo', '4', 'Bar', 'C1')
      .verify('Bar', '2', 'Foo', '4', true)
      .deploy('Bar', '2')
      .version('Foo', '3', 'main')
      .done();
    expectResult(await matrix([{ pacticipant: 'Foo', branch: 'main', latest: 'true' }], { latestby: 'cvpv', environment: 'production' }), {
      deployable: null,
      reason: [WARN_VERSION, notVerified('the latest version of Foo from branch main (3)', inEnv('Bar', '2'))],
      unknown: 1,
      rows: [missing('Foo', '3', 'Bar', '2')],
    });
  });

  it('A1 the CLI\'s `-a Foo --latest --to-environment production`: computed for the latest version, with the version warning', async () => {
    await s01().done();
    expectResult(await matrix([{ pacticipant: 'Foo', latest: 'true' }], { latestby: 'cvpv', environment: 'production' }), {
      deployable: true,
      reason: [WARN_VERSION, SUCCESS],
      success: 1,
      rows: [ok('Foo', '1', 'Bar', '2')],
    });
  });

  it("A1 the CLI's two selectors, the second `--latest prod` (S30 data) → null, the provider described by its tag", async () => {
    await s30().done();
    expectResult(
      await matrix(
        [
          { pacticipant: 'Foo', version: '1' },
          { pacticipant: 'Bar', latest: 'true', tag: 'prod' },
        ],
        { latestby: 'cvpv' },
      ),
      s30Null,
    );
  });

  it('A5.4 rows purely between inferred pacticipants are not shown or decided on (Bar → Baz in production, unverified)', async () => {
    await s01().pact('Bar', '2', 'Baz', 'C5').version('Baz', '7').deploy('Baz', '7').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '2')] });
  });

  it('A9.9 consumer deploy, the provider in the environment also consumes it: both directions count (B→A unverified → null)', async () => {
    await given().pact('A', '1', 'B', 'AB1').pact('B', '100', 'A', 'BA1').verify('B', '100', 'A', '1', true).deploy('B', '100').done();
    expectResult(await canIDeploy('A', '1', 'production'), {
      deployable: null,
      reason: [notVerified(inEnv('B', '100'), ver('1', 'A'))],
      success: 1,
      unknown: 1,
      rows: [ok('A', '1', 'B', '100'), missing('B', '100', 'A', '1')],
    });
  });

  it('§3.9 a plain `ignore=Baz` on /can-i-deploy is not silently dropped as Ruby does (README item 8): honoured or refused', async () => {
    await s10().done();
    const res = await api.get(`/can-i-deploy?pacticipant=Foo&version=1&environment=production&ignore=Baz`);
    if (res.statusCode === 400) {
      expect(JSON.stringify(hal(res, 400).errors)).toContain('ignore');
    } else {
      expectResult(hal(res, 200), s12);
    }
  });

  it('S68 a tag named like the environment records a deployment that can-i-deploy sees', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).tag('Bar', '2', 'production').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '2')] });
  });

  it('a provider version both deployed and released (and on two instances) is one row', async () => {
    await s01().deploy('Bar', '2', 'production', 'i-2').release('Bar', '2').done();
    expectResult(await canIDeploy('Foo', '1', 'production'), { deployable: true, reason: [SUCCESS], success: 1, rows: [ok('Foo', '1', 'Bar', '2')] });
  });

  it('A6 ignoring the failing co-resident provider version (S19 data, ignore Bar v10) → true', async () => {
    await s19().done();
    expectResult(await canIDeploy('Foo', '1', 'production', ignoreQuery([{ pacticipant: 'Bar', version: '10' }])), {
      deployable: true,
      reason: [SUCCESS],
      success: 1,
      ignored: 1,
      rows: [ignoredRow(bad('Foo', '1', 'Bar', '10')), ok('Foo', '1', 'Bar', '11')],
    });
  });

  it('A6 ignoring the co-resident version that never verified (S21 data, ignore Bar v10) → true: its row is ignored', async () => {
    await s21().done();
    expectResult(await canIDeploy('Foo', '1', 'production', ignoreQuery([{ pacticipant: 'Bar', version: '10' }])), {
      deployable: true,
      reason: [SUCCESS],
      success: 1,
      ignored: 1,
      rows: [ok('Foo', '1', 'Bar', '11'), ignoredRow(missing('Foo', '1', 'Bar', '10'))],
    });
  });

  it('A6 a specified version that does not exist is not an error when that selector is ignored', async () => {
    await given().pact('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).deploy('Foo', '1').done();
    const body = await canIDeploy('Bar', '9', 'production', ignoreQuery([{ pacticipant: 'Bar' }]));
    expect(body.summary.deployable).toBe(true);
  });

  it("Treaty's limit caps the rows listed, never the rows decided on", async () => {
    await s22().done();
    const body = await matrix([{ pacticipant: 'Bar', version: '5' }], { latestby: 'cvpv', environment: 'production', limit: '1' });
    expect(body.summary).toEqual({ deployable: null, reason: notVerified(oneOfInEnv('Foo', '2'), ver('5', 'Bar')), success: 1, failed: 0, unknown: 1 });
    expect(body.matrix).toHaveLength(1);
  });

  it('A6 ignoring one consumer version on a provider deploy (S22 data, ignore Foo v2) → true', async () => {
    await s22().done();
    expectResult(await canIDeploy('Bar', '5', 'production', ignoreQuery([{ pacticipant: 'Foo', version: '2' }])), {
      deployable: true,
      reason: [SUCCESS],
      success: 1,
      ignored: 1,
      rows: [ok('Foo', '1', 'Bar', '5'), ignoredRow(missing('Foo', '2', 'Bar', '5'))],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Edge cases: validation, query forms, names
// ---------------------------------------------------------------------------------------------------------------

describe('edge cases', () => {
  it('an unknown latestby → 400 naming latestby (the Ruby broker answers 500)', async () => {
    await s01().done();
    const body = await hal(await api.get(`/matrix?${matrixQuery([{ pacticipant: 'Foo', version: '1' }], { latestby: 'nope', environment: 'production' })}`), 400);
    expect(Array.isArray(body.errors)).toBe(true);
    expect(body.errors.length).toBeGreaterThan(0);
    for (const message of body.errors) expect(typeof message).toBe('string');
    expect(JSON.stringify(body.errors)).toContain('latestby');
  });

  it('version and latest in one selector → 400', async () => {
    await s01().done();
    await expectErrors(`/matrix?${matrixQuery([{ pacticipant: 'Foo', version: '1', latest: 'true' }], { latestby: 'cvpv', environment: 'production' })}`, [
      'A version number and latest flag cannot both be specified for Foo',
    ]);
  });

  it('other /matrix validation errors are listed', async () => {
    await s01().done();
    const errorsOf = async (query: string) => hal(await api.get(`/matrix?${query}`), 400).errors;
    expect(await errorsOf('latestby=cvp')).toContain('Please provide 1 or more version selectors.');
    expect(await errorsOf(matrixQuery([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvp', latest: 'true', tag: 'prod', mainBranch: 'true' }))).toContain(
      'Cannot specify more than one of tag, environment and mainBranch.',
    );
    expect(await errorsOf(matrixQuery([{ pacticipant: 'Foo', version: '1' }], { latestby: 'cvpv', environment: 'production', limit: '0' }))).toContain(
      'The limit must be 1 or greater.',
    );
    expect(await errorsOf(matrixQuery([{ version: '1' }], { latestby: 'cvpv', environment: 'production' }))).toContain('Please specify the pacticipant name');
  });

  it('/can-i-deploy parameter errors are keyed by parameter', async () => {
    await s01().done();
    await expectErrors('/can-i-deploy?pacticipant=Foo&environment=production', { version: ['is missing'] });
    await expectErrors('/can-i-deploy?pacticipant=Foo&version=1', { '': ["Must specify either an environment or a 'to' tag."] });
    await expectErrors('/can-i-deploy?pacticipant=Foo&version=1&environment=production&to=prod', { '': ["Cannot specify both a 'to' tag and an environment."] });
  });

  it('ignore[]=Baz (the name-only form) works on /can-i-deploy', async () => {
    await s10().done();
    expectResult(await canIDeploy('Foo', '1', 'production', '&ignore[]=Baz'), s12);
  });

  it('percent-encoded brackets (%5B%5D, as the Ruby client sends) group selectors the same way', async () => {
    await s01(false).done();
    const body = hal(await api.get('/matrix?q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1&latestby=cvpv&environment=production'), 200);
    expectResult(body, { deployable: false, reason: [failedBetween(ver('1', 'Foo'), inEnv('Bar', '2'))], failed: 1, rows: [bad('Foo', '1', 'Bar', '2')] });
  });

  it('an unknown tag in the specified selector → false with "No version with tag … exists", after the version warning', async () => {
    await s01().done();
    expectResult(await matrix([{ pacticipant: 'Foo', tag: 'nope', latest: 'true' }], { latestby: 'cvpv', environment: 'production' }), {
      deployable: false,
      reason: [WARN_VERSION, 'No version with tag nope exists for Foo'],
      rows: [],
      missingSpecified: [['Foo', 'nope']],
    });
  });

  it('the specified version of a pacticipant that exists but is unknown via /matrix → false, 200', async () => {
    await s01().done();
    expectResult(await matrix([{ pacticipant: 'Foo', version: '999' }], { latestby: 'cvpv', environment: 'production' }), {
      deployable: false,
      reason: ['No pacts or verifications have been published for version 999 of Foo'],
      rows: [],
      missingSpecified: [['Foo', '999']],
    });
  });

  it('tag-to-tag URL form: the latest dev-tagged Foo against the latest prod-tagged Bar (§3.9), with the version warning', async () => {
    await s30().tag('Foo', '1', 'dev').done();
    expectResult(hal(await api.get('/pacticipants/Foo/latest-version/dev/can-i-deploy/to/prod'), 200), {
      deployable: null,
      reason: [WARN_VERSION, notVerified('the latest version of Foo with tag dev (1)', 'the latest version of Bar with tag prod (3)')],
      unknown: 1,
      rows: [missing('Foo', '1', 'Bar', '3')],
    });
  });

  it('URL forms answer 404 when the version or the environment they name does not exist (§3.9)', async () => {
    await s01().tag('Foo', '1', 'dev').done();
    expect((await api.get('/pacticipants/Foo/latest-version/nope/can-i-deploy/to/prod')).statusCode).toBe(404);
    expect((await api.get('/pacticipants/Foo/branches/nope/latest-version/can-i-deploy/to-environment/production')).statusCode).toBe(404);
    expect((await api.get('/pacticipants/Foo/branches/main/latest-version/can-i-deploy/to-environment/staging')).statusCode).toBe(404);
  });

  describe('names with a space and a slash', () => {
    const consumer = 'Web App/UI';
    const provider = 'Order Service/v2';
    const version = '1.0/0 rc';
    const data = () => given().pact(consumer, version, provider, 'C1').verify(provider, '2/b', consumer, version, true).deploy(provider, '2/b');
    const expected: Expected = { deployable: true, reason: [SUCCESS], success: 1, rows: [ok(consumer, version, provider, '2/b')] };

    it('/can-i-deploy finds them, and the rows link them with each segment percent-encoded', async () => {
      await data().done();
      const body = await canIDeploy(consumer, version, 'production');
      expectResult(body, expected);
      const [row] = body.matrix;
      expect(row.consumer._links.self.href).toBe(`${B}/pacticipants/${hrefEnc(consumer)}`);
      expect(row.consumer.version._links.self.href).toBe(`${B}/pacticipants/${hrefEnc(consumer)}/versions/${hrefEnc(version)}`);
      expect(row.provider._links.self.href).toBe(`${B}/pacticipants/${hrefEnc(provider)}`);
      expect(row.provider.version._links.self.href).toBe(`${B}/pacticipants/${hrefEnc(provider)}/versions/${hrefEnc('2/b')}`);
    });

    it('/matrix reads them from %20 / %2F and from + (form encoding, as Rack does)', async () => {
      await data().done();
      expectResult(await matrix([{ pacticipant: consumer, version }], { latestby: 'cvpv', environment: 'production' }), expected);
      const plus = `q[][pacticipant]=Web+App%2FUI&q[][version]=1.0%2F0+rc&latestby=cvpv&environment=production`;
      expectResult(hal(await api.get(`/matrix?${plus}`), 200), expected);
    });

    it('failure reasons name them as they are', async () => {
      await given().pact(consumer, version, provider, 'C1').verify(provider, '2/b', consumer, version, false).deploy(provider, '2/b').done();
      expectResult(await canIDeploy(consumer, version, 'production'), {
        deployable: false,
        reason: [failedBetween(ver(version, consumer), inEnv(provider, '2/b'))],
        failed: 1,
        rows: [bad(consumer, version, provider, '2/b')],
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** The same JSON with every object's keys in reverse order (same content, different serialisation). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .reverse()
        .map((k) => [k, reverseKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
