import type { Db, Executor } from '../db/client.js';
import type { DeploymentsService } from '../environments/deployments.service.js';
import type { VersionEnvironments } from '../environments/deployments.types.js';
import type { EnvironmentsService } from '../environments/environments.service.js';
import type { ReleasesService } from '../environments/releases.service.js';
import type { EventBus } from '../events/event-bus.js';
import type { PacticipantsRepository } from '../pacticipants/pacticipants.repository.js';
import type { Pacticipant } from '../pacticipants/pacticipants.types.js';
import type { PactsRepository } from '../pacts/pacts.repository.js';
import { notFound, validationError } from '../shared/errors.js';
import type { Limits } from '../shared/limits.js';
import { buildUrlProblems, checkNames, MAIN_BRANCH_CANDIDATES } from '../shared/names.js';
import type { VersionsRepository } from './versions.repository.js';
import { readVersionResource } from './version-resource.repository.js';
import type { Branch, BranchVersion, Tag, Version, VersionBranchMembership, VersionDetails } from './versions.types.js';

export type { VersionDetails } from './versions.types.js';
import { NO_READ_CACHE, type ReadCache } from '../shared/read-cache.js';

export interface Page {
  offset: number;
  limit: number;
  /** The client asked for a page: the list's total is counted (see ListPage). */
  paged?: boolean;
}

