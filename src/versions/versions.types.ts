import type { VersionEnvironments } from '../environments/deployments.types.js';
import type { Pacticipant } from '../pacticipants/pacticipants.types.js';
import type { PactSummary } from '../pacts/pacts.types.js';

export interface Version {
  id: number;
  pacticipantId: number;
  number: string;
  order: number;
  buildUrl: string | null;
  createdAt: Date;
  updatedAt: Date | null;
}

export interface Branch {
  id: number;
  pacticipantId: number;
  name: string;
  createdAt: Date;
  updatedAt: Date | null;
}

export interface BranchVersion {
  id: number;
  branchId: number;
  versionId: number;
  createdAt: Date;
  updatedAt: Date | null;
}

export interface Tag {
  versionId: number;
  name: string;
  createdAt: Date;
  updatedAt: Date | null;
}

/** A version's membership of a branch, as shown on the version: `latest` = it is the branch head. */
export interface VersionBranchMembership {
  versionId: number;
  branchName: string;
  latest: boolean;
}

/** Everything the version resource shows. */
export interface VersionDetails {
  pacticipant: Pacticipant;
  version: Version;
  branches: VersionBranchMembership[];
  tags: Tag[];
  pacts: PactSummary[];
  /** Single-version reads only: the environments it can be recorded in and its deployments/releases (history). */
  environments?: VersionEnvironments;
}
