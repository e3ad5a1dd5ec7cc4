// Scenario table E.2 (S36–S45) of ../shared/reference/broker-semantics.md, plus Treaty's own cases.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';
import { candidateNeeds, selectPacts } from '../../../src/pacts-for-verification/select-pacts.js';
import { defaultSelectors, parseForVerificationRequest, type ConsumerVersionSelectorInput } from '../../../src/pacts-for-verification/selectors.js';
import { describeSelection, inclusionNotice, shortDescription } from '../../../src/pacts-for-verification/notices.js';
import { Estate } from './estate.js';

const ENVS = { environmentNames: new Set(['test', 'production']), limits: DEFAULT_LIMITS };

function select(estate: Estate, selectors: ConsumerVersionSelectorInput[], options: { providerVersionBranch?: string } = {}) {
  const parsed = parseForVerificationRequest({ consumerVersionSelectors: selectors, ...options }, ENVS);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return selectPacts(parsed.request.selectors, estate.candidates('Bar'));
}
/** "Foo C1" per entry: consumer and content */
const picked = (estate: Estate, selectors: ConsumerVersionSelectorInput[], options?: { providerVersionBranch?: string }) =>
  select(estate, selectors, options).map((p) => `${p.consumerName} ${p.sha}`);

describe('E.2 pacts for verification: which pacts each selector picks', () => {
  it('S36 mainBranch uses the head, not the last version with a pact; latest uses the last version with a pact', () => {
    const e = new Estate().version('Foo', '1', { branch: 'main', pacts: { Bar: 'C1' } }).version('Foo', '2', { branch: 'main', pacts: { Baz: 'C9' } });
    expect(picked(e, [{ mainBranch: true }])).toEqual([]);
    expect(picked(e, [{ latest: true }])).toEqual(['Foo C1']);
  });

  it('S37 branch and matchingBranch', () => {
    const e = new Estate().version('Foo', '3', { branch: 'feat-x', pacts: { Bar: 'C3' } });
    expect(picked(e, [{ branch: 'feat-x' }])).toEqual(['Foo C3']);
    expect(picked(e, [{ matchingBranch: true }], { providerVersionBranch: 'feat-x' })).toEqual(['Foo C3']);
    expect(picked(e, [{ matchingBranch: true }], { providerVersionBranch: 'feat-y' })).toEqual([]);
  });

  const s38 = () =>
    new Estate()
      .version('Foo', '0.7', { pacts: { Bar: 'C7' } })
      .version('Foo', '0.8', { pacts: { Bar: 'C8' } })
      .version('Foo', '0', { pacts: { Bar: 'C0' } })
      .version('Foo', '1', { pacts: { Bar: 'C1' } })
      .deploy('Foo', '0.7', 'test')
      .release('Foo', '0.8', 'production')
      .endSupport('Foo', '0.8', 'production')
      .release('Foo', '0', 'production')
      .deploy('Foo', '1', 'test')
      .deploy('Foo', '1', 'production');

  it('S38 deployedOrReleased: currently deployed and still supported only, one entry per content', () => {
    const pacts = select(s38(), [{ deployedOrReleased: true }]);
    expect(pacts.map((p) => p.sha)).toEqual(['C0', 'C1']);
    const c1 = pacts.find((p) => p.sha === 'C1')!;
    expect(describeSelection(c1.selections[0]!, 'Bar')).toBe('consumer version(s) currently deployed to test (1) and production (1)');
    const c0 = pacts.find((p) => p.sha === 'C0')!;
    expect(describeSelection(c0.selections[0]!, 'Bar')).toBe('consumer version(s) released and supported in production (0)');
  });

  it('S39 environment, deployed and released with an environment', () => {
    expect(picked(s38(), [{ environment: 'production' }]).sort()).toEqual(['Foo C0', 'Foo C1']);
    expect(picked(s38(), [{ deployed: true, environment: 'test' }])).toEqual(['Foo C1']);
    expect(picked(s38(), [{ released: true }])).toEqual(['Foo C0']);
  });

  it('S40 consumer filter', () => {
    const e = new Estate().version('Foo', '1', { branch: 'main', pacts: { Bar: 'C1' } }).version('Cat', '1', { branch: 'main', pacts: { Bar: 'C2' } });
    expect(picked(e, [{ mainBranch: true, consumer: 'Cat' }])).toEqual(['Cat C2']);
    expect(picked(e, [{ mainBranch: true }])).toEqual(['Cat C2', 'Foo C1']);
  });

  it('S41 tag selects all tagged versions; tag+latest only the latest tagged version, which must have a pact', () => {
    const e = new Estate()
      .version('Foo', '1', { tags: ['prod'], pacts: { Bar: 'C1' } })
      .version('Foo', '2', { tags: ['prod'], pacts: { Bar: 'C2' } })
      .version('Foo', '3', { tags: ['prod'], pacts: { Baz: 'C9' } });
    expect(picked(e, [{ tag: 'prod' }])).toEqual(['Foo C1', 'Foo C2']);
    expect(picked(e, [{ tag: 'prod', latest: true }])).toEqual([]);
  });

  it('S42 fallbackTag, per consumer (Treaty: Foo falls back even though Cat has a feat-x pact)', () => {
    const e = new Estate().version('Foo', '1', { tags: ['main'], pacts: { Bar: 'C1' } });
    const pacts = select(e, [{ tag: 'feat-x', latest: true, fallbackTag: 'main' }]);
    expect(pacts.map((p) => p.sha)).toEqual(['C1']);
    expect(describeSelection(pacts[0]!.selections[0]!, 'Bar')).toBe("latest version tagged 'main' (fallback tag used as no pact was found with tag 'feat-x') (1)");
    e.version('Cat', '5', { tags: ['feat-x'], pacts: { Bar: 'C5' } });
    expect(picked(e, [{ tag: 'feat-x', latest: true, fallbackTag: 'main' }])).toEqual(['Cat C5', 'Foo C1']);
  });

  it('S43 fallbackBranch (Treaty: the documented behaviour, with a fallback notice)', () => {
    const e = new Estate().version('Foo', '1', { branch: 'main', pacts: { Bar: 'C1' } });
    const pacts = select(e, [{ branch: 'feat-x', fallbackBranch: 'main' }]);
    expect(pacts.map((p) => p.sha)).toEqual(['C1']);
    expect(describeSelection(pacts[0]!.selections[0]!, 'Bar')).toBe(
      "latest version from branch 'main' (fallback branch used as no pact was found from branch 'feat-x') (1)",
    );
    e.version('Foo', '2', { branch: 'feat-x', pacts: { Bar: 'C2' } });
    expect(picked(e, [{ branch: 'feat-x', fallbackBranch: 'main' }])).toEqual(['Foo C2']);
  });

  it('S44 de-duplicates by consumer and content: the highest consumer version, every criterion listed', () => {
    const e = new Estate()
      .version('Foo', '2', { pacts: { Bar: 'C2' } })
      .version('Foo', '3', { branch: 'main', pacts: { Bar: 'C2' } })
      .deploy('Foo', '2', 'production');
    const pacts = select(e, [{ mainBranch: true }, { deployedOrReleased: true }]);
    expect(pacts).toHaveLength(1);
    expect(pacts[0]!.consumerVersionNumber).toBe('3');
    expect(inclusionNotice(pacts[0]!, 'URL', 'Bar').text).toBe(
      "The pact at URL is being verified because the pact content belongs to the consumer versions matching the following criteria:\n" +
        "    * latest version from the main branch 'main' (3)\n" +
        '    * consumer version(s) currently deployed to production (2)',
    );
    expect(shortDescription(pacts[0]!, 'Bar')).toBe('latest from main branch, deployed to production');
    const twins = new Estate().version('Foo', '1', { branch: 'main', pacts: { Bar: 'SAME' } }).version('Cat', '1', { branch: 'main', pacts: { Bar: 'SAME' } });
    expect(picked(twins, [{ mainBranch: true }])).toEqual(['Cat SAME', 'Foo SAME']);
  });

  it('S45 default selectors: main head, overall latest for a consumer without a main branch, deployed', () => {
    const e = new Estate()
      .version('Foo', '0', { pacts: { Bar: 'C0' } })
      .version('Foo', '1', { branch: 'main', pacts: { Bar: 'C1' } })
      .mainBranch('Cat', null)
      .version('Cat', '1', { branch: 'trunk', pacts: { Bar: 'C4' } })
      .version('Cat', '2', { branch: 'trunk', pacts: { Bar: 'C5' } })
      .deploy('Foo', '0', 'production');
    const selectors = defaultSelectors([
      { name: 'Foo', mainBranch: 'main', mainBranchHasHead: true, hasTagNamedAfterMainBranch: false },
      { name: 'Cat', mainBranch: null, mainBranchHasHead: false, hasTagNamedAfterMainBranch: false },
    ]);
    expect(selectPacts(selectors, e.candidates('Bar')).map((p) => `${p.consumerName} ${p.sha}`)).toEqual(['Cat C5', 'Foo C0', 'Foo C1']);
  });
});

