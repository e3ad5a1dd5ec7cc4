// The compatibility grid of one integration: a page of consumer versions × a page of provider versions, each side
// filtered before it is paged (the Pact Broker limited first and filtered after: its issues #286/#287), with the
// latest pact of each consumer version and the latest verification of each pact content by each provider version.
// The facts come from the matrix repository's queries (the same pointers GET /matrix reads); shaping them into cells
// is the UI's pure view model.
import type { Page, PageOf } from '../db/query.js';
import { notFound } from '../shared/errors.js';
import type { VerificationsService } from '../verifications/verifications.service.js';
import type { Verification } from '../verifications/verifications.types.js';
import type { GridRepository, GridVersionFilter } from './grid.repository.js';
import type { MatrixRepository, PacticipantRef, VersionPresentation } from './matrix.repository.js';
import type { PactFact, VerificationFact, VersionRef } from './matrix.types.js';

export type { VersionPresentation } from './matrix.repository.js';

/** One side's filters as the page gives them; `integrated`: only versions with a pact (consumer) or a result (provider). */
export interface GridSideQuery {
  branch?: string | undefined;
  tag?: string | undefined;
  environment?: string | undefined;
  integrated?: boolean | undefined;
  page: Page;
}

export interface Grid {
  consumer: PacticipantRef;
  provider: PacticipantRef;
  consumerVersions: PageOf<VersionRef>;
  providerVersions: PageOf<VersionRef>;
  /** The latest pact of each consumer version on the page that has one with the provider. */
  pacts: PactFact[];
  /** The latest verification of each of those contents by each provider version on the page. */
  verifications: VerificationFact[];
  /** Branches, tags and environments of every version on both pages. */
  versions: Map<number, VersionPresentation>;
  /** Branch names for the filters' suggestions (the newest few). */
  branchNames: { consumer: string[]; provider: string[] };
}

export interface GridCell {
  consumer: PacticipantRef;
  provider: PacticipantRef;
  consumerVersion: VersionRef;
  providerVersion: VersionRef;
  /** The consumer version's latest pact with the provider (none: the cell is "not applicable"). */
  pact: PactFact | undefined;
  /** What the provider version published for that content, newest first. */
  verifications: Verification[];
  versions: Map<number, VersionPresentation>;
}

/** Results shown for one cell: a provider build publishes one, rarely a few (re-runs). */
const CELL_RESULTS = 20;
const BRANCH_SUGGESTIONS = 50;

export function createGridService({ gridRepo, matrixRepo, verifications }: { gridRepo: GridRepository; matrixRepo: MatrixRepository; verifications: VerificationsService }) {
  async function integration(consumerName: string, providerName: string) {
    const found = await gridRepo.findIntegration(consumerName, providerName);
    if (!found.consumer) throw notFound(`No pacticipant named '${consumerName}' found`);
    if (!found.provider) throw notFound(`No pacticipant named '${providerName}' found`);
    if (!found.exists) throw notFound(`${consumerName} has no pacts with ${providerName}: there is no such integration`);
    return { consumer: found.consumer, provider: found.provider };
  }

  const filterOf = (side: GridSideQuery, integratedWith: GridVersionFilter['integratedWith']): GridVersionFilter => ({
    branch: side.branch,
    tag: side.tag,
    environment: side.environment,
    integratedWith: side.integrated ? integratedWith : undefined,
  });

  return {
    /** The grid page's data; not_found when either pacticipant or the integration is unknown. */
    async grid(consumerName: string, providerName: string, query: { consumer: GridSideQuery; provider: GridSideQuery }): Promise<Grid> {
      const { consumer, provider } = await integration(consumerName, providerName);
      const [consumerVersions, providerVersions, consumerBranches, providerBranches] = await Promise.all([
        gridRepo.versionsPage(consumer.id, filterOf(query.consumer, { kind: 'pactWith', pacticipantId: provider.id }), query.consumer.page),
        gridRepo.versionsPage(provider.id, filterOf(query.provider, { kind: 'verified', pacticipantId: consumer.id }), query.provider.page),
        gridRepo.branchNames(consumer.id, BRANCH_SUGGESTIONS),
        gridRepo.branchNames(provider.id, BRANCH_SUGGESTIONS),
      ]);
      const ids = [...consumerVersions.items, ...providerVersions.items].map((v) => v.id);
      const [pacts, versions] = await Promise.all([
        matrixRepo.pactsOfConsumerVersions(consumerVersions.items.map((v) => v.id), [provider.id]),
        matrixRepo.presentation(ids),
      ]);
      const verificationFacts = await gridRepo.latestVerificationsOfPairs(
        [...new Set(pacts.map((p) => p.pactVersionId))],
        providerVersions.items.map((v) => v.id),
      );
      return {
        consumer,
        provider,
        consumerVersions,
        providerVersions,
        pacts,
        verifications: verificationFacts,
        versions,
        branchNames: { consumer: consumerBranches, provider: providerBranches },
      };
    },

    /** One cell: the pact of the consumer version and what the provider version published for it. */
    async cell(consumerName: string, providerName: string, consumerVersionNumber: string, providerVersionNumber: string): Promise<GridCell> {
      const { consumer, provider } = await integration(consumerName, providerName);
      const { versions: numbered } = await matrixRepo.lookUp([], [], [
        { key: 0, pacticipant: consumer.name, number: consumerVersionNumber },
        { key: 1, pacticipant: provider.name, number: providerVersionNumber },
      ]);
      const consumerVersion = numbered.get(0);
      const providerVersion = numbered.get(1);
      if (!consumerVersion) throw notFound(`No version '${consumerVersionNumber}' of ${consumer.name} found`);
      if (!providerVersion) throw notFound(`No version '${providerVersionNumber}' of ${provider.name} found`);
      const [[pact], versions] = await Promise.all([
        matrixRepo.pactsOfConsumerVersions([consumerVersion.id], [provider.id]),
        matrixRepo.presentation([consumerVersion.id, providerVersion.id]),
      ]);
      const results = pact ? await verifications.forPactVersionByProviderVersion(pact.pactVersionId, providerVersion.id, CELL_RESULTS) : [];
      return { consumer, provider, consumerVersion, providerVersion, pact, verifications: results, versions };
    },
  };
}

export type GridService = ReturnType<typeof createGridService>;
