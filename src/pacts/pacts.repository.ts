import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bigintArray, preparedQuery, queryPrepared, queryRows, type Bindable, type Page, type PageOf } from '../db/query.js';
import {
  branches,
  branchVersions,
  integrations,
  latestPactPublications,
  pacticipants,
  pactPublications,
  pactVersions,
  tags,
  versions,
} from '../db/schema/index.js';
import type { ConsumerVersionPublication, Pact, PactSummary } from './pacts.types.js';

/** A pact as a select returns it (pactSelect's columns). */
export interface PactRow {
  consumer_id: number;
  provider_id: number;
  consumer_name: string;
  provider_name: string;
  consumer_version_id: number;
  consumer_version_number: string;
  consumer_version_order: number;
  pact_version_id: number;
  sha: string;
  created_at: Date | string;
  pact_version_created_at?: Date | string;
  content?: string;
}

export function toPact(row: PactRow): Pact {
  return {
    consumerId: Number(row.consumer_id),
    providerId: Number(row.provider_id),
    consumerName: row.consumer_name,
    providerName: row.provider_name,
    consumerVersionId: Number(row.consumer_version_id),
    consumerVersionNumber: row.consumer_version_number,
    consumerVersionOrder: Number(row.consumer_version_order),
    pactVersionId: Number(row.pact_version_id),
    sha: row.sha,
    createdAt: new Date(row.created_at),
    content: row.content ?? '',
  };
}

/**
 * Select over latest_pact_publications `l` with the names, version and content sha joined in.
 * `newestFirst`: pick the one newest row of `from`/`where` (by orderBy) in a subquery, then join the rest to that row
 * only. Same result, since every joined row exists (foreign keys), but the planner searches join orders for two or
 * three tables instead of six or seven: planning was most of the time of these single-pact reads (~3 ms vs 0.2 ms of
 * execution for the branch one). `where` and `orderBy` may then only use the tables of `from`.
 */
function pactSelect(options: {
  content: boolean;
  from?: SQL;
  where: SQL;
  orderBy?: SQL;
  limit?: number;
  offset?: number;
  newestFirst?: boolean;
  /**
   * Like newestFirst for a page: the subquery picks `limit` rows after `offset` (by orderBy, over the tables of
   * `from` only), the outer query joins the rest to those rows and sorts them by `outerOrderBy`.
   */
  page?: { limit: number; offset: number; outerOrderBy: SQL };
}): SQL {
  const from = options.from ?? sql`${latestPactPublications} l`;
  const source = options.newestFirst
    ? sql`(select l.* from ${from} where ${options.where} order by ${options.orderBy ?? sql`1`} limit 1) l`
    : options.page
      ? sql`(select l.* from ${from} where ${options.where} order by ${options.orderBy ?? sql`1`}
             limit ${options.page.limit} offset ${options.page.offset}) l`
      : from;
  const picked = options.newestFirst || options.page !== undefined;
  return sql`
    select l.consumer_id, l.provider_id, c.name as consumer_name, p.name as provider_name,
           l.consumer_version_id, v.number as consumer_version_number, l.consumer_version_order,
           l.pact_version_id, pv.sha, l.created_at, pv.created_at as pact_version_created_at ${options.content ? sql`, pv.content` : sql``}
    from ${source}
    join ${versions} v on v.id = l.consumer_version_id
    join ${pactVersions} pv on pv.id = l.pact_version_id
    join ${pacticipants} c on c.id = l.consumer_id
    join ${pacticipants} p on p.id = l.provider_id
    ${picked ? sql`` : sql`where ${options.where}`}
    ${options.page ? sql`order by ${options.page.outerOrderBy}` : options.orderBy && !picked ? sql`order by ${options.orderBy}` : sql``}
    ${options.limit && !picked ? sql`limit ${options.limit}` : sql``}
    ${options.offset && !picked ? sql`offset ${options.offset}` : sql``}`;
}

/** Which one pact a hot read serves, by the names in its URL (see findPactByNames). */
export type PactLookup = { consumer: string; provider: string } & (
  | { kind: 'latest' }
  | { kind: 'tag'; tag: string }
  | { kind: 'untagged' }
  | { kind: 'branch'; branch: string }
  | { kind: 'version'; version: string }
  | { kind: 'sha'; sha: string }
);

