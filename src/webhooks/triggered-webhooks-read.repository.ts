// Reading triggered webhooks (GET …/triggered-webhooks, GET /triggered-webhooks/{uuid}/logs): each row with its
// webhook's description and its delivery job (attempts, next retry), and the job's attempts as the logs.
//
// The status is the job's: the runner alone decides when a delivery is over (a last attempt that timed out or threw,
// or a job past its attempts, ends failed without the handler saying so), so the row's own status column, which the
// handler writes, can lag behind. 'retrying' = not over and an earlier attempt already failed (the Pact Broker's word).
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/query.js';
import type { TriggeredFilter, TriggeredWebhookLog, TriggeredWebhookView } from './triggered-webhooks.service.js';

const reportedStatus = sql`case
    when j.status is null then tw.status
    when j.status in ('succeeded', 'failed') then j.status
    when j.attempts > (case when j.status = 'running' then 1 else 0 end) then 'retrying'
    else 'queued' end`;

export function createTriggeredWebhooksReader(db: Executor) {
  const select = (where: SQL) =>
    queryRows<TriggeredWebhookView>(
      db,
      sql`select tw.uuid::text as "uuid", tw.webhook_uuid as "webhookUuid", w.description, tw.event_name as "eventName",
            ${reportedStatus} as "status", coalesce(j.attempts, 0)::int as "attempts",
            case when j.status = 'queued' then greatest(j.max_attempts - j.attempts, 0) else 0 end::int as "attemptsRemaining",
            case when j.status = 'queued' then j.run_at end as "nextRetryAt",
            tw.created_at as "createdAt", tw.updated_at as "updatedAt"
          from triggered_webhooks tw
          join webhooks w on w.id = tw.webhook_id
          left join jobs j on j.uuid = tw.uuid
          where ${where} order by tw.id`,
    );
  return {
    list(f: TriggeredFilter): Promise<TriggeredWebhookView[]> {
      const who = sql`tw.consumer_name = ${f.consumer} and tw.provider_name = ${f.provider}`;
      return 'verificationId' in f
        ? select(sql`${who} and tw.verification_id = ${f.verificationId}`)
        : select(sql`${who} and tw.consumer_version_number = ${f.consumerVersion} and tw.verification_id is null`);
    },
    /** The triggered webhook's event name, or undefined when there is no such triggered webhook (or its webhook is gone). */
    async eventName(uuid: string): Promise<string | undefined> {
      const rows = await queryRows<{ eventName: string }>(db, sql`select tw.event_name as "eventName" from triggered_webhooks tw join webhooks w on w.id = tw.webhook_id where tw.uuid = ${uuid}::uuid`);
      return rows[0]?.eventName;
    },
    logs(uuid: string): Promise<TriggeredWebhookLog[]> {
      return queryRows<TriggeredWebhookLog>(
        db,
        sql`select a.attempt, a.started_at as "startedAt", a.finished_at as "finishedAt", a.outcome, a.detail, a.error
            from job_attempts a join jobs j on j.id = a.job_id
            where j.uuid = ${uuid}::uuid order by a.id`,
      );
    },
  };
}

export type TriggeredWebhooksReader = ReturnType<typeof createTriggeredWebhooksReader>;
