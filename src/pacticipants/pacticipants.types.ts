import type { DeployedVersion } from '../environments/deployments.types.js';

export interface Pacticipant {
  id: number;
  name: string;
  displayName: string | null;
  repositoryUrl: string | null;
  repositoryName: string | null;
  repositoryNamespace: string | null;
  mainBranch: string | null;
  /** The owning team and how to reach it (free text, one line; Pact Broker issue #99). */
  team: string | null;
  contact: string | null;
  createdAt: Date;
  updatedAt: Date | null;
}

export interface PacticipantAttributes {
  displayName?: string | null | undefined;
  repositoryUrl?: string | null | undefined;
  repositoryName?: string | null | undefined;
  repositoryNamespace?: string | null | undefined;
  mainBranch?: string | null | undefined;
  team?: string | null | undefined;
  contact?: string | null | undefined;
}

export interface Label {
  name: string;
  createdAt: Date;
}

/** What the pacticipant resource shows: the record, its labels and its latest version number. */
export interface PacticipantDetails extends Pacticipant {
  labels: Label[];
  latestVersionNumber: string | null;
  /** Single-pacticipant reads only: its current deployments, in every environment. */
  currentDeployments?: DeployedVersion[];
}
