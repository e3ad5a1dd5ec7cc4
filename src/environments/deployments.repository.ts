import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bigintArray } from '../db/query.js';
import { deployedVersions, environments, pacticipants, versions } from '../db/schema/index.js';
import type { DeployedVersion } from './deployments.types.js';

export interface DeployedVersionFilter {
  ids?: number[];
  uuid?: string;
  versionIds?: number[];
  environmentId?: number;
  pacticipantId?: number;
  pacticipantName?: string;
  /** undefined: any instance; null: only the unnamed slot. */
  applicationInstance?: string | null | undefined;
  currentOnly?: boolean;
}

/** Matches the slot expression of the partial unique index (null instance ≡ ''). */
const sameSlot = (instance: string | null): SQL => sql`coalesce(${deployedVersions.applicationInstance}, '') = ${instance ?? ''}`;

export function createDeploymentsRepository(db: Executor) {
  const repo = {
    async list(filter: DeployedVersionFilter, order: 'newest' | 'oldest', ex: Executor = db): Promise<DeployedVersion[]> {
      const conditions: SQL[] = [];
      if (filter.ids) conditions.push(filter.ids.length ? sql`${deployedVersions.id} = any(${bigintArray(filter.ids)})` : sql`false`);
      if (filter.uuid !== undefined) conditions.push(eq(deployedVersions.uuid, filter.uuid));
      if (filter.versionIds) conditions.push(filter.versionIds.length ? sql`${deployedVersions.versionId} = any(${bigintArray(filter.versionIds)})` : sql`false`);
      if (filter.environmentId !== undefined) conditions.push(eq(deployedVersions.environmentId, filter.environmentId));
      if (filter.pacticipantId !== undefined) conditions.push(eq(deployedVersions.pacticipantId, filter.pacticipantId));
      if (filter.pacticipantName !== undefined) conditions.push(eq(pacticipants.name, filter.pacticipantName));
      if (filter.applicationInstance !== undefined) conditions.push(sameSlot(filter.applicationInstance));
      if (filter.currentOnly) conditions.push(isNull(deployedVersions.undeployedAt));
      const direction = order === 'newest' ? desc : asc;
      const rows = await ex
        .select({
          d: deployedVersions,
          p: { id: pacticipants.id, name: pacticipants.name },
          v: { id: versions.id, number: versions.number, order: versions.order },
          e: environments,
        })
        .from(deployedVersions)
        .innerJoin(pacticipants, eq(pacticipants.id, deployedVersions.pacticipantId))
        .innerJoin(versions, eq(versions.id, deployedVersions.versionId))
        .innerJoin(environments, eq(environments.id, deployedVersions.environmentId))
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(direction(deployedVersions.createdAt), direction(deployedVersions.id));
      return rows.map(({ d, p, v, e }) => ({
        id: d.id,
        uuid: d.uuid,
        pacticipant: p,
        version: v,
        environment: e,
        applicationInstance: d.applicationInstance,
        createdAt: d.createdAt,
        undeployedAt: d.undeployedAt,
        currentlyDeployed: d.undeployedAt === null,
      }));
    },

    async findByUuid(uuid: string, ex: Executor = db): Promise<DeployedVersion | undefined> {
      return (await repo.list({ uuid }, 'newest', ex))[0];
    },

    async findById(id: number, ex: Executor = db): Promise<DeployedVersion | undefined> {
      return (await repo.list({ ids: [id] }, 'newest', ex))[0];
    },

    /** The current deployment in one slot, if any (the partial unique index allows at most one). */
    async findCurrentInSlot(
      slot: { environmentId: number; pacticipantId: number; applicationInstance: string | null },
      ex: Executor = db,
    ): Promise<{ id: number; versionId: number } | undefined> {
      const [row] = await ex
        .select({ id: deployedVersions.id, versionId: deployedVersions.versionId })
        .from(deployedVersions)
        .where(
          and(
            eq(deployedVersions.environmentId, slot.environmentId),
            eq(deployedVersions.pacticipantId, slot.pacticipantId),
            sameSlot(slot.applicationInstance),
            isNull(deployedVersions.undeployedAt),
          ),
        );
      return row;
    },

    /**
     * Serialises record-deployments of one pacticipant. NO KEY UPDATE (not UPDATE) so that it does not wait for, or
     * deadlock with, transactions that merely reference the pacticipant (inserting its versions takes KEY SHARE).
     */
    async lockPacticipant(pacticipantId: number, ex: Executor): Promise<void> {
      await ex.execute(sql`select 1 from ${pacticipants} where ${pacticipants.id} = ${pacticipantId} for no key update`);
    },

    async insert(
      fields: { versionId: number; pacticipantId: number; environmentId: number; applicationInstance: string | null; createdAt: Date },
      ex: Executor,
    ): Promise<number> {
      const [row] = await ex.insert(deployedVersions).values(fields).returning({ id: deployedVersions.id });
      return row!.id;
    },

    /** Marks a deployment undeployed unless it already is; returns whether it changed. */
    async markUndeployed(id: number, at: Date, ex: Executor = db): Promise<boolean> {
      const rows = await ex
        .update(deployedVersions)
        .set({ undeployedAt: at })
        .where(and(eq(deployedVersions.id, id), isNull(deployedVersions.undeployedAt)))
        .returning({ id: deployedVersions.id });
      return rows.length > 0;
    },
  };
  return repo;
}

export type DeploymentsRepository = ReturnType<typeof createDeploymentsRepository>;
