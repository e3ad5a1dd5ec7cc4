// Domain shapes of deployed and released versions, as services return them (also to the future matrix).
import type { Environment } from './environments.repository.js';

export interface DeploymentPacticipant {
  id: number;
  name: string;
}

export interface DeploymentVersion {
  id: number;
  number: string;
  /** Creation order of the version ("latest" = highest). */
  order: number;
}

/** A record-deployment: current while `undeployedAt` is null. */
export interface DeployedVersion {
  id: number;
  uuid: string;
  pacticipant: DeploymentPacticipant;
  version: DeploymentVersion;
  environment: Environment;
  /** null is its own slot: "the" deployment of the pacticipant in the environment. */
  applicationInstance: string | null;
  createdAt: Date;
  undeployedAt: Date | null;
  currentlyDeployed: boolean;
}

/** A record-release: supported while `supportEndedAt` is null; one per (version, environment). */
export interface ReleasedVersion {
  id: number;
  uuid: string;
  pacticipant: DeploymentPacticipant;
  version: DeploymentVersion;
  environment: Environment;
  createdAt: Date;
  updatedAt: Date | null;
  supportEndedAt: Date | null;
  currentlySupported: boolean;
}

/** What the version resource shows about environments: where it can be recorded, and where it has been. */
export interface VersionEnvironments {
  environments: Environment[];
  deployedVersions: DeployedVersion[];
  releasedVersions: ReleasedVersion[];
}
