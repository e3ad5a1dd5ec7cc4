// Data for the compatibility grid of one integration (the matrix page): the two pacticipants, and one page of either
// side's versions after the filters. Each page query is driven from the most selective index it can use (current
// deployments/releases, a branch's versions, a tag's versions, the integration's pacts, else the pacticipant's versions
// by order), reads one row past the page instead of counting, and so never walks a long history further than needed.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bigintArray, queryRows, type Page, type PageOf } from '../db/query.js';
import type { PacticipantRef } from './matrix.repository.js';
import type { VerificationFact, VersionRef } from './matrix.types.js';

/** Which versions of one side are shown: every filter given must hold (branch, tag, environment and the own-side flag). */
export interface GridVersionFilter {
  branch?: string | undefined;
  tag?: string | undefined;
  /** Currently deployed or released in the environment of this name. */
  environment?: string | undefined;
  /** Consumer side: only versions with a pact with this provider. Provider side: only versions that verified this consumer. */
  integratedWith?: { kind: 'pactWith' | 'verified'; pacticipantId: number } | undefined;
}

export function createGridRepository(db: Executor) {
  return {
    /** Both pacticipants by name, and whether the consumer → provider integration exists. */
    async findIntegration(
      consumerName: string,
      providerName: string,
      ex: Executor = db,
    ): Promise<{ consumer?: PacticipantRef; provider?: PacticipantRef; exists: boolean }> {
      const rows = await queryRows<{ role: string; id: number; name: string; main_branch: string | null; integrated: boolean }>(
        ex,
        sql`select r.role, p.id, p.name, p.main_branch,
                   exists (select 1 from integrations i
                           where i.consumer_id = (select id from pacticipants where name = ${consumerName})
                             and i.provider_id = (select id from pacticipants where name = ${providerName})) as integrated
            from (values ('consumer', ${consumerName}::text), ('provider', ${providerName}::text)) r(role, name)
            join pacticipants p on p.name = r.name`,
      );
      const ref = (role: string) => {
        const r = rows.find((row) => row.role === role);
        return r ? { id: Number(r.id), name: r.name, mainBranch: r.main_branch } : undefined;
      };
      const consumer = ref('consumer');
      const provider = ref('provider');
      return { ...(consumer ? { consumer } : {}), ...(provider ? { provider } : {}), exists: Boolean(rows[0]?.integrated) };
    },

    /** One page of a pacticipant's versions, newest first, after the filters. */
    async versionsPage(pacticipantId: number, filter: GridVersionFilter, page: Page, ex: Executor = db): Promise<PageOf<VersionRef>> {
      const source = candidates(pacticipantId, filter);
      const rows = await queryRows<{ id: number; number: string; order: number }>(
        ex,
        sql`select v.id, v.number, v."order" from ${source.from}
            where ${conditions(pacticipantId, filter)}
            order by ${source.order} desc
            limit ${page.limit + 1} offset ${page.offset}`,
      );
      const items = rows.slice(0, page.limit).map((r) => ({ id: Number(r.id), number: r.number, order: Number(r.order) }));
      return { items, more: rows.length > page.limit };
    },

    /**
     * The latest verification of each pact content by each provider version: every (content, provider version) pair
     * probed on the primary key, so a content verified by thousands of provider builds costs only the pairs shown.
     */
    async latestVerificationsOfPairs(pactVersionIds: number[], providerVersionIds: number[], ex: Executor = db): Promise<VerificationFact[]> {
      if (pactVersionIds.length === 0 || providerVersionIds.length === 0) return [];
      const rows = await queryRows<{ pact_version_id: number; provider_version_id: number; verification_id: number; success: boolean; created_at: Date | string; number: string; order: number }>(
        ex,
        sql`select lv.pact_version_id, lv.provider_version_id, lv.verification_id, lv.success, lv.created_at, v.number, v."order"
            from unnest(${bigintArray(pactVersionIds)}) c(id)
            cross join unnest(${bigintArray(providerVersionIds)}) p(id)
            join latest_verifications lv on lv.pact_version_id = c.id and lv.provider_version_id = p.id
            join versions v on v.id = lv.provider_version_id`,
      );
      return rows.map((r) => ({
        source: 'pact_verification' as const,
        pactVersionId: Number(r.pact_version_id),
        providerVersion: { id: Number(r.provider_version_id), number: r.number, order: Number(r.order) },
        verificationId: Number(r.verification_id),
        success: Boolean(r.success),
        verifiedAt: new Date(r.created_at),
      }));
    },

    /** The newest branch names of a pacticipant (for the filter's suggestions), bounded. */
    async branchNames(pacticipantId: number, limit: number, ex: Executor = db): Promise<string[]> {
      const rows = await queryRows<{ name: string }>(
        ex,
        sql`select name from branches where pacticipant_id = ${pacticipantId} order by id desc limit ${limit}`,
      );
      return rows.map((r) => r.name);
    },
  };
}

