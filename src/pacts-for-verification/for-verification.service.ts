// Use case: a provider build asks which pacts to verify (POST /pacts/provider/{provider}/for-verification).
// Reads only; the decisions are the pure functions of this folder, fed by for-verification.repository.
import { notFound, validationError } from '../shared/errors.js';
import type { Limits } from '../shared/limits.js';
import type { ForVerificationRepository } from './for-verification.repository.js';
import { NO_VERIFICATIONS, pendingStatus, selectWipPacts, type PendingStatus, type ProviderContext, type WipCandidate } from './pending.js';
import { candidateNeeds, selectPacts, type VerifiablePact } from './select-pacts.js';
import { defaultSelectors, parseForVerificationRequest, type ForVerificationInput, type ForVerificationRequest } from './selectors.js';

export interface PactsForVerification {
  providerName: string;
  request: ForVerificationRequest;
  provider: ProviderContext;
  pacts: Array<VerifiablePact & { pending: PendingStatus }>;
  wip: WipCandidate[];
}

export function createForVerificationService(deps: {
  forVerificationRepo: ForVerificationRepository;
  /** historyVersions: the versions a tag selector without latest stands for. */
  limits: Limits;
}) {
  const { forVerificationRepo: repo } = deps;

  return {
    async find(providerName: string, input: ForVerificationInput): Promise<PactsForVerification> {
      // The provider and the environment names in one statement.
      const { provider, environmentNames } = await repo.lookUp(providerName);
      if (!provider) throw notFound(`No provider with name '${providerName}' found`);
      const parsed = parseForVerificationRequest(input, { environmentNames: new Set(environmentNames), limits: deps.limits });
      if (!parsed.ok) throw validationError(parsed.errors, 'The pacts-for-verification request is invalid');
      const { request } = parsed;

      const selectors = request.selectors.length > 0 ? request.selectors : defaultSelectors(await repo.consumersForDefaults(provider.id));
      // WIP needs a provider branch or tags, which the request alone says: the WIP candidates are read in the same
      // round as the explicit ones and the provider's branch and tags (concurrent statements on PostgreSQL).
      const wantsWip = request.includeWipPactsSince !== undefined && (request.providerVersionBranch !== undefined || request.providerVersionTags.length > 0);
      const [candidates, context, wipCandidates] = await Promise.all([
        repo.candidates(provider.id, candidateNeeds(selectors), deps.limits.historyVersions),
        repo.providerContext(provider.id, request.providerVersionBranch, request.providerVersionTags),
        wantsWip ? repo.wipCandidates(provider.id, request.includeWipPactsSince!) : Promise.resolve([]),
      ]);
      const explicit = selectPacts(selectors, candidates);

      const providerContext: ProviderContext = {
        providerName: provider.name,
        ...(request.providerVersionBranch !== undefined
          ? { branch: { name: request.providerVersionBranch, createdAt: context.branch?.createdAt ?? null } }
          : {}),
        tags: context.tags,
      };

      // Pending status reads the facts of the explicit pacts (only when asked for), WIP those of its candidates.
      const facts = await repo.verificationFacts(
        { pending: request.includePendingStatus ? explicit.map((p) => p.pactVersionId) : [], wip: wipCandidates.map((c) => c.pactVersionId) },
        { ...(request.providerVersionBranch !== undefined ? { branch: { id: context.branch?.id ?? null } } : {}), tags: request.providerVersionTags },
      );
      const factsOf = (id: number) => facts.get(id) ?? NO_VERIFICATIONS;

      const wip = wantsWip
        ? selectWipPacts({ candidates: wipCandidates, since: request.includeWipPactsSince!, explicit, facts: factsOf, provider: providerContext })
        : [];
      return {
        providerName: provider.name,
        request,
        provider: providerContext,
        pacts: explicit.map((p) => ({ ...p, pending: pendingStatus(factsOf(p.pactVersionId), providerContext) })),
        wip,
      };
    },
  };
}

export type ForVerificationService = ReturnType<typeof createForVerificationService>;
