import { randomBytes } from 'node:crypto';
import type { Pacticipant } from '../pacticipants/pacticipants.types.js';
import type { PacticipantsRepository } from '../pacticipants/pacticipants.repository.js';
import { notFound, validationError } from '../shared/errors.js';
import type { Limits } from '../shared/limits.js';
import { secretNamesInTemplate } from './fill-secrets.js';
import type { WebhookRequestTemplate } from './render-template.js';
import { checkWebhookInput, namedPacticipants, WEBHOOK_UUID, WEBHOOK_UUID_MESSAGE } from './webhook-input.js';
import type { WebhookPolicy } from './webhook-policy.js';
import type { WebhooksRepository } from './webhooks.repository.js';
import type { Webhook, WebhookFields, WebhookInput, WebhookScope } from './webhooks.types.js';

/** 16 random bytes as 22 characters of URL-safe base64, like the Pact Broker's generated webhook uuids. */
export const newWebhookUuid = (): string => randomBytes(16).toString('base64url');

export function createWebhooksService(deps: {
  webhooksRepo: WebhooksRepository;
  pacticipantsRepo: PacticipantsRepository;
  policy: WebhookPolicy;
  limits: Limits;
  /** Which `${user.NAME}` secrets exist (an unknown one is a 400 at creation). */
  secrets: { existing(names: readonly string[]): Promise<ReadonlySet<string>> };
}) {
  const { webhooksRepo: repo, pacticipantsRepo } = deps;

  async function pacticipantOr404(role: 'consumer' | 'provider', name: string): Promise<Pacticipant> {
    const found = await pacticipantsRepo.findByName(name);
    if (!found) throw notFound(`No ${role} with name '${name}' found`);
    return found;
  }

  /** The fields to store, or a 400 naming each problem (an unknown pacticipant in the URL is a 404). */
  async function toFields(input: WebhookInput | null | undefined, scope: WebhookScope = {}): Promise<WebhookFields> {
    const scopeIds = {
      consumer: scope.consumerName === undefined ? undefined : (await pacticipantOr404('consumer', scope.consumerName)).id,
      provider: scope.providerName === undefined ? undefined : (await pacticipantOr404('provider', scope.providerName)).id,
    };
    const pacticipantIds = new Map<string, number>();
    for (const name of namedPacticipants(input)) {
      const found = await pacticipantsRepo.findByName(name);
      if (found) pacticipantIds.set(name, found.id);
    }
    const request = input?.request;
    // Names only from a request of the right shape; a malformed one is reported by checkWebhookInput.
    const secretNames =
      request && typeof request === 'object' && (request.headers === undefined || (request.headers !== null && typeof request.headers === 'object'))
        ? secretNamesInTemplate(request as WebhookRequestTemplate)
        : [];
    const knownSecrets = await deps.secrets.existing(secretNames);
    const result = checkWebhookInput(input, { limits: deps.limits, policy: deps.policy, pacticipantIds, knownSecrets, scope: scopeIds });
    // The detail names unknown pacticipants; the field messages are the Pact Broker's (the CLI prints those).
    if (!result.ok) throw validationError(result.errors, result.unknown.length ? result.unknown.join('; ') : undefined);
    return result.fields;
  }

  /** A pacticipant deleted between the checks and the write: the same 400 as if it had never existed. */
  const vanished = (side: 'consumer' | 'provider' | undefined) => {
    if (side) throw validationError({ [`${side}.name`]: ['does not match an existing pacticipant'] });
  };

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
      vanished(await repo.insert(uuid, fields));
      return service.get(uuid);
    },

    /** PUT: creates the webhook under the client's uuid, or replaces it. */
    async createOrUpdate(uuid: string, input: WebhookInput | null | undefined): Promise<{ webhook: Webhook; created: boolean }> {
      if (!WEBHOOK_UUID.test(uuid)) throw validationError({ uuid: [WEBHOOK_UUID_MESSAGE] });
      const fields = await toFields(input);
      const existing = await repo.findByUuid(uuid);
      vanished(existing ? await repo.update(existing.id, fields) : await repo.insert(uuid, fields));
      return { webhook: await service.get(uuid), created: !existing };
    },

    /** An unsaved webhook (POST /webhooks/execute): checked as on creation, not stored; its uuid is empty. */
    async unsaved(input: WebhookInput | null | undefined): Promise<Webhook> {
      const fields = await toFields(input);
      const side = (id: number | null, label: string | null, name: string | null | undefined) =>
        id !== null && name ? { name } : label !== null ? { label } : undefined;
      return {
        id: 0,
        uuid: '',
        description: fields.description,
        enabled: fields.enabled,
        consumer: side(fields.consumerId, fields.consumerLabel, input?.consumer?.name),
        provider: side(fields.providerId, fields.providerLabel, input?.provider?.name),
        events: fields.events,
        request: fields.request,
        createdAt: new Date(),
        updatedAt: null,
      };
    },

    async delete(uuid: string): Promise<void> {
      await repo.delete((await service.get(uuid)).id);
    },
  };
  return service;
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
