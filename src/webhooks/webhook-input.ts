// Pure: a webhook as a client sends it → the fields to store, or the Pact Broker's field errors (webhook_contract.rb,
// webhook_pacticipant_contract.rb, webhook_request_contract.rb). Pacticipant lookups are done by the caller.
import { addFieldError, type FieldErrors } from '../shared/errors.js';
import { storableJsonProblems } from '../shared/json.js';
import type { Limits } from '../shared/limits.js';
import { nameProblems, textProblems } from '../shared/names.js';
import { secretNamesInTemplate } from './fill-secrets.js';
import { WEBHOOK_EVENTS, type WebhookEventName } from './webhook-events.js';
import { webhookRequestProblems, type WebhookPolicy, type WebhookRequestInput } from './webhook-policy.js';
import type { StoredWebhookRequest, WebhookFields, WebhookInput } from './webhooks.types.js';

/** Client-chosen webhook uuids (PUT /webhooks/{uuid}), as the Pact Broker accepts them. */
export const WEBHOOK_UUID = /^[A-Za-z0-9_-]{16,}$/;
export const WEBHOOK_UUID_MESSAGE = 'The UUID can only contain the characters A-Z, a-z, 0-9, _ and -, and must be 16 or more characters.';
/** The Pact Broker's events when a webhook names none. */
export const DEFAULT_EVENTS: readonly WebhookEventName[] = ['contract_content_changed'];

/** "<METHOD> <host>", the Pact Broker's description for a webhook created without one. */
export function defaultDescription(request: Pick<StoredWebhookRequest, 'method' | 'url'>): string {
  let host: string;
  try {
    host = new URL(request.url).host;
  } catch {
    host = request.url;
  }
  return `${request.method} ${host}`.trim();
}

const provided = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Names given as `consumer.name` / `provider.name` in a body, for the caller to look up before checking. */
export function namedPacticipants(input: WebhookInput | null | undefined): string[] {
  const names: string[] = [];
  for (const role of ['consumer', 'provider'] as const) {
    const name = input?.[role]?.name;
    if (provided(name)) names.push(name);
  }
  return names;
}

export interface WebhookInputContext {
  limits: Limits;
  policy: WebhookPolicy;
  /** Ids of the existing pacticipants among namedPacticipants(input). */
  pacticipantIds: ReadonlyMap<string, number>;
  /** The existing secrets among the `${user.NAME}` names the request uses (fill-secrets.ts secretNamesInTemplate). */
  knownSecrets?: ReadonlySet<string>;
  /** Sides fixed by the URL (POST /webhooks/provider/{p}/consumer/{c} …): their pacticipant ids; the body's are ignored. */
  scope?: { consumer?: number | undefined; provider?: number | undefined };
}

export type WebhookInputResult =
  | { ok: true; fields: WebhookFields }
  | { ok: false; errors: FieldErrors; /** "No pacticipant with name 'X' found" (or "No secret …"), one per unknown name. */ unknown: string[] };

export function checkWebhookInput(input: WebhookInput | null | undefined, ctx: WebhookInputContext): WebhookInputResult {
  const body: WebhookInput = input && typeof input === 'object' ? input : {};
  const { limits } = ctx;
  const errors: FieldErrors = {};
  const unknown: string[] = [];
  const ids: { consumer: number | null; provider: number | null } = { consumer: null, provider: null };
  const labels: { consumer: string | null; provider: string | null } = { consumer: null, provider: null };

  if (body.events !== undefined && body.events !== null) {
    if (!Array.isArray(body.events) || body.events.length === 0) addFieldError(errors, 'events', 'size cannot be less than 1');
    else
      body.events.forEach((event, index) => {
        if (!(WEBHOOK_EVENTS as readonly string[]).includes(event?.name))
          addFieldError(errors, 'events', `name must be one of: ${WEBHOOK_EVENTS.join(', ')} (at index ${index})`);
      });
  }

  for (const role of ['consumer', 'provider'] as const) {
    const fromScope = ctx.scope?.[role];
    if (fromScope !== undefined) {
      ids[role] = fromScope;
      continue;
    }
    const given = body[role];
    if (given === undefined || given === null) continue;
    const { name, label } = given;
    if (!provided(name) && !provided(label)) addFieldError(errors, `${role}.name`, "can't be blank");
    else if (provided(name) && provided(label)) addFieldError(errors, `${role}.label`, 'name and label cannot be provided at the same time');
    else if (provided(name)) {
      const problems = nameProblems(name, limits);
      for (const problem of problems) addFieldError(errors, `${role}.name`, problem);
      const id = ctx.pacticipantIds.get(name);
      if (id !== undefined) ids[role] = id;
      else if (problems.length === 0) {
        addFieldError(errors, `${role}.name`, 'does not match an existing pacticipant');
        unknown.push(`No pacticipant with name '${name}' found`);
      }
    } else if (provided(label)) {
      for (const problem of nameProblems(label, limits)) addFieldError(errors, `${role}.label`, problem);
      labels[role] = label;
    }
  }

  const request = body.request;
  if (request === undefined || request === null) addFieldError(errors, 'request', 'is missing');
  else {
    if (!provided(request.method)) addFieldError(errors, 'request.method', 'is missing');
    if (!provided(request.url)) addFieldError(errors, 'request.url', 'is missing');
    if (request.headers !== undefined && request.headers !== null) {
      const problems = storableJsonProblems(request.headers, limits);
      for (const [name, value] of Object.entries(request.headers)) problems.push(...textProblems(name), ...textProblems(String(value)));
      for (const problem of new Set(problems)) addFieldError(errors, 'request.headers', problem);
    }
    if (request.body !== undefined) for (const problem of storableJsonProblems(request.body, limits)) addFieldError(errors, 'request.body', problem);
    for (const key of ['username', 'password'] as const) {
      const value = request[key];
      if (value !== undefined && value !== null) for (const problem of textProblems(value)) addFieldError(errors, `request.${key}`, problem);
    }
    if (provided(request.method) && provided(request.url)) {
      for (const [field, messages] of Object.entries(webhookRequestProblems(request as WebhookRequestInput, ctx.policy, ctx.knownSecrets)))
        for (const message of messages) addFieldError(errors, field, message);
      if (ctx.knownSecrets !== undefined) {
        for (const name of secretNamesInTemplate(request as WebhookRequestInput)) {
          if (!ctx.knownSecrets.has(name)) unknown.push(`No secret with name '${name}' found`);
        }
      }
    }
  }
  if (provided(body.description)) for (const problem of textProblems(body.description)) addFieldError(errors, 'description', problem);

  if (Object.keys(errors).length > 0 || !request) return { ok: false, errors, unknown };
  const stored: StoredWebhookRequest = {
    method: request.method!,
    url: request.url!,
    ...(request.headers !== undefined && request.headers !== null ? { headers: request.headers } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(request.username !== undefined && request.username !== null ? { username: request.username } : {}),
    ...(request.password !== undefined && request.password !== null ? { password: request.password } : {}),
  };
  return {
    ok: true,
    fields: {
      description: provided(body.description) ? body.description : defaultDescription(stored),
      enabled: body.enabled ?? true,
      consumerId: ids.consumer,
      consumerLabel: labels.consumer,
      providerId: ids.provider,
      providerLabel: labels.provider,
      events: body.events?.length ? [...new Set(body.events.map((e) => e.name as WebhookEventName))] : [...DEFAULT_EVENTS],
      request: stored,
    },
  };
}
