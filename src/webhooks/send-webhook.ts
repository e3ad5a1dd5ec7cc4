// One attempt of a webhook, shared by background delivery and the manual test run: reveal the secrets its template
// names (at send time: the stored webhook keeps only `${user.NAME}`), fill them in and send, recording only the masked
// request. A secret that cannot be revealed (deleted, key changed or missing) is a failed attempt that names it, not
// an exception: the request is not sent.
import type { RevealedSecrets } from '../secrets/secrets.service.js';
import { notSentAttempt, type AttemptLog, type ExecuteOptions, type WebhookExecutor } from './executor.js';
import { fillWebhookRequest, secretNamesInTemplate } from './fill-secrets.js';
import type { TemplateValues, WebhookRequestTemplate } from './render-template.js';

export interface SecretsRevealer {
  reveal(names: readonly string[]): Promise<RevealedSecrets>;
}

export async function sendWebhook(
  template: WebhookRequestTemplate,
  values: TemplateValues,
  deps: { executor: WebhookExecutor; secrets: SecretsRevealer },
  options: Omit<ExecuteOptions, 'masked'>,
): Promise<AttemptLog> {
  const names = secretNamesInTemplate(template);
  const revealed: RevealedSecrets = names.length > 0 ? await deps.secrets.reveal(names) : { values: new Map(), problems: [] };
  const filled = fillWebhookRequest(template, values, revealed.values);
  if (revealed.problems.length > 0) {
    return notSentAttempt(filled.shown, options.deliveryId, `not sent: ${revealed.problems.join('; ')}`);
  }
  return deps.executor(filled.request, { ...options, masked: filled });
}
