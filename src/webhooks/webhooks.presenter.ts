import { compact, link, timestamp, type Link } from '../http/hal.js';
import { urls } from '../http/urls.js';
import { REDACTED, isSensitiveName, redactBody, redactText, redactTokens } from './redact.js';
import type { StoredWebhookRequest, Webhook, WebhookSide } from './webhooks.types.js';

export const MASK = REDACTED;

/** Header names whose values are secrets (the Pact Broker redacts Authorization- and token-like headers). */
const SECRET_HEADER = /authorization|token|secret|password|api[-_]?key|cookie|credential/i;

/**
 * The request as shown to clients: header names lower-cased, secret header values and the password masked (as the
 * Pact Broker), and, further, credential-looking header and body values, token query parameters, a Slack hook's
 * secret path and a URL password redacted. The stored webhook keeps them all for delivery.
 */
export function presentWebhookRequest(request: StoredWebhookRequest) {
  const headers = request.headers
    ? Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), SECRET_HEADER.test(name) || isSensitiveName(name) ? MASK : redactTokens(value)]),
      )
    : undefined;
  return {
    method: request.method,
    url: redactText(request.url),
    ...compact({ headers }),
    ...(request.body !== undefined ? { body: redactBody(request.body) } : {}),
    ...compact({ username: request.username, password: request.password === undefined ? undefined : MASK }),
  };
}

const presentSide = (s: WebhookSide | undefined) => (s === undefined ? undefined : s.name !== undefined ? { name: s.name } : { label: s.label });

export function scopeDescription(w: Pick<Webhook, 'consumer' | 'provider'>): string {
  const consumer = w.consumer?.name;
  const provider = w.provider?.name;
  if (consumer !== undefined && provider !== undefined) return `A webhook for the pact between ${consumer} and ${provider}`;
  if (provider !== undefined) return `A webhook for all pacts with provider ${provider}`;
  if (consumer !== undefined) return `A webhook for all pacts with consumer ${consumer}`;
  return 'A webhook for all pacts';
}

export function presentWebhook(base: string, w: Webhook) {
  const consumer = w.consumer?.name;
  const provider = w.provider?.name;
  const links: Record<string, Link> = {
    self: link(urls.webhook(base, w.uuid), { title: w.description ?? scopeDescription(w) }),
    'pb:execute': link(urls.webhookExecute(base, w.uuid), {
      title: 'Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL',
    }),
  };
  if (consumer !== undefined) links['pb:consumer'] = link(urls.pacticipant(base, consumer), { title: 'Consumer', name: consumer });
  if (provider !== undefined) links['pb:provider'] = link(urls.pacticipant(base, provider), { title: 'Provider', name: provider });
  if (consumer !== undefined && provider !== undefined)
    links['pb:pact-webhooks'] = link(urls.scopedWebhooks(base, { provider, consumer }), {
      title: `All webhooks for consumer ${consumer} and provider ${provider}`,
    });
  links['pb:webhooks'] = link(urls.webhooks(base), { title: 'All webhooks' });
  return {
    uuid: w.uuid,
    ...compact({ description: w.description, consumer: presentSide(w.consumer), provider: presentSide(w.provider) }),
    enabled: w.enabled,
    request: presentWebhookRequest(w.request),
    events: w.events.map((name) => ({ name })),
    createdAt: timestamp(w.createdAt),
    ...(w.updatedAt ? { updatedAt: timestamp(w.updatedAt) } : {}),
    _links: links,
  };
}

/** A webhook collection (all, or one provider's/consumer's/pact's): links only, as the Pact Broker lists them. */
export function presentWebhooks(base: string, selfHref: string, list: Webhook[]) {
  return {
    _links: {
      self: link(selfHref, { title: 'Webhooks' }),
      'pb:create': link(selfHref, { title: 'POST to create a webhook' }),
      'pb:webhooks': list.map((w) => link(urls.webhook(base, w.uuid), { title: scopeDescription(w), name: w.description ?? '' })),
      curies: [{ name: 'pb', href: `${base}/doc/webhooks-{rel}`, templated: true }],
    },
  };
}
