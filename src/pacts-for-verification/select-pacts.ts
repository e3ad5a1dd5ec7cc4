// Pure: applies normalised selectors to candidate pacts (broker-semantics B2/B4). The repository fetches, for the
// provider, the pacts of the consumer versions the selectors can reach, each with the facts that make it reachable
// ("head of branch main", "currently deployed to test", …); this decides which selector picks which pact, applies
// fallbacks per consumer (Treaty's choice 3), de-duplicates by (consumer, content) and orders the result.
import { groupBy } from '../shared/collections.js';
import type { Selector } from './selectors.js';

export type CandidateFact =
  | { kind: 'mainBranchHead'; branch: string }
  | { kind: 'branchHead'; branch: string }
  | { kind: 'latestWithTag'; tag: string }
  | { kind: 'tagged'; tag: string }
  /** the consumer's highest-order version that has a pact with this provider */
  | { kind: 'latestPact' }
  | { kind: 'deployed'; environment: string; production: boolean; applicationInstance: string | null }
  | { kind: 'released'; environment: string; production: boolean };

/** The latest pact of one consumer version with the provider. */
export interface ConsumerVersionPact {
  consumerName: string;
  consumerVersionNumber: string;
  consumerVersionOrder: number;
  pactVersionId: number;
  sha: string;
  publishedAt: Date;
}

/** A consumer version's pact and why the selectors could reach it. */
export interface CandidatePact extends ConsumerVersionPact {
  facts: CandidateFact[];
}

/** How one selector picked one consumer version; `facts` are those that matched (several environments, say). */
export interface Selection {
  selector: Selector;
  consumerVersionNumber: string;
  consumerVersionOrder: number;
  facts: CandidateFact[];
  /** the fallback branch or tag was used because the consumer had nothing for the requested one */
  fallback?: string;
}

export interface VerifiablePact {
  consumerName: string;
  sha: string;
  pactVersionId: number;
  /** the highest-order consumer version among those selected with this content */
  consumerVersionNumber: string;
  consumerVersionOrder: number;
  selections: Selection[];
}

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

/** For branch: true, one head fact per branch; several branch heads of one version are one selection each. */
function selectionsFor(selector: Selector, candidate: CandidatePact, alternative?: string): Selection[] {
  const facts = matchingFacts(selector, candidate.facts, alternative);
  if (facts.length === 0) return [];
  const base = { selector, consumerVersionNumber: candidate.consumerVersionNumber, consumerVersionOrder: candidate.consumerVersionOrder };
  return [{ ...base, facts: dedupeFacts(facts), ...(alternative !== undefined ? { fallback: alternative } : {}) }];
}

function dedupeFacts(facts: CandidateFact[]): CandidateFact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type OrderedByConsumer = Pick<ConsumerVersionPact, 'consumerName' | 'consumerVersionOrder'>;

/** The Pact Broker's order for verifiable pacts: consumer name (case-insensitive), then consumer version. */
export function byConsumerThenVersion(a: OrderedByConsumer, b: OrderedByConsumer): number {
  const x = a.consumerName.toLowerCase();
  const y = b.consumerName.toLowerCase();
  return (x < y ? -1 : x > y ? 1 : 0) || a.consumerVersionOrder - b.consumerVersionOrder;
}

export function selectPacts(selectors: Selector[], candidates: CandidatePact[]): VerifiablePact[] {
  const byConsumerName = groupBy(candidates, (c) => c.consumerName);
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
      entries.set(key, {
        consumerName: candidate.consumerName,
        sha: candidate.sha,
        pactVersionId: candidate.pactVersionId,
        consumerVersionNumber: candidate.consumerVersionNumber,
        consumerVersionOrder: candidate.consumerVersionOrder,
        selections: [selection],
      });
      continue;
    }
    entry.selections.push(selection);
    if (candidate.consumerVersionOrder > entry.consumerVersionOrder) {
      entry.consumerVersionNumber = candidate.consumerVersionNumber;
      entry.consumerVersionOrder = candidate.consumerVersionOrder;
    }
  }
  return [...entries.values()].sort(byConsumerThenVersion);
}

/** What the repository must fetch so that selectPacts can answer these selectors. */
export interface CandidateNeeds {
  mainBranchHeads: boolean;
  branchHeads: string[];
  allBranchHeads: boolean;
  latestWithTags: string[];
  taggedWith: string[];
  latestPact: boolean;
  deployed: boolean;
  released: boolean;
}

export function candidateNeeds(selectors: Selector[]): CandidateNeeds {
  const needs: CandidateNeeds = {
    mainBranchHeads: false,
    branchHeads: [],
    allBranchHeads: false,
    latestWithTags: [],
    taggedWith: [],
    latestPact: false,
    deployed: false,
    released: false,
  };
  const add = (list: string[], value: string | undefined) => {
    if (value !== undefined && !list.includes(value)) list.push(value);
  };
  for (const s of selectors) {
    switch (s.kind) {
      case 'mainBranch':
        needs.mainBranchHeads = true;
        break;
      case 'branch':
        // A named branch may be a consumer's main branch: its head is then reported as a main branch head.
        needs.mainBranchHeads = true;
        add(needs.branchHeads, s.branch);
        add(needs.branchHeads, s.fallbackBranch);
        break;
      case 'allBranches':
        needs.allBranchHeads = true;
        needs.mainBranchHeads = true;
        break;
      case 'tag':
        if (s.latest) add(needs.latestWithTags, s.tag);
        else add(needs.taggedWith, s.tag);
        add(needs.latestWithTags, s.fallbackTag);
        break;
      case 'latest':
        needs.latestPact = true;
        break;
      case 'deployed':
        needs.deployed = true;
        break;
      case 'released':
        needs.released = true;
        break;
      case 'environment':
        needs.deployed = true;
        needs.released = true;
        break;
    }
  }
  return needs;
}
