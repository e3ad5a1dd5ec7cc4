// Pure: the template facts of one triggered webhook's delivery (broker-semantics C4), from the facts its job carries
// (the event's, C3) and what the delivery read when it ran (template-data.repository.ts).
import { urls } from '../http/urls.js';
import { encodePactMetadata } from '../pacts/pact-metadata.js';
import type { ConsumerVersionFacts, ContentVerification } from './template-data.repository.js';
import type { TemplateFacts } from './template-values.js';
import type { WebhookJobPayload } from './trigger.js';

/** What the delivery read for the template (template-data.repository.ts), outside any transaction. */
export interface TemplateData {
  /** The context's consumer version now: its last branch and tags (the fallbacks of the event's). */
  consumerVersion: ConsumerVersionFacts | undefined;
  /** Contract events: the verification the template shows (C4). */
  contentVerification: ContentVerification | undefined;
  labels: Map<string, string[]>;
}

export const isVerificationEvent = (p: WebhookJobPayload) => p.providerVersionNumber !== null && p.success !== null;

/**
 * The pact-version permalink with metadata naming the consumer version and its tags (C4), so that a verification
 * published through it triggers its webhooks for that consumer version (C3). WIP, as the Pact Broker marks it.
 */
export function webhookPactUrl(baseUrl: string, p: Pick<WebhookJobPayload, 'providerName' | 'consumerName' | 'pactVersionSha'>, cv: string, tags: readonly string[]) {
  const metadata = encodePactMetadata({ s: tags.length ? tags.map((t) => ({ cv, t })) : [{ cv }], w: true });
  return urls.pactVersionWithMetadata(baseUrl, p.providerName, p.consumerName, p.pactVersionSha, metadata);
}

/** Pure: the template facts of a job (broker-semantics C4). Event facts win; what was read fills the rest. */
export function templateFacts(p: WebhookJobPayload, data: TemplateData, baseUrl: string): TemplateFacts {
  const verificationEvent = isVerificationEvent(p);
  const cvNumber = p.consumerVersionNumber ?? '';
  // Contract events: the tags at publish time. Verification events: the selectors' tags, else the version's own.
  const cvTags = verificationEvent ? (p.consumerVersionTags ?? undefined) : p.tags;
  const resultUrl = (id: number) => urls.verificationResult(baseUrl, p.providerName, p.consumerName, p.pactVersionSha, id);
  const found = data.contentVerification;
  return {
    context: {
      eventName: p.eventName,
      ...(p.consumerVersionNumber !== null ? { consumerVersionNumber: p.consumerVersionNumber } : {}),
      consumerVersionTags: cvTags,
      // A publication without a branch leaves the consumer version's last branch.
      ...(!verificationEvent && p.branch !== null ? { consumerVersionBranch: p.branch } : {}),
      ...(verificationEvent ? { providerVersionNumber: p.providerVersionNumber!, providerVersionTags: p.tags, providerVersionBranch: p.branch } : {}),
      // contract_requiring_verification_published: the provider version that has to verify (C3).
      ...(p.providerVersionDescriptions
        ? { providerVersionNumber: p.providerVersionNumber ?? undefined, providerVersionBranch: p.providerVersionBranch ?? null, providerVersionDescriptions: p.providerVersionDescriptions }
        : {}),
      buildUrl: p.buildUrl ?? undefined,
    },
    pact: {
      consumerName: p.consumerName,
      providerName: p.providerName,
      consumerVersionNumber: cvNumber,
      consumerVersionBranch: data.consumerVersion?.branch,
      consumerVersionTags: data.consumerVersion?.tags,
      consumerLabels: data.labels.get(p.consumerName),
      providerLabels: data.labels.get(p.providerName),
      pactUrl: webhookPactUrl(baseUrl, p, cvNumber, cvTags ?? data.consumerVersion?.tags ?? []),
    },
    verification: verificationEvent
      ? {
          providerVersionNumber: p.providerVersionNumber!,
          success: p.success!,
          verificationResultUrl: p.verificationId === null ? '' : resultUrl(p.verificationId),
        }
      : found && { ...found, verificationResultUrl: resultUrl(found.id) },
  };
}

