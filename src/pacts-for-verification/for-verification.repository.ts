// Data for pacts-for-verification. Every query starts from the provider's integrations (one row per consumer) and
// reaches consumer versions through the maintained pointers (branch_heads, latest_pact_publications, current
// deployments and releases), so the cost follows the number of consumers and branches, not the version history; a
// tag selector without `latest` reads the newest `historyVersions` tagged versions per consumer (limits.historyVersions).
// Every list is one array parameter, so no request can bind more parameters than the statement has lists, and a
// statement's text depends only on the request's shape: on PostgreSQL each runs as a named prepared statement.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bigintArray as ids, epochMs, queryPrepared, textArray as texts } from '../db/query.js';
import type { CandidateFact, CandidateNeeds, CandidatePact, ConsumerVersionPact } from './select-pacts.js';
import type { ConsumerMainBranchInfo } from './selectors.js';
import type { ContentVerificationFacts, WipCandidate, WipReason } from './pending.js';

interface PactRow {
  consumer_name: string;
  consumer_version_id: number;
  consumer_version_number: string;
  consumer_version_order: number;
  pact_version_id: number;
  sha: string;
  /** Epoch milliseconds: pg parses a timestamptz with regular expressions into a Date, a float8 with parseFloat. */
  published_at: number;
}

interface Hit {
  consumer_version_id: number;
  fact: string;
  label: string | null;
  production: boolean | null;
  instance: string | null;
}

function toConsumerVersionPact(row: PactRow): ConsumerVersionPact {
  return {
    consumerName: row.consumer_name,
    consumerVersionNumber: row.consumer_version_number,
    consumerVersionOrder: Number(row.consumer_version_order),
    pactVersionId: Number(row.pact_version_id),
    sha: row.sha,
    publishedAt: new Date(row.published_at),
  };
}

function toFact(row: Hit): CandidateFact {
  switch (row.fact) {
    case 'mainBranchHead':
    case 'branchHead':
      return { kind: row.fact, branch: row.label! };
    case 'latestWithTag':
    case 'tagged':
      return { kind: row.fact, tag: row.label! };
    case 'deployed':
      return { kind: 'deployed', environment: row.label!, production: Boolean(row.production), applicationInstance: row.instance };
    case 'released':
      return { kind: 'released', environment: row.label!, production: Boolean(row.production) };
    default:
      return { kind: 'latestPact' };
  }
}

/**
 * The latest pact with the provider of each given consumer version (published after `since`, when given). A second
 * round trip on purpose: with the ids as a literal array the planner knows how many there are and probes the primary
 * keys; joined to the hit queries it misjudged their size (a recursive CTE, unions) and chose hash or merge joins
 * over all of the provider's pacts or all versions (hundreds of milliseconds at a million versions). Each id is one
 * primary-key probe (a LIMIT 1 lateral, so no planner can turn it into a hash join: PGlite's did, reading all of the
 * provider's publications), the number and sha are probed per row, and the consumer names joined once at the end.
 */
async function pactsOfVersions(ex: Executor, providerId: number, versionIds: number[], since?: Date): Promise<Map<number, ConsumerVersionPact>> {
  if (versionIds.length === 0) return new Map();
  const rows = await queryPrepared<PactRow>(
    ex,
    sql`with l as materialized (
          select x.consumer_id, x.consumer_version_id, x.consumer_version_order, x.pact_version_id, x.created_at,
                 (select v.number from versions v where v.id = x.consumer_version_id) as consumer_version_number,
                 (select pv.sha from pact_versions pv where pv.id = x.pact_version_id) as sha
          from unnest(${ids(versionIds)}) h(id)
          cross join lateral (select * from latest_pact_publications p where p.consumer_version_id = h.id and p.provider_id = ${providerId}
                              ${since ? sql`and p.created_at > ${since.toISOString()}::timestamptz` : sql``} limit 1) x)
        select c.name as consumer_name, l.consumer_version_id, l.consumer_version_number, l.consumer_version_order,
               l.pact_version_id, l.sha, ${epochMs('l.created_at')} as published_at
        from l join pacticipants c on c.id = l.consumer_id`,
  );
  return new Map(rows.map((r) => [Number(r.consumer_version_id), toConsumerVersionPact(r)]));
}

