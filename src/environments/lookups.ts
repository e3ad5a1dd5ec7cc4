// Finding the version and environment a deployment or release is recorded for: 404s with the messages both share.
import type { Executor } from '../db/client.js';
import type { PacticipantsRepository } from '../pacticipants/pacticipants.repository.js';
import type { Pacticipant } from '../pacticipants/pacticipants.types.js';
import { notFound } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import type { VersionsRepository } from '../versions/versions.repository.js';
import type { Version } from '../versions/versions.types.js';
import type { Environment, EnvironmentsRepository } from './environments.repository.js';

export interface LookupDeps {
  pacticipantsRepo: PacticipantsRepository;
  versionsRepo: VersionsRepository;
  environmentsRepo: EnvironmentsRepository;
}

export function createLookups({ pacticipantsRepo, versionsRepo, environmentsRepo }: LookupDeps) {
  return {
    async version(pacticipantName: string, number: string, ex?: Executor): Promise<{ pacticipant: Pacticipant; version: Version }> {
      const pacticipant = await pacticipantsRepo.findByName(pacticipantName, ex);
      if (!pacticipant) throw notFound(`No pacticipant with name '${pacticipantName}' found`);
      const version = await versionsRepo.findByNumber(pacticipant.id, number, ex);
      if (!version) throw notFound(`No version '${number}' of pacticipant '${pacticipantName}' found`);
      return { pacticipant, version };
    },

    async environment(uuid: string, ex?: Executor): Promise<Environment> {
      const environment = isUuid(uuid) ? await environmentsRepo.findByUuid(uuid, ex) : undefined;
      if (!environment) throw notFound(`No environment with uuid '${uuid}' found`);
      return environment;
    },
  };
}

export type Lookups = ReturnType<typeof createLookups>;
