// Pure: fill a webhook's `${user.NAME}` secrets in and, in the same step, the request as it may be recorded, with
// each secret replaced by the mask. The executor sends `request` and records only `shown` (then redacted as any request),
// and masks `secretValues` wherever else they turn up (a receiver echoing them, an error message).
import { REDACTED } from './redact.js';
import { renderWebhookRequest, secretNamesIn, type RenderedWebhookRequest, type SecretValues, type TemplateValues, type WebhookRequestTemplate } from './render-template.js';

export interface FilledWebhookRequest {
  /** To send: template values and the secrets filled in. */
  request: RenderedWebhookRequest;
  /** To record and show: the same request with every filled secret as the mask. */
  shown: RenderedWebhookRequest;
  secretValues: readonly string[];
}

/** Where secrets are filled: header values, the body, the basic auth username and password (never the URL). */
export function secretNamesInTemplate(template: WebhookRequestTemplate): string[] {
  const { body } = template;
  return secretNamesIn(
    ...Object.values(template.headers ?? {}).map(String),
    body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body),
    template.username ?? '',
    template.password ?? '',
  );
}

/** A name without a value (unknown, not decryptable) stays `${user.NAME}` in both. */
export function fillWebhookRequest(template: WebhookRequestTemplate, values: TemplateValues, secrets: SecretValues): FilledWebhookRequest {
  const mask = new Map([...secrets.keys()].map((name) => [name, REDACTED]));
  return {
    request: renderWebhookRequest(template, values, secrets),
    shown: renderWebhookRequest(template, values, mask),
    secretValues: [...secrets.values()],
  };
}