const distinctIds = (hits: Hit[]) => [...new Set(hits.map((h) => Number(h.consumer_version_id)))];

export function createForVerificationRepository(db: Executor) {
  return {
    /** The provider (when it exists) and every environment name, in one statement: step one of every request. */
    async lookUp(providerName: string, ex: Executor = db): Promise<{ provider?: { id: number; name: string }; environmentNames: string[] }> {
      const rows = await queryPrepared<{ kind: string; id: number; name: string }>(
        ex,
        sql`select 'provider' as kind, id, name from pacticipants where name = ${providerName}
            union all
            select 'environment', id, name from environments`,
      );
      const found = rows.find((r) => r.kind === 'provider');
      return {
        ...(found ? { provider: { id: Number(found.id), name: found.name } } : {}),
        environmentNames: rows.filter((r) => r.kind === 'environment').map((r) => r.name),
      };
    },

    async consumersForDefaults(providerId: number, ex: Executor = db): Promise<ConsumerMainBranchInfo[]> {
      const rows = await queryPrepared<{ name: string; main_branch: string | null; has_head: boolean; has_tag: boolean }>(
        ex,
        sql`select c.name, c.main_branch,
                   exists (select 1 from branches b join branch_heads bh on bh.branch_id = b.id
                           where b.pacticipant_id = c.id and b.name = c.main_branch) as has_head,
                   exists (select 1 from tags t where t.pacticipant_id = c.id and t.name = c.main_branch) as has_tag
            from integrations i join pacticipants c on c.id = i.consumer_id
            where i.provider_id = ${providerId}
            order by lower(c.name)`,
      );
      return rows.map((r) => ({ name: r.name, mainBranch: r.main_branch, mainBranchHasHead: Boolean(r.has_head), hasTagNamedAfterMainBranch: Boolean(r.has_tag) }));
    },

    /**
     * The provider's pacts reachable by the needed facts, one per consumer version with every fact it has. A tag
     * without `latest` stands for the newest `historyVersions` versions of each consumer with that tag.
     */
    async candidates(providerId: number, needs: CandidateNeeds, historyVersions: number, ex: Executor = db): Promise<CandidatePact[]> {
      const consumers = sql`select consumer_id from integrations where provider_id = ${providerId}`;
      const parts: SQL[] = [];
      const none = sql`null::boolean as production, null::text as instance`;
      if (needs.mainBranchHeads) {
        parts.push(sql`select bh.version_id as consumer_version_id, 'mainBranchHead' as fact, b.name as label, ${none}
                       from integrations i join pacticipants c on c.id = i.consumer_id
                       join branches b on b.pacticipant_id = c.id and b.name = c.main_branch
                       join branch_heads bh on bh.branch_id = b.id
                       where i.provider_id = ${providerId}`);
      }
      if (needs.allBranchHeads || needs.branchHeads.length > 0) {
        const names = needs.allBranchHeads ? sql`` : sql`and b.name = any(${texts(needs.branchHeads)})`;
        parts.push(sql`select bh.version_id, 'branchHead', b.name, ${none}
                       from integrations i join branches b on b.pacticipant_id = i.consumer_id ${names}
                       join branch_heads bh on bh.branch_id = b.id
                       where i.provider_id = ${providerId}`);
      }
      if (needs.latestWithTags.length > 0) {
        // Per consumer and tag, the highest-order tagged version (an index walk); no pact there means nothing.
        parts.push(sql`select lt.version_id, 'latestWithTag', tg.name, ${none}
                       from integrations i cross join unnest(${texts(needs.latestWithTags)}) tg(name)
                       cross join lateral (select t.version_id from tags t where t.pacticipant_id = i.consumer_id and t.name = tg.name
                                           order by t.version_order desc limit 1) lt
                       where i.provider_id = ${providerId}`);
      }
      if (needs.taggedWith.length > 0) {
        // Per consumer and tag, the newest historyVersions tagged versions (an index walk each), never the whole history.
        parts.push(sql`select tv.version_id, 'tagged', tg.name, ${none}
                       from integrations i cross join unnest(${texts(needs.taggedWith)}) tg(name)
                       cross join lateral (select t.version_id from tags t where t.pacticipant_id = i.consumer_id and t.name = tg.name
                                           order by t.version_order desc limit ${historyVersions}) tv
                       where i.provider_id = ${providerId}`);
      }
      if (needs.latestPact) {
        parts.push(sql`select lp.consumer_version_id, 'latestPact', null::text, ${none}
                       from integrations i cross join lateral (
                         select x.consumer_version_id from latest_pact_publications x
                         where x.consumer_id = i.consumer_id and x.provider_id = i.provider_id
                         order by x.consumer_version_order desc limit 1) lp
                       where i.provider_id = ${providerId}`);
      }
      if (needs.deployed) {
        parts.push(sql`select d.version_id, 'deployed', e.name, e.production, d.application_instance
                       from deployed_versions d join environments e on e.id = d.environment_id
                       where d.undeployed_at is null and d.pacticipant_id in (${consumers})`);
      }
      if (needs.released) {
        parts.push(sql`select r.version_id, 'released', e.name, e.production, null::text
                       from released_versions r join environments e on e.id = r.environment_id
                       where r.support_ended_at is null and r.pacticipant_id in (${consumers})`);
      }
      if (parts.length === 0) return [];
      const hits = await queryPrepared<Hit>(
        ex,
        sql`select * from (${sql.join(parts, sql` union all `)}) h(consumer_version_id, fact, label, production, instance)`,
      );
      const pacts = await pactsOfVersions(ex, providerId, distinctIds(hits));
      const byVersion = new Map<number, CandidatePact>();
      for (const hit of hits) {
        const id = Number(hit.consumer_version_id);
        const pact = pacts.get(id);
        if (!pact) continue; // that version has no pact with this provider: the selector finds nothing there
        let candidate = byVersion.get(id);
        if (!candidate) {
          candidate = { ...pact, facts: [] };
          byVersion.set(id, candidate);
        }
        candidate.facts.push(toFact(hit));
      }
      return [...byVersion.values()];
    },

    /**
     * WIP candidates: pacts of the head of every consumer branch and of the latest version of every consumer tag,
     * published after `since`. Distinct tag names per consumer come from a loose index scan (a recursive walk over
     * tags_pacticipant_name_order_idx), so a consumer with a long tagged history costs one probe per tag name.
     */
    async wipCandidates(providerId: number, since: Date, ex: Executor = db): Promise<WipCandidate[]> {
      const hits = await queryPrepared<Hit>(
        ex,
        sql`with recursive tag_names(consumer_id, name) as (
              select i.consumer_id, (select min(t.name) from tags t where t.pacticipant_id = i.consumer_id)
              from integrations i where i.provider_id = ${providerId}
              union all
              select n.consumer_id, (select min(t.name) from tags t where t.pacticipant_id = n.consumer_id and t.name > n.name)
              from tag_names n where n.name is not null
            ),
            hits(consumer_version_id, fact, label) as (
              select bh.version_id, 'branch', b.name
              from integrations i join branches b on b.pacticipant_id = i.consumer_id
              join branch_heads bh on bh.branch_id = b.id
              where i.provider_id = ${providerId}
              union all
              select lt.version_id, 'tag', n.name
              from tag_names n cross join lateral (
                select t.version_id from tags t where t.pacticipant_id = n.consumer_id and t.name = n.name
                order by t.version_order desc limit 1) lt
              where n.name is not null
            )
            select * from hits`,
      );
      const pacts = await pactsOfVersions(ex, providerId, distinctIds(hits), since);
      const byVersion = new Map<number, WipCandidate>();
      for (const hit of hits) {
        const id = Number(hit.consumer_version_id);
        const pact = pacts.get(id);
        if (!pact) continue;
        const reason: WipReason = { kind: hit.fact === 'tag' ? 'tag' : 'branch', name: hit.label! };
        const existing = byVersion.get(id);
        if (existing) existing.reasons.push(reason);
        else byVersion.set(id, { ...pact, reasons: [reason] });
      }
      return [...byVersion.values()];
    },

    /**
     * Successful verifications of each content, relative to the provider branch (by id; null when it does not
     * exist) and tags. "Earliest" lookups walk verifications_success(_non_wip)_idx in time order and stop at the
     * first verification by a provider version that is on a branch (carries a tag).
     *
     * Only the facts the pure functions will read are computed (the others stay false/null): pending status reads the
     * all-verifications facts of the explicitly selected contents (`pending`), WIP the non-WIP facts of the WIP
     * candidates (`wip`); with a provider branch only the branch facts, with tags only the tag facts, with neither only
     * anySuccess (and no WIP). The earliest branched success is read only for a content not verified on the branch
     * (pending.ts verifiedFor reads it only then): most of a hub's contents are, and that walk cost a quarter of the
     * statement's index reads.
     */
    async verificationFacts(
      contents: { pending: number[]; wip: number[] },
      provider: { branch?: { id: number | null }; tags: string[] },
      ex: Executor = db,
    ): Promise<Map<number, ContentVerificationFacts>> {
      const out = new Map<number, ContentVerificationFacts>();
      const pactVersionIds = [...new Set([...contents.pending, ...contents.wip])];
      if (pactVersionIds.length === 0) return out;
      const pendingIds = new Set(contents.pending);
      const wipIds = new Set(contents.wip);
      const flags = (has: Set<number>) => sql`${`{${pactVersionIds.map((id) => (has.has(id) ? 't' : 'f')).join(',')}}`}::boolean[]`;
      const mode = provider.branch ? 'branch' : provider.tags.length > 0 ? 'tags' : 'none';
      const branchId = provider.branch?.id ?? null;
      // Each check is a scalar subquery ending in LIMIT 1, evaluated per content and walking the content's successes
      // in time order (verifications_success(_non_wip)_idx) with an index probe per row, so it stops at the first
      // match. As EXISTS, the planner hashed them into one scan of every successful verification by the branch
      // (seconds at a million rows); unordered, it read all of a content's successes before joining. CASE evaluates
      // a subquery only for the contents whose facts are read (pv.p: pending status, pv.w: WIP).
      const when = (flag: SQL, value: SQL, otherwise: SQL) => sql`case when ${flag} then ${value} else ${otherwise} end`;
      const found = (query: SQL) => sql`coalesce((${query} limit 1), false)`;
      const success = (nonWip: boolean) => sql`v.pact_version_id = pv.id and v.success ${nonWip ? sql`and not v.wip` : sql``}`;
      const first = (nonWip: boolean, on: SQL, column: SQL) => sql`
        select ${column} from verifications v
        where ${success(nonWip)} and exists (${on})
        order by v.created_at`;
      const onBranch = (nonWip: boolean) =>
        mode !== 'branch' || branchId === null
          ? sql`false`
          : // OFFSET 0 keeps the probe a per-row subplan; as a semi-join the planner hashed the whole branch and sorted.
            when(
              nonWip ? sql`pv.w` : sql`pv.p`,
              found(first(nonWip, sql`select 1 from branch_versions bv where bv.branch_id = ${branchId} and bv.version_id = v.provider_version_id offset 0`, sql`true`)),
              sql`false`,
            );
      const earliest = (nonWip: boolean, on: SQL, wanted: boolean) =>
        wanted ? when(nonWip ? sql`pv.w` : sql`pv.p`, sql`(${first(nonWip, on, sql`v.created_at`)} limit 1)`, sql`null::timestamptz`) : sql`null::timestamptz`;
      const branched = sql`select 1 from branch_versions bv where bv.version_id = v.provider_version_id`;
      const tagged = sql`select 1 from tags t where t.version_id = v.provider_version_id`;
      const rows = await queryPrepared<{
        id: number;
        any_success: boolean;
        on_branch: boolean;
        earliest_branched: Date | string | null;
        earliest_tagged: Date | string | null;
        nw_on_branch: boolean;
        nw_earliest_branched: Date | string | null;
        nw_earliest_tagged: Date | string | null;
      }>(
        ex,
        sql`select pv.id,
                   ${mode === 'none' ? when(sql`pv.p`, found(sql`select true from verifications v where ${success(false)}`), sql`false`) : sql`false`} as any_success,
                   b.on_branch,
                   case when b.on_branch then null::timestamptz else ${earliest(false, branched, mode === 'branch')} end as earliest_branched,
                   ${earliest(false, tagged, mode === 'tags')} as earliest_tagged,
                   b.nw_on_branch,
                   case when b.nw_on_branch then null::timestamptz else ${earliest(true, branched, mode === 'branch')} end as nw_earliest_branched,
                   ${earliest(true, tagged, mode === 'tags')} as nw_earliest_tagged
            from unnest(${ids(pactVersionIds)}, ${flags(pendingIds)}, ${flags(wipIds)}) pv(id, p, w)
            -- OFFSET 0: evaluated once per content (pulled up, each use of b.on_branch would run its walk again).
            cross join lateral (select ${onBranch(false)} as on_branch, ${onBranch(true)} as nw_on_branch offset 0) b`,
      );
      const date = (v: Date | string | null) => (v === null ? null : new Date(v));
      for (const r of rows) {
        out.set(Number(r.id), {
          anySuccess: Boolean(r.any_success),
          successOnBranch: Boolean(r.on_branch),
          earliestBranchedSuccessAt: date(r.earliest_branched),
          successWithTag: Object.create(null) as Record<string, boolean>, // tag names are user data
          earliestTaggedSuccessAt: date(r.earliest_tagged),
          nonWip: {
            successOnBranch: Boolean(r.nw_on_branch),
            earliestBranchedSuccessAt: date(r.nw_earliest_branched),
            successWithTag: Object.create(null) as Record<string, boolean>,
            earliestTaggedSuccessAt: date(r.nw_earliest_tagged),
          },
        });
      }
      if (mode === 'tags') {
        // One pass over the successes of these contents by tagged provider versions, whatever the number of tags
        // asked for (probing per content and tag was contents x tags scans: 28 s for a hub with 100 tags on PGlite).
        const tagRows = await queryPrepared<{ id: number; name: string; nw_ok: boolean }>(
          ex,
          sql`select v.pact_version_id as id, t.name, bool_or(not v.wip) as nw_ok
              from verifications v join tags t on t.version_id = v.provider_version_id
              where v.pact_version_id = any(${ids(pactVersionIds)}) and v.success and t.name = any(${texts(provider.tags)})
              group by v.pact_version_id, t.name`,
        );
        for (const r of tagRows) {
          const facts = out.get(Number(r.id))!;
          facts.successWithTag[r.name] = true;
          if (r.nw_ok) facts.nonWip.successWithTag[r.name] = true;
        }
      }
      return out;
    },

    /** The provider's branch (id and creation time) and when each tag was first used on one of its versions. */
    async providerContext(providerId: number, branch: string | undefined, tags: string[], ex: Executor = db) {
      const [[branchRow], tagRows] = await Promise.all([
        branch === undefined
          ? []
          : queryPrepared<{ id: number; created_at: Date | string }>(
              ex,
              sql`select id, created_at from branches where pacticipant_id = ${providerId} and name = ${branch}`,
            ),
        tags.length === 0
          ? []
          : queryPrepared<{ name: string; first_used_at: Date | string }>(
              ex,
              sql`select name, min(created_at) as first_used_at from tags
                  where pacticipant_id = ${providerId} and name = any(${texts(tags)}) group by name`,
            ),
      ]);
      const firstUse = new Map(tagRows.map((r) => [r.name, new Date(r.first_used_at)]));
      return {
        branch: branchRow ? { id: Number(branchRow.id), createdAt: new Date(branchRow.created_at) } : undefined,
        tags: tags.map((name) => ({ name, firstUsedAt: firstUse.get(name) ?? null })),
      };
    },
  };
}

export type ForVerificationRepository = ReturnType<typeof createForVerificationRepository>;
