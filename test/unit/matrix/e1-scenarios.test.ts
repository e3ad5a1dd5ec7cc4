// Scenario table E.1 (S01–S35) of ../shared/reference/broker-semantics.md, through the real matrix service over an
// in-memory estate: selector resolution, integrations, inferred selectors, facts, rows, decision and reason texts.
// "can-i-deploy X vN to E" is GET /can-i-deploy (cvpv); the /matrix forms use the query strings the clients send.
// Treaty deviates from the Ruby broker where ../shared/reference/README.md says so (item 2, strict environments):
// S19 via /matrix with latestby=cvp → false, S21 → null.
import { describe, expect, it } from 'vitest';
import type { MatrixResult } from '../../../src/matrix/matrix.service.js';
import { noticesFor, summaryReason } from '../../../src/matrix/reason-text.js';
import { Estate, rowLine } from './estate.js';

const ALL_OK = 'All required verification results are published and successful';
const NO_DEPS = 'There are no missing dependencies';
const WARN_ENV = 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.';
const WARN_VERSION =
  'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.';
const NOTHING_THERE = 'no version is currently recorded as deployed/released in this environment';

const cid = (pacticipant: string, version: string, environment = 'production', extra = '') =>
  `pacticipant=${encodeURIComponent(pacticipant)}&version=${encodeURIComponent(version)}&environment=${environment}${extra}`;

interface Outcome {
  deployable: true | false | null;
  reason: string;
  counts: { success: number; failed: number; unknown: number; ignored?: number };
  rows: string[];
}

const outcome = (r: MatrixResult): Outcome => ({
  deployable: r.decision.deployable,
  reason: summaryReason(r.decision.reasons),
  counts: r.decision.counts,
  rows: r.rows.map(rowLine),
});

const lines = (...texts: string[]) => texts.join('\n');

async function expectOutcome(result: Promise<MatrixResult>, expected: Outcome): Promise<void> {
  // toStrictEqual: `ignored` must be absent from the counts when no ignore selector was given
  expect(outcome(await result)).toStrictEqual(expected);
}

