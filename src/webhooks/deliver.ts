// The 'webhook' job handler: one delivery attempt of a triggered webhook. It loads the webhook (deleted meanwhile →
// failed), fills the template from the facts the job carries, sends it with X-Treaty-Delivery = the job's uuid, and
// returns the redacted attempt log as the attempt's detail; the triggered webhook's status follows the outcome.
import { urls } from '../http/urls.js';
import type { JobHandler, JobResult } from '../jobs/runner.js';
import { attemptOutcome, type WebhookExecutor } from './executor.js';
import { renderWebhookRequest } from './render-template.js';
import { buildTemplateValues } from './template-values.js';
import { WEBHOOK_MAX_ATTEMPTS, type WebhookJobPayload } from './trigger.js';
import type { TriggeredWebhooksRepository } from './triggered-webhooks.repository.js';
import type { WebhookPolicy } from './webhook-policy.js';
import type { WebhooksRepository } from './webhooks.repository.js';

/** How long one delivery attempt may take (connect to end of the response body). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface DeliveryDeps {
  webhooksRepo: Pick<WebhooksRepository, 'findByUuid'>;
  triggeredRepo: Pick<TriggeredWebhooksRepository, 'labelsByName' | 'setStatus'>;
  executor: WebhookExecutor;
  policy: WebhookPolicy;
  /** Base of the pact and verification URLs in the template (config.baseUrl, else http://host:port). */
  baseUrl: string;
  timeoutMs: number;
}

function templateValues(p: WebhookJobPayload, baseUrl: string, labels: Map<string, string[]>) {
  const isVerification = p.providerVersionNumber !== null && p.success !== null;
  return buildTemplateValues({
    context: {
      eventName: p.eventName,
      ...(p.consumerVersionNumber !== null ? { consumerVersionNumber: p.consumerVersionNumber } : {}),
      ...(isVerification
        ? { providerVersionNumber: p.providerVersionNumber!, providerVersionTags: p.tags, providerVersionBranch: p.branch }
        : { consumerVersionTags: p.tags, consumerVersionBranch: p.branch }),
      // contract_requiring_verification_published: the provider version that has to verify (C3).
      ...(p.providerVersionDescriptions
        ? { providerVersionNumber: p.providerVersionNumber ?? undefined, providerVersionBranch: p.providerVersionBranch ?? null, providerVersionDescriptions: p.providerVersionDescriptions }
        : {}),
    },
    pact: {
      consumerName: p.consumerName,
      providerName: p.providerName,
      consumerVersionNumber: p.consumerVersionNumber ?? '',
      consumerLabels: labels.get(p.consumerName),
      providerLabels: labels.get(p.providerName),
      pactUrl: urls.pactVersion(baseUrl, p.providerName, p.consumerName, p.pactVersionSha),
    },
    verification: isVerification
      ? {
          providerVersionNumber: p.providerVersionNumber!,
          success: p.success!,
          verificationResultUrl:
            p.verificationId === null ? '' : urls.verificationResult(baseUrl, p.providerName, p.consumerName, p.pactVersionSha, p.verificationId),
        }
      : undefined,
  });
}

export function createWebhookDelivery(deps: DeliveryDeps): JobHandler {
  return async (raw, { jobUuid, attempt, signal }): Promise<JobResult> => {
    const payload = raw as WebhookJobPayload;
    const webhook = await deps.webhooksRepo.findByUuid(payload.webhookUuid);
    if (!webhook) {
      await deps.triggeredRepo.setStatus(payload.triggeredWebhookUuid, 'failed');
      return { outcome: 'failed', error: `webhook ${payload.webhookUuid} was deleted` };
    }
    const labels = await deps.triggeredRepo.labelsByName([payload.consumerName, payload.providerName]);
    const request = renderWebhookRequest(webhook.request, templateValues(payload, deps.baseUrl, labels));
    const log = await deps.executor(request, { signal, timeoutMs: deps.timeoutMs, deliveryId: jobUuid, policy: deps.policy });
    const outcome = attemptOutcome(log);
    // A retry on the last attempt is the runner's failure: the triggered webhook has failed too.
    const final = outcome === 'retry' ? (attempt >= WEBHOOK_MAX_ATTEMPTS ? 'failed' : undefined) : outcome;
    if (final) await deps.triggeredRepo.setStatus(payload.triggeredWebhookUuid, final);
    return { outcome, detail: log, ...(log.error ? { error: log.error } : {}) };
  };
}