/**
 * Where the rows come from, joined to `versions v`: the narrowest index range the filters allow, ordered by the copy
 * of the version order that index holds (so a long branch or tag is read newest first and stops at the page).
 */
function candidates(pacticipantId: number, filter: GridVersionFilter): { from: SQL; order: SQL } {
  if (filter.environment !== undefined) {
    return {
      from: sql`(select d.version_id from deployed_versions d join environments e on e.id = d.environment_id
                 where e.name = ${filter.environment} and d.pacticipant_id = ${pacticipantId} and d.undeployed_at is null
                 union
                 select r.version_id from released_versions r join environments e on e.id = r.environment_id
                 where e.name = ${filter.environment} and r.pacticipant_id = ${pacticipantId} and r.support_ended_at is null) c
                join versions v on v.id = c.version_id`,
      order: sql`v."order"`,
    };
  }
  if (filter.branch !== undefined) {
    return {
      from: sql`branches b join branch_versions bv on bv.branch_id = b.id join versions v on v.id = bv.version_id`,
      order: sql`bv.version_order`,
    };
  }
  if (filter.tag !== undefined) return { from: sql`tags t join versions v on v.id = t.version_id`, order: sql`t.version_order` };
  if (filter.integratedWith?.kind === 'pactWith') {
    return { from: sql`latest_pact_publications l join versions v on v.id = l.consumer_version_id`, order: sql`l.consumer_version_order` };
  }
  return { from: sql`versions v`, order: sql`v."order"` };
}

/** Every filter as a condition (those the row source drives are its index conditions; the rest are indexed probes). */
function conditions(pacticipantId: number, filter: GridVersionFilter): SQL {
  const parts: SQL[] = [sql`v.pacticipant_id = ${pacticipantId}`];
  const driver = filter.environment !== undefined ? 'environment' : filter.branch !== undefined ? 'branch' : filter.tag !== undefined ? 'tag' : filter.integratedWith?.kind;
  if (filter.branch !== undefined) {
    parts.push(
      driver === 'branch'
        ? sql`b.pacticipant_id = ${pacticipantId} and b.name = ${filter.branch}`
        : sql`exists (select 1 from branch_versions bv2 join branches b2 on b2.id = bv2.branch_id where bv2.version_id = v.id and b2.name = ${filter.branch})`,
    );
  }
  if (filter.tag !== undefined) {
    parts.push(
      driver === 'tag'
        ? sql`t.pacticipant_id = ${pacticipantId} and t.name = ${filter.tag}`
        : sql`exists (select 1 from tags t2 where t2.version_id = v.id and t2.name = ${filter.tag})`,
    );
  }
  const other = filter.integratedWith;
  if (other?.kind === 'pactWith') {
    parts.push(
      driver === 'pactWith'
        ? sql`l.consumer_id = ${pacticipantId} and l.provider_id = ${other.pacticipantId}`
        : sql`exists (select 1 from latest_pact_publications l2 where l2.consumer_version_id = v.id and l2.provider_id = ${other.pacticipantId})`,
    );
  } else if (other?.kind === 'verified') {
    parts.push(sql`exists (select 1 from latest_verifications lv where lv.provider_version_id = v.id and lv.consumer_id = ${other.pacticipantId})`);
  }
  return sql.join(parts, sql` and `);
}

export type GridRepository = ReturnType<typeof createGridRepository>;
