// The events a webhook can subscribe to, as the Pact Broker names them (webhooks/webhook_event.rb).
export const WEBHOOK_EVENTS = ['contract_published', 'contract_content_changed', 'provider_verification_published',
  'provider_verification_succeeded', 'provider_verification_failed', 'contract_requiring_verification_published'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];
