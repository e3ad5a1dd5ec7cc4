// Pure: applies normalised selectors to candidate pacts (broker-semantics B2/B4). The repository fetches, for the
// provider, the pacts of the consumer versions the selectors can reach, each with the facts that make it reachable
// ("head of branch main", "currently deployed to test", …); this decides which selector picks which pact, applies
// fallbacks per consumer (Treaty's choice 3), de-duplicates by (consumer, content) and orders the result.
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

// Matching is by key, not by scanning: every fact is filed under each key a selector can ask for (a branch head under
// its branch and under "any branch", a deployment under "deployed", "deployed to <env>" and "in <env>"), and each
// selector asks for exactly one key (or its fallback's). So selecting costs the facts plus the selections, never
// selectors × candidates × facts.
type FactKey = string;
const keyOf = (...parts: string[]): FactKey => JSON.stringify(parts);

/** The keys under which a selector can find a fact. */
function factKeys(f: CandidateFact): FactKey[] {
  switch (f.kind) {
    case 'mainBranchHead':
      return [keyOf('mainBranch'), keyOf('branch', f.branch), keyOf('anyBranch')];
    case 'branchHead':
      return [keyOf('branch', f.branch), keyOf('anyBranch')];
    case 'latestWithTag':
      return [keyOf('latestWithTag', f.tag)];
    case 'tagged':
      return [keyOf('tagged', f.tag)];
    case 'latestPact':
      return [keyOf('latest')];
    case 'deployed':
    case 'released':
      return [keyOf(f.kind), keyOf(f.kind, f.environment), keyOf('environment', f.environment)];
  }
}

/** The key a selector asks for; `name` is the fallback branch or tag when it is used instead. */
function selectorKey(selector: Selector, name: string | undefined): FactKey {
  switch (selector.kind) {
    case 'mainBranch':
      return keyOf('mainBranch');
    case 'branch':
      return keyOf('branch', name ?? selector.branch);
    case 'allBranches':
      return keyOf('anyBranch');
    case 'tag':
      return selector.latest || name !== undefined ? keyOf('latestWithTag', name ?? selector.tag) : keyOf('tagged', selector.tag);
    case 'latest':
      return keyOf('latest');
    case 'deployed':
    case 'released':
      return selector.environment === undefined ? keyOf(selector.kind) : keyOf(selector.kind, selector.environment);
    case 'environment':
      return keyOf('environment', selector.environment);
  }
}

/** One candidate's facts under one key, in the order the candidate lists them. */
interface Match {
  candidate: CandidatePact;
  facts: CandidateFact[];
}

/** key → consumer name → the candidates with facts under that key, in candidate order. */
type FactIndex = Map<FactKey, Map<string, Match[]>>;

function indexFacts(candidates: CandidatePact[]): FactIndex {
  const index: FactIndex = new Map();
  for (const candidate of candidates) {
    for (const fact of candidate.facts) {
      for (const key of factKeys(fact)) {
        let byConsumer = index.get(key);
        if (!byConsumer) index.set(key, (byConsumer = new Map()));
        let matches = byConsumer.get(candidate.consumerName);
        if (!matches) byConsumer.set(candidate.consumerName, (matches = []));
        const last = matches[matches.length - 1];
        if (last?.candidate === candidate) last.facts.push(fact);
        else matches.push({ candidate, facts: [fact] });
      }
    }
  }
  return index;
}

function selectionOf(selector: Selector, match: Match, fallback: string | undefined): Selection {
  const { candidate } = match;
  return {
    selector,
    consumerVersionNumber: candidate.consumerVersionNumber,
    consumerVersionOrder: candidate.consumerVersionOrder,
    facts: dedupeFacts(match.facts),
    ...(fallback !== undefined ? { fallback } : {}),
  };
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
  const index = indexFacts(candidates);
  const none = new Map<string, Match[]>();
  const hits: Array<{ candidate: CandidatePact; selection: Selection }> = [];
  for (const selector of selectors) {
    const fallback = selector.kind === 'branch' ? selector.fallbackBranch : selector.kind === 'tag' ? selector.fallbackTag : undefined;
    const primary = index.get(selectorKey(selector, undefined)) ?? none;
    const secondary = fallback === undefined ? none : (index.get(selectorKey(selector, fallback)) ?? none);
    // Fallbacks apply per consumer: a consumer with nothing for the selector uses the fallback.
    const consumers = selector.consumer !== undefined ? [selector.consumer] : new Set([...primary.keys(), ...secondary.keys()]);
    for (const consumer of consumers) {
      const found = primary.get(consumer);
      const used = found?.length ? { matches: found, name: undefined } : { matches: secondary.get(consumer) ?? [], name: fallback };
      for (const match of used.matches) hits.push({ candidate: match.candidate, selection: selectionOf(selector, match, used.name) });
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
  const seen = new Map<string[], Set<string>>();
  const add = (list: string[], value: string | undefined) => {
    if (value === undefined) return;
    let names = seen.get(list);
    if (!names) seen.set(list, (names = new Set()));
    if (names.has(value)) return;
    names.add(value);
    list.push(value);
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
