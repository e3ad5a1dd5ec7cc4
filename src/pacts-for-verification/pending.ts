// Pure: pending status and WIP selection (broker-semantics B5/B6; Treaty's choice 4: the classic WIP definition,
// no look-back window). Both are decided from per-content facts about successful verifications, which the
// repository computes with short index walks; nothing here depends on the clock.
import { byConsumerThenVersion, type ConsumerVersionPact } from './select-pacts.js';

/** Successful verifications of one pact content, as seen from the requesting provider version's branch and tags. */
export interface ContentVerificationFacts {
  anySuccess: boolean;
  /** by a provider version on the requested branch */
  successOnBranch: boolean;
  /** the earliest by any provider version that is on some branch */
  earliestBranchedSuccessAt: Date | null;
  /** per requested tag: by a provider version carrying it */
  successWithTag: Record<string, boolean>;
  /** the earliest by any provider version that carries some tag */
  earliestTaggedSuccessAt: Date | null;
  /** the same, counting only verifications that were not of a WIP pact */
  nonWip: {
    successOnBranch: boolean;
    earliestBranchedSuccessAt: Date | null;
    successWithTag: Record<string, boolean>;
    earliestTaggedSuccessAt: Date | null;
  };
}

/** Own keys only: a tag named `constructor` or `__proto__` is a tag, not a property of Object.prototype. */
const successWithTag = (byTag: Record<string, boolean>, tag: string): boolean => Object.hasOwn(byTag, tag) && byTag[tag] === true;

export const NO_VERIFICATIONS: ContentVerificationFacts = {
  anySuccess: false,
  successOnBranch: false,
  earliestBranchedSuccessAt: null,
  successWithTag: {},
  earliestTaggedSuccessAt: null,
  nonWip: { successOnBranch: false, earliestBranchedSuccessAt: null, successWithTag: {}, earliestTaggedSuccessAt: null },
};

/** The requesting provider version: its branch (created when, if it exists yet) and tags (first used when). */
export interface ProviderContext {
  providerName: string;
  branch?: { name: string; createdAt: Date | null };
  tags: Array<{ name: string; firstUsedAt: Date | null }>;
}

export type PendingStatus =
  | { pending: true; mode: 'branch'; branch: string }
  | { pending: false; mode: 'branch'; branch: string }
  | { pending: boolean; mode: 'tags'; pendingTags: string[]; nonPendingTags: string[] }
  | { pending: boolean; mode: 'none' };

type Successes = { onTarget: boolean; earliestElsewhere: Date | null };

/**
 * Verified for the target (a branch or a tag) when a provider version on it succeeded, or when a provider version
 * elsewhere succeeded before the target existed (a target that does not exist yet inherits every earlier success).
 */
function verifiedFor(successes: Successes, targetCreatedAt: Date | null): boolean {
  if (successes.onTarget) return true;
  if (successes.earliestElsewhere === null) return false;
  return targetCreatedAt === null || successes.earliestElsewhere < targetCreatedAt;
}

export function pendingStatus(facts: ContentVerificationFacts, provider: ProviderContext): PendingStatus {
  if (provider.branch) {
    const verified = verifiedFor({ onTarget: facts.successOnBranch, earliestElsewhere: facts.earliestBranchedSuccessAt }, provider.branch.createdAt);
    return { pending: !verified, mode: 'branch', branch: provider.branch.name };
  }
  if (provider.tags.length > 0) {
    const pendingTags: string[] = [];
    const nonPendingTags: string[] = [];
    for (const tag of provider.tags) {
      const verified = verifiedFor(
        { onTarget: successWithTag(facts.successWithTag, tag.name), earliestElsewhere: facts.earliestTaggedSuccessAt },
        tag.firstUsedAt,
      );
      (verified ? nonPendingTags : pendingTags).push(tag.name);
    }
    return { pending: pendingTags.length > 0, mode: 'tags', pendingTags, nonPendingTags };
  }
  return { pending: !facts.anySuccess, mode: 'none' };
}

/**
 * Whether a candidate (the pact of a consumer branch head or of the latest version with a consumer tag, published
 * after the since date) is still work in progress for this provider version: not yet successfully verified, outside
 * WIP, by the provider's branch (or one of its tags), nor elsewhere before that branch (tag) existed.
 * Needs a provider branch or tags; without them nothing is WIP.
 */
export function isWorkInProgress(facts: ContentVerificationFacts, provider: ProviderContext): boolean {
  const n = facts.nonWip;
  if (provider.branch) {
    return !verifiedFor({ onTarget: n.successOnBranch, earliestElsewhere: n.earliestBranchedSuccessAt }, provider.branch.createdAt);
  }
  return provider.tags.some(
    (tag) => !verifiedFor({ onTarget: successWithTag(n.successWithTag, tag.name), earliestElsewhere: n.earliestTaggedSuccessAt }, tag.firstUsedAt),
  );
}

/** Why a WIP candidate could be verified: the head of a consumer branch or the latest version with a consumer tag. */
export type WipReason = { kind: 'branch'; name: string } | { kind: 'tag'; name: string };

export interface WipCandidate extends ConsumerVersionPact {
  reasons: WipReason[];
}

/**
 * The WIP pacts: candidates published strictly after `since`, not already among the explicitly selected pacts
 * (same consumer and content), still work in progress; one per (consumer, content), highest consumer version,
 * ordered by consumer then consumer version.
 */
export function selectWipPacts(options: {
  candidates: WipCandidate[];
  since: Date;
  explicit: Array<{ consumerName: string; sha: string }>;
  facts: (pactVersionId: number) => ContentVerificationFacts;
  provider: ProviderContext;
}): WipCandidate[] {
  if (!options.provider.branch && options.provider.tags.length === 0) return [];
  const taken = new Set(options.explicit.map((e) => JSON.stringify([e.consumerName, e.sha])));
  const out = new Map<string, WipCandidate>();
  const reasonKey = (r: WipReason) => JSON.stringify([r.kind, r.name]);
  const reasonsOf = new Map<string, Set<string>>();
  for (const c of options.candidates) {
    if (!(c.publishedAt > options.since)) continue;
    const key = JSON.stringify([c.consumerName, c.sha]);
    if (taken.has(key)) continue;
    if (!isWorkInProgress(options.facts(c.pactVersionId), options.provider)) continue;
    const existing = out.get(key);
    if (!existing) {
      out.set(key, { ...c, reasons: [...c.reasons] });
      reasonsOf.set(key, new Set(c.reasons.map(reasonKey)));
      continue;
    }
    const known = reasonsOf.get(key)!;
    for (const r of c.reasons) {
      if (known.has(reasonKey(r))) continue;
      known.add(reasonKey(r));
      existing.reasons.push(r);
    }
    if (c.consumerVersionOrder > existing.consumerVersionOrder) {
      existing.consumerVersionNumber = c.consumerVersionNumber;
      existing.consumerVersionOrder = c.consumerVersionOrder;
    }
  }
  return [...out.values()].sort(byConsumerThenVersion);
}