/** The single-pact select of a lookup, names resolved in scalar subqueries (the same plans as by id, one statement). */
function pactByNamesSelect(lookup: PactLookup): SQL {
  const consumerId = sql`(select id from ${pacticipants} where name = ${lookup.consumer})`;
  const providerId = sql`(select id from ${pacticipants} where name = ${lookup.provider})`;
  const newest = { content: false, orderBy: sql`l.consumer_version_order desc`, newestFirst: true };
  switch (lookup.kind) {
    case 'latest':
      return pactSelect({ ...newest, where: sql`l.consumer_id = ${consumerId} and l.provider_id = ${providerId}` });
    case 'untagged':
      return pactSelect({
        ...newest,
        where: sql`l.consumer_id = ${consumerId} and l.provider_id = ${providerId}
                   and not exists (select 1 from ${tags} t where t.version_id = l.consumer_version_id)`,
      });
    case 'tag':
      return pactSelect({
        ...newest,
        from: sql`${tags} t join ${latestPactPublications} l on l.consumer_version_id = t.version_id and l.provider_id = ${providerId}`,
        where: sql`t.pacticipant_id = ${consumerId} and t.name = ${lookup.tag}`,
        orderBy: sql`t.version_order desc`,
      });
    case 'branch':
      // As latestForIntegrationOnBranch: the branch id as a scalar subquery, so the branch's index is walked backwards.
      return pactSelect({
        ...newest,
        from: sql`${branchVersions} bv
                  join ${latestPactPublications} l on l.consumer_version_id = bv.version_id and l.provider_id = ${providerId}`,
        where: sql`bv.branch_id = (select b.id from ${branches} b where b.pacticipant_id = ${consumerId} and b.name = ${lookup.branch})`,
        orderBy: sql`bv.version_order desc`,
      });
    case 'version':
      return pactSelect({
        content: false,
        where: sql`l.consumer_version_id = (select v.id from ${versions} v where v.pacticipant_id = ${consumerId} and v.number = ${lookup.version})
                   and l.provider_id = ${providerId}`,
      });
    case 'sha':
      // newestFirst: `limit 1` in the text. As a parameter the generic plan's cost (a tenth of the rows) made
      // PostgreSQL re-plan this prepared statement on every execution (~1 ms of planning).
      return pactSelect({
        ...newest,
        where: sql`l.pact_version_id = (select id from ${pactVersions}
                                        where consumer_id = ${consumerId} and provider_id = ${providerId} and sha = ${lookup.sha})`,
      });
  }
}

/** Each lookup kind's statement, compiled once (its text depends on the kind only; the names are its values). */
const byNames = (kind: PactLookup['kind'], extra: Array<'tag' | 'branch' | 'version' | 'sha'>) =>
  preparedQuery(['consumer', 'provider', ...extra], (v) => pactByNamesSelect({ ...v, kind } as PactLookup));
const BY_NAMES = {
  latest: byNames('latest', []),
  untagged: byNames('untagged', []),
  tag: byNames('tag', ['tag']),
  branch: byNames('branch', ['branch']),
  version: byNames('version', ['version']),
  sha: byNames('sha', ['sha']),
} satisfies Record<PactLookup['kind'], unknown>;

const contentById = preparedQuery(['id'], (v) => sql`select content from ${pactVersions} where id = ${v.id}`);

/** storeRevision's statement, compiled once (a publish runs it once per contract). */
const storeRevisionStatement = preparedQuery(
  ['consumerId', 'providerId', 'sha', 'content', 'interactionCount', 'consumerVersionId', 'consumerVersionOrder', 'now'],
  (v) => {
    const input = v as Record<'consumerId' | 'providerId' | 'consumerVersionId' | 'consumerVersionOrder', Bindable<number>>;
    return sql`with inserted as (
              insert into ${pactVersions} (consumer_id, provider_id, sha, content, interaction_count)
              values (${v.consumerId}, ${v.providerId}, ${v.sha}, ${v.content}, ${v.interactionCount})
              on conflict do nothing returning id),
            pv as (
              select id, true as created from inserted
              union all select id, false as created from ${pactVersions}
               where consumer_id = ${v.consumerId} and provider_id = ${v.providerId} and sha = ${v.sha}),
            ${revisionCtes(input, sql`(select id from pv limit 1)`, sql`from pv limit 1`, v.now as Bindable<Date>)}
            select id, created from pv limit 1`;
  },
);

/** Publications previousDistinct walks back before probing content by content. */
export const PREVIOUS_DISTINCT_WALK = 100;

