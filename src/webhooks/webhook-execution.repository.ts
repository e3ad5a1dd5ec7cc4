// What a manual webhook test run (POST /webhooks/{uuid}/execute) reads: the latest pact matching the webhook's
// consumer/provider selectors and the latest verification of its content (broker-semantics C4b). Read only.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/query.js';
import type { WebhookSide } from './webhooks.types.js';

export interface ExecutionPact {
  pactVersionId: number;
  sha: string;
  consumerName: string;
  providerName: string;
  consumerVersionNumber: string;
  consumerVersionBranch: string | undefined;
  consumerVersionTags: string[];
  consumerLabels: string[];
  providerLabels: string[];
}

export interface ExecutionVerification {
  id: number;
  success: boolean;
  providerVersionNumber: string;
  providerVersionBranch: string | undefined;
  providerVersionTags: string[];
}

/** A pacticipant column matching a selector: its name, one of its labels, or anything. */
function matches(idColumn: SQL, nameColumn: SQL, side: WebhookSide | undefined): SQL {
  if (side?.name !== undefined) return sql`${nameColumn} = ${side.name}`;
  if (side?.label !== undefined) return sql`exists (select 1 from labels l where l.pacticipant_id = ${idColumn} and l.name = ${side.label})`;
  return sql`true`;
}

/** SQL for a version's last branch (its newest membership) and its tag names; template-data.repository.ts shares them. */
export const lastBranch = (versionId: SQL) =>
  sql`(select b.name from branch_versions bv join branches b on b.id = bv.branch_id where bv.version_id = ${versionId} order by bv.id desc limit 1)`;
export const tagNames = (versionId: SQL) => sql`coalesce((select array_agg(t.name order by t.created_at, t.name) from tags t where t.version_id = ${versionId}), '{}')`;
const labelNames = (pacticipantId: SQL) =>
  sql`coalesce((select array_agg(l.name order by l.name) from labels l where l.pacticipant_id = ${pacticipantId}), '{}')`;

export function createWebhookExecutionRepository(db: Executor) {
  return {
    /** The latest pact (by consumer version order) between pacticipants matching the selectors, if any. */
    async latestPact(consumer: WebhookSide | undefined, provider: WebhookSide | undefined): Promise<ExecutionPact | undefined> {
      const rows = await queryRows<{
        pact_version_id: number | string;
        sha: string;
        consumer_name: string;
        provider_name: string;
        cv_number: string;
        cv_branch: string | null;
        cv_tags: string[];
        consumer_labels: string[];
        provider_labels: string[];
      }>(
        db,
        sql`select lpp.pact_version_id, pv.sha, c.name as consumer_name, p.name as provider_name, v.number as cv_number,
              ${lastBranch(sql`v.id`)} as cv_branch, ${tagNames(sql`v.id`)} as cv_tags,
              ${labelNames(sql`c.id`)} as consumer_labels, ${labelNames(sql`p.id`)} as provider_labels
            from latest_pact_publications lpp
            join pacticipants c on c.id = lpp.consumer_id
            join pacticipants p on p.id = lpp.provider_id
            join versions v on v.id = lpp.consumer_version_id
            join pact_versions pv on pv.id = lpp.pact_version_id
            where ${matches(sql`c.id`, sql`c.name`, consumer)} and ${matches(sql`p.id`, sql`p.name`, provider)}
            order by lpp.consumer_version_order desc, lpp.pact_publication_id desc
            limit 1`,
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        pactVersionId: Number(row.pact_version_id),
        sha: row.sha,
        consumerName: row.consumer_name,
        providerName: row.provider_name,
        consumerVersionNumber: row.cv_number,
        consumerVersionBranch: row.cv_branch ?? undefined,
        consumerVersionTags: row.cv_tags,
        consumerLabels: row.consumer_labels,
        providerLabels: row.provider_labels,
      };
    },

    /** The latest verification of a pact's content, if any. */
    async latestVerification(pactVersionId: number): Promise<ExecutionVerification | undefined> {
      const rows = await queryRows<{ id: number | string; success: boolean; pv_number: string; pv_branch: string | null; pv_tags: string[] }>(
        db,
        sql`select vr.id, vr.success, v.number as pv_number, ${lastBranch(sql`v.id`)} as pv_branch, ${tagNames(sql`v.id`)} as pv_tags
            from verifications vr join versions v on v.id = vr.provider_version_id
            where vr.pact_version_id = ${pactVersionId}
            order by vr.id desc limit 1`,
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        id: Number(row.id),
        success: row.success,
        providerVersionNumber: row.pv_number,
        providerVersionBranch: row.pv_branch ?? undefined,
        providerVersionTags: row.pv_tags,
      };
    },
  };
}

export type WebhookExecutionRepository = ReturnType<typeof createWebhookExecutionRepository>;