describe('E.1 can-i-deploy / matrix scenarios', () => {
  const s01 = () => new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).deploy('Bar', '2', 'production');

  it('S01 basic yes', async () => {
    await expectOutcome(s01().canIDeploy(cid('Foo', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
  });

  it('S02 failed', async () => {
    const e = new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', false).deploy('Bar', '2', 'production');
    await expectOutcome(e.canIDeploy(cid('Foo', '1')), {
      deployable: false,
      reason: 'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
      counts: { success: 0, failed: 1, unknown: 0 },
      rows: ['Foo 1 → Bar 2 false failed'],
    });
  });

  it('S03 not verified by the deployed version', async () => {
    const e = new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).version('Bar', '3').deploy('Bar', '3', 'production');
    const result = await e.canIDeploy(cid('Foo', '1'));
    expect(outcome(result)).toStrictEqual({
      deployable: null,
      reason: 'There is no verified pact between version 1 of Foo and the version of Bar currently in production (3)',
      counts: { success: 0, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar - null missing_verification(3)'],
    });
    expect(result.rows[0]!.providerVersion).toBeNull();
    expect(result.rows[0]!.verification).toBeNull();
    expect(result.rows[0]!.expectedProviderVersion?.number).toBe('3');
  });

  const s04 = () => new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true);
  const s04Reason = `There is no verified pact between version 1 of Foo and a version of Bar currently in production (${NOTHING_THERE})`;

  it('S04 environment with nothing deployed (consumer side)', async () => {
    await expectOutcome(s04().canIDeploy(cid('Foo', '1')), {
      deployable: null,
      reason: s04Reason,
      counts: { success: 0, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar - null no_deployed_version'],
    });
  });

  it('S05 environment with nothing deployed (provider side)', async () => {
    await expectOutcome(s04().canIDeploy(cid('Bar', '2')), {
      deployable: true,
      reason: NO_DEPS,
      counts: { success: 0, failed: 0, unknown: 0 },
      rows: [],
    });
  });

  it('S06 same content republished inherits the verification', async () => {
    await expectOutcome(s01().publish('Foo', '2', 'Bar', 'C1').canIDeploy(cid('Foo', '2')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 2 → Bar 2 true verified'],
    });
  });

  it('S07 changed content does not inherit', async () => {
    await expectOutcome(s01().publish('Foo', '2', 'Bar', 'C2').canIDeploy(cid('Foo', '2')), {
      deployable: null,
      reason: 'There is no verified pact between version 2 of Foo and the version of Bar currently in production (2)',
      counts: { success: 0, failed: 0, unknown: 1 },
      rows: ['Foo 2 → Bar - null missing_verification(2)'],
    });
  });

  it('S08 failed then successful by the same provider version: the latest result wins (and the reverse)', async () => {
    const base = () => new Estate().publish('Foo', '1', 'Bar', 'C1');
    const fixed = base().verify('Bar', '2', 'Foo', '1', false).verify('Bar', '2', 'Foo', '1', true).deploy('Bar', '2', 'production');
    await expectOutcome(fixed.canIDeploy(cid('Foo', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
    const broken = base().verify('Bar', '2', 'Foo', '1', true).verify('Bar', '2', 'Foo', '1', false).deploy('Bar', '2', 'production');
    await expectOutcome(broken.canIDeploy(cid('Foo', '1')), {
      deployable: false,
      reason: 'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
      counts: { success: 0, failed: 1, unknown: 0 },
      rows: ['Foo 1 → Bar 2 false failed'],
    });
  });

  it('S09 success by an older provider version, failure by the deployed one', async () => {
    const base = () => new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).verify('Bar', '3', 'Foo', '1', false);
    await expectOutcome(base().deploy('Bar', '3', 'production').canIDeploy(cid('Foo', '1')), {
      deployable: false,
      reason: 'The verification for the pact between version 1 of Foo and the version of Bar currently in production (3) failed',
      counts: { success: 0, failed: 1, unknown: 0 },
      rows: ['Foo 1 → Bar 3 false failed'],
    });
    await expectOutcome(base().deploy('Bar', '2', 'production').canIDeploy(cid('Foo', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
  });

  const s10 = (barSucceeds = true) =>
    new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .publish('Foo', '1', 'Baz', 'C3')
      .verify('Bar', '2', 'Foo', '1', barSucceeds)
      .deploy('Bar', '2', 'production')
      .deploy('Baz', '7', 'production');
  const bazMissing = 'There is no verified pact between version 1 of Foo and the version of Baz currently in production (7)';

  it('S10 two providers, one missing', async () => {
    await expectOutcome(s10().canIDeploy(cid('Foo', '1')), {
      deployable: null,
      reason: bazMissing,
      counts: { success: 1, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar 2 true verified', 'Foo 1 → Baz - null missing_verification(7)'],
    });
  });

  it('S11 unknown beats failure; the failed line comes first, then the missing one', async () => {
    await expectOutcome(s10(false).canIDeploy(cid('Foo', '1')), {
      deployable: null,
      reason: lines('The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed', bazMissing),
      counts: { success: 0, failed: 1, unknown: 1 },
      rows: ['Foo 1 → Bar 2 false failed', 'Foo 1 → Baz - null missing_verification(7)'],
    });
  });

  it('S12 ignore a provider (via /can-i-deploy and via /matrix)', async () => {
    const expected: Outcome = {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0, ignored: 1 },
      rows: ['Foo 1 → Bar 2 true verified', 'Foo 1 → Baz - null ignored(missing_verification) [ignored]'],
    };
    await expectOutcome(s10().canIDeploy(cid('Foo', '1', 'production', '&ignore[]=Baz')), expected);
    await expectOutcome(s10().canIDeploy(cid('Foo', '1', 'production', '&ignore[][pacticipant]=Baz')), expected);
    await expectOutcome(s10().matrix('q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&environment=production&ignore[][pacticipant]=Baz'), expected);
  });

  it('S13 ignore everything', async () => {
    const e = new Estate().publish('Foo', '1', 'Baz', 'C3').deploy('Baz', '7', 'production');
    await expectOutcome(e.canIDeploy(cid('Foo', '1', 'production', '&ignore[]=Baz')), {
      deployable: true,
      reason: NO_DEPS,
      counts: { success: 0, failed: 0, unknown: 0, ignored: 1 },
      rows: ['Foo 1 → Baz - null ignored(missing_verification) [ignored]'],
    });
  });

  it('S14 ignore a wrong version (warning, still false); ignore the right version (true)', async () => {
    const s02 = () => new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', false).deploy('Bar', '2', 'production');
    await expectOutcome(s02().canIDeploy(cid('Foo', '1', 'production', '&ignore[][pacticipant]=Bar&ignore[][version]=999')), {
      deployable: false,
      reason: lines(
        'WARN: Cannot ignore version 999 of Bar (no such version exists)',
        'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
      ),
      counts: { success: 0, failed: 1, unknown: 0, ignored: 0 },
      rows: ['Foo 1 → Bar 2 false failed'],
    });
    await expectOutcome(s02().canIDeploy(cid('Foo', '1', 'production', '&ignore[][pacticipant]=Bar&ignore[][version]=2')), {
      deployable: true,
      reason: NO_DEPS,
      counts: { success: 0, failed: 0, unknown: 0, ignored: 1 },
      rows: ['Foo 1 → Bar 2 false ignored(failed) [ignored]'],
    });
  });

  it('S15 ignore an unknown pacticipant: a warning, no 400', async () => {
    await expectOutcome(s01().canIDeploy(cid('Foo', '1', 'production', '&ignore[]=Waffle')), {
      deployable: true,
      reason: lines('WARN: Cannot ignore any version of Waffle (no such pacticipant exists)', ALL_OK),
      counts: { success: 1, failed: 0, unknown: 0, ignored: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
  });

  it('S16 undeployment', async () => {
    await expectOutcome(s01().undeploy('Bar', 'production').canIDeploy(cid('Foo', '1')), {
      deployable: null,
      reason: s04Reason,
      counts: { success: 0, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar - null no_deployed_version'],
    });
  });

  const s17 = () =>
    new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .verify('Bar', '2', 'Foo', '1', false)
      .verify('Bar', '3', 'Foo', '1', true)
      .deploy('Bar', '2', 'production')
      .deploy('Bar', '3', 'production');

  it('S17 redeployment replaces the current deployment (and reversed)', async () => {
    await expectOutcome(s17().canIDeploy(cid('Foo', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 3 true verified'],
    });
    const reversed = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .verify('Bar', '2', 'Foo', '1', false)
      .verify('Bar', '3', 'Foo', '1', true)
      .deploy('Bar', '3', 'production')
      .deploy('Bar', '2', 'production');
    await expectOutcome(reversed.canIDeploy(cid('Foo', '1')), {
      deployable: false,
      reason: 'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
      counts: { success: 0, failed: 1, unknown: 0 },
      rows: ['Foo 1 → Bar 2 false failed'],
    });
  });

  it('S18 rollback', async () => {
    await expectOutcome(s17().deploy('Bar', '2', 'production').canIDeploy(cid('Foo', '1')), {
      deployable: false,
      reason: 'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
      counts: { success: 0, failed: 1, unknown: 0 },
      rows: ['Foo 1 → Bar 2 false failed'],
    });
  });

  const s19 = () =>
    new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .verify('Bar', '10', 'Foo', '1', false)
      .verify('Bar', '11', 'Foo', '1', true)
      .deploy('Bar', '10', 'production', 'i-1')
      .deploy('Bar', '11', 'production', 'i-2');
  const s19Expected: Outcome = {
    deployable: false,
    reason: 'The verification for the pact between version 1 of Foo and one of the versions of Bar currently in production (10) failed',
    counts: { success: 1, failed: 1, unknown: 0 },
    rows: ['Foo 1 → Bar 11 true verified', 'Foo 1 → Bar 10 false failed'],
  };

  it('S19 application instances co-exist (cvpv): false, 2 rows', async () => {
    await expectOutcome(s19().canIDeploy(cid('Foo', '1')), s19Expected);
  });

  it('S19 via /matrix with latestby=cvp: Treaty deviates (strict environments) → false too', async () => {
    await expectOutcome(s19().matrix('q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&environment=production'), s19Expected);
  });

  it('S20 released versions co-exist; support ended for the failed one → true', async () => {
    const e = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .verify('Bar', '10', 'Foo', '1', false)
      .verify('Bar', '11', 'Foo', '1', true)
      .release('Bar', '10', 'production')
      .release('Bar', '11', 'production');
    await expectOutcome(e.canIDeploy(cid('Foo', '1')), {
      deployable: false,
      reason: 'The verification for the pact between version 1 of Foo and one of the versions of Bar currently in production (10) failed',
      counts: { success: 1, failed: 1, unknown: 0 },
      rows: ['Foo 1 → Bar 11 true verified', 'Foo 1 → Bar 10 false failed'],
    });
    await expectOutcome(e.endSupport('Bar', '10', 'production').canIDeploy(cid('Foo', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 11 true verified'],
    });
  });

  it('S21 co-resident version that never verified: Treaty deviates (strict) → null, also via /matrix with cvp', async () => {
    const e = () =>
      new Estate()
        .publish('Foo', '1', 'Bar', 'C1')
        .version('Bar', '10')
        .verify('Bar', '11', 'Foo', '1', true)
        .release('Bar', '10', 'production')
        .release('Bar', '11', 'production');
    const expected: Outcome = {
      deployable: null,
      reason: 'There is no verified pact between version 1 of Foo and one of the versions of Bar currently in production (10)',
      counts: { success: 1, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar 11 true verified', 'Foo 1 → Bar - null missing_verification(10)'],
    };
    await expectOutcome(e().canIDeploy(cid('Foo', '1')), expected);
    await expectOutcome(e().matrix('q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&environment=production'), expected);
  });

  it('S22 provider deploy vs several consumer versions in the environment', async () => {
    const e = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .publish('Foo', '2', 'Bar', 'C2')
      .release('Foo', '1', 'production')
      .release('Foo', '2', 'production')
      .verify('Bar', '5', 'Foo', '1', true);
    await expectOutcome(e.canIDeploy(cid('Bar', '5')), {
      deployable: null,
      reason: 'There is no verified pact between one of the versions of Foo currently in production (2) and version 5 of Bar',
      counts: { success: 1, failed: 0, unknown: 1 },
      rows: ['Foo 2 → Bar - null missing_verification(5)', 'Foo 1 → Bar 5 true verified'],
    });
    await expectOutcome(e.verify('Bar', '5', 'Foo', '2', true).canIDeploy(cid('Bar', '5')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 2, failed: 0, unknown: 0 },
      rows: ['Foo 2 → Bar 5 true verified', 'Foo 1 → Bar 5 true verified'],
    });
  });

  it('S23 provider deploy, the consumer in the environment has no pact with it', async () => {
    const e = new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '1', 'Foo', '1', true).publish('Foo', '2', 'Baz', 'C9').deploy('Foo', '2', 'production');
    await expectOutcome(e.canIDeploy(cid('Bar', '1')), { deployable: true, reason: NO_DEPS, counts: { success: 0, failed: 0, unknown: 0 }, rows: [] });
  });

  it('S24 an old consumer version ignores later providers; the new one needs them', async () => {
    const e = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .publish('Foo', '2', 'Bar', 'C1')
      .publish('Foo', '2', 'Baz', 'C4')
      .verify('Bar', '2', 'Foo', '1', true)
      .deploy('Bar', '2', 'production');
    await expectOutcome(e.canIDeploy(cid('Foo', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
    await expectOutcome(e.canIDeploy(cid('Foo', '2')), {
      deployable: null,
      reason: `There is no verified pact between version 2 of Foo and a version of Baz currently in production (${NOTHING_THERE})`,
      counts: { success: 1, failed: 0, unknown: 1 },
      rows: ['Foo 2 → Bar 2 true verified', 'Foo 2 → Baz - null no_deployed_version'],
    });
  });

  it('S25 new provider for an existing consumer, provider side', async () => {
    const e = new Estate()
      .publish('Cat', '1', 'Bar', 'C1')
      .deploy('Cat', '1', 'test')
      .publish('Cat', '2', 'Baz', 'C2')
      .verify('Baz', '1', 'Cat', '2', true);
    await expectOutcome(e.canIDeploy(cid('Baz', '1', 'test')), { deployable: true, reason: NO_DEPS, counts: { success: 0, failed: 0, unknown: 0 }, rows: [] });
  });

  it('S26 no integrations (and via /matrix without a target: the no-environment warning first)', async () => {
    const e = new Estate().version('Lonely', '1');
    await expectOutcome(e.canIDeploy(cid('Lonely', '1')), { deployable: true, reason: NO_DEPS, counts: { success: 0, failed: 0, unknown: 0 }, rows: [] });
    await expectOutcome(e.matrix('q[][pacticipant]=Lonely&q[][version]=1&latestby=cvp&latest=true'), {
      deployable: true,
      reason: lines(WARN_ENV, NO_DEPS),
      counts: { success: 0, failed: 0, unknown: 0 },
      rows: [],
    });
  });

  it('S27 specified version missing', async () => {
    const e = new Estate().version('Bar', '1');
    await expectOutcome(e.canIDeploy(cid('Bar', '9')), {
      deployable: false,
      reason: 'No pacts or verifications have been published for version 9 of Bar',
      counts: { success: 0, failed: 0, unknown: 0 },
      rows: [],
    });
  });

  describe('S28 unknown pacticipant or environment → validation errors (400)', () => {
    const e = () => s01();
    it('via /matrix: a list', async () => {
      await expect(e().matrix('q[][pacticipant]=Nope&q[][version]=1&latestby=cvp&latest=true')).rejects.toMatchObject({
        code: 'validation',
        fields: ['Pacticipant Nope not found'],
      });
      await expect(e().matrix('q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&environment=staging')).rejects.toMatchObject({
        code: 'validation',
        fields: ["Environment with name 'staging' does not exist"],
      });
      await expect(e().matrix('q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&environment=production&latest=true')).rejects.toMatchObject({
        code: 'validation',
        fields: ['Cannot specify both latest=true and an environment.'],
      });
    });
    it('via /can-i-deploy: keyed by parameter', async () => {
      await expect(e().canIDeploy(cid('Nope', '1'))).rejects.toMatchObject({ code: 'validation', fields: { pacticipant: ['does not match an existing pacticipant'] } });
      await expect(e().canIDeploy(cid('Foo', '1', 'staging'))).rejects.toMatchObject({ code: 'validation', fields: { environment: ["with name 'staging' does not exist"] } });
    });
  });

  it('S29 no target ("latest of everything")', async () => {
    const e = new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).version('Bar', '3');
    await expectOutcome(e.matrix('q[][pacticipant]=Foo&q[][version]=1&latest=true&latestby=cvp'), {
      deployable: null,
      reason: lines(WARN_ENV, 'There is no verified pact between version 1 of Foo and the latest version of Bar (3)'),
      counts: { success: 0, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar - null missing_verification(3)'],
    });
  });

  it('S30 legacy tag target: the latest version with the tag, whatever the tag creation time', async () => {
    const base = () =>
      new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).tag('Bar', '2', 'prod').version('Bar', '3').tag('Bar', '3', 'prod');
    const unknown: Outcome = {
      deployable: null,
      reason: 'There is no verified pact between version 1 of Foo and the latest version of Bar with tag prod (3)',
      counts: { success: 0, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar - null missing_verification(3)'],
    };
    await expectOutcome(base().canIDeploy('pacticipant=Foo&version=1&to=prod'), unknown);
    await expectOutcome(base().matrix('q[][pacticipant]=Foo&q[][version]=1&tag=prod&latestby=cvp&latest=true'), unknown);
    await expectOutcome(base().untag('Bar', '3', 'prod').canIDeploy('pacticipant=Foo&version=1&to=prod'), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
    const retagged = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .verify('Bar', '2', 'Foo', '1', true)
      .version('Bar', '3')
      .tag('Bar', '3', 'prod')
      .tag('Bar', '2', 'prod');
    await expectOutcome(retagged.canIDeploy('pacticipant=Foo&version=1&to=prod'), unknown);
  });

  it('S31 branch selector without a version number: computed for the head, version-number warning first', async () => {
    const e = new Estate()
      .version('Foo', '1')
      .version('Foo', '2')
      .publish('Foo', '3', 'Bar', 'C3')
      .publish('Foo', '4', 'Bar', 'C4')
      .verify('Bar', '2', 'Foo', '3', false)
      .verify('Bar', '2', 'Foo', '4', true)
      .deploy('Bar', '2', 'production');
    await expectOutcome(e.matrix('q[][pacticipant]=Foo&q[][branch]=main&q[][latest]=true&latestby=cvpv&environment=production'), {
      deployable: true,
      reason: lines(WARN_VERSION, ALL_OK),
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 4 → Bar 2 true verified'],
    });
  });

  it('S32 main-branch target (can-i-merge): each integrated pacticipant’s own main branch head', async () => {
    const e = (v2ok: boolean) =>
      new Estate()
        .pacticipant('Bar', { mainBranch: 'develop' })
        .publish('Foo', '1', 'Bar', 'C1')
        .version('Bar', '1', { branch: 'develop' })
        .verify('Bar', '1', 'Foo', '1', true)
        .version('Bar', '2', { branch: 'develop' })
        .verify('Bar', '2', 'Foo', '1', v2ok)
        .version('Bar', '3', { branch: 'feat' })
        .verify('Bar', '3', 'Foo', '1', false);
    const q = 'q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&mainBranch=true';
    await expectOutcome(e(true).matrix(q), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
    await expectOutcome(e(false).matrix(q), {
      deployable: false,
      reason: 'The verification for the pact between version 1 of Foo and the latest version of Bar from branch develop (2) failed',
      counts: { success: 0, failed: 1, unknown: 0 },
      rows: ['Foo 1 → Bar 2 false failed'],
    });
  });

  it('S33 explicit pair, no target: only integrations between the specified versions count', async () => {
    const e = new Estate().publish('Foo', '1', 'Bar', 'C1').publish('Foo', '1', 'Wiffle', 'C2').verify('Bar', '2', 'Foo', '1', true);
    await expectOutcome(e.matrix('q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][version]=2&latestby=cvpv'), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
  });

  it('S34 bidirectional: each direction must be verified', async () => {
    const e = new Estate()
      .publish('A', '1', 'B', 'C1')
      .verify('B', '100', 'A', '1', true)
      .publish('B', '100', 'A', 'C2')
      .verify('A', '99', 'B', '100', true);
    await expectOutcome(e.matrix('q[][pacticipant]=A&q[][version]=1&q[][pacticipant]=B&q[][version]=100&latestby=cvpv'), {
      deployable: null,
      reason: 'There is no verified pact between version 100 of B and version 1 of A',
      counts: { success: 1, failed: 0, unknown: 1 },
      rows: ['A 1 → B 100 true verified', 'B 100 → A - null missing_verification(1)'],
    });
  });

  it('S35 missing branch in the selector: the warning, then "No version … exists"; no rows', async () => {
    const e = s01();
    await expectOutcome(e.matrix('q[][pacticipant]=Foo&q[][branch]=nope&q[][latest]=true&latestby=cvpv&environment=production'), {
      deployable: false,
      reason: lines(WARN_VERSION, 'No version of Foo from branch nope exists'),
      counts: { success: 0, failed: 0, unknown: 0 },
      rows: [],
    });
  });
});

describe('strict environments through the service (README item 2)', () => {
  it('two application instances, one never verified → null, naming the unverified version', async () => {
    const e = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .version('Bar', '10')
      .verify('Bar', '11', 'Foo', '1', true)
      .deploy('Bar', '10', 'production', 'i-1')
      .deploy('Bar', '11', 'production', 'i-2');
    await expectOutcome(e.canIDeploy(cid('Foo', '1')), {
      deployable: null,
      reason: 'There is no verified pact between version 1 of Foo and one of the versions of Bar currently in production (10)',
      counts: { success: 1, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar 11 true verified', 'Foo 1 → Bar - null missing_verification(10)'],
    });
  });

  it('released versions, one failed and one never verified → null (unknown beats failed)', async () => {
    const e = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .verify('Bar', '10', 'Foo', '1', false)
      .version('Bar', '11')
      .release('Bar', '10', 'production')
      .release('Bar', '11', 'production');
    for (const result of [await e.canIDeploy(cid('Foo', '1')), await e.matrix('q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&environment=production')]) {
      const { reason, ...rest } = outcome(result);
      expect(rest).toStrictEqual({
        deployable: null,
        counts: { success: 0, failed: 1, unknown: 1 },
        rows: ['Foo 1 → Bar - null missing_verification(11)', 'Foo 1 → Bar 10 false failed'],
      });
      // Both lines; their order is left open: the reference does not say, Treaty lists them in row order, the Ruby
      // broker lists every failure before every unknown (deployment_status_summary.rb error_messages).
      expect(reason.split('\n').sort()).toEqual([
        'The verification for the pact between version 1 of Foo and one of the versions of Bar currently in production (10) failed',
        'There is no verified pact between version 1 of Foo and one of the versions of Bar currently in production (11)',
      ]);
    }
  });

  it('a version both deployed and released in the environment is checked once', async () => {
    const e = new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true).deploy('Bar', '2', 'production').release('Bar', '2', 'production');
    await expectOutcome(e.canIDeploy(cid('Foo', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
  });

  it('an environment selector on the specified side (q[][environment]) is strict as well', async () => {
    // "is what is in production compatible with Bar 3?": both Foo versions in production must have been verified
    const e = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .publish('Foo', '2', 'Bar', 'C2')
      .deploy('Foo', '1', 'production', 'a')
      .deploy('Foo', '2', 'production', 'b')
      .verify('Bar', '3', 'Foo', '2', true);
    const result = await e.matrix('q[][pacticipant]=Foo&q[][environment]=production&q[][pacticipant]=Bar&q[][version]=3&latestby=cvpv');
    expect(outcome(result)).toStrictEqual({
      deployable: null,
      reason: 'There is no verified pact between one of the versions of Foo currently in production (1) and version 3 of Bar',
      counts: { success: 1, failed: 0, unknown: 1 },
      rows: ['Foo 2 → Bar 3 true verified', 'Foo 1 → Bar - null missing_verification(3)'],
    });
  });
});

describe('a hub through the service', () => {
  const hub = (n: number, tweak?: (consumer: number) => 'ok' | 'failed' | 'missing') => {
    const e = new Estate().version('Hub', '1');
    for (let i = 1; i <= n; i++) {
      const c = `C${String(i).padStart(3, '0')}`;
      e.publish(c, '1', 'Hub', `${c}-pact`).deploy(c, '1', 'production');
      const state = tweak?.(i) ?? 'ok';
      if (state !== 'missing') e.verify('Hub', '1', c, '1', state === 'ok');
    }
    return e;
  };

  it('150 consumers in the environment, all verified → true with success=150, in a bounded number of repository calls', async () => {
    const e = hub(150);
    const result = await e.canIDeploy(cid('Hub', '1'));
    expect(result.decision.deployable).toBe(true);
    expect(result.decision.counts).toStrictEqual({ success: 150, failed: 0, unknown: 0 });
    expect(summaryReason(result.decision.reasons)).toBe(ALL_OK);
    expect(result.rows).toHaveLength(150);
    // one round trip per kind of question, whatever the number of integrations: the same calls as for 3 consumers
    const small = hub(3);
    await small.canIDeploy(cid('Hub', '1'));
    expect(Object.fromEntries(e.calls)).toEqual(Object.fromEntries(small.calls));
    expect(Math.max(...e.calls.values())).toBeLessThanOrEqual(3);
  });

  it('150 consumers, one failed → false naming it', async () => {
    const result = await hub(150, (i) => (i === 77 ? 'failed' : 'ok')).canIDeploy(cid('Hub', '1'));
    expect(result.decision.deployable).toBe(false);
    expect(result.decision.counts).toStrictEqual({ success: 149, failed: 1, unknown: 0 });
    expect(summaryReason(result.decision.reasons)).toBe('The verification for the pact between the version of C077 currently in production (1) and version 1 of Hub failed');
  });

  it('150 consumers, one never verified → null naming it', async () => {
    const result = await hub(150, (i) => (i === 150 ? 'missing' : 'ok')).canIDeploy(cid('Hub', '1'));
    expect(result.decision.deployable).toBeNull();
    expect(result.decision.counts).toStrictEqual({ success: 149, failed: 0, unknown: 1 });
    expect(summaryReason(result.decision.reasons)).toBe('There is no verified pact between the version of C150 currently in production (1) and version 1 of Hub');
  });

  it('a consumer with pacts with 150 providers in the environment, one not deployed → null naming it', async () => {
    const e = new Estate();
    for (let i = 1; i <= 150; i++) {
      const p = `P${String(i).padStart(3, '0')}`;
      e.publish('Hub', '1', p, `${p}-pact`).verify(p, '1', 'Hub', '1', true);
      if (i !== 42) e.deploy(p, '1', 'production');
    }
    const result = await e.canIDeploy(cid('Hub', '1'));
    expect(result.decision.deployable).toBeNull();
    expect(result.decision.counts).toStrictEqual({ success: 149, failed: 0, unknown: 1 });
    expect(summaryReason(result.decision.reasons)).toBe(`There is no verified pact between version 1 of Hub and a version of P042 currently in production (${NOTHING_THERE})`);
  });
});

describe('Treaty’s own cases through the service', () => {
  /** Foo v1's pact with Bar, verified by Bar v2 (deployed nowhere). */
  const s01base = () => new Estate().publish('Foo', '1', 'Bar', 'C1').verify('Bar', '2', 'Foo', '1', true);

  it('A10: an empty environment for the specified selector → false; an empty tag for an inferred provider → null', async () => {
    const e = s01base();
    await expectOutcome(e.matrix('q[][pacticipant]=Foo&q[][environment]=test&q[][pacticipant]=Bar&q[][version]=2&latestby=cvpv'), {
      deployable: false,
      // two selectors, one with a version number: no warnings
      reason: 'No version of Foo is currently recorded as deployed or released in environment test',
      counts: { success: 0, failed: 0, unknown: 0 },
      rows: [],
    });
    await expectOutcome(e.canIDeploy('pacticipant=Foo&version=1&to=nope'), {
      deployable: null,
      reason: 'There is no verified pact between version 1 of Foo and the latest version of Bar with tag nope (no such version exists)',
      counts: { success: 0, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar - null no_deployed_version'],
    });
  });

  it('the latest revision of a consumer version’s pact is the one checked', async () => {
    const e = s01base().deploy('Bar', '2', 'production').publish('Foo', '1', 'Bar', 'C2');
    await expectOutcome(e.canIDeploy(cid('Foo', '1')), {
      deployable: null,
      reason: 'There is no verified pact between version 1 of Foo and the version of Bar currently in production (2)',
      counts: { success: 0, failed: 0, unknown: 1 },
      rows: ['Foo 1 → Bar - null missing_verification(2)'],
    });
  });

  it('a branch head is the version added to the branch last, not the newest one', async () => {
    const e = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .publish('Foo', '2', 'Bar', 'C2')
      .branch('Foo', '2', 'release')
      .branch('Foo', '1', 'release')
      .verify('Bar', '5', 'Foo', '1', true)
      .deploy('Bar', '5', 'production');
    const result = await e.matrix('q[][pacticipant]=Foo&q[][branch]=release&q[][latest]=true&latestby=cvpv&environment=production');
    expect(outcome(result).rows).toEqual(['Foo 1 → Bar 5 true verified']);
    expect(result.decision.deployable).toBe(true);
  });

  it('limit caps the rows listed, never the rows decided on', async () => {
    const e = new Estate().publish('Foo', '1', 'Bar', 'C1').publish('Foo', '1', 'Baz', 'C2').deploy('Bar', '1', 'production').deploy('Baz', '1', 'production');
    const result = await e.matrix('q[][pacticipant]=Foo&q[][version]=1&environment=production&latestby=cvpv&limit=1');
    expect(result.rows.map(rowLine)).toEqual(['Foo 1 → Bar - null missing_verification(1)']);
    expect(result.decision.rows).toHaveLength(2);
    expect(result.decision.counts).toStrictEqual({ success: 0, failed: 0, unknown: 2 });
  });

  it('one version deployed on two application instances is one row, "the version of"', async () => {
    const e = s01base().deploy('Bar', '2', 'production', 'i-1').deploy('Bar', '2', 'production', 'i-2');
    await expectOutcome(e.canIDeploy(cid('Foo', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 1, failed: 0, unknown: 0 },
      rows: ['Foo 1 → Bar 2 true verified'],
    });
  });

  it('bidirectional to an environment: the consumer in the environment must have been verified by the version deployed', async () => {
    const e = new Estate()
      .publish('A', '1', 'B', 'C1')
      .verify('B', '100', 'A', '1', true)
      .publish('B', '100', 'A', 'C2')
      .verify('A', '99', 'B', '100', true)
      .deploy('B', '100', 'production');
    await expectOutcome(e.canIDeploy(cid('A', '1')), {
      deployable: null,
      reason: 'There is no verified pact between the version of B currently in production (100) and version 1 of A',
      counts: { success: 1, failed: 0, unknown: 1 },
      rows: ['A 1 → B 100 true verified', 'B 100 → A - null missing_verification(1)'],
    });
    await expectOutcome(e.verify('A', '1', 'B', '100', true).canIDeploy(cid('A', '1')), {
      deployable: true,
      reason: ALL_OK,
      counts: { success: 2, failed: 0, unknown: 0 },
      rows: ['A 1 → B 100 true verified', 'B 100 → A 1 true verified'],
    });
  });

  it('one selector and no target (the UI’s question): every verification of its pacts, and its own verifications', async () => {
    const e = new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .verify('Bar', '2', 'Foo', '1', true)
      .verify('Bar', '3', 'Foo', '1', false)
      .publish('Cat', '1', 'Foo', 'K1')
      .verify('Foo', '1', 'Cat', '1', true);
    await expectOutcome(e.matrix('q[][pacticipant]=Foo&q[][version]=1'), {
      deployable: false,
      reason: lines(WARN_ENV, 'The verification for the pact between version 1 of Foo and version 3 of Bar failed'),
      counts: { success: 2, failed: 1, unknown: 0 },
      rows: ['Cat 1 → Foo 1 true verified', 'Foo 1 → Bar 3 false failed', 'Foo 1 → Bar 2 true verified'],
    });
    // cvp: one row per consumer version and provider, the newest provider version's
    expect(outcome(await e.matrix('q[][pacticipant]=Foo&q[][version]=1&latestby=cvp')).rows).toEqual(['Cat 1 → Foo 1 true verified', 'Foo 1 → Bar 3 false failed']);
  });

  it('a specified version that does not exist is no error when that pacticipant is ignored', async () => {
    await expectOutcome(s01base().canIDeploy(cid('Bar', '9', 'production', '&ignore[]=Bar')), {
      deployable: true,
      reason: NO_DEPS,
      counts: { success: 0, failed: 0, unknown: 0, ignored: 0 },
      rows: [],
    });
  });

  it('unknown names in a q[] environment selector are a 400 as well', async () => {
    await expect(s01base().matrix('q[][pacticipant]=Foo&q[][environment]=nope&latestby=cvpv')).rejects.toMatchObject({
      code: 'validation',
      fields: ["Environment with name 'nope' does not exist"],
    });
  });

  it('notices: the reasons, then one next step per problem naming the pacticipants and versions', async () => {
    const s03 = await s01base().version('Bar', '3').deploy('Bar', '3', 'production').canIDeploy(cid('Foo', '1'));
    const n03 = noticesFor(s03.decision.reasons);
    expect(n03.map((n) => n.type)).toEqual(['error', 'prompt']);
    expect(n03[0]!.text).toBe(summaryReason(s03.decision.reasons));
    expect(n03[1]!.text).toContain('Bar');
    expect(n03[1]!.text).toContain('Foo');
    expect(n03[1]!.text).toMatch(/version 3\b/);

    const s04 = await s01base().canIDeploy(cid('Foo', '1'));
    const n04 = noticesFor(s04.decision.reasons);
    expect(n04.map((n) => n.type)).toEqual(['error', 'prompt']);
    expect(n04[1]!.text).toContain('record-deployment');

    const s11 = await new Estate()
      .publish('Foo', '1', 'Bar', 'C1')
      .publish('Foo', '1', 'Baz', 'C3')
      .verify('Bar', '2', 'Foo', '1', false)
      .deploy('Bar', '2', 'production')
      .deploy('Baz', '7', 'production')
      .canIDeploy(cid('Foo', '1', 'production', '&ignore[]=Waffle'));
    const n11 = noticesFor(s11.decision.reasons);
    expect(n11.map((n) => n.type)).toEqual(['warning', 'error', 'error', 'prompt', 'prompt']);
    expect(n11[3]!.text).toMatch(/Bar.*\b2\b/);
    expect(n11[4]!.text).toMatch(/Baz.*\b7\b/);

    const s27 = await new Estate().version('Bar', '1').canIDeploy(cid('Bar', '9'));
    const n27 = noticesFor(s27.decision.reasons);
    expect(n27.map((n) => n.type)).toEqual(['error', 'prompt']);
    expect(n27[1]!.text).toMatch(/\b9\b.*Bar/);
  });
});