/** Index entries previousForContentChange reads back per tag (or untagged) before it counts the previous pact absent. */
export const CONTENT_CHANGE_WALK = 1_000;

/**
 * The CTEs that append a revision of the consumer version's pact with the provider (pact_publications), point its
 * "latest" row and the integration at it. `pactVersionId` is an expression; `from` limits the revision to the rows of
 * a CTE (none: nothing is appended).
 */
function revisionCtes(
  input: { consumerId: Bindable<number>; providerId: Bindable<number>; consumerVersionId: Bindable<number>; consumerVersionOrder: Bindable<number> },
  pactVersionId: SQL,
  from: SQL,
  now: Bindable<Date>,
): SQL {
  return sql`publication as (
      insert into ${pactPublications} (consumer_version_id, provider_id, consumer_id, revision_number, pact_version_id, created_at)
      select ${input.consumerVersionId}, ${input.providerId}, ${input.consumerId},
             (select coalesce(max(revision_number), 0) + 1 from ${pactPublications}
               where consumer_version_id = ${input.consumerVersionId} and provider_id = ${input.providerId}),
             ${pactVersionId}, ${now} ${from}
      returning id, pact_version_id),
    latest as (
      insert into ${latestPactPublications}
        (consumer_version_id, provider_id, consumer_id, consumer_version_order, pact_publication_id, pact_version_id, created_at)
      select ${input.consumerVersionId}, ${input.providerId}, ${input.consumerId}, ${input.consumerVersionOrder}, id, pact_version_id, ${now}
        from publication
      on conflict (consumer_version_id, provider_id) do update
        set pact_publication_id = excluded.pact_publication_id, pact_version_id = excluded.pact_version_id, created_at = excluded.created_at),
    integration as (
      insert into ${integrations} (consumer_id, provider_id, contract_data_updated_at)
      values (${input.consumerId}, ${input.providerId}, ${now})
      on conflict (consumer_id, provider_id) do update set contract_data_updated_at = excluded.contract_data_updated_at)`;
}

/** A point of a consumer's history: previousForContentChange compares there. */
export interface ContentChangeAt {
  consumerId: number;
  providerId: number;
  consumerVersionId: number;
  consumerVersionOrder: number;
}

/** previousForContentChange's statement (rows: tag, sha), also run batched with a publish's other reads. */
export function previousForContentChangeQuery(at: { [K in keyof ContentChangeAt]: Bindable<number> }, walk: Bindable<number> = CONTENT_CHANGE_WALK): SQL {
  // Each walk is a recursive CTE that takes one index entry per step (`order by … desc limit 1` below the previous
  // one) and stops at the first match: a plan the planner cannot turn into a sort of the whole history. A walk as
  // one `order by … limit walk` subquery was planned, when the statistics underestimated an integration's rows, as
  // a bitmap scan and sort of all of them (3,842 rows, 17 ms, instead of one entry). The tag test is a scalar
  // subquery per step, not a join: the planner turned joins into hash joins over every tag of the consumer.
  const older = (than: SQL) => sql`
    (select x.consumer_version_id, x.pact_version_id, x.consumer_version_order from ${latestPactPublications} x
      where x.consumer_id = ${at.consumerId} and x.provider_id = ${at.providerId} and x.consumer_version_order < ${than}
      order by x.consumer_version_order desc limit 1) x`;
  const olderTagged = (than: SQL) => sql`
    (select t.version_id, t.version_order from ${tags} t
      where t.pacticipant_id = ${at.consumerId} and t.name = w.name and t.version_order < ${than}
      order by t.version_order desc limit 1) t`;
  const pactOf = sql`(select l.pact_version_id from ${latestPactPublications} l
                       where l.consumer_version_id = t.version_id and l.provider_id = ${at.providerId})`;
  const tagged = sql`exists (select 1 from ${tags} tt where tt.version_id = x.consumer_version_id)`;
  return sql`with recursive own as (select name from ${tags} where version_id = ${at.consumerVersionId}),
            -- per tag the version has: that tag's versions before it, newest first, until one has a pact with the provider
            tag_walk(name, n, version_order, pact_version_id) as (
              select w.name, 1, t.version_order, ${pactOf} from own w cross join lateral ${olderTagged(sql`${at.consumerVersionOrder}`)}
              union all
              select w.name, w.n + 1, t.version_order, ${pactOf}
                from tag_walk w cross join lateral ${olderTagged(sql`w.version_order`)}
               where w.pact_version_id is null and w.n < ${walk}),
            -- the integration's publications before it, newest first, until one is from an untagged version
            untagged_walk(n, consumer_version_order, pact_version_id, tagged) as (
              select 1, x.consumer_version_order, x.pact_version_id, ${tagged}
                from ${older(sql`${at.consumerVersionOrder}`)}
              union all
              select w.n + 1, x.consumer_version_order, x.pact_version_id, ${tagged}
                from untagged_walk w cross join lateral ${older(sql`w.consumer_version_order`)}
               where w.tagged and w.n < ${walk})
            select own.name as tag,
                   (select pv.sha from tag_walk w join ${pactVersions} pv on pv.id = w.pact_version_id where w.name = own.name) as sha
              from own
            union all
            select null, (select pv.sha from untagged_walk w join ${pactVersions} pv on pv.id = w.pact_version_id where not w.tagged)
             where not exists (select 1 from own)
            order by 1`;
}

