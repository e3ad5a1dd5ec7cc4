// Badge use cases: find the latest pact of a pseudo branch and the newest verification result on it, through the
// pacts, verifications and matrix services (no second copy of their queries), and turn them into a BadgeLook.
// A badge never fails: a missing pacticipant or pact is the "pact not found" badge, as in the Pact Broker.
import type { MatrixService } from '../matrix/matrix.service.js';
import type { PactsService } from '../pacts/pacts.service.js';
import type { Pact } from '../pacts/pacts.types.js';
import { DomainError } from '../shared/errors.js';
import type { VerificationsService } from '../verifications/verifications.service.js';
import { type BadgeLook, type LatestResult, pactBadge, type TitleOptions } from './badge-status.js';

/** Which pact: the latest of the integration, of consumer versions with a tag or on a branch, or without tags. */
export type PactBadgeSelector = { tag?: string; branch?: string; untagged?: boolean };

/** How many of the newest pacts of the pseudo branch are searched for its newest verification result. */
const RECENT_PACTS = 20;

/** A missing pacticipant or pact: undefined; anything else is a real error. */
async function orMissing<T>(find: () => Promise<T>): Promise<T | undefined> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'validation')) return undefined;
    throw error;
  }
}

export function createBadgesService(deps: { pacts: PactsService; verifications: VerificationsService; matrix: MatrixService }) {
  const { pacts, verifications, matrix } = deps;

  /**
   * The newest result among the recent pacts of the pseudo branch (so a result for an older content shows the badge as
   * "changed"); latest-untagged looks at the latest pact's own content only.
   */
  async function newestResult(pact: Pact, selector: PactBadgeSelector): Promise<LatestResult | undefined> {
    const recent = selector.untagged
      ? [pact]
      : (await pacts.forIntegration(pact.providerName, pact.consumerName, { tag: selector.tag, branch: selector.branch }, { offset: 0, limit: RECENT_PACTS })).pacts;
    const latest = await verifications.latestByPactVersionIds([pact.pactVersionId, ...recent.map((p) => p.pactVersionId)]);
    const newest = [...latest.values()].sort((a, b) => b.id - a.id)[0];
    return newest && { sha: newest.sha, success: newest.success, pending: newest.pending };
  }

  return {
    async pactBadge(providerName: string, consumerName: string, selector: PactBadgeSelector, options: TitleOptions): Promise<BadgeLook> {
      const pact = await orMissing(() => pacts.latest(providerName, consumerName, selector));
      if (!pact) return pactBadge(undefined);
      const result = await newestResult(pact, selector);
      return pactBadge({ consumerName: pact.consumerName, providerName: pact.providerName, latestPactSha: pact.sha, result }, options);
    },

    /**
     * The matrix badge: the latest pact from a consumer version with the consumer tag, and its newest verification by
     * a provider version with the provider tag (read from the matrix, latestby=cvp).
     */
    async matrixBadge(providerName: string, providerTag: string, consumerName: string, consumerTag: string, options: TitleOptions): Promise<BadgeLook> {
      const pact = await orMissing(() => pacts.latest(providerName, consumerName, { tag: consumerTag }));
      if (!pact) return pactBadge(undefined);
      const answer = await orMissing(() =>
        matrix.matrix({ q: [{ pacticipant: consumerName, tag: consumerTag, latest: 'true' }, { pacticipant: providerName, tag: providerTag }], latestby: 'cvp' }),
      );
      const newest = (answer?.rows ?? [])
        .filter((row) => row.provider.id === pact.providerId && row.verification)
        .map((row) => ({ sha: row.pact.sha, verification: row.verification! }))
        .sort((a, b) => b.verification.verificationId - a.verification.verificationId)[0];
      const result = newest && { sha: newest.sha, success: newest.verification.success, pending: null };
      return pactBadge(
        { consumerName: pact.consumerName, providerName: pact.providerName, latestPactSha: pact.sha, result },
        { ...options, consumerTag, providerTag },
      );
    },
  };
}

export type BadgesService = ReturnType<typeof createBadgesService>;
