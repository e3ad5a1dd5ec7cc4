// Pure: what one event triggers per matching webhook (broker-semantics C3). Most events trigger one delivery; some
// expand into several, each with its own context (the facts its template is filled from). No database here.
import type { TransactionalEventName, TransactionalEvents } from '../events/event-bus.js';

/** The facts one triggered webhook carries: names, version numbers and the pact sha, never row ids that may be busy. */
export interface TriggerContext {
  eventName: TransactionalEventName;
  consumerName: string;
  providerName: string;
  /**
   * Contract events: the publishing consumer version. Verification events: the consumer version a selector named, or
   * else the newest one that published the verified content; the template's pact is this version's pact.
   */
  consumerVersionNumber: string | null;
  pactVersionSha: string;
  providerVersionNumber: string | null;
  verificationId: number | null;
  /** The verification's result (verification events only). */
  success: boolean | null;
  /** The consumer version's branch and tags for contract events, the provider version's for verification events. */
  branch: string | null;
  tags: string[];
  /**
   * Verification events through selector metadata: the tags the selectors named for this consumer version (maybe
   * none). Null otherwise: the template then shows the consumer version's own tags.
   */
  consumerVersionTags?: string[] | null | undefined;
  /** The buildUrl sent with the publication or the verification result (absent in jobs queued before it existed). */
  buildUrl?: string | null | undefined;
  /** contract_requiring_verification_published only: the required provider version's branch and why it is required. */
  providerVersionBranch?: string | null;
  providerVersionDescriptions?: string[];
}

type Facts = TransactionalEvents[TransactionalEventName];
type VerificationFacts = TransactionalEvents['provider_verification_published'];

/** The selectors grouped by consumer version, in first-named order, each with its distinct tags (C3). */
export function selectedConsumerVersions(selectors: VerificationFacts['consumerVersionSelectors']): { number: string; tags: string[] }[] {
  const byNumber = new Map<string, Set<string>>();
  for (const s of selectors ?? []) {
    const tags = byNumber.get(s.consumerVersionNumber) ?? new Set<string>();
    if (s.tag !== undefined) tags.add(s.tag);
    byNumber.set(s.consumerVersionNumber, tags);
  }
  return [...byNumber].map(([number, tags]) => ({ number, tags: [...tags] }));
}

function verificationContexts(name: TransactionalEventName, facts: VerificationFacts): TriggerContext[] {
  const base = {
    eventName: name,
    consumerName: facts.consumerName,
    providerName: facts.providerName,
    pactVersionSha: facts.pactVersionSha,
    providerVersionNumber: facts.providerVersionNumber,
    verificationId: facts.verificationId,
    success: facts.success,
    branch: facts.providerVersionBranches.at(-1) ?? null,
    tags: facts.providerVersionTags,
    buildUrl: facts.buildUrl,
  };
  // One per consumer version the selectors named, so each commit gets its status (C3, S62); else one.
  const selected = selectedConsumerVersions(facts.consumerVersionSelectors);
  if (selected.length === 0) return [{ ...base, consumerVersionNumber: facts.pactConsumerVersionNumber, consumerVersionTags: null }];
  return selected.map((cv) => ({ ...base, consumerVersionNumber: cv.number, consumerVersionTags: cv.tags }));
}

/** One context per delivery the event causes for each webhook it matches. */
export function expandEvent(name: TransactionalEventName, facts: Facts): TriggerContext[] {
  if ('verificationId' in facts) return verificationContexts(name, facts);
  const base: TriggerContext = {
    eventName: name,
    consumerName: facts.consumerName,
    providerName: facts.providerName,
    consumerVersionNumber: facts.consumerVersionNumber,
    pactVersionSha: facts.pactVersionSha,
    providerVersionNumber: null,
    verificationId: null,
    success: null,
    branch: facts.branch ?? null,
    tags: facts.tags,
    consumerVersionTags: null,
    buildUrl: facts.buildUrl ?? null,
  };
  // One delivery per provider version that has to verify the content (C3).
  if ('requiredVerifications' in facts) {
    return facts.requiredVerifications.map((required) => ({
      ...base,
      providerVersionNumber: required.providerVersionNumber,
      providerVersionBranch: required.providerVersionBranch,
      providerVersionDescriptions: required.providerVersionDescriptions,
    }));
  }
  return [base];
}
