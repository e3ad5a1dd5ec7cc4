import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bigintArray, queryPrepared, queryRows, textArray } from '../db/query.js';
import { branchHeads, branches, branchVersions, latestPactPublications, pacticipants, tags, versions } from '../db/schema/index.js';
import type { Branch, BranchVersion, Tag, Version, VersionBranchMembership } from './versions.types.js';

/**
 * A page of a version list. The total (an exact count, which reads every row of the list) is only counted when the
 * client asked for a page (`paged`): only then does the response show it (`page`, `next`/`previous`), as in the Pact Broker.
 */
export interface ListPage {
  offset: number;
  limit: number;
  paged?: boolean;
}

export function createVersionsRepository(db: Executor) {
  const repo = {
    async findByNumber(pacticipantId: number, number: string, ex: Executor = db): Promise<Version | undefined> {
      const [row] = await ex
        .select()
        .from(versions)
        .where(and(eq(versions.pacticipantId, pacticipantId), eq(versions.number, number)))
        .limit(1);
      return row;
    },

    /** Which of these version numbers the pacticipant has. */
    async existingNumbers(pacticipantId: number, numbers: readonly string[], ex: Executor = db): Promise<Set<string>> {
      if (numbers.length === 0) return new Set();
      const rows = await ex
        .select({ number: versions.number })
        .from(versions)
        .where(and(eq(versions.pacticipantId, pacticipantId), sql`${versions.number} = any(${textArray(numbers)})`));
      return new Set(rows.map((r) => r.number));
    },

    async findOrCreate(pacticipantId: number, number: string, ex: Executor = db): Promise<{ version: Version; created: boolean }> {
      const [inserted] = await ex.insert(versions).values({ pacticipantId, number }).onConflictDoNothing().returning();
      if (inserted) return { version: inserted, created: true };
      return { version: (await repo.findByNumber(pacticipantId, number, ex))!, created: false };
    },

    /** Serialises writers of one version (publishing, overwriting) without blocking readers. */
    async lock(versionId: number, ex: Executor): Promise<void> {
      await ex.execute(sql`select 1 from ${versions} where ${versions.id} = ${versionId} for update`);
    },

    async update(versionId: number, fields: { buildUrl: string | null }, ex: Executor = db): Promise<Version> {
      const [row] = await ex
        .update(versions)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(versions.id, versionId))
        .returning();
      return row!;
    },

    async latest(pacticipantId: number, ex: Executor = db): Promise<Version | undefined> {
      const [row] = await ex
        .select()
        .from(versions)
        .where(eq(versions.pacticipantId, pacticipantId))
        .orderBy(desc(versions.order))
        .limit(1);
      return row;
    },

    async latestWithTag(pacticipantId: number, tag: string, ex: Executor = db): Promise<Version | undefined> {
      const [row] = await ex
        .select({ v: versions })
        .from(tags)
        .innerJoin(versions, eq(versions.id, tags.versionId))
        .where(and(eq(tags.pacticipantId, pacticipantId), eq(tags.name, tag)))
        .orderBy(desc(tags.versionOrder))
        .limit(1);
      return row?.v;
    },

    async branchHead(branchId: number, ex: Executor = db): Promise<Version | undefined> {
      const [row] = await ex
        .select({ v: versions })
        .from(branchHeads)
        .innerJoin(versions, eq(versions.id, branchHeads.versionId))
        .where(eq(branchHeads.branchId, branchId));
      return row?.v;
    },

    async list(pacticipantId: number, page: ListPage, ex: Executor = db) {
      const items = await ex
        .select()
        .from(versions)
        .where(eq(versions.pacticipantId, pacticipantId))
        .orderBy(desc(versions.order))
        .offset(page.offset)
        .limit(page.limit);
      if (!page.paged) return { items, total: undefined };
      const [count] = await ex
        .select({ n: sql<number>`count(*)::int` })
        .from(versions)
        .where(eq(versions.pacticipantId, pacticipantId));
      return { items, total: count?.n ?? 0 };
    },

    async listOnBranch(branchId: number, page: ListPage, ex: Executor = db) {
      const rows = await ex
        .select({ v: versions })
        .from(branchVersions)
        .innerJoin(versions, eq(versions.id, branchVersions.versionId))
        .where(eq(branchVersions.branchId, branchId))
        .orderBy(desc(branchVersions.versionOrder))
        .offset(page.offset)
        .limit(page.limit);
      if (!page.paged) return { items: rows.map((r) => r.v), total: undefined };
      const [count] = await ex
        .select({ n: sql<number>`count(*)::int` })
        .from(branchVersions)
        .where(eq(branchVersions.branchId, branchId));
      return { items: rows.map((r) => r.v), total: count?.n ?? 0 };
    },

    async listWithTag(pacticipantId: number, tag: string, page: ListPage, ex: Executor = db) {
      const rows = await ex
        .select({ v: versions })
        .from(tags)
        .innerJoin(versions, eq(versions.id, tags.versionId))
        .where(and(eq(tags.pacticipantId, pacticipantId), eq(tags.name, tag)))
        .orderBy(desc(tags.versionOrder))
        .offset(page.offset)
        .limit(page.limit);
      if (!page.paged) return { items: rows.map((r) => r.v), total: undefined };
      const [count] = await ex
        .select({ n: sql<number>`count(*)::int` })
        .from(tags)
        .where(and(eq(tags.pacticipantId, pacticipantId), eq(tags.name, tag)));
      return { items: rows.map((r) => r.v), total: count?.n ?? 0 };
    },

    /**
     * Deletes a version and everything it published; moves the heads of its branches back to the next member.
     * Returns the providers it had pacts with, so the caller can drop integrations left without pacts.
     */
    async delete(version: Version, ex: Executor): Promise<number[]> {
      const memberships = await ex
        .select({ branchId: branchVersions.branchId })
        .from(branchVersions)
        .where(eq(branchVersions.versionId, version.id));
      const providers = await ex
        .select({ providerId: latestPactPublications.providerId })
        .from(latestPactPublications)
        .where(eq(latestPactPublications.consumerVersionId, version.id));
      await ex.delete(versions).where(eq(versions.id, version.id));
      for (const { branchId } of memberships) await repo.recomputeBranchHead(branchId, ex);
      return providers.map((p) => p.providerId);
    },

    async recomputeBranchHead(branchId: number, ex: Executor): Promise<void> {
      await ex.execute(sql`
        insert into ${branchHeads} (branch_id, branch_version_id, version_id)
        select branch_id, id, version_id from ${branchVersions}
        where branch_id = ${branchId}
        order by version_order desc limit 1
        on conflict (branch_id) do update
          set branch_version_id = excluded.branch_version_id, version_id = excluded.version_id`);
    },

    // --- branches ---

    async findBranch(pacticipantId: number, name: string, ex: Executor = db): Promise<Branch | undefined> {
      const [row] = await ex
        .select()
        .from(branches)
        .where(and(eq(branches.pacticipantId, pacticipantId), eq(branches.name, name)));
      return row;
    },

    async findOrCreateBranch(pacticipantId: number, name: string, ex: Executor = db): Promise<Branch> {
      // Looked up first: a branch is created once and published to many times.
      const found = await repo.findBranch(pacticipantId, name, ex);
      if (found) return found;
      await ex.insert(branches).values({ pacticipantId, name }).onConflictDoNothing();
      return (await repo.findBranch(pacticipantId, name, ex))!;
    },

    async listBranches(pacticipantId: number, page: { offset: number; limit: number }, ex: Executor = db) {
      const items = await ex
        .select()
        .from(branches)
        .where(eq(branches.pacticipantId, pacticipantId))
        .orderBy(asc(branches.name))
        .offset(page.offset)
        .limit(page.limit);
      const [count] = await ex
        .select({ n: sql<number>`count(*)::int` })
        .from(branches)
        .where(eq(branches.pacticipantId, pacticipantId));
      return { items, total: count?.n ?? 0 };
    },

    async deleteBranch(branchId: number, ex: Executor = db): Promise<void> {
      await ex.delete(branches).where(eq(branches.id, branchId));
    },

    async findBranchVersion(branchId: number, versionId: number, ex: Executor = db): Promise<BranchVersion | undefined> {
      const [row] = await ex
        .select()
        .from(branchVersions)
        .where(and(eq(branchVersions.branchId, branchId), eq(branchVersions.versionId, versionId)));
      return row;
    },

    /**
     * Adds the version to the branch; a new membership becomes the branch head (head = most recently added). One
     * statement: the membership, the head and the branch's updated_at (each data-modifying CTE runs once).
     */
    /**
     * findOrCreateBranch and addToBranch in one statement (a publish's common case: the branch exists or is new, the
     * version is not in it yet). Undefined, with nothing written, otherwise (the version is already in the branch, or
     * another writer committed the branch while this one waited on it): the caller then takes the two-step path.
     */
    async addToNamedBranch(
      pacticipantId: number,
      name: string,
      version: Version,
      ex: Executor,
    ): Promise<{ branch: Branch; branchVersion: BranchVersion; created: true } | undefined> {
      const now = new Date();
      const [row] = await queryPrepared<{
        branch_id: number;
        branch_created_at: Date | string;
        branch_updated_at: Date | string | null;
        id: number | string;
        created_at: Date | string;
        updated_at: Date | string | null;
      }>(
        ex,
        sql`with found as (select id, created_at, updated_at from ${branches} where pacticipant_id = ${pacticipantId} and name = ${name}),
            -- a new branch gets its first member now: updated_at as addToBranch's update would set it
            created as (
              insert into ${branches} (pacticipant_id, name, updated_at) select ${pacticipantId}, ${name}, ${now}
               where not exists (select 1 from found)
              on conflict do nothing returning id, created_at, updated_at),
            branch as (select id, created_at, updated_at from found union all select id, created_at, null from created),
            member as (
              insert into ${branchVersions} (branch_id, version_id, version_order)
              select id, ${version.id}, ${version.order} from branch
              on conflict do nothing returning id, branch_id, created_at, updated_at),
            head as (
              insert into ${branchHeads} (branch_id, branch_version_id, version_id)
              select branch_id, id, ${version.id} from member
              on conflict (branch_id) do update set branch_version_id = excluded.branch_version_id, version_id = excluded.version_id),
            touched as (
              update ${branches} set updated_at = ${now} where id in (select id from found) and exists (select 1 from member))
            select b.id as branch_id, b.created_at as branch_created_at, b.updated_at as branch_updated_at, m.id, m.created_at, m.updated_at
              from branch b join member m on m.branch_id = b.id`,
      );
      if (!row) return undefined;
      const date = (d: Date | string | null) => (d === null ? null : new Date(d));
      const branch: Branch = { id: Number(row.branch_id), pacticipantId, name, createdAt: new Date(row.branch_created_at), updatedAt: date(row.branch_updated_at) };
      const branchVersion: BranchVersion = { id: Number(row.id), branchId: branch.id, versionId: version.id, createdAt: new Date(row.created_at), updatedAt: date(row.updated_at) };
      return { branch, branchVersion, created: true };
    },

    async addToBranch(branch: Branch, version: Version, ex: Executor): Promise<{ branchVersion: BranchVersion; created: boolean }> {
      const now = new Date();
      const [inserted] = await queryPrepared<{ id: number | string; created_at: Date | string; updated_at: Date | string | null }>(
        ex,
        sql`with member as (
              insert into ${branchVersions} (branch_id, version_id, version_order)
              values (${branch.id}, ${version.id}, ${version.order})
              on conflict do nothing returning id, created_at, updated_at),
            head as (
              insert into ${branchHeads} (branch_id, branch_version_id, version_id)
              select ${branch.id}, id, ${version.id} from member
              on conflict (branch_id) do update set branch_version_id = excluded.branch_version_id, version_id = excluded.version_id),
            touched as (
              update ${branches} set updated_at = ${now} where id = ${branch.id} and exists (select 1 from member))
            select id, created_at, updated_at from member`,
      );
      if (!inserted) {
        return { branchVersion: (await repo.findBranchVersion(branch.id, version.id, ex))!, created: false };
      }
      const branchVersion: BranchVersion = {
        id: Number(inserted.id),
        branchId: branch.id,
        versionId: version.id,
        createdAt: new Date(inserted.created_at),
        updatedAt: inserted.updated_at === null ? null : new Date(inserted.updated_at),
      };
      return { branchVersion, created: true };
    },

    async membershipsFor(versionIds: number[], ex: Executor = db): Promise<VersionBranchMembership[]> {
      if (versionIds.length === 0) return [];
      const rows = await queryRows<{ version_id: number; name: string; latest: boolean }>(
        ex,
        sql`select bv.version_id, b.name, (bh.version_id = bv.version_id) as latest
            from ${branchVersions} bv
            join ${branches} b on b.id = bv.branch_id
            left join ${branchHeads} bh on bh.branch_id = bv.branch_id
            where bv.version_id = any(${bigintArray(versionIds)})
            order by bv.id`,
      );
      return rows.map((r) => ({ versionId: Number(r.version_id), branchName: r.name, latest: Boolean(r.latest) }));
    },

    // --- tags ---

    async findTag(versionId: number, name: string, ex: Executor = db): Promise<Tag | undefined> {
      const [row] = await ex
        .select()
        .from(tags)
        .where(and(eq(tags.versionId, versionId), eq(tags.name, name)));
      return row;
    },

    async addTag(version: Version, name: string, ex: Executor = db): Promise<{ tag: Tag; created: boolean }> {
      const [inserted] = await ex
        .insert(tags)
        .values({ versionId: version.id, name, pacticipantId: version.pacticipantId, versionOrder: version.order })
        .onConflictDoNothing()
        .returning();
      if (inserted) return { tag: inserted, created: true };
      return { tag: (await repo.findTag(version.id, name, ex))!, created: false };
    },

    /** Adds the tags the version does not have yet, in one statement (the names as one array parameter). */
    async addTags(version: Version, names: readonly string[], ex: Executor = db): Promise<void> {
      if (names.length === 0) return;
      await ex.execute(sql`insert into ${tags} (version_id, name, pacticipant_id, version_order)
                           select ${version.id}, t.name, ${version.pacticipantId}, ${version.order} from unnest(${textArray(names)}) t(name)
                           on conflict do nothing`);
    },

    async deleteTag(versionId: number, name: string, ex: Executor = db): Promise<boolean> {
      const rows = await ex
        .delete(tags)
        .where(and(eq(tags.versionId, versionId), eq(tags.name, name)))
        .returning();
      return rows.length > 0;
    },

    async tagsFor(versionIds: number[], ex: Executor = db): Promise<Tag[]> {
      if (versionIds.length === 0) return [];
      return ex.select().from(tags).where(sql`${tags.versionId} = any(${bigintArray(versionIds)})`).orderBy(asc(tags.createdAt), asc(tags.name));
    },
  };
  return repo;
}

export type VersionsRepository = ReturnType<typeof createVersionsRepository>;
