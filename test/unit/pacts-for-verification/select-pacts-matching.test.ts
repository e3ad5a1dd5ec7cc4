// selectPacts matches selectors to candidate facts through an index (one key per selector), not by scanning every
// candidate's facts for every selector. These check that the index answers exactly what the scan answered: a
// reference scan (the previous implementation) against random selectors and candidates, and the large request the
// limits allow.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byConsumerThenVersion, candidateNeeds, selectPacts, type CandidateFact, type CandidatePact, type Selection, type VerifiablePact } from '../../../src/pacts-for-verification/select-pacts.js';
import type { Selector } from '../../../src/pacts-for-verification/selectors.js';

// ---- the reference: every selector scans every consumer's candidates and their facts --------------------------------

function matchingFacts(selector: Selector, facts: CandidateFact[], name: string | undefined): CandidateFact[] {
  return facts.filter((f) => {
    switch (selector.kind) {
      case 'mainBranch':
        return f.kind === 'mainBranchHead';
      case 'branch':
        return (f.kind === 'branchHead' || f.kind === 'mainBranchHead') && f.branch === (name ?? selector.branch);
      case 'allBranches':
        return f.kind === 'branchHead' || f.kind === 'mainBranchHead';
      case 'tag':
        return selector.latest || name !== undefined ? f.kind === 'latestWithTag' && f.tag === (name ?? selector.tag) : f.kind === 'tagged' && f.tag === selector.tag;
      case 'latest':
        return f.kind === 'latestPact';
      case 'deployed':
      case 'released':
        return f.kind === selector.kind && (selector.environment === undefined || f.environment === selector.environment);
      case 'environment':
        return (f.kind === 'deployed' || f.kind === 'released') && f.environment === selector.environment;
    }
  });
}

function dedupe(facts: CandidateFact[]): CandidateFact[] {
  const seen = new Set<string>();
  return facts.filter((f) => !seen.has(JSON.stringify(f)) && Boolean(seen.add(JSON.stringify(f))));
}

function selectionsFor(selector: Selector, candidate: CandidatePact, alternative?: string): Selection[] {
  const facts = matchingFacts(selector, candidate.facts, alternative);
  if (facts.length === 0) return [];
  const base = { selector, consumerVersionNumber: candidate.consumerVersionNumber, consumerVersionOrder: candidate.consumerVersionOrder };
  return [{ ...base, facts: dedupe(facts), ...(alternative !== undefined ? { fallback: alternative } : {}) }];
}

function referenceSelectPacts(selectors: Selector[], candidates: CandidatePact[]): VerifiablePact[] {
  const byConsumerName = new Map<string, CandidatePact[]>();
  for (const c of candidates) byConsumerName.set(c.consumerName, [...(byConsumerName.get(c.consumerName) ?? []), c]);
  const hits: Array<{ candidate: CandidatePact; selection: Selection }> = [];
  for (const selector of selectors) {
    for (const [consumer, own] of byConsumerName) {
      if (selector.consumer !== undefined && selector.consumer !== consumer) continue;
      let found = own.flatMap((candidate) => selectionsFor(selector, candidate).map((selection) => ({ candidate, selection })));
      const fallback = selector.kind === 'branch' ? selector.fallbackBranch : selector.kind === 'tag' ? selector.fallbackTag : undefined;
      if (found.length === 0 && fallback !== undefined) {
        found = own.flatMap((candidate) => selectionsFor(selector, candidate, fallback).map((selection) => ({ candidate, selection })));
      }
      hits.push(...found);
    }
  }
  const entries = new Map<string, VerifiablePact>();
  for (const { candidate, selection } of hits) {
    const key = JSON.stringify([candidate.consumerName, candidate.sha]);
    const entry = entries.get(key);
    if (!entry) {
      entries.set(key, { ...candidate, selections: [selection] });
      continue;
    }
    entry.selections.push(selection);
    if (candidate.consumerVersionOrder > entry.consumerVersionOrder) {
      entry.consumerVersionNumber = candidate.consumerVersionNumber;
      entry.consumerVersionOrder = candidate.consumerVersionOrder;
    }
  }
  return [...entries.values()]
    .map(({ consumerName, sha, pactVersionId, consumerVersionNumber, consumerVersionOrder, selections }) => ({ consumerName, sha, pactVersionId, consumerVersionNumber, consumerVersionOrder, selections }))
    .sort(byConsumerThenVersion);
}

// ---- random estates: few names, so that selectors, facts and fallbacks collide often ---------------------------------

