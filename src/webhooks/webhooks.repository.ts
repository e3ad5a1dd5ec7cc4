import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.js';
import { pacticipants, webhooks } from '../db/schema/index.js';
import type { WebhookEventName } from './webhook-events.js';
import type { Webhook, WebhookFields, WebhookSide } from './webhooks.types.js';

const consumers = alias(pacticipants, 'webhook_consumers');
const providers = alias(pacticipants, 'webhook_providers');

type Row = { webhook: typeof webhooks.$inferSelect; consumerName: string | null; providerName: string | null };

function side(name: string | null, label: string | null): WebhookSide | undefined {
  if (name !== null) return { name };
  if (label !== null) return { label };
  return undefined;
}

function toWebhook({ webhook: w, consumerName, providerName }: Row): Webhook {
  return {
    id: w.id,
    uuid: w.uuid,
    description: w.description,
    enabled: w.enabled,
    consumer: side(consumerName, w.consumerLabel),
    provider: side(providerName, w.providerLabel),
    events: w.events as WebhookEventName[],
    request: w.request,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  };
}

export function createWebhooksRepository(db: Executor) {
  const select = (ex: Executor, where: SQL | undefined) =>
    ex
      .select({ webhook: webhooks, consumerName: consumers.name, providerName: providers.name })
      .from(webhooks)
      .leftJoin(consumers, eq(consumers.id, webhooks.consumerId))
      .leftJoin(providers, eq(providers.id, webhooks.providerId))
      .where(where)
      .orderBy(asc(webhooks.createdAt), asc(webhooks.id));

  return {
    /** Webhooks whose consumer and provider are exactly these pacticipants (undefined = none on that side). */
    async list(scope: { consumerId?: number | undefined; providerId?: number | undefined } | undefined, ex: Executor = db): Promise<Webhook[]> {
      const where = scope
        ? and(
            scope.consumerId === undefined ? isNull(webhooks.consumerId) : eq(webhooks.consumerId, scope.consumerId),
            scope.providerId === undefined ? isNull(webhooks.providerId) : eq(webhooks.providerId, scope.providerId),
          )
        : undefined;
      return (await select(ex, where)).map(toWebhook);
    },
    async findByUuid(uuid: string, ex: Executor = db): Promise<Webhook | undefined> {
      const [row] = await select(ex, eq(webhooks.uuid, uuid));
      return row && toWebhook(row);
    },
    /** A uuid taken meanwhile is a unique violation (answered 409 by the error handler). */
    async insert(uuid: string, fields: WebhookFields, ex: Executor = db): Promise<void> {
      await ex.insert(webhooks).values({ uuid, ...fields });
    },
    async update(id: number, fields: WebhookFields, ex: Executor = db): Promise<void> {
      await ex
        .update(webhooks)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(webhooks.id, id));
    },
    async delete(id: number, ex: Executor = db): Promise<void> {
      await ex.delete(webhooks).where(eq(webhooks.id, id));
    },
  };
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
