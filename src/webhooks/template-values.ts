// The values of the `${pactbroker.X}` template variables for one triggered webhook, from plain facts (broker-semantics
// C4). Event context facts (C3) win over the pact's and the verification's; missing data gives the Pact Broker's
// defaults: "" for names, numbers, branches, tags, labels and URLs, and the "pending" keywords when there is no
// verification.
import type { TemplateValues, TemplateVariable } from './render-template.js';

/** The pact the webhook is about (the latest for the pair on a manual test run). */
export interface PactFacts {
  consumerName: string;
  providerName: string;
  consumerVersionNumber: string;
  /** The consumer version's last branch, if any. */
  consumerVersionBranch?: string | undefined;
  consumerVersionTags?: readonly string[] | undefined;
  consumerLabels?: readonly string[] | undefined;
  providerLabels?: readonly string[] | undefined;
  /** Pact-version permalink with the webhook metadata (built by the caller, which knows the base URL). */
  pactUrl: string;
}

/** The published verification (verification events) or the pact's latest one (contract events). */
export interface VerificationFacts {
  providerVersionNumber: string;
  /** The provider version's last branch, if any. */
  providerVersionBranch?: string | undefined;
  providerVersionTags?: readonly string[] | undefined;
  success: boolean;
  verificationResultUrl: string;
}

/**
 * What the event itself says (C3). A field left undefined falls back to the pact or verification; a branch given as
 * null means "the event says: no branch" (→ ""), as the Pact Broker does when its context has the key.
 */
export interface EventContextFacts {
  eventName: string;
  consumerVersionNumber?: string | undefined;
  consumerVersionTags?: readonly string[] | undefined;
  consumerVersionBranch?: string | null | undefined;
  providerVersionNumber?: string | undefined;
  providerVersionTags?: readonly string[] | undefined;
  providerVersionBranch?: string | null | undefined;
  providerVersionDescriptions?: readonly string[] | undefined;
  /** buildUrl sent with the contract publication or the verification result. */
  buildUrl?: string | undefined;
}

export interface TemplateFacts {
  context: EventContextFacts;
  pact?: PactFacts | undefined;
  verification?: VerificationFacts | undefined;
}

const list = (items: readonly string[] | undefined) => (items ?? []).join(', ');

/** Status keywords per CI system: [success, failure, no verification]. */
const STATUS_WORDS = {
  githubVerificationStatus: ['success', 'failure', 'pending'],
  bitbucketVerificationStatus: ['SUCCESSFUL', 'FAILED', 'INPROGRESS'],
  gitlabVerificationStatus: ['success', 'failed', 'pending'],
  azureDevOpsVerificationStatus: ['succeeded', 'failed', 'pending'],
} as const;

function statusWord(words: readonly [string, string, string], verification: VerificationFacts | undefined): string {
  if (verification === undefined) return words[2];
  return verification.success ? words[0] : words[1];
}

/** A value for every template variable. */
export function buildTemplateValues({ context, pact, verification }: TemplateFacts): Required<TemplateValues> {
  const values: Record<TemplateVariable, string> = {
    consumerName: pact?.consumerName ?? '',
    providerName: pact?.providerName ?? '',
    consumerVersionNumber: context.consumerVersionNumber ?? pact?.consumerVersionNumber ?? '',
    consumerVersionTags: list(context.consumerVersionTags ?? pact?.consumerVersionTags),
    consumerVersionBranch:
      context.consumerVersionBranch !== undefined ? (context.consumerVersionBranch ?? '') : (pact?.consumerVersionBranch ?? ''),
    providerVersionNumber: context.providerVersionNumber ?? verification?.providerVersionNumber ?? '',
    providerVersionTags: list(context.providerVersionTags ?? verification?.providerVersionTags),
    providerVersionBranch:
      context.providerVersionBranch !== undefined
        ? (context.providerVersionBranch ?? '')
        : (verification?.providerVersionBranch ?? ''),
    providerVersionDescriptions: list(context.providerVersionDescriptions),
    pactUrl: pact?.pactUrl ?? '',
    verificationResultUrl: verification?.verificationResultUrl ?? '',
    githubVerificationStatus: statusWord(STATUS_WORDS.githubVerificationStatus, verification),
    bitbucketVerificationStatus: statusWord(STATUS_WORDS.bitbucketVerificationStatus, verification),
    gitlabVerificationStatus: statusWord(STATUS_WORDS.gitlabVerificationStatus, verification),
    azureDevOpsVerificationStatus: statusWord(STATUS_WORDS.azureDevOpsVerificationStatus, verification),
    consumerLabels: list(pact?.consumerLabels),
    providerLabels: list(pact?.providerLabels),
    eventName: context.eventName,
    buildUrl: context.buildUrl ?? '',
  };
  return values;
}