const names = ['main', 'dev', 'x:y', 'prod'];
const consumers = ['Foo', 'Bar', 'foo'];
const name = fc.constantFrom(...names);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const fact: fc.Arbitrary<CandidateFact> = fc.oneof(
  name.map((branch) => ({ kind: 'mainBranchHead' as const, branch })),
  name.map((branch) => ({ kind: 'branchHead' as const, branch })),
  name.map((tag) => ({ kind: 'latestWithTag' as const, tag })),
  name.map((tag) => ({ kind: 'tagged' as const, tag })),
  fc.constant({ kind: 'latestPact' as const }),
  fc.record({ environment: name, production: fc.boolean(), applicationInstance: fc.constantFrom(null, 'a') }).map((d) => ({ kind: 'deployed' as const, ...d })),
  fc.record({ environment: name, production: fc.boolean() }).map((r) => ({ kind: 'released' as const, ...r })),
);

const selector: fc.Arbitrary<Selector> = fc
  .tuple(
    fc.oneof(
      fc.constant({ kind: 'mainBranch' as const }),
      fc.record({ branch: name, fallbackBranch: maybe(name) }).map((s) => ({ kind: 'branch' as const, branch: s.branch, ...(s.fallbackBranch ? { fallbackBranch: s.fallbackBranch } : {}) })),
      fc.constant({ kind: 'allBranches' as const }),
      fc.record({ tag: name, latest: fc.boolean(), fallbackTag: maybe(name) }).map((s) => ({ kind: 'tag' as const, tag: s.tag, latest: s.latest, ...(s.fallbackTag ? { fallbackTag: s.fallbackTag } : {}) })),
      fc.constant({ kind: 'latest' as const }),
      maybe(name).map((environment) => ({ kind: 'deployed' as const, ...(environment ? { environment } : {}) })),
      maybe(name).map((environment) => ({ kind: 'released' as const, ...(environment ? { environment } : {}) })),
      name.map((environment) => ({ kind: 'environment' as const, environment })),
    ),
    maybe(fc.constantFrom(...consumers, 'Nobody')),
    fc.nat({ max: 99 }),
  )
  .map(([s, consumer, index]) => ({ index, ...(consumer ? { consumer } : {}), ...s }) as Selector);

/** Candidates are distinct consumer versions (unique orders); contents repeat within a consumer. */
const candidates: fc.Arbitrary<CandidatePact[]> = fc
  .array(fc.record({ consumer: fc.constantFrom(...consumers), content: fc.integer({ min: 1, max: 3 }), facts: fc.array(fact, { maxLength: 5 }) }), { maxLength: 12 })
  .map((list) =>
    list.map((c, i) => ({
      consumerName: c.consumer,
      consumerVersionNumber: `v${i}`,
      consumerVersionOrder: i + 1,
      pactVersionId: c.content,
      sha: `sha${c.content}`,
      publishedAt: new Date(0),
      facts: c.facts,
    })),
  );

describe('selectPacts: matching by index answers as the scan does', () => {
  it('random selectors and candidates: the same pacts, selections, facts and fallbacks, in the same order', () => {
    fc.assert(
      fc.property(fc.array(selector, { maxLength: 8 }), candidates, (selectors, cs) => {
        expect(selectPacts(selectors, cs)).toEqual(referenceSelectPacts(selectors, cs));
      }),
      { numRuns: 2000 },
    );
  });

  it('a full request (100 selectors) over 10,000 candidates picks what the selectors name', () => {
    const cs: CandidatePact[] = Array.from({ length: 10_000 }, (_, i) => ({
      consumerName: `C${i % 100}`,
      consumerVersionNumber: String(i),
      consumerVersionOrder: i + 1,
      pactVersionId: i,
      sha: `s${i}`,
      publishedAt: new Date(0),
      facts: [{ kind: 'tagged', tag: `t${i % 1000}` }],
    }));
    const selectors: Selector[] = Array.from({ length: 100 }, (_, index) => ({ index, kind: 'tag', tag: `t${index}`, latest: false }));
    const pacts = selectPacts(selectors, cs);
    // tag t<k> is on versions k, k+1000, …, k+9000: ten per selector
    expect(pacts).toHaveLength(1000);
    expect(pacts.every((p) => p.selections.length === 1 && Number(p.consumerVersionNumber) % 1000 < 100)).toBe(true);
  });
});

describe('candidateNeeds: each branch and tag asked for once', () => {
  it('repeated names across selectors and fallbacks are listed once, in first-seen order', () => {
    const selectors: Selector[] = [
      { index: 0, kind: 'branch', branch: 'a', fallbackBranch: 'b' },
      { index: 1, kind: 'branch', branch: 'b' },
      { index: 2, kind: 'tag', tag: 'x', latest: true, fallbackTag: 'y' },
      { index: 3, kind: 'tag', tag: 'y', latest: true },
      { index: 4, kind: 'tag', tag: 'x', latest: false },
      { index: 5, kind: 'tag', tag: 'x', latest: false },
    ];
    const needs = candidateNeeds(selectors);
    expect(needs.branchHeads).toEqual(['a', 'b']);
    expect(needs.latestWithTags).toEqual(['x', 'y']);
    expect(needs.taggedWith).toEqual(['x']);
  });
});
