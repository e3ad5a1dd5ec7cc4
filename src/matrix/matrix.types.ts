// The vocabulary of deploy gates, as plain data: what a matrix query asks, what its selectors resolved to, the pact
// and verification facts read for them, and the rows and reasons the decision produces.

/** One `q[]` entry: which version(s) of a pacticipant are being asked about. */
export interface UnresolvedSelector {
  pacticipant: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
  environment?: string;
}

/** Where the specified versions are going: the versions of every integrated pacticipant to check against. */
export type Target =
  | { kind: 'environment'; environment: string }
  | { kind: 'tag'; tag: string; latest: boolean }
  | { kind: 'branch'; branch: string; latest: boolean }
  | { kind: 'mainBranch'; latest: boolean }
  | { kind: 'latest' };

/** cvp: one row per consumer version and provider; cvpv: one per consumer version and provider version. */
export type LatestBy = 'cvp' | 'cvpv';

export interface IgnoreSelector {
  pacticipant: string;
  version?: string;
}

export interface MatrixQuery {
  selectors: UnresolvedSelector[];
  target?: Target;
  latestby?: LatestBy;
  ignore: IgnoreSelector[];
  /** Caps the rows listed (never the rows decided on). */
  limit?: number;
}

export interface VersionRef {
  id: number;
  number: string;
  order: number;
}

/**
 * A selector after resolution. `versions` empty means nothing matched (kept so the reasons can say so);
 * `anyVersion` means a name-only selector, not expanded to versions. `strict` (environments): every version must
 * have verified, not just one of them.
 */
export interface ResolvedSelector {
  pacticipantId: number;
  pacticipantName: string;
  source: 'specified' | 'inferred';
  selector: UnresolvedSelector;
  /** The main branch a mainBranch selector stood for (undefined when the pacticipant has none). */
  mainBranchName?: string;
  versions: VersionRef[];
  anyVersion: boolean;
  strict: boolean;
}

export interface ResolvedIgnore {
  selector: IgnoreSelector;
  pacticipantId?: number;
  /** False when the pacticipant, or the given version of it, does not exist. */
  exists: boolean;
}

/** A consumer/provider pair involved in the question; required when the consumer side was specified. */
export interface Integration {
  consumerId: number;
  consumerName: string;
  providerId: number;
  providerName: string;
  required: boolean;
}

/** The latest pact revision a consumer version has with a provider. */
export interface PactFact {
  consumerId: number;
  consumerVersionId: number;
  providerId: number;
  pactVersionId: number;
  sha: string;
  publishedAt: Date;
}

/** The latest verification of a pact content by one provider version. */
export interface VerificationFact {
  pactVersionId: number;
  providerVersion: VersionRef;
  verificationId: number;
  success: boolean;
  verifiedAt: Date;
}

/** The facts the rows are built from, read for the resolved selectors only. */
export interface MatrixFacts {
  pacts: PactFact[];
  verifications: VerificationFact[];
  /** Consumer versions of pacts found through an "any version" consumer side (by content a provider version verified). */
  consumerVersions: VersionRef[];
}

export type RowReason =
  | { kind: 'verified' }
  | { kind: 'failed' }
  /** A provider version in scope has not verified this pact (`providerVersion` names it when there is one). */
  | { kind: 'missing_verification'; providerVersion?: string }
  /** The provider has no version in the target (nothing deployed/released there, no such tag or branch version). */
  | { kind: 'no_deployed_version' }
  | { kind: 'ignored'; wouldBe: 'verified' | 'failed' | 'missing_verification' | 'no_deployed_version' };

export interface MatrixRow {
  consumer: { id: number; name: string };
  consumerVersion: VersionRef;
  provider: { id: number; name: string };
  /** The provider version of the verification (null when there is none). */
  providerVersion: VersionRef | null;
  /** The provider version that should have verified, for an unverified row (strict environments name it). */
  expectedProviderVersion?: VersionRef;
  pact: PactFact;
  verification: VerificationFact | null;
  consumerSelector: ResolvedSelector;
  providerSelector: ResolvedSelector;
  ignored: boolean;
  reason: RowReason;
}

/** Why the answer is what it is, as data; `reason-text.ts` turns these into sentences. */
export type Reason =
  | { kind: 'ignore_selector_not_found'; ignore: ResolvedIgnore }
  | { kind: 'no_environment_specified' }
  | { kind: 'no_version_number_specified' }
  | { kind: 'specified_version_not_found'; selector: ResolvedSelector }
  | { kind: 'verification_failed'; row: MatrixRow }
  | { kind: 'missing_verification'; row: MatrixRow }
  | { kind: 'required_integration_without_row'; integration: Integration; consumerSelector?: ResolvedSelector; providerSelector?: ResolvedSelector }
  | { kind: 'all_verified' }
  | { kind: 'no_dependencies_missing' };

export type Deployable = true | false | null;

export interface Decision {
  deployable: Deployable;
  /** Warnings first, then the errors (or the success reason). */
  reasons: Reason[];
  counts: { success: number; failed: number; unknown: number; ignored?: number };
  rows: MatrixRow[];
}
