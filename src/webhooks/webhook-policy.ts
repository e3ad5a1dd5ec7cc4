// STUB (whcrud): the real policy is written by the "whpure" helper (policy-contract.md); the lead keeps that version.
import type { Config } from '../config.js';
import type { FieldErrors } from '../shared/errors.js';

/** What a webhook may call: from TREATY_WEBHOOK_*_ALLOWLIST (aliases PACT_BROKER_WEBHOOK_*_WHITELIST). */
export interface WebhookPolicy {
  readonly schemes: readonly string[];
  readonly methods: readonly string[];
  readonly hosts: readonly string[] | undefined;
}

/** The request part of a webhook as a client sends it (POST/PUT /webhooks body's `request`). */
export interface WebhookRequestInput {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  username?: string;
  password?: string;
}

export function webhookPolicyFrom(_config: Config): WebhookPolicy {
  return { schemes: ['https'], methods: ['POST'], hosts: undefined };
}

export function webhookRequestProblems(_request: WebhookRequestInput, _policy: WebhookPolicy): FieldErrors {
  return {};
}
