// Expanding what a write triggered (trigger.ts): each pending 'webhook-expansion' job becomes its triggered_webhooks
// rows and one 'webhook' delivery job each, under the uuids the event's notices gave (triggeredUuid), in one
// statement that also deletes the expansion job: a crash leaves it pending and whole, and a repeated row is skipped
// (on conflict do nothing).
// Runs before the runner claims (so runOnce() delivers what a publish triggered) and before every read of triggered
// webhooks (so a client that publishes and asks at once sees them). The webhooks are those matched at the event: one
// disabled since is still delivered; one deleted since gets no triggered row (deleting a webhook deletes its rows) but
// its delivery job, which fails without sending (deliver.ts), as when it is deleted after the expansion.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryPrepared, queryRows } from '../db/query.js';
import { enqueueFrom } from '../jobs/jobs.repository.js';
import { triggeredUuid } from './triggered-webhooks.repository.js';
import { WEBHOOK_EXPANSION_JOB_KIND, WEBHOOK_JOB_KIND, WEBHOOK_MAX_ATTEMPTS } from './webhook-jobs.js';

/** Expansion jobs per statement (each carries a write's deliveries: 40 for a 2-pact publish with 20 webhooks). */
const BATCH = 100;

function expandStatement(wait: boolean) {
  // Readers wait for an expansion another connection is running (then find it gone): what they read next includes
  // it. The runner skips it: that connection finishes it, and the next poll claims its deliveries.
  const lock = wait ? sql`for update` : sql`for update skip locked`;
  return sql`with picked as (
      select id, uuid, payload, created_at from jobs
       where kind = ${WEBHOOK_EXPANSION_JOB_KIND}::text and status = 'queued'
       order by id limit ${BATCH}::int ${lock}),
    expanded as (delete from jobs j using picked p where j.id = p.id),
    items as materialized (
      select case when t.derived then ${triggeredUuid(sql.raw('p.uuid'), sql.raw('t.ord'))} else (t.value->>0)::uuid end as uuid,
             (t.value->>t.at)::int as webhook_id, t.value->>(t.at + 1) as webhook_uuid, p.created_at,
             p.id as job_id, t.ord, p.payload->'contexts'->((t.value->>(t.at + 2))::int) as context
        from picked p
       cross join lateral (
         -- 'matches' [webhook id, uuid, context]; jobs written before carry 'triggered' [drawn uuid, webhook id, uuid, context]
         select e.value, e.ord, p.payload ? 'matches' as derived, case when p.payload ? 'matches' then 0 else 1 end as at
           from jsonb_array_elements(coalesce(p.payload->'matches', p.payload->'triggered')) with ordinality as e(value, ord)) t),
    triggered as (
      insert into triggered_webhooks (uuid, webhook_id, webhook_uuid, event_name, consumer_name, provider_name,
                                      consumer_version_number, pact_version_sha, provider_version_number, verification_id, created_at)
      select uuid, webhook_id, webhook_uuid, context->>'eventName', context->>'consumerName', context->>'providerName',
             context->>'consumerVersionNumber', context->>'pactVersionSha', context->>'providerVersionNumber',
             (context->>'verificationId')::int, i.created_at
        from items i where exists (select 1 from webhooks w where w.id = i.webhook_id)
       order by job_id, ord
      on conflict (uuid) do nothing),
    queued as (${enqueueFrom(
      sql`select uuid, jsonb_build_object('triggeredWebhookUuid', uuid, 'webhookUuid', webhook_uuid) || context as payload
            from items order by job_id, ord`,
      WEBHOOK_JOB_KIND,
      WEBHOOK_MAX_ATTEMPTS,
      { skipExisting: true },
    )})
    select count(*)::int as n from picked`;
}

export function createWebhookExpansion(db: Executor) {
  const statements = { wait: expandStatement(true), skip: expandStatement(false) };
  return {
    /**
     * Expands every pending expansion job, a batch per statement; returns how many. `wait` (readers): also those
     * another connection is expanding, by waiting for it; otherwise (the runner) they are skipped. Idle, it only reads
     * (a write, even of no row, would drop the embedded store's cached answers, src/shared/).
     */
    async expandPending(options: { wait: boolean }): Promise<number> {
      const pending = await queryRows<{ one: number }>(
        db,
        sql`select 1 as one from jobs where kind = ${WEBHOOK_EXPANSION_JOB_KIND}::text and status = 'queued' limit 1`,
      );
      if (pending.length === 0) return 0;
      let total = 0;
      for (;;) {
        const [row] = await queryPrepared<{ n: number }>(db, options.wait ? statements.wait : statements.skip);
        const n = Number(row?.n ?? 0);
        total += n;
        if (n < BATCH) return total;
      }
    },
  };
}

export type WebhookExpansion = ReturnType<typeof createWebhookExpansion>;
