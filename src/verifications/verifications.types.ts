import type { SelectedBy } from '../pacts/pact-metadata.js';

/** A published verification result, with the names and numbers it is shown with. */
export interface Verification {
  /** Broker-wide result number, used in URLs. */
  id: number;
  pactVersionId: number;
  sha: string;
  consumerId: number;
  consumerName: string;
  providerId: number;
  providerName: string;
  providerVersionId: number;
  providerVersionNumber: string;
  providerVersionOrder: number;
  /** The latest consumer version whose latest pact has this content; undefined once no pact has it any more. */
  consumerVersionNumber: string | undefined;
  success: boolean;
  buildUrl: string | null;
  /** As the verifier sent it (any JSON); null when not sent. */
  testResults: unknown;
  verifiedBy: Record<string, unknown> | null;
  /** Published through a WIP pact URL. */
  wip: boolean;
  /** The pending flag the pact was verified with; null when unknown. */
  pending: boolean | null;
  /** The selectors that picked the pact (from the pact URL's metadata); null when unknown. */
  consumerVersionSelectors: SelectedBy[] | null;
  /** When the result was published (the Pact Broker's verificationDate). */
  createdAt: Date;
}

/** The body of a verification result POST, as checked for shape by the route schema. */
export interface VerificationResultInput {
  success: boolean;
  providerApplicationVersion: string;
  buildUrl?: string | null | undefined;
  testResults?: unknown;
  verifiedBy?: Record<string, unknown> | null | undefined;
}

/** The latest pacts of one consumer version and, per provider, the latest verification of that pact's content. */
export interface ConsumerVersionVerificationSummary {
  consumerName: string;
  consumerVersionNumber: string;
  /** True when every pact of the version has a successful latest verification (so also when it has no pacts). */
  success: boolean;
  providerSummary: { successful: string[]; failed: string[]; unknown: string[] };
  /** Ordered by provider name. */
  verifications: Verification[];
}