export function createPactsRepository(db: Executor) {
  const many = async (ex: Executor, query: SQL) => (await queryRows<PactRow>(ex, query)).map(toPact);
  const one = async (ex: Executor, query: SQL) => (await many(ex, query))[0];
  /** `query` must read `page.limit + 1` rows after `page.offset` (pageWindow). */
  const paged = async (ex: Executor, query: SQL, page: Page): Promise<PageOf<PactSummary>> => {
    const rows = await many(ex, query);
    return { items: rows.slice(0, page.limit), more: rows.length > page.limit };
  };
  const pageWindow = (page: Page) => ({ limit: page.limit + 1, offset: page.offset });
  /** One pact per integration, from a lateral that picks it (`limit 1`): bounded by the integrations, not by history. */
  const perIntegration = (ex: Executor, lateral: SQL, where: SQL, orderBy: SQL) =>
    many(ex, pactSelect({ content: false, from: sql`${integrations} i cross join lateral ${lateral} l`, where, orderBy }));
  /**
   * A paged provider list ordered by consumer name, then newest first: each consumer's rows come from a lateral index
   * walk capped at what one page can hold (offset + limit + 1), so a page reads at most consumers × that many rows
   * instead of every publication the provider ever had (a sort of 240k rows for a hub at a million versions).
   */
  // The page is picked over the integrations (consumers in name order, through pacticipants_lower_name_idx) and the
  // capped laterals alone, before the other joins: an incremental sort then stops after the page (6 ms instead of
  // 0.5 s on that hub, where the planner otherwise joined versions to every capped row first).
  const perConsumerPage = (ex: Executor, providerId: number, lateralOf: (cap: SQL) => SQL, page: Page) =>
    paged(
      ex,
      pactSelect({
        content: false,
        from: sql`${integrations} i join ${pacticipants} c0 on c0.id = i.consumer_id
                  cross join lateral ${lateralOf(sql`limit ${page.offset + page.limit + 1}`)} l`,
        where: sql`i.provider_id = ${providerId}`,
        orderBy: sql`lower(c0.name), l.consumer_version_order desc`,
        page: { ...pageWindow(page), outerOrderBy: sql`lower(c.name), l.consumer_version_order desc` },
      }),
      page,
    );

  return {
    // --- writes (always inside the publishing transaction) ---

    /**
     * The id of the content (consumer, provider, sha), stored now if new: one statement in the common cases (new
     * content, or content stored before this statement began). The statement's snapshot cannot see content another
     * publish committed while the insert waited on it; a second lookup (a new snapshot) finds that.
     */
    async findOrCreatePactVersion(
      input: { consumerId: number; providerId: number; sha: string; content: string; interactionCount: number },
      ex: Executor,
    ): Promise<{ id: number; created: boolean }> {
      const existing = sql`select id from ${pactVersions}
                           where consumer_id = ${input.consumerId} and provider_id = ${input.providerId} and sha = ${input.sha}`;
      const [row] = await queryPrepared<{ id: number | string; created: boolean }>(
        ex,
        sql`with inserted as (
              insert into ${pactVersions} (consumer_id, provider_id, sha, content, interaction_count)
              values (${input.consumerId}, ${input.providerId}, ${input.sha}, ${input.content}, ${input.interactionCount})
              on conflict do nothing returning id)
            select id, true as created from inserted
            union all select id, false as created from (${existing}) e`,
      );
      if (row) return { id: Number(row.id), created: Boolean(row.created) };
      const [late] = await queryRows<{ id: number | string }>(ex, existing);
      return { id: Number(late!.id), created: false };
    },

    /**
     * findOrCreatePactVersion and addRevision in one statement (a publish's common case). Undefined, with nothing
     * written but the integration's timestamp, when the content was committed by another publish while the insert
     * waited (the snapshot cannot see it): the caller then takes the two-statement path.
     */
    async storeRevision(
      input: { consumerId: number; providerId: number; sha: string; content: string; interactionCount: number; consumerVersionId: number; consumerVersionOrder: number },
      ex: Executor,
    ): Promise<{ id: number; created: boolean } | undefined> {
      const [row] = await storeRevisionStatement<{ id: number | string; created: boolean }>(ex, { ...input, now: new Date() });
      return row ? { id: Number(row.id), created: Boolean(row.created) } : undefined;
    },

    /**
     * Appends a revision and points the "latest" row and the integration at it, in one statement (each
     * data-modifying CTE runs once whether or not the answer reads it).
     */
    async addRevision(
      input: { consumerId: number; providerId: number; consumerVersionId: number; consumerVersionOrder: number; pactVersionId: number },
      ex: Executor,
    ): Promise<void> {
      const now = new Date();
      await queryPrepared(ex, sql`with ${revisionCtes(input, sql`${input.pactVersionId}`, sql``, now)} select id from publication`);
    },

    async deleteForConsumerVersion(consumerVersionId: number, providerId: number, ex: Executor): Promise<boolean> {
      const deleted = await ex
        .delete(pactPublications)
        .where(and(eq(pactPublications.consumerVersionId, consumerVersionId), eq(pactPublications.providerId, providerId)))
        .returning({ id: pactPublications.id });
      return deleted.length > 0;
    },

    async deleteIntegrationIfUnused(consumerId: number, providerId: number, ex: Executor): Promise<void> {
      await ex.execute(sql`
        delete from ${integrations}
        where consumer_id = ${consumerId} and provider_id = ${providerId}
          and not exists (select 1 from ${latestPactPublications} l where l.consumer_id = ${consumerId} and l.provider_id = ${providerId})`);
    },

    async deleteAllForIntegration(consumerId: number, providerId: number, ex: Executor): Promise<void> {
      await ex
        .delete(pactPublications)
        .where(and(eq(pactPublications.consumerId, consumerId), eq(pactPublications.providerId, providerId)));
      await ex.delete(integrations).where(and(eq(integrations.consumerId, consumerId), eq(integrations.providerId, providerId)));
    },

    // --- single pacts ---

    forConsumerVersion(consumerVersionId: number, providerId: number, ex: Executor = db) {
      return one(ex, pactSelect({ content: true, where: sql`l.consumer_version_id = ${consumerVersionId} and l.provider_id = ${providerId}` }));
    },

    latestForIntegration(consumerId: number, providerId: number, ex: Executor = db) {
      return one(
        ex,
        pactSelect({
          content: true,
          where: sql`l.consumer_id = ${consumerId} and l.provider_id = ${providerId}`,
          orderBy: sql`l.consumer_version_order desc`,
          newestFirst: true,
        }),
      );
    },

    latestForIntegrationWithTag(consumerId: number, providerId: number, tag: string, ex: Executor = db) {
      return one(
        ex,
        pactSelect({
          content: true,
          from: sql`${tags} t join ${latestPactPublications} l on l.consumer_version_id = t.version_id and l.provider_id = ${providerId}`,
          where: sql`t.pacticipant_id = ${consumerId} and t.name = ${tag}`,
          orderBy: sql`t.version_order desc`,
          newestFirst: true,
        }),
      );
    },

    latestUntaggedForIntegration(consumerId: number, providerId: number, ex: Executor = db) {
      return one(
        ex,
        pactSelect({
          content: true,
          where: sql`l.consumer_id = ${consumerId} and l.provider_id = ${providerId}
                     and not exists (select 1 from ${tags} t where t.version_id = l.consumer_version_id)`,
          orderBy: sql`l.consumer_version_order desc`,
          newestFirst: true,
        }),
      );
    },

    latestForIntegrationOnBranch(consumerId: number, providerId: number, branchName: string, ex: Executor = db) {
      // The branch id is a scalar subquery, not a join: with `bv.branch_id = <one value>` the planner walks
      // branch_versions_branch_order_idx backwards and stops at the first member with a pact for this provider.
      // Joined to `branches`, it read every member of the branch (tens of thousands on a busy main) and sorted them.
      return one(
        ex,
        pactSelect({
          content: true,
          from: sql`${branchVersions} bv
                    join ${latestPactPublications} l on l.consumer_version_id = bv.version_id and l.provider_id = ${providerId}`,
          where: sql`bv.branch_id = (select b.id from ${branches} b where b.pacticipant_id = ${consumerId} and b.name = ${branchName})`,
          orderBy: sql`bv.version_order desc`,
          newestFirst: true,
        }),
      );
    },

    /** The pact content with this sha; the consumer version shown is the latest one that has this content. */
    bySha(consumerId: number, providerId: number, sha: string, ex: Executor = db) {
      return one(
        ex,
        pactSelect({
          content: true,
          // Through the content's unique (consumer, provider, sha) index, then the publications of that content.
          where: sql`l.pact_version_id = (select id from ${pactVersions}
                                          where consumer_id = ${consumerId} and provider_id = ${providerId} and sha = ${sha})`,
          orderBy: sql`l.consumer_version_order desc`,
          limit: 1,
        }),
      );
    },

    /**
     * The hot single-pact reads: one prepared statement by the names in the URL, without the content (the service
     * keeps contents in a cache by pact version id). Undefined when anything is missing: the caller then works out
     * which, by the slower per-step reads above. `contentToken` identifies the content beyond its id (the sha leaves
     * out names and metadata, and an id can come back after a truncate that restarts identities): the cache checks it.
     */
    async findPactByNames(lookup: PactLookup, ex: Executor = db): Promise<{ summary: PactSummary; contentToken: string } | undefined> {
      const [row] = await BY_NAMES[lookup.kind]<PactRow>(ex, lookup as unknown as Record<string, unknown>);
      if (!row) return undefined;
      const { content: _content, ...summary } = toPact(row);
      return { summary, contentToken: `${row.sha}@${new Date(row.pact_version_created_at ?? row.created_at).toISOString()}` };
    },

    /** The content of a pact version (immutable per id). */
    async contentOf(pactVersionId: number, ex: Executor = db): Promise<string | undefined> {
      const [row] = await contentById<{ content: string }>(ex, { id: pactVersionId });
      return row?.content;
    },

    /**
     * The most recent earlier publication of this integration whose content differs. A short walk back finds it
     * unless a long run of identical republished content comes first; then each other content of the integration is
     * probed for its newest publication before this one (the (pact_version_id, consumer_version_order) index). The
     * first is cheap when content changes often, the second when it rarely does; neither reads the whole history.
     */
    async previousDistinct(pact: PactSummary, ex: Executor = db) {
      const recent = sql`(select x.* from ${latestPactPublications} x
                          where x.consumer_id = ${pact.consumerId} and x.provider_id = ${pact.providerId}
                            and x.consumer_version_order < ${pact.consumerVersionOrder}
                          order by x.consumer_version_order desc limit ${PREVIOUS_DISTINCT_WALK}) l`;
      const nearby = await one(
        ex,
        pactSelect({ content: true, from: recent, where: sql`l.pact_version_id <> ${pact.pactVersionId}`, orderBy: sql`l.consumer_version_order desc`, newestFirst: true }),
      );
      if (nearby) return nearby;
      const newestOfEachContent = sql`${pactVersions} other cross join lateral (
          select x.* from ${latestPactPublications} x
          where x.pact_version_id = other.id and x.consumer_version_order < ${pact.consumerVersionOrder}
          order by x.consumer_version_order desc limit 1) l`;
      return one(
        ex,
        pactSelect({
          content: true,
          from: newestOfEachContent,
          where: sql`other.consumer_id = ${pact.consumerId} and other.provider_id = ${pact.providerId} and other.id <> ${pact.pactVersionId}`,
          orderBy: sql`l.consumer_version_order desc`,
          newestFirst: true,
        }),
      );
    },

    /**
     * The pacts a new publication is compared with (broker-semantics C1), in one query: for each tag the consumer
     * version has now, the sha of the newest earlier-ordered version with that tag that has a pact with this provider;
     * for a version without tags, the sha of the newest earlier untagged version's pact. Null where none was found.
     * Each is a backward walk of an index (tags by name and order; the integration's publications by order) that
     * stops at the first match, and reads at most CONTENT_CHANGE_WALK entries: beyond that the previous pact counts
     * as absent, so contract_content_changed fires (a spare provider build rather than a missed one).
     */
    async previousForContentChange(at: ContentChangeAt, ex: Executor = db, walk = CONTENT_CHANGE_WALK): Promise<Array<{ tag: string | null; sha: string | null }>> {
      const rows = await queryPrepared<{ tag: string | null; sha: string | null }>(ex, previousForContentChangeQuery(at, walk));
      return rows.map((r) => ({ tag: r.tag, sha: r.sha }));
    },

    // --- lists ---

    /** Latest pact of every integration (or of every consumer of one provider). */
    latestPerIntegration(filter: { providerId?: number } = {}, ex: Executor = db): Promise<PactSummary[]> {
      const lateral = sql`(select * from ${latestPactPublications} x
                           where x.consumer_id = i.consumer_id and x.provider_id = i.provider_id
                           order by x.consumer_version_order desc limit 1)`;
      const where = filter.providerId === undefined ? sql`true` : sql`i.provider_id = ${filter.providerId}`;
      return perIntegration(ex, lateral, where, sql`lower(c.name), lower(p.name)`);
    },

    /** Pacts of a provider, from each consumer version that has the tag (latest: only each consumer's newest). */
    forProviderWithTag(providerId: number, tag: string, latest: boolean, page: Page, ex: Executor = db): Promise<PageOf<PactSummary>> {
      // Each consumer's pacts from its versions with the tag, newest first; `cap` bounds the walk.
      const tagged = (cap: SQL) => sql`(select l2.* from ${tags} t join ${latestPactPublications} l2
                                         on l2.consumer_version_id = t.version_id and l2.provider_id = i.provider_id
                                       where t.pacticipant_id = i.consumer_id and t.name = ${tag}
                                       order by t.version_order desc ${cap})`;
      if (latest) {
        const lateral = tagged(sql`limit 1`);
        // One per consumer: bounded by the integrations, not by history, so not paged (the verifier reads it whole).
        return perIntegration(ex, lateral, sql`i.provider_id = ${providerId}`, sql`lower(c.name)`).then((items) => ({ items, more: false }));
      }
      return perConsumerPage(ex, providerId, tagged, page);
    },

    /** Pacts of a provider from consumer versions on a branch; branch undefined = each consumer's main branch. */
    forProviderOnBranch(providerId: number, branch: string | undefined, latest: boolean, page: Page, ex: Executor = db): Promise<PageOf<PactSummary>> {
      const branchMatch = branch === undefined ? sql`b.name = cp.main_branch` : sql`b.name = ${branch}`;
      // The consumer's branch as a scalar subquery (see latestForIntegrationOnBranch): each consumer's latest is then
      // a short backward index walk instead of a sort of all its branch members (seconds for a provider with 150
      // consumers at a million versions).
      const branchId = sql`(select b.id from ${branches} b join ${pacticipants} cp on cp.id = b.pacticipant_id
                            where b.pacticipant_id = i.consumer_id and ${branchMatch})`;
      if (latest) {
        // One per consumer: bounded by the integrations, not by history, so not paged (clients read it whole).
        const lateral = sql`(select l2.* from ${branchVersions} bv
                               join ${latestPactPublications} l2 on l2.consumer_version_id = bv.version_id and l2.provider_id = i.provider_id
                             where bv.branch_id = ${branchId}
                             order by bv.version_order desc limit 1)`;
        return perIntegration(ex, lateral, sql`i.provider_id = ${providerId}`, sql`lower(c.name), l.consumer_version_order desc`).then((items) => ({
          items,
          more: false,
        }));
      }
      // A page: walk each integration's pacts newest first and keep those whose version is on the branch, one probe of
      // the (branch, version) index per pact. A scalar subquery, not EXISTS or a join: the planner made those a hash
      // join reading the whole branch and every pact of the provider (over 30 s for a hub's list at a million
      // versions before paging, 0.7 s per page after; 1 ms this way).
      const onBranch = (cap: SQL) => sql`(select l2.* from ${latestPactPublications} l2
                         where l2.consumer_id = i.consumer_id and l2.provider_id = i.provider_id
                           and (select bv.branch_id from ${branchVersions} bv
                                where bv.version_id = l2.consumer_version_id and bv.branch_id = ${branchId}) is not null
                         order by l2.consumer_version_order desc ${cap})`;
      return perConsumerPage(ex, providerId, onBranch, page);
    },

    /** Every pact of the provider (each consumer version's latest revision), a page at a time. */
    forProvider(providerId: number, page: Page, ex: Executor = db): Promise<PageOf<PactSummary>> {
      return perConsumerPage(
        ex,
        providerId,
        (cap) => sql`(select x.* from ${latestPactPublications} x
                      where x.consumer_id = i.consumer_id and x.provider_id = i.provider_id
                      order by x.consumer_version_order desc ${cap})`,
        page,
      );
    },

    /**
     * Pact versions of one integration, newest first, a page at a time; optionally only consumer versions on a branch
     * or with a tag; `latest`: only the newest one.
     */
    forIntegration(
      consumerId: number,
      providerId: number,
      options: { branch?: string | undefined; tag?: string | undefined; latest?: boolean },
      page: Page,
      ex: Executor = db,
    ): Promise<PageOf<PactSummary>> {
      const from =
        options.branch !== undefined
          ? // Branch id as a scalar subquery, as in latestForIntegrationOnBranch (latest: an index walk, not a sort).
            sql`${branchVersions} bv join ${latestPactPublications} l on l.consumer_version_id = bv.version_id
                and bv.branch_id = (select b.id from ${branches} b where b.pacticipant_id = ${consumerId} and b.name = ${options.branch})`
          : options.tag !== undefined
            ? sql`${tags} t join ${latestPactPublications} l on l.consumer_version_id = t.version_id and t.name = ${options.tag}`
            : undefined;
      const query = pactSelect({
        content: false,
        ...(from ? { from } : {}),
        where: sql`l.consumer_id = ${consumerId} and l.provider_id = ${providerId}`,
        orderBy: sql`l.consumer_version_order desc`,
        ...(options.latest ? { limit: 1 } : pageWindow(page)),
      });
      return options.latest ? many(ex, query).then((items) => ({ items, more: false })) : paged(ex, query, page);
    },

    /** Providers this consumer version has pacts with. */
    forConsumerVersions(consumerVersionIds: number[], ex: Executor = db): Promise<PactSummary[]> {
      if (consumerVersionIds.length === 0) return Promise.resolve([]);
      return many(
        ex,
        pactSelect({
          content: false,
          where: sql`l.consumer_version_id = any(${bigintArray(consumerVersionIds)})`,
          orderBy: sql`lower(p.name)`,
        }),
      );
    },

    // --- for the UI (the pact page, search across pact contents) ---

    /**
     * The consumer versions whose latest pact with this provider has this content, newest first, with their branches
     * and tags (one query: an index walk on latest_pact_publications_pact_version_order_idx, `limit + 1` rows).
     */
    async publishersOf(pactVersionId: number, limit: number, ex: Executor = db): Promise<PageOf<ConsumerVersionPublication>> {
      const rows = await queryRows<{ number: string; created_at: Date | string; branches: unknown; tags: unknown }>(
        ex,
        sql`select v.number, l.created_at,
                   array(select b.name from ${branchVersions} bv join ${branches} b on b.id = bv.branch_id
                         where bv.version_id = v.id order by bv.id) as branches,
                   array(select t.name from ${tags} t where t.version_id = v.id order by t.created_at, t.name) as tags
            from ${latestPactPublications} l join ${versions} v on v.id = l.consumer_version_id
            where l.pact_version_id = ${pactVersionId}
            order by l.consumer_version_order desc limit ${limit + 1}`,
      );
      const names = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
      const items = rows.slice(0, limit).map((r) => ({ number: r.number, publishedAt: new Date(r.created_at), branches: names(r.branches), tags: names(r.tags) }));
      return { items, more: rows.length > limit };
    },

    /** The latest pact of the first `limit` integrations (by consumer, then provider name), with content. */
    latestPerIntegrationWithContent(limit: number, ex: Executor = db): Promise<Pact[]> {
      const lateral = sql`(select * from ${latestPactPublications} x
                           where x.consumer_id = i.consumer_id and x.provider_id = i.provider_id
                           order by x.consumer_version_order desc limit 1)`;
      return many(ex, pactSelect({ content: true, from: sql`${integrations} i cross join lateral ${lateral} l`, where: sql`true`, orderBy: sql`lower(c.name), lower(p.name)`, limit }));
    },
  };
}

export type PactsRepository = ReturnType<typeof createPactsRepository>;