export function createVersionsService(deps: {
  db: Db;
  versionsRepo: VersionsRepository;
  pacticipantsRepo: PacticipantsRepository;
  pactsRepo: PactsRepository;
  events: EventBus;
  environments: EnvironmentsService;
  deployments: DeploymentsService;
  releases: ReleasesService;
  limits: Limits;
  /** Serves repeated reads between writes, on both stores (src/shared/read-cache.ts). */
  readCache?: ReadCache;
}) {
  const { db, versionsRepo: repo, pacticipantsRepo, pactsRepo, events, deployments, releases, limits } = deps;
  const readCache = deps.readCache ?? NO_READ_CACHE;

  async function pacticipantOrThrow(name: string, ex: Executor = db): Promise<Pacticipant> {
    const pacticipant = await pacticipantsRepo.findByName(name, ex);
    if (!pacticipant) throw notFound(`No pacticipant with name '${name}' found`);
    return pacticipant;
  }

  async function versionOrThrow(pacticipantName: string, number: string, ex: Executor = db) {
    const pacticipant = await pacticipantOrThrow(pacticipantName, ex);
    const version = await repo.findByNumber(pacticipant.id, number, ex);
    if (!version) throw notFound(`No version '${number}' of pacticipant '${pacticipantName}' found`);
    return { pacticipant, version };
  }

  async function branchOrThrow(pacticipantName: string, branchName: string) {
    const pacticipant = await pacticipantOrThrow(pacticipantName);
    const branch = await repo.findBranch(pacticipant.id, branchName);
    if (!branch) throw notFound(`No branch '${branchName}' found for pacticipant '${pacticipantName}'`);
    return { pacticipant, branch };
  }

  async function detailsOf(pacticipant: Pacticipant, list: Version[]): Promise<VersionDetails[]> {
    const ids = list.map((v) => v.id);
    const [memberships, tags, pacts] = await Promise.all([
      repo.membershipsFor(ids),
      repo.tagsFor(ids),
      pactsRepo.forConsumerVersions(ids),
    ]);
    return list.map((version) => ({
      pacticipant,
      version,
      branches: memberships.filter((m) => m.versionId === version.id),
      tags: tags.filter((t) => t.versionId === version.id),
      pacts: pacts.filter((p) => p.consumerVersionId === version.id),
    }));
  }

  /** Adds what the single-version resource shows about environments (its record links and deployment history). */
  async function withEnvironments(details: VersionDetails): Promise<VersionDetails> {
    return { ...details, environments: await environmentsOf(details.version.id) };
  }

  async function environmentsOf(versionId: number): Promise<VersionEnvironments> {
    const ids = [versionId];
    const [environments, deployedVersions, releasedVersions] = await Promise.all([
      deps.environments.list(),
      deployments.forVersions(ids),
      releases.forVersions(ids),
    ]);
    return { environments, deployedVersions, releasedVersions };
  }

  /**
   * Creates pacticipant and version when missing (as tagging and branch PUTs do in the Pact Broker). Checks both
   * names itself, so no caller can create them unchecked.
   */
  async function findOrCreateVersion(pacticipantName: string, number: string, ex: Executor, fields = { pacticipant: 'pacticipant', version: 'version' }) {
    checkNames(limits, { [fields.pacticipant]: pacticipantName, [fields.version]: number });
    const pacticipant = (await pacticipantsRepo.findOrCreateByNames([pacticipantName], ex)).get(pacticipantName)!;
    const { version, created } = await repo.findOrCreate(pacticipant.id, number, ex);
    return { pacticipant, version, created };
  }

  /** Adds a version to a branch inside the caller's transaction; the first main/master/develop branch becomes main. */
  async function addToBranch(pacticipant: Pacticipant, version: Version, branchName: string, ex: Executor) {
    checkNames(limits, { branch: branchName });
    // One statement in the common case; two or three when the version is already in the branch or another writer
    // created the branch meanwhile.
    const added = await repo.addToNamedBranch(pacticipant.id, branchName, version, ex);
    const branch = added?.branch ?? (await repo.findOrCreateBranch(pacticipant.id, branchName, ex));
    const result = added ?? (await repo.addToBranch(branch, version, ex));
    // Only while unset (the update's own condition): a pacticipant read with its main branch set needs no statement.
    if (pacticipant.mainBranch === null && (MAIN_BRANCH_CANDIDATES as readonly string[]).includes(branchName)) {
      await pacticipantsRepo.setMainBranchIfUnset(pacticipant.id, branchName, ex);
    }
    return { branch, ...result };
  }

  const service = {
    findOrCreateVersion,
    addToBranch,

    get(pacticipantName: string, number: string): Promise<VersionDetails> {
      return readCache.get(`version\u0000${pacticipantName}\u0000${number}`, async () => {
        // One prepared statement (src/versions/version-resource.ts); the two-step read only to say which name is missing.
        const found = await readVersionResource(db, pacticipantName, number);
        if (found) return found;
        const { pacticipant, version } = await versionOrThrow(pacticipantName, number);
        const [[details], environments] = await Promise.all([detailsOf(pacticipant, [version]), environmentsOf(version.id)]);
        return { ...details!, environments };
      });
    },

    async latest(pacticipantName: string, tag?: string): Promise<VersionDetails> {
      const pacticipant = await pacticipantOrThrow(pacticipantName);
      const version = tag === undefined ? await repo.latest(pacticipant.id) : await repo.latestWithTag(pacticipant.id, tag);
      if (!version) {
        throw notFound(
          tag === undefined
            ? `No versions found for pacticipant '${pacticipantName}'`
            : `No version of pacticipant '${pacticipantName}' with tag '${tag}' found`,
        );
      }
      return withEnvironments((await detailsOf(pacticipant, [version]))[0]!);
    },

    async latestOnBranch(pacticipantName: string, branchName: string): Promise<VersionDetails> {
      const { pacticipant, branch } = await branchOrThrow(pacticipantName, branchName);
      const version = await repo.branchHead(branch.id);
      if (!version) throw notFound(`No versions found on branch '${branchName}' of '${pacticipantName}'`);
      return withEnvironments((await detailsOf(pacticipant, [version]))[0]!);
    },

    async list(pacticipantName: string, page: Page, filter: { branch?: string; tag?: string } = {}) {
      const pacticipant = await pacticipantOrThrow(pacticipantName);
      let result: { items: Version[]; total: number | undefined };
      if (filter.branch !== undefined) {
        const { branch } = await branchOrThrow(pacticipantName, filter.branch);
        result = await repo.listOnBranch(branch.id, page);
      } else if (filter.tag !== undefined) {
        result = await repo.listWithTag(pacticipant.id, filter.tag, page);
        if (result.total === 0 || (result.total === undefined && result.items.length === 0)) throw notFound(`No versions of '${pacticipantName}' with tag '${filter.tag}' found`);
      } else {
        result = await repo.list(pacticipant.id, page);
      }
      return { pacticipant, items: await detailsOf(pacticipant, result.items), total: result.total };
    },

    /**
     * PUT (replace) or PATCH (merge) a version. PUT clears an omitted buildUrl; both add the given tags and never
     * remove existing ones.
     */
    async upsert(
      pacticipantName: string,
      number: string,
      input: { buildUrl?: string | null | undefined; tags?: string[] | undefined },
      mode: 'replace' | 'merge',
    ): Promise<{ details: VersionDetails; created: boolean }> {
      checkNames(limits, { pacticipant: pacticipantName, version: number });
      input.tags?.forEach((tag, i) => checkNames(limits, { [`tags[${i}]`]: tag }));
      const urlProblems = buildUrlProblems(input.buildUrl);
      if (urlProblems.length) throw validationError({ buildUrl: urlProblems });
      const result = await db.transaction(async (tx) => {
        const { pacticipant, version, created } = await findOrCreateVersion(pacticipantName, number, tx);
        let current = version;
        if (mode === 'replace' || input.buildUrl !== undefined) {
          current = await repo.update(version.id, { buildUrl: input.buildUrl ?? null }, tx);
        }
        await repo.addTags(current, input.tags ?? [], tx);
        return { pacticipant, version: current, created };
      });
      return { details: await withEnvironments((await detailsOf(result.pacticipant, [result.version]))[0]!), created: result.created };
    },

    async delete(pacticipantName: string, number: string): Promise<void> {
      await db.transaction(async (tx) => {
        const { version } = await versionOrThrow(pacticipantName, number, tx);
        for (const providerId of await repo.delete(version, tx)) {
          await pactsRepo.deleteIntegrationIfUnused(version.pacticipantId, providerId, tx);
        }
      });
      events.publish('version_deleted', { pacticipantName, versionNumber: number });
    },

    // --- tags ---

    async getTag(pacticipantName: string, number: string, tagName: string) {
      const { pacticipant, version } = await versionOrThrow(pacticipantName, number);
      const tag = await repo.findTag(version.id, tagName);
      if (!tag) throw notFound(`No tag '${tagName}' found for version '${number}' of '${pacticipantName}'`);
      return { pacticipant, version, tag };
    },

    async listTags(pacticipantName: string, number: string) {
      const { pacticipant, version } = await versionOrThrow(pacticipantName, number);
      return { pacticipant, version, tags: await repo.tagsFor([version.id]) };
    },

    /** A new tag named like an environment also records a deployment there (S68), in the same transaction. */
    async addTag(pacticipantName: string, number: string, tagName: string): Promise<{ pacticipant: Pacticipant; version: Version; tag: Tag; created: boolean }> {
      checkNames(limits, { pacticipant: pacticipantName, version: number, tag: tagName });
      const { deployment, ...result } = await db.transaction(async (tx) => {
        const { pacticipant, version } = await findOrCreateVersion(pacticipantName, number, tx);
        const added = await repo.addTag(version, tagName, tx);
        const deployment = added.created ? await deployments.recordForTagIn(tx, { pacticipant, version, tagName }) : undefined;
        return { pacticipant, version, ...added, deployment };
      });
      deployments.announce(deployment);
      return result;
    },

    async deleteTag(pacticipantName: string, number: string, tagName: string): Promise<void> {
      const { version } = await versionOrThrow(pacticipantName, number);
      if (!(await repo.deleteTag(version.id, tagName))) {
        throw notFound(`No tag '${tagName}' found for version '${number}' of '${pacticipantName}'`);
      }
    },

    // --- branches ---

    async listBranches(pacticipantName: string, page: Page) {
      const pacticipant = await pacticipantOrThrow(pacticipantName);
      return { pacticipant, ...(await repo.listBranches(pacticipant.id, page)) };
    },

    async getBranch(pacticipantName: string, branchName: string): Promise<{ pacticipant: Pacticipant; branch: Branch }> {
      return branchOrThrow(pacticipantName, branchName);
    },

    /** Deletes the branch and its memberships; versions, pacts and tags stay. */
    async deleteBranch(pacticipantName: string, branchName: string): Promise<void> {
      const { branch } = await branchOrThrow(pacticipantName, branchName);
      await repo.deleteBranch(branch.id);
    },

    async getBranchVersion(pacticipantName: string, branchName: string, number: string) {
      const { pacticipant, branch } = await branchOrThrow(pacticipantName, branchName);
      const version = await repo.findByNumber(pacticipant.id, number);
      const branchVersion = version && (await repo.findBranchVersion(branch.id, version.id));
      if (!version || !branchVersion) {
        throw notFound(`Version '${number}' of '${pacticipantName}' is not on branch '${branchName}'`);
      }
      return { pacticipant, branch, version, branchVersion };
    },

    async addBranchVersion(
      pacticipantName: string,
      branchName: string,
      number: string,
    ): Promise<{ pacticipant: Pacticipant; branch: Branch; version: Version; branchVersion: BranchVersion; created: boolean }> {
      checkNames(limits, { pacticipant: pacticipantName, branch: branchName, version: number });
      return db.transaction(async (tx) => {
        const { pacticipant, version } = await findOrCreateVersion(pacticipantName, number, tx);
        const { branch, branchVersion, created } = await addToBranch(pacticipant, version, branchName, tx);
        return { pacticipant, branch, version, branchVersion, created };
      });
    },
  };
  return service;
}

export type VersionsService = ReturnType<typeof createVersionsService>;
