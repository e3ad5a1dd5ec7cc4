// record-deployment / record-undeployment. One current deployment per (environment, pacticipant, application
// instance) slot; a null instance is its own slot. Recording is find-or-create, so client retries of the POST are safe.
import type { Db, Executor } from '../db/client.js';
import type { EventBus } from '../events/event-bus.js';
import { addFieldError, DomainError, notFound, validationError, type FieldErrors } from '../shared/errors.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { isUuid } from '../shared/ids.js';
import type { Limits } from '../shared/limits.js';
import { nameProblems, type NameLimits } from '../shared/names.js';
import type { DeploymentsRepository } from './deployments.repository.js';
import type { DeployedVersion, DeploymentPacticipant, DeploymentVersion } from './deployments.types.js';
import type { Environment, EnvironmentsRepository } from './environments.repository.js';
import { createLookups, type LookupDeps } from './lookups.js';

export interface RecordDeploymentInput {
  pacticipantName: string;
  versionNumber: string;
  environmentUuid: string;
  applicationInstance?: string | null | undefined;
  /** Legacy name of applicationInstance (the CLI sends both). */
  target?: string | null | undefined;
}

export interface DeploymentResult {
  deployedVersion: DeployedVersion;
  /** False when this version was already the current deployment of the slot (a replay). */
  created: boolean;
}

/** The application instance of a record-deployment body: null when absent; a single-line name otherwise. */
export function applicationInstanceOf(
  input: { applicationInstance?: string | null | undefined; target?: string | null | undefined },
  limits: NameLimits,
): string | null {
  const { applicationInstance, target } = input;
  const errors: FieldErrors = {};
  if (applicationInstance != null && target != null && applicationInstance !== target) {
    addFieldError(errors, 'target', 'must equal applicationInstance when both are given (target is its legacy name)');
  }
  const field = applicationInstance != null ? 'applicationInstance' : 'target';
  const value = applicationInstance ?? target ?? null;
  if (value !== null) for (const problem of nameProblems(value, limits)) addFieldError(errors, field, problem);
  if (Object.keys(errors).length) throw validationError(errors);
  return value;
}

