// The 'webhook' job handler: one delivery attempt of a triggered webhook. It loads the webhook (deleted meanwhile →
// failed), fills the template from the facts the job carries and its secrets (a secret deleted meanwhile → failed,
// the log names it), sends it with X-Treaty-Delivery = the job's uuid, and returns the redacted attempt log as the
// attempt's detail; the triggered webhook's status follows the outcome.
import type { JobHandler, JobResult } from '../jobs/runner.js';
import { attemptOutcome, type WebhookExecutor } from './executor.js';
import { isVerificationEvent, templateFacts, type TemplateData } from './job-template.js';
import { sendWebhook, type SecretsRevealer } from './send-webhook.js';
import type { TemplateDataRepository } from './template-data.repository.js';
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
  templateData: Pick<TemplateDataRepository, 'consumerVersion' | 'verificationOfContent'>;
  executor: WebhookExecutor;
  /** Webhook secrets, revealed for `${user.NAME}` at each attempt. */
  secrets: SecretsRevealer;
  policy: WebhookPolicy;
  /** Base of the pact and verification URLs in the template (config.baseUrl, else http://host:port). */
  baseUrl: string;
  timeoutMs: number;
}

async function readTemplateData(deps: DeliveryDeps, p: WebhookJobPayload): Promise<TemplateData> {
  const [consumerVersion, contentVerification, labels] = await Promise.all([
    p.consumerVersionNumber === null ? undefined : deps.templateData.consumerVersion(p.consumerName, p.consumerVersionNumber),
    isVerificationEvent(p) ? undefined : deps.templateData.verificationOfContent(p.consumerName, p.providerName, p.pactVersionSha),
    deps.triggeredRepo.labelsByName([p.consumerName, p.providerName]),
  ]);
  return { consumerVersion, contentVerification, labels };
}

export function createWebhookDelivery(deps: DeliveryDeps): JobHandler {
  return async (raw, { jobUuid, attempt, signal }): Promise<JobResult> => {
    const payload = raw as WebhookJobPayload;
    const webhook = await deps.webhooksRepo.findByUuid(payload.webhookUuid);
    if (!webhook) {
      await deps.triggeredRepo.setStatus(payload.triggeredWebhookUuid, 'failed');
      return { outcome: 'failed', error: `webhook ${payload.webhookUuid} was deleted` };
    }
    const values = buildTemplateValues(templateFacts(payload, await readTemplateData(deps, payload), deps.baseUrl));
    const log = await sendWebhook(webhook.request, values, deps, { signal, timeoutMs: deps.timeoutMs, deliveryId: jobUuid, policy: deps.policy });
    const outcome = attemptOutcome(log);
    // A retry on the last attempt is the runner's failure: the triggered webhook has failed too.
    const final = outcome === 'retry' ? (attempt >= WEBHOOK_MAX_ATTEMPTS ? 'failed' : undefined) : outcome;
    if (final) await deps.triggeredRepo.setStatus(payload.triggeredWebhookUuid, final);
    return { outcome, detail: log, ...(log.error ? { error: log.error } : {}) };
  };
}
