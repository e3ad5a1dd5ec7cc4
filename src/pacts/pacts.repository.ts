import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/query.js';
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
import type { Pact, PactSummary } from './pacts.types.js';

interface Row {
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
  content?: string;
}

function toPact(row: Row): Pact {
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

/** Select over latest_pact_publications `l` with the names, version and content sha joined in. */
function pactSelect(options: { content: boolean; from?: SQL; where: SQL; orderBy?: SQL; limit?: number }): SQL {
  return sql`
    select l.consumer_id, l.provider_id, c.name as consumer_name, p.name as provider_name,
           l.consumer_version_id, v.number as consumer_version_number, l.consumer_version_order,
           l.pact_version_id, pv.sha, l.created_at ${options.content ? sql`, pv.content` : sql``}
    from ${options.from ?? sql`${latestPactPublications} l`}
    join ${versions} v on v.id = l.consumer_version_id
    join ${pactVersions} pv on pv.id = l.pact_version_id
    join ${pacticipants} c on c.id = l.consumer_id
    join ${pacticipants} p on p.id = l.provider_id
    where ${options.where}
    ${options.orderBy ? sql`order by ${options.orderBy}` : sql``}
    ${options.limit ? sql`limit ${options.limit}` : sql``}`;
}

export function createPactsRepository(db: Executor) {
  const many = async (ex: Executor, query: SQL) => (await queryRows<Row>(ex, query)).map(toPact);
  const one = async (ex: Executor, query: SQL) => (await many(ex, query))[0];

  return {
    // --- writes (always inside the publishing transaction) ---

    async findOrCreatePactVersion(
      input: { consumerId: number; providerId: number; sha: string; content: string; interactionCount: number },
      ex: Executor,
    ): Promise<{ id: number; created: boolean }> {
      const [inserted] = await ex
        .insert(pactVersions)
        .values(input)
        .onConflictDoNothing()
        .returning({ id: pactVersions.id });
      if (inserted) return { id: inserted.id, created: true };
      const [existing] = await ex
        .select({ id: pactVersions.id })
        .from(pactVersions)
        .where(
          and(
            eq(pactVersions.consumerId, input.consumerId),
            eq(pactVersions.providerId, input.providerId),
            eq(pactVersions.sha, input.sha),
          ),
        );
      return { id: existing!.id, created: false };
    },

    /** Appends a revision and points the "latest" row and the integration at it. */
    async addRevision(
      input: { consumerId: number; providerId: number; consumerVersionId: number; consumerVersionOrder: number; pactVersionId: number },
      ex: Executor,
    ): Promise<void> {
      const [last] = await queryRows<{ max: number | null }>(
        ex,
        sql`select max(revision_number) as max from ${pactPublications}
            where consumer_version_id = ${input.consumerVersionId} and provider_id = ${input.providerId}`,
      );
      const now = new Date();
      const [publication] = await ex
        .insert(pactPublications)
        .values({
          consumerVersionId: input.consumerVersionId,
          providerId: input.providerId,
          consumerId: input.consumerId,
          revisionNumber: Number(last?.max ?? 0) + 1,
          pactVersionId: input.pactVersionId,
          createdAt: now,
        })
        .returning({ id: pactPublications.id });
      await ex
        .insert(latestPactPublications)
        .values({
          consumerVersionId: input.consumerVersionId,
          providerId: input.providerId,
          consumerId: input.consumerId,
          consumerVersionOrder: input.consumerVersionOrder,
          pactPublicationId: publication!.id,
          pactVersionId: input.pactVersionId,
          createdAt: now,
        })
        .onConflictDoUpdate({
          target: [latestPactPublications.consumerVersionId, latestPactPublications.providerId],
          set: { pactPublicationId: publication!.id, pactVersionId: input.pactVersionId, createdAt: now },
        });
      await ex
        .insert(integrations)
        .values({ consumerId: input.consumerId, providerId: input.providerId, contractDataUpdatedAt: now })
        .onConflictDoUpdate({
          target: [integrations.consumerId, integrations.providerId],
          set: { contractDataUpdatedAt: now },
        });
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
          limit: 1,
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
          limit: 1,
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
          limit: 1,
        }),
      );
    },

    latestForIntegrationOnBranch(consumerId: number, providerId: number, branchName: string, ex: Executor = db) {
      return one(
        ex,
        pactSelect({
          content: true,
          from: sql`${branches} b
                    join ${branchVersions} bv on bv.branch_id = b.id
                    join ${latestPactPublications} l on l.consumer_version_id = bv.version_id and l.provider_id = ${providerId}`,
          where: sql`b.pacticipant_id = ${consumerId} and b.name = ${branchName}`,
          orderBy: sql`bv.version_order desc`,
          limit: 1,
        }),
      );
    },

    /** The pact content with this sha; the consumer version shown is the latest one that has this content. */
    bySha(consumerId: number, providerId: number, sha: string, ex: Executor = db) {
      return one(
        ex,
        pactSelect({
          content: true,
          where: sql`l.consumer_id = ${consumerId} and l.provider_id = ${providerId} and pv.sha = ${sha}`,
          orderBy: sql`l.consumer_version_order desc`,
          limit: 1,
        }),
      );
    },

    /** The most recent earlier publication of this integration whose content differs. */
    previousDistinct(pact: PactSummary, ex: Executor = db) {
      return one(
        ex,
        pactSelect({
          content: true,
          where: sql`l.consumer_id = ${pact.consumerId} and l.provider_id = ${pact.providerId}
                     and l.consumer_version_order < ${pact.consumerVersionOrder} and l.pact_version_id <> ${pact.pactVersionId}`,
          orderBy: sql`l.consumer_version_order desc`,
          limit: 1,
        }),
      );
    },

    // --- lists ---

    /** Latest pact of every integration (or of every consumer of one provider). */
    latestPerIntegration(filter: { providerId?: number } = {}, ex: Executor = db): Promise<PactSummary[]> {
      const lateral = sql`(select * from ${latestPactPublications} x
                           where x.consumer_id = i.consumer_id and x.provider_id = i.provider_id
                           order by x.consumer_version_order desc limit 1)`;
      return many(
        ex,
        pactSelect({
          content: false,
          from: sql`${integrations} i cross join lateral ${lateral} l`,
          where: filter.providerId === undefined ? sql`true` : sql`i.provider_id = ${filter.providerId}`,
          orderBy: sql`lower(c.name), lower(p.name)`,
        }),
      );
    },

    /** Pacts of a provider, from each consumer version that has the tag (latest: only each consumer's newest). */
    forProviderWithTag(providerId: number, tag: string, latest: boolean, ex: Executor = db): Promise<PactSummary[]> {
      if (latest) {
        const lateral = sql`(select l2.* from ${tags} t join ${latestPactPublications} l2
                               on l2.consumer_version_id = t.version_id and l2.provider_id = i.provider_id
                             where t.pacticipant_id = i.consumer_id and t.name = ${tag}
                             order by t.version_order desc limit 1)`;
        return many(
          ex,
          pactSelect({
            content: false,
            from: sql`${integrations} i cross join lateral ${lateral} l`,
            where: sql`i.provider_id = ${providerId}`,
            orderBy: sql`lower(c.name)`,
          }),
        );
      }
      return many(
        ex,
        pactSelect({
          content: false,
          from: sql`${latestPactPublications} l join ${tags} t on t.version_id = l.consumer_version_id and t.name = ${tag}`,
          where: sql`l.provider_id = ${providerId}`,
          orderBy: sql`lower(c.name), l.consumer_version_order desc`,
        }),
      );
    },

    /** Pacts of a provider from consumer versions on a branch; branch undefined = each consumer's main branch. */
    forProviderOnBranch(providerId: number, branch: string | undefined, latest: boolean, ex: Executor = db): Promise<PactSummary[]> {
      const branchMatch = branch === undefined ? sql`b.name = cp.main_branch` : sql`b.name = ${branch}`;
      const members = sql`${branches} b join ${branchVersions} bv on bv.branch_id = b.id
                          join ${latestPactPublications} l2 on l2.consumer_version_id = bv.version_id and l2.provider_id = i.provider_id
                          join ${pacticipants} cp on cp.id = b.pacticipant_id`;
      const lateral = sql`(select l2.* from ${members} where b.pacticipant_id = i.consumer_id and ${branchMatch}
                           order by bv.version_order desc ${latest ? sql`limit 1` : sql``})`;
      return many(
        ex,
        pactSelect({
          content: false,
          from: sql`${integrations} i cross join lateral ${lateral} l`,
          where: sql`i.provider_id = ${providerId}`,
          orderBy: sql`lower(c.name), l.consumer_version_order desc`,
        }),
      );
    },

    forProvider(providerId: number, ex: Executor = db): Promise<PactSummary[]> {
      return many(
        ex,
        pactSelect({ content: false, where: sql`l.provider_id = ${providerId}`, orderBy: sql`lower(c.name), l.consumer_version_order desc` }),
      );
    },

    /** All pact versions of one integration, newest first; optionally only consumer versions on a branch or with a tag. */
    forIntegration(
      consumerId: number,
      providerId: number,
      options: { branch?: string | undefined; tag?: string | undefined; latest?: boolean } = {},
      ex: Executor = db,
    ): Promise<PactSummary[]> {
      const from =
        options.branch !== undefined
          ? sql`${branches} b join ${branchVersions} bv on bv.branch_id = b.id and b.pacticipant_id = ${consumerId} and b.name = ${options.branch}
                join ${latestPactPublications} l on l.consumer_version_id = bv.version_id`
          : options.tag !== undefined
            ? sql`${tags} t join ${latestPactPublications} l on l.consumer_version_id = t.version_id and t.name = ${options.tag}`
            : undefined;
      return many(
        ex,
        pactSelect({
          content: false,
          ...(from ? { from } : {}),
          where: sql`l.consumer_id = ${consumerId} and l.provider_id = ${providerId}`,
          orderBy: sql`l.consumer_version_order desc`,
          ...(options.latest ? { limit: 1 } : {}),
        }),
      );
    },

    /** Providers this consumer version has pacts with. */
    forConsumerVersions(consumerVersionIds: number[], ex: Executor = db): Promise<PactSummary[]> {
      if (consumerVersionIds.length === 0) return Promise.resolve([]);
      return many(
        ex,
        pactSelect({
          content: false,
          where: sql`l.consumer_version_id in (${sql.join(consumerVersionIds.map((id) => sql`${id}`), sql`, `)})`,
          orderBy: sql`lower(p.name)`,
        }),
      );
    },
  };
}

export type PactsRepository = ReturnType<typeof createPactsRepository>;
