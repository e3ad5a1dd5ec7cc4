import { and, asc, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bigintArray } from '../db/query.js';
import { environments, pacticipants, releasedVersions, versions } from '../db/schema/index.js';
import type { ReleasedVersion } from './deployments.types.js';

export interface ReleasedVersionFilter {
  ids?: number[];
  uuid?: string;
  versionIds?: number[];
  environmentId?: number;
  pacticipantId?: number;
  pacticipantName?: string;
  versionNumber?: string;
  currentOnly?: boolean;
}

export function createReleasesRepository(db: Executor) {
  const repo = {
    async list(filter: ReleasedVersionFilter, order: 'newest' | 'oldest', ex: Executor = db): Promise<ReleasedVersion[]> {
      const conditions: SQL[] = [];
      if (filter.ids) conditions.push(filter.ids.length ? sql`${releasedVersions.id} = any(${bigintArray(filter.ids)})` : sql`false`);
      if (filter.uuid !== undefined) conditions.push(eq(releasedVersions.uuid, filter.uuid));
      if (filter.versionIds) conditions.push(filter.versionIds.length ? sql`${releasedVersions.versionId} = any(${bigintArray(filter.versionIds)})` : sql`false`);
      if (filter.environmentId !== undefined) conditions.push(eq(releasedVersions.environmentId, filter.environmentId));
      if (filter.pacticipantId !== undefined) conditions.push(eq(releasedVersions.pacticipantId, filter.pacticipantId));
      if (filter.pacticipantName !== undefined) conditions.push(eq(pacticipants.name, filter.pacticipantName));
      if (filter.versionNumber !== undefined) conditions.push(eq(versions.number, filter.versionNumber));
      if (filter.currentOnly) conditions.push(isNull(releasedVersions.supportEndedAt));
      const direction = order === 'newest' ? desc : asc;
      const rows = await ex
        .select({
          r: releasedVersions,
          p: { id: pacticipants.id, name: pacticipants.name },
          v: { id: versions.id, number: versions.number, order: versions.order },
          e: environments,
        })
        .from(releasedVersions)
        .innerJoin(pacticipants, eq(pacticipants.id, releasedVersions.pacticipantId))
        .innerJoin(versions, eq(versions.id, releasedVersions.versionId))
        .innerJoin(environments, eq(environments.id, releasedVersions.environmentId))
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(direction(releasedVersions.createdAt), direction(releasedVersions.id));
      return rows.map(({ r, p, v, e }) => ({
        id: r.id,
        uuid: r.uuid,
        pacticipant: p,
        version: v,
        environment: e,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        supportEndedAt: r.supportEndedAt,
        currentlySupported: r.supportEndedAt === null,
      }));
    },

    async findByUuid(uuid: string, ex: Executor = db): Promise<ReleasedVersion | undefined> {
      return (await repo.list({ uuid }, 'newest', ex))[0];
    },

    async findById(id: number, ex: Executor = db): Promise<ReleasedVersion | undefined> {
      return (await repo.list({ ids: [id] }, 'newest', ex))[0];
    },

    /**
     * Creates the release, or makes an existing one supported again. `state` says which happened: `created`,
     * `reactivated` (support had ended) or `unchanged`. A concurrent insert of the same pair waits on the unique index
     * and then finds the committed row.
     */
    async createOrReactivate(
      fields: { versionId: number; pacticipantId: number; environmentId: number },
      at: Date,
      ex: Executor,
    ): Promise<{ id: number; state: 'created' | 'reactivated' | 'unchanged' }> {
      const [inserted] = await ex
        .insert(releasedVersions)
        .values({ ...fields, createdAt: at })
        .onConflictDoNothing({ target: [releasedVersions.versionId, releasedVersions.environmentId] })
        .returning({ id: releasedVersions.id });
      if (inserted) return { id: inserted.id, state: 'created' };
      const pair = and(eq(releasedVersions.versionId, fields.versionId), eq(releasedVersions.environmentId, fields.environmentId));
      const [reactivated] = await ex
        .update(releasedVersions)
        .set({ supportEndedAt: null, updatedAt: at })
        .where(and(pair, isNotNull(releasedVersions.supportEndedAt)))
        .returning({ id: releasedVersions.id });
      if (reactivated) return { id: reactivated.id, state: 'reactivated' };
      const [existing] = await ex.select({ id: releasedVersions.id }).from(releasedVersions).where(pair);
      return { id: existing!.id, state: 'unchanged' };
    },

    /** Ends support unless it already ended; returns whether it changed. */
    async markSupportEnded(id: number, at: Date, ex: Executor = db): Promise<boolean> {
      const rows = await ex
        .update(releasedVersions)
        .set({ supportEndedAt: at, updatedAt: at })
        .where(and(eq(releasedVersions.id, id), isNull(releasedVersions.supportEndedAt)))
        .returning({ id: releasedVersions.id });
      return rows.length > 0;
    },
  };
  return repo;
}

export type ReleasesRepository = ReturnType<typeof createReleasesRepository>;
