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

/** The side whose pacticipant was deleted meanwhile, when an insert or update hit a foreign key violation (23503). */
function vanishedSide(error: unknown): 'consumer' | 'provider' | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (candidate.code === '23503') return String(candidate.constraint ?? '').includes('provider') ? 'provider' : 'consumer';
    current = candidate.cause;
  }
  return undefined;
}

/** Writes, answering which side's pacticipant vanished (deleted by a concurrent request) instead of failing. */
async function write(run: () => Promise<unknown>): Promise<'consumer' | 'provider' | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    const side = vanishedSide(error);
    if (side) return side;
    throw error;
  }
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
    /**
     * A uuid taken meanwhile is a unique violation (answered 409 by the error handler); a pacticipant deleted meanwhile
     * is answered as the side it was on.
     */
    insert(uuid: string, fields: WebhookFields, ex: Executor = db): Promise<'consumer' | 'provider' | undefined> {
      return write(() => ex.insert(webhooks).values({ uuid, ...fields }));
    },
    update(id: number, fields: WebhookFields, ex: Executor = db): Promise<'consumer' | 'provider' | undefined> {
      return write(() =>
        ex
          .update(webhooks)
          .set({ ...fields, updatedAt: new Date() })
          .where(eq(webhooks.id, id)),
      );
    },
    async delete(id: number, ex: Executor = db): Promise<void> {
      await ex.delete(webhooks).where(eq(webhooks.id, id));
    },
  };
}

export type WebhooksRepository = ReturnType<typeof createWebhooksRepository>;
