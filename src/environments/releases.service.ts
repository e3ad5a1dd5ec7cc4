// record-release / record-support-ended. Any number of released versions of a pacticipant can be supported in an
// environment at once; releasing the same version again is idempotent and re-activates it when support had ended.
import type { Db } from '../db/client.js';
import type { EventBus } from '../events/event-bus.js';
import { DomainError, notFound } from '../shared/errors.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { isUuid } from '../shared/ids.js';
import type { ReleasedVersion } from './deployments.types.js';
import type { Environment } from './environments.repository.js';
import { createLookups, type LookupDeps } from './lookups.js';
import type { ReleasesRepository } from './releases.repository.js';

export interface ReleaseResult {
  releasedVersion: ReleasedVersion;
  /** True only for a new release record (201); re-releasing answers 200 with the same uuid. */
  created: boolean;
}

export function createReleasesService(deps: LookupDeps & { db: Db; releasesRepo: ReleasesRepository; events: EventBus; clock?: Clock }) {
  const { db, releasesRepo: repo, events, clock = systemClock } = deps;
  const find = createLookups(deps);

  const load = async (id: number) => (await repo.findById(id))!;

  const service = {
    async recordRelease(input: { pacticipantName: string; versionNumber: string; environmentUuid: string }): Promise<ReleaseResult> {
      const { id, state } = await db.transaction(async (tx) => {
        const { pacticipant, version } = await find.version(input.pacticipantName, input.versionNumber, tx);
        const environment = await find.environment(input.environmentUuid, tx);
        return repo.createOrReactivate({ versionId: version.id, pacticipantId: pacticipant.id, environmentId: environment.id }, clock.now(), tx);
      });
      const releasedVersion = await load(id);
      // A re-activated release is newly supported again, which is what subscribers care about; a replay is not.
      if (state !== 'unchanged') {
        events.publish('released_version_created', {
          pacticipantName: releasedVersion.pacticipant.name,
          versionNumber: releasedVersion.version.number,
          environmentName: releasedVersion.environment.name,
        });
      }
      return { releasedVersion, created: state === 'created' };
    },

    /** The release (if any) of one version in one environment, as a list like the Pact Broker's. */
    async releasesOfVersion(input: { pacticipantName: string; versionNumber: string; environmentUuid: string }) {
      const { pacticipant, version } = await find.version(input.pacticipantName, input.versionNumber);
      const environment = await find.environment(input.environmentUuid);
      const releasedVersions = await repo.list({ versionIds: [version.id], environmentId: environment.id }, 'newest');
      return { pacticipant, version, environment, releasedVersions };
    },

    /** Unknown pacticipant or version number → an empty list, not a 404. */
    async currentlySupportedIn(
      environmentUuid: string,
      filter: { pacticipantName?: string | undefined; versionNumber?: string | undefined } = {},
    ): Promise<{ environment: Environment; releasedVersions: ReleasedVersion[] }> {
      const environment = await find.environment(environmentUuid);
      const releasedVersions = await repo.list(
        {
          environmentId: environment.id,
          currentOnly: true,
          ...(filter.pacticipantName !== undefined ? { pacticipantName: filter.pacticipantName } : {}),
          ...(filter.versionNumber !== undefined ? { versionNumber: filter.versionNumber } : {}),
        },
        'newest',
      );
      return { environment, releasedVersions };
    },

    /** Supported releases by environment and/or pacticipant (ids), for the matrix and selectors. */
    currentlySupported(filter: { environmentId?: number; pacticipantId?: number } = {}): Promise<ReleasedVersion[]> {
      return repo.list({ ...filter, currentOnly: true }, 'oldest');
    },

    /** Every release of these versions, in any environment, oldest first. */
    forVersions(versionIds: number[]): Promise<ReleasedVersion[]> {
      return repo.list({ versionIds }, 'oldest');
    },

    async get(uuid: string): Promise<ReleasedVersion> {
      const found = isUuid(uuid) ? await repo.findByUuid(uuid) : undefined;
      if (!found) throw notFound(`No released version with uuid '${uuid}' found`);
      return found;
    },

    /** Merge-patch: only `currentlySupported: false` changes anything; `true` is refused (record the release again). */
    async update(uuid: string, patch: { currentlySupported?: boolean | undefined }): Promise<ReleasedVersion> {
      const existing = await service.get(uuid);
      if (patch.currentlySupported === true) {
        // The Pact Broker's wording, "deployment" included.
        const message = 'The currentlySupported property cannot be set back to true. Please record a new deployment.';
        throw new DomainError('unprocessable', message, { currentlySupported: [message] });
      }
      if (patch.currentlySupported === false && (await repo.markSupportEnded(existing.id, clock.now()))) return load(existing.id);
      return existing;
    },

    recordSupportEnded(uuid: string): Promise<ReleasedVersion> {
      return service.update(uuid, { currentlySupported: false });
    },
  };
  return service;
}

export type ReleasesService = ReturnType<typeof createReleasesService>;
