// What a webhook delivery reads to fill its template (broker-semantics C4), outside any transaction: the consumer
// version's branch and tags, and for contract events the verification the template shows. Read only.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/query.js';
import { lastBranch, tagNames } from './webhook-execution.repository.js';

export interface ConsumerVersionFacts {
  branch: string | undefined;
  tags: string[];
}

export interface ContentVerification {
  id: number;
  success: boolean;
  providerVersionNumber: string;
  providerVersionBranch: string | undefined;
  providerVersionTags: string[];
}

export function createTemplateDataRepository(db: Executor) {
  return {
    /** A consumer version's last branch and tags (now); undefined when it was deleted meanwhile. */
    async consumerVersion(consumerName: string, versionNumber: string): Promise<ConsumerVersionFacts | undefined> {
      const [row] = await queryRows<{ branch: string | null; tags: string[] }>(
        db,
        sql`select ${lastBranch(sql`v.id`)} as branch, ${tagNames(sql`v.id`)} as tags
            from versions v join pacticipants c on c.id = v.pacticipant_id
            where c.name = ${consumerName} and v.number = ${versionNumber}`,
      );
      return row && { branch: row.branch ?? undefined, tags: row.tags };
    },

    /**
     * The verification a contract event's template shows (C4): the latest verification of the content by a version
     * of the provider's main branch, else the latest verification of the content at all; undefined when unverified.
     */
    async verificationOfContent(consumerName: string, providerName: string, sha: string): Promise<ContentVerification | undefined> {
      const [row] = await queryRows<{ id: number | string; success: boolean; pv_number: string; pv_branch: string | null; pv_tags: string[] }>(
        db,
        // Two index walks down the content's results, newest first: the first by a main-branch version, else the first.
        sql`with content as (
              select pv.id, p.id as provider_id, p.main_branch from pact_versions pv
              join pacticipants c on c.id = pv.consumer_id
              join pacticipants p on p.id = pv.provider_id
              where c.name = ${consumerName} and p.name = ${providerName} and pv.sha = ${sha}),
            chosen as (
              select coalesce(
                (select vr.id from verifications vr
                   join branch_versions bv on bv.version_id = vr.provider_version_id
                   join branches b on b.id = bv.branch_id and b.pacticipant_id = content.provider_id and b.name = content.main_branch
                   where vr.pact_version_id = content.id order by vr.id desc limit 1),
                (select vr.id from verifications vr where vr.pact_version_id = content.id order by vr.id desc limit 1)) as id
              from content)
            select vr.id, vr.success, v.number as pv_number, ${lastBranch(sql`v.id`)} as pv_branch, ${tagNames(sql`v.id`)} as pv_tags
            from chosen join verifications vr on vr.id = chosen.id join versions v on v.id = vr.provider_version_id`,
      );
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

export type TemplateDataRepository = ReturnType<typeof createTemplateDataRepository>;