describe('selection details', () => {
  it('orders by consumer name (case-insensitive), then consumer version', () => {
    const e = new Estate()
      .version('beta', '1', { tags: ['prod'], pacts: { Bar: 'B1' } })
      .version('Alpha', '2', { tags: ['prod'], pacts: { Bar: 'A2' } })
      .version('Alpha', '1', { tags: ['prod'], pacts: { Bar: 'A1' } });
    expect(picked(e, [{ tag: 'prod' }])).toEqual(['Alpha A2', 'Alpha A1', 'beta B1']);
  });

  it('branch: true picks the head of every branch', () => {
    const e = new Estate()
      .version('Foo', '1', { branch: 'main', pacts: { Bar: 'C1' } })
      .version('Foo', '2', { branch: 'feat-a', pacts: { Bar: 'C2' } })
      .version('Foo', '3', { branch: 'feat-a', pacts: { Bar: 'C3' } });
    expect(picked(e, [{ branch: true }])).toEqual(['Foo C1', 'Foo C3']);
  });

  it('a bullet for one selector lists every consumer version sharing the content', () => {
    const e = new Estate().version('Foo', '1', { tags: ['prod'], pacts: { Bar: 'C1' } }).version('Foo', '2', { tags: ['prod'], pacts: { Bar: 'C1' } });
    const [pact] = select(e, [{ tag: 'prod' }]);
    expect(inclusionNotice(pact!, 'URL', 'Bar').text).toBe(
      "The pact at URL is being verified because the pact content belongs to the consumer versions matching the following criterion:\n    * all consumer versions tagged 'prod' (1, 2)",
    );
    expect(shortDescription(pact!, 'Bar')).toBe('one of prod');
  });

  it('describes consumer-scoped and latest selectors', () => {
    const e = new Estate().version('Foo', '1', { branch: 'main', pacts: { Bar: 'C1' } });
    const [pact] = select(e, [{ mainBranch: true, consumer: 'Foo' }, { latest: true }]);
    expect(pact!.selections.map((s) => describeSelection(s, 'Bar'))).toEqual([
      "latest version of Foo from the main branch 'main' (1)",
      'latest version of a consumer that has a pact with Bar (1)',
    ]);
  });

  it('asks the repository only for the facts the selectors need', () => {
    const parsed = parseForVerificationRequest({ consumerVersionSelectors: [{ tag: 'prod', latest: true, fallbackTag: 'main' }, { deployed: true }] }, ENVS);
    if (!parsed.ok) throw new Error('invalid');
    expect(candidateNeeds(parsed.request.selectors)).toEqual({
      mainBranchHeads: false,
      branchHeads: [],
      allBranchHeads: false,
      latestWithTags: ['prod', 'main'],
      taggedWith: [],
      latestPact: false,
      deployed: true,
      released: false,
    });
  });
});