export function createDeploymentsService(
  deps: LookupDeps & {
    db: Db;
    deploymentsRepo: DeploymentsRepository;
    environmentsRepo: EnvironmentsRepository;
    events: EventBus;
    clock?: Clock;
    limits: Limits;
  },
) {
  const { db, deploymentsRepo: repo, environmentsRepo, events, clock = systemClock } = deps;
  const find = createLookups(deps);

  /** Inside the caller's transaction: make `version` the current deployment of its slot (or find that it is). */
  async function deployIn(
    ex: Executor,
    slot: { pacticipant: DeploymentPacticipant; version: DeploymentVersion; environment: Environment; applicationInstance: string | null },
  ): Promise<{ id: number; created: boolean }> {
    await repo.lockPacticipant(slot.pacticipant.id, ex);
    const key = { environmentId: slot.environment.id, pacticipantId: slot.pacticipant.id, applicationInstance: slot.applicationInstance };
    const current = await repo.findCurrentInSlot(key, ex);
    if (current && current.versionId === slot.version.id) return { id: current.id, created: false };
    const now = clock.now();
    if (current) await repo.markUndeployed(current.id, now, ex);
    const id = await repo.insert({ ...key, versionId: slot.version.id, createdAt: now }, ex);
    return { id, created: true };
  }

  async function load(id: number, ex?: Executor): Promise<DeployedVersion> {
    return (await repo.findById(id, ex))!;
  }

  const service = {
    async recordDeployment(input: RecordDeploymentInput): Promise<DeploymentResult> {
      const applicationInstance = applicationInstanceOf(input, deps.limits);
      const { id, created } = await db.transaction(async (tx) => {
        const { pacticipant, version } = await find.version(input.pacticipantName, input.versionNumber, tx);
        const environment = await find.environment(input.environmentUuid, tx);
        return deployIn(tx, { pacticipant, version, environment, applicationInstance });
      });
      const result = { deployedVersion: await load(id), created };
      service.announce(result);
      return result;
    },

    /**
     * S68 (`create_deployed_versions_for_tags`): a new tag named like an environment records a deployment there (no
     * application instance), inside the tag's transaction. Call `announce` with the result after commit.
     */
    async recordForTagIn(
      ex: Executor,
      tag: { pacticipant: DeploymentPacticipant; version: DeploymentVersion; tagName: string },
    ): Promise<DeploymentResult | undefined> {
      const environment = await environmentsRepo.findByName(tag.tagName, ex);
      if (!environment) return undefined;
      const { id, created } = await deployIn(ex, { pacticipant: tag.pacticipant, version: tag.version, environment, applicationInstance: null });
      return { deployedVersion: await load(id, ex), created };
    },

    /** Publishes `deployed_version_created` for a new deployment (never for a replay). */
    announce(result: DeploymentResult | undefined): void {
      if (!result?.created) return;
      const d = result.deployedVersion;
      events.publish('deployed_version_created', {
        pacticipantName: d.pacticipant.name,
        versionNumber: d.version.number,
        environmentName: d.environment.name,
        applicationInstance: d.applicationInstance,
      });
    },

    /** Every deployment (history included) of one version to one environment, newest first. */
    async deploymentsOfVersion(input: { pacticipantName: string; versionNumber: string; environmentUuid: string }) {
      const { pacticipant, version } = await find.version(input.pacticipantName, input.versionNumber);
      const environment = await find.environment(input.environmentUuid);
      const deployedVersions = await repo.list({ versionIds: [version.id], environmentId: environment.id }, 'newest');
      return { pacticipant, version, environment, deployedVersions };
    },

    /** `applicationInstance`: undefined = any instance, null = only the unnamed slot. Unknown pacticipant → none. */
    async currentlyDeployedIn(
      environmentUuid: string,
      filter: { pacticipantName?: string | undefined; applicationInstance?: string | null | undefined } = {},
    ): Promise<{ environment: Environment; deployedVersions: DeployedVersion[] }> {
      const environment = await find.environment(environmentUuid);
      const deployedVersions = await repo.list(
        {
          environmentId: environment.id,
          currentOnly: true,
          ...(filter.pacticipantName !== undefined ? { pacticipantName: filter.pacticipantName } : {}),
          applicationInstance: filter.applicationInstance,
        },
        'newest',
      );
      return { environment, deployedVersions };
    },

    /** Current deployments by environment and/or pacticipant (ids), for the matrix and selectors. */
    currentlyDeployed(filter: { environmentId?: number; pacticipantId?: number; applicationInstance?: string | null } = {}): Promise<DeployedVersion[]> {
      return repo.list({ ...filter, currentOnly: true }, 'oldest');
    },

    /** Every deployment of these versions, in any environment, oldest first (the version resource's history). */
    forVersions(versionIds: number[]): Promise<DeployedVersion[]> {
      return repo.list({ versionIds }, 'oldest');
    },

    async get(uuid: string): Promise<DeployedVersion> {
      const found = isUuid(uuid) ? await repo.findByUuid(uuid) : undefined;
      if (!found) throw notFound(`No deployed version with uuid '${uuid}' found`);
      return found;
    },

    /** Merge-patch: only `currentlyDeployed: false` changes anything, and only once; `true` is refused (422). */
    async update(uuid: string, patch: { currentlyDeployed?: boolean | undefined }): Promise<DeployedVersion> {
      const existing = await service.get(uuid);
      if (patch.currentlyDeployed === true) {
        const message = 'The currentlyDeployed property cannot be set back to true. Please record a new deployment.';
        throw new DomainError('unprocessable', message, { currentlyDeployed: [message] });
      }
      if (patch.currentlyDeployed === false && existing.currentlyDeployed) {
        await repo.markUndeployed(existing.id, clock.now());
        return load(existing.id);
      }
      return existing;
    },

    recordUndeployment(uuid: string): Promise<DeployedVersion> {
      return service.update(uuid, { currentlyDeployed: false });
    },
  };
  return service;
}

export type DeploymentsService = ReturnType<typeof createDeploymentsService>;
