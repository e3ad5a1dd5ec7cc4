import type { EventNotices } from '../events/event-bus.js';
/** A pact as served: the latest revision for one consumer version and provider. */
export interface PactSummary {
  consumerId: number;
  providerId: number;
  consumerName: string;
  providerName: string;
  consumerVersionId: number;
  consumerVersionNumber: string;
  consumerVersionOrder: number;
  pactVersionId: number;
  sha: string;
  createdAt: Date;
}

export interface Pact extends PactSummary {
  content: string;
}

/** A consumer version whose latest pact has a given content (the pact page lists them). */
export interface ConsumerVersionPublication {
  number: string;
  branches: string[];
  tags: string[];
  publishedAt: Date;
}

export interface ContractToPublish {
  consumerName: string;
  providerName: string;
  /** The parsed, validated pact document. */
  document: import('./pact-content.js').PactDocument;
  onConflict: 'overwrite' | 'merge';
}

export interface PublishContractsInput {
  pacticipantName: string;
  pacticipantVersionNumber: string;
  branch?: string | undefined;
  tags: string[];
  buildUrl?: string | undefined;
  contracts: ContractToPublish[];
}

export type PublishOutcome = 'created' | 'republished' | 'overwritten' | 'merged';

export interface PublishedContract {
  providerName: string;
  consumerName: string;
  outcome: PublishOutcome;
  sha: string;
  /** contract_content_changed fired for it (content-changed.ts). */
  contentChanged: boolean;
  /** The events the publication caused, in order (the "Events detected" notice). */
  events: DetectedEvent[];
  /** What the events' listeners told the publisher (e.g. the webhooks they triggered). */
  eventNotices: EventNotices;
}

/** An event a publication caused, with the Pact Broker's comment on why (e.g. "first time untagged pact published"). */
export interface DetectedEvent {
  name: string;
  comment?: string;
}

export interface PublishContractsResult {
  pacticipant: { name: string };
  version: { number: string; created: boolean };
  branch?: string | undefined;
  tags: string[];
  contracts: PublishedContract[];
}
