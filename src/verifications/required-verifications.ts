// Pure: which provider versions must verify a newly published pact (broker-semantics C1 "Required verifications",
// verifications/service.rb `calculate_required_verifications_for_pact`). The repository lists the candidates in the
// Pact Broker's order; this groups them by provider version. No database here.

/** Why a provider version is a candidate. */
export type CandidateReason =
  | { kind: 'mainBranch'; branch: string }
  | { kind: 'deployed'; environment: string }
  | { kind: 'released'; environment: string };

/**
 * One provider version reached one way, in this order: the main-branch head, then current deployments (in deployment
 * order), then supported releases (in release order). `verified` = it has any result (success or failure) for the content.
 */
export interface RequiredVerificationCandidate {
  providerVersionNumber: string;
  /** The version's last branch, if any. */
  lastBranch: string | null;
  verified: boolean;
  reason: CandidateReason;
}

export interface RequiredVerification {
  providerVersionNumber: string;
  /** The main branch name when selected as the main-branch head, else the version's last branch. */
  providerVersionBranch: string | null;
  providerVersionDescriptions: string[];
}

function describe(reason: CandidateReason): string {
  switch (reason.kind) {
    case 'mainBranch':
      return 'latest from main branch';
    case 'deployed':
      return `deployed in ${reason.environment}`;
    case 'released':
      return `released in ${reason.environment}`;
  }
}

/** One entry per unverified candidate version, in first-seen order, with its de-duplicated descriptions. */
export function requiredVerifications(candidates: readonly RequiredVerificationCandidate[]): RequiredVerification[] {
  const byVersion = new Map<string, RequiredVerification>();
  for (const candidate of candidates) {
    if (candidate.verified) continue;
    let required = byVersion.get(candidate.providerVersionNumber);
    if (!required) {
      required = { providerVersionNumber: candidate.providerVersionNumber, providerVersionBranch: candidate.lastBranch, providerVersionDescriptions: [] };
      byVersion.set(candidate.providerVersionNumber, required);
    }
    if (candidate.reason.kind === 'mainBranch') required.providerVersionBranch = candidate.reason.branch;
    const description = describe(candidate.reason);
    if (!required.providerVersionDescriptions.includes(description)) required.providerVersionDescriptions.push(description);
  }
  return [...byVersion.values()];
}
