// Pure: what one event triggers per matching webhook (broker-semantics C3). Most events trigger one delivery; some
// expand into several, each with its own context (the facts its template is filled from). No database here.
import type { TransactionalEventName, TransactionalEvents } from '../events/event-bus.js';

/** The facts one triggered webhook carries: names, version numbers and the pact sha, never row ids that may be busy. */
export interface TriggerContext {
  eventName: TransactionalEventName;
  consumerName: string;
  providerName: string;
  consumerVersionNumber: string | null;
  pactVersionSha: string;
  providerVersionNumber: string | null;
  verificationId: number | null;
  /** The verification's result (verification events only). */
  success: boolean | null;
  /** The consumer version's branch and tags for contract events, the provider version's for verification events. */
  branch: string | null;
  tags: string[];
  /** contract_requiring_verification_published only: the required provider version's branch and why it is required. */
  providerVersionBranch?: string | null;
  providerVersionDescriptions?: string[];
}

type Facts = TransactionalEvents[TransactionalEventName];

/** One context per delivery the event causes for each webhook it matches. */
export function expandEvent(name: TransactionalEventName, facts: Facts): TriggerContext[] {
  const base = baseContext(name, facts);
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

function baseContext(name: TransactionalEventName, facts: Facts): TriggerContext {
  return {
    eventName: name,
    consumerName: facts.consumerName,
    providerName: facts.providerName,
    consumerVersionNumber: 'consumerVersionNumber' in facts ? facts.consumerVersionNumber : null,
    pactVersionSha: facts.pactVersionSha,
    providerVersionNumber: 'providerVersionNumber' in facts ? facts.providerVersionNumber : null,
    verificationId: 'verificationId' in facts ? facts.verificationId : null,
    success: 'success' in facts ? facts.success : null,
    branch: 'providerVersionBranches' in facts ? (facts.providerVersionBranches.at(-1) ?? null) : (facts.branch ?? null),
    tags: 'providerVersionTags' in facts ? facts.providerVersionTags : facts.tags,
  };
}
