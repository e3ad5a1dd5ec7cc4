// The estate as the dashboard reads it: every integration with its latest pact and that pact's latest
// verification, and what each pacticipant has deployed or released where. Plain data, no transport.

export interface PacticipantRef {
  name: string;
  labels: string[];
}

export interface LatestPactSummary {
  consumerVersion: string;
  /** Branches the consumer version belongs to, by name. */
  branches: string[];
  publishedAt: Date;
  /** The content differs from the consumer's previous pact with this provider (false for the first pact). */
  changed: boolean;
}

export interface LatestVerificationSummary {
  success: boolean;
  providerVersion: string;
  verifiedAt: Date;
}

export interface IntegrationSummary {
  consumer: PacticipantRef;
  provider: PacticipantRef;
  latestPact: LatestPactSummary | null;
  /** The latest verification of the latest pact's content; null when it was never verified. */
  latestVerification: LatestVerificationSummary | null;
}

/** A version currently deployed to (or released and supported in) an environment. */
export interface Placement {
  environment: string;
  version: string;
  kind: 'deployed' | 'released';
  applicationInstance: string | null;
  since: Date;
}

export interface Estate {
  integrations: IntegrationSummary[];
  /** Pacticipant name → its placements (a Map: names are user data, never object keys). */
  placements: ReadonlyMap<string, Placement[]>;
}
