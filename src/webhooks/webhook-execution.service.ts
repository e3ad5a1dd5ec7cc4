// Manual webhook test run (POST /webhooks/{uuid}/execute, broker-semantics C4b): one synchronous delivery attempt of
// the webhook rendered for the latest matching pact (and, for verification-event webhooks, that pact's latest
// verification), or with the placeholder values when there is none. Nothing is stored, as in the Pact Broker.
import { randomUUID } from 'node:crypto';
import { urls } from '../http/urls.js';
import { encodePactMetadata } from '../pacts/pact-metadata.js';
import type { AttemptLog, WebhookExecutor } from './executor.js';
import { sendWebhook, type SecretsRevealer } from './send-webhook.js';
import { buildTemplateValues, type PactFacts, type VerificationFacts } from './template-values.js';
import type { WebhookExecutionRepository } from './webhook-execution.repository.js';
import type { WebhookPolicy } from './webhook-policy.js';
import type { WebhooksService } from './webhooks.service.js';
import type { Webhook, WebhookInput } from './webhooks.types.js';

export const TEST_EVENT_NAME = 'test';

export interface WebhookExecution {
  webhook: Webhook;
  log: AttemptLog;
  /** Whether response details may be shown (only with a host allow list, as the Pact Broker does). */
  showResponse: boolean;
}

const VERIFICATION_EVENTS: ReadonlySet<string> = new Set(['provider_verification_published', 'provider_verification_succeeded', 'provider_verification_failed']);

export function createWebhookExecutionService(deps: {
  webhooks: Pick<WebhooksService, 'get' | 'unsaved'>;
  repo: WebhookExecutionRepository;
  executor: WebhookExecutor;
  policy: WebhookPolicy;
  timeoutMs: number;
  secrets: SecretsRevealer;
}) {
  async function run(webhook: Webhook, baseUrl: string, signal?: AbortSignal): Promise<WebhookExecution> {
    const found = await deps.repo.latestPact(webhook.consumer, webhook.provider);
    let pact: PactFacts | undefined;
    let verification: VerificationFacts | undefined;
    if (found) {
      const metadata = encodePactMetadata({ s: [{ cv: found.consumerVersionNumber }], w: true });
      pact = { ...found, pactUrl: urls.pactVersionWithMetadata(baseUrl, found.providerName, found.consumerName, found.sha, metadata) };
      const latest = webhook.events.some((name) => VERIFICATION_EVENTS.has(name)) ? await deps.repo.latestVerification(found.pactVersionId) : undefined;
      if (latest) {
        verification = {
          ...latest,
          verificationResultUrl: urls.verificationResult(baseUrl, found.providerName, found.consumerName, found.sha, latest.id),
        };
      }
    }
    const values = buildTemplateValues({ context: { eventName: TEST_EVENT_NAME }, pact, verification });
    const log = await sendWebhook(webhook.request, values, deps, {
      signal: signal ?? new AbortController().signal,
      timeoutMs: deps.timeoutMs,
      deliveryId: randomUUID(),
      policy: deps.policy,
    });
    return { webhook, log, showResponse: deps.policy.hosts !== undefined };
  }

  return {
    /** A stored webhook (404 when unknown). */
    async execute(uuid: string, baseUrl: string, signal?: AbortSignal): Promise<WebhookExecution> {
      return run(await deps.webhooks.get(uuid), baseUrl, signal);
    },
    /** A webhook given in the request body, checked as on creation (400 when invalid) and not stored. */
    async executeUnsaved(input: WebhookInput | null | undefined, baseUrl: string, signal?: AbortSignal): Promise<WebhookExecution> {
      return run(await deps.webhooks.unsaved(input), baseUrl, signal);
    },
  };
}

export type WebhookExecutionService = ReturnType<typeof createWebhookExecutionService>;
