// Data for required verifications (required-verifications.ts): the provider versions that should verify a content,
// in one statement keyed by the provider and the content. It reaches versions through the maintained pointers
// (branch_heads, the newest tag, current deployments and releases), so its cost follows the number of deployments.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryPrepared, type Bindable } from '../db/query.js';
import type { CandidateReason, RequiredVerificationCandidate } from './required-verifications.js';

export interface CandidateRow {
  kind: CandidateReason['kind'];
  label: string;
  number: string;
  last_branch: string | null;
  verified: boolean;
}

/**
 * candidates' statement: rows in order, with the sort keys (rank, at, id) so that a batch (pacts/publish-reads) can
 * aggregate them in the same order.
 */
export function candidatesQuery(providerId: Bindable<number>, pactVersionId: Bindable<number>): SQL {
  return sql`with main_head as (
          select p.main_branch as label,
                 coalesce((select bh.version_id from branches b join branch_heads bh on bh.branch_id = b.id
                           where b.pacticipant_id = p.id and b.name = p.main_branch),
                          (select t.version_id from tags t where t.pacticipant_id = p.id and t.name = p.main_branch
                           order by t.version_order desc limit 1)) as version_id
          from pacticipants p where p.id = ${providerId} and p.main_branch is not null
        ),
        candidates(version_id, kind, label, rank, at, id) as (
          select version_id, 'mainBranch', label, 0, null::timestamptz, null::bigint from main_head where version_id is not null
          union all
          select d.version_id, 'deployed', e.name, 1, d.created_at, d.id
          from deployed_versions d join environments e on e.id = d.environment_id
          where d.pacticipant_id = ${providerId} and d.undeployed_at is null
          union all
          select r.version_id, 'released', e.name, 2, r.created_at, r.id
          from released_versions r join environments e on e.id = r.environment_id
          where r.pacticipant_id = ${providerId} and r.support_ended_at is null
        )
        select c.kind, c.label, v.number, c.rank, c.at, c.id,
               (select b.name from branch_versions bv join branches b on b.id = bv.branch_id
                where bv.version_id = v.id order by bv.id desc limit 1) as last_branch,
               exists (select 1 from verifications vr where vr.pact_version_id = ${pactVersionId} and vr.provider_version_id = v.id) as verified
        from candidates c join versions v on v.id = c.version_id
        order by c.rank, c.at, c.id`;
}

export function toCandidate(row: CandidateRow): RequiredVerificationCandidate {
  const reason: CandidateReason = row.kind === 'mainBranch' ? { kind: 'mainBranch', branch: row.label } : { kind: row.kind, environment: row.label };
  return { providerVersionNumber: row.number, lastBranch: row.last_branch, verified: Boolean(row.verified), reason };
}

export function createRequiredVerificationsRepository(db: Executor) {
  return {
    /**
     * The provider's main-branch head (else its newest version tagged with the main branch's name), then its current
     * deployments in deployment order, then its supported releases in release order; each with whether it has any
     * result for the content.
     */
    async candidates(providerId: number, pactVersionId: number, ex: Executor = db): Promise<RequiredVerificationCandidate[]> {
      const rows = await queryPrepared<CandidateRow>(ex, candidatesQuery(providerId, pactVersionId));
      return rows.map(toCandidate);
    },
  };
}

export type RequiredVerificationsRepository = ReturnType<typeof createRequiredVerificationsRepository>;
