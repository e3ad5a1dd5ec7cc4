import { randomBytes } from 'node:crypto';
import type { Pacticipant } from '../pacticipants/pacticipants.types.js';
import type { PacticipantsRepository } from '../pacticipants/pacticipants.repository.js';
import { addFieldError, notFound, validationError, type FieldErrors } from '../shared/errors.js';
import { storableJsonProblems } from '../shared/json.js';
import type { Limits } from '../shared/limits.js';
import { nameProblems, textProblems } from '../shared/names.js';
import { WEBHOOK_EVENTS, type WebhookEventName } from './webhook-events.js';
import { webhookRequestProblems, type WebhookPolicy, type WebhookRequestInput } from './webhook-policy.js';
import type { WebhooksRepository } from './webhooks.repository.js';
import type { StoredWebhookRequest, Webhook, WebhookFields, WebhookInput, WebhookScope } from './webhooks.types.js';

/** Client-chosen webhook uuids (PUT /webhooks/{uuid}), as the Pact Broker accepts them. */
export const WEBHOOK_UUID = /^[A-Za-z0-9_-]{16,}$/;
const UUID_MESSAGE = 'The UUID can only contain the characters A-Z, a-z, 0-9, _ and -, and must be 16 or more characters.';
const DEFAULT_EVENTS: WebhookEventName[] = ['contract_content_changed'];

/** 16 random bytes as 22 characters of URL-safe base64, like the Pact Broker's generated webhook uuids. */
export const newWebhookUuid = (): string => randomBytes(16).toString('base64url');

/** "<METHOD> <host>", the Pact Broker's description for a webhook created without one. */
export function defaultDescription(request: StoredWebhookRequest): string {
  let host = '';
  try {
    host = new URL(request.url).host;
  } catch {
    host = request.url;
  }
  return `${request.method} ${host}`.trim();
}

const provided = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

export function createWebhooksService(deps: {
  webhooksRepo: WebhooksRepository;
  pacticipantsRepo: PacticipantsRepository;
  policy: WebhookPolicy;
  limits: Limits;
}) {
  const { webhooksRepo: repo, pacticipantsRepo, limits } = deps;

  async function pacticipantOr404(role: 'consumer' | 'provider', name: string): Promise<Pacticipant> {
    const found = await pacticipantsRepo.findByName(name);
    if (!found) throw notFound(`No ${role} with name '${name}' found`);
    return found;
  }

  /** Checks everything the Pact Broker's webhook contract checks; the fields to store, or a 400 naming each problem. */
  async function toFields(input: WebhookInput | null | undefined, scope: WebhookScope = {}): Promise<WebhookFields> {
    const body: WebhookInput = input && typeof input === 'object' ? input : {};
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
      const fromPath = role === 'consumer' ? scope.consumerName : scope.providerName;
      if (fromPath !== undefined) {
        ids[role] = (await pacticipantOr404(role, fromPath)).id;
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
        if (problems.length === 0) {
          const pacticipant = await pacticipantsRepo.findByName(name);
          if (pacticipant) ids[role] = pacticipant.id;
          else {
            addFieldError(errors, `${role}.name`, 'does not match an existing pacticipant');
            unknown.push(`No pacticipant with name '${name}' found`);
          }
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
      if (request.headers !== undefined) {
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
        for (const [field, messages] of Object.entries(webhookRequestProblems(request as WebhookRequestInput, deps.policy)))
          for (const message of messages) addFieldError(errors, field, message);
      }
    }
    if (body.description) for (const problem of textProblems(body.description)) addFieldError(errors, 'description', problem);

    // The detail names unknown pacticipants; the field messages are the Pact Broker's (the CLI prints those).
    if (Object.keys(errors).length > 0) throw validationError(errors, unknown.length ? unknown.join('; ') : undefined);
    const r = request!;
    const stored: StoredWebhookRequest = {
      method: r.method!,
      url: r.url!,
      ...(r.headers !== undefined ? { headers: r.headers } : {}),
      ...(r.body !== undefined ? { body: r.body } : {}),
      ...(r.username !== undefined && r.username !== null ? { username: r.username } : {}),
      ...(r.password !== undefined && r.password !== null ? { password: r.password } : {}),
    };
    const events = body.events?.length ? [...new Set(body.events.map((e) => e.name as WebhookEventName))] : DEFAULT_EVENTS;
    return {
      description: body.description ? body.description : defaultDescription(stored),
      enabled: body.enabled ?? true,
      consumerId: ids.consumer,
      consumerLabel: labels.consumer,
      providerId: ids.provider,
      providerLabel: labels.provider,
      events,
      request: stored,
    };
  }

  const service = {
    async list(scope?: WebhookScope): Promise<Webhook[]> {
      if (!scope) return repo.list(undefined);
      const consumer = scope.consumerName === undefined ? undefined : await pacticipantOr404('consumer', scope.consumerName);
      const provider = scope.providerName === undefined ? undefined : await pacticipantOr404('provider', scope.providerName);
      return repo.list({ consumerId: consumer?.id, providerId: provider?.id });
    },

    async get(uuid: string): Promise<Webhook> {
      const webhook = WEBHOOK_UUID.test(uuid) ? await repo.findByUuid(uuid) : undefined;
      if (!webhook) throw notFound(`No webhook with uuid '${uuid}' found`);
      return webhook;
    },

    /** POST: a new webhook under a generated uuid; a scope (from the URL) names its consumer and/or provider. */
    async create(input: WebhookInput | null | undefined, scope?: WebhookScope): Promise<Webhook> {
      const fields = await toFields(input, scope);
      const uuid = newWebhookUuid();
      await repo.insert(uuid, fields);
      return service.get(uuid);
    },

    /** PUT: creates the webhook under the client's uuid, or replaces it. */
    async createOrUpdate(uuid: string, input: WebhookInput | null | undefined): Promise<{ webhook: Webhook; created: boolean }> {
      if (!WEBHOOK_UUID.test(uuid)) throw validationError({ uuid: [UUID_MESSAGE] });
      const fields = await toFields(input);
      const existing = await repo.findByUuid(uuid);
      if (existing) await repo.update(existing.id, fields);
      else await repo.insert(uuid, fields);
      return { webhook: await service.get(uuid), created: !existing };
    },

    async delete(uuid: string): Promise<void> {
      await repo.delete((await service.get(uuid)).id);
    },
  };
  return service;
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
