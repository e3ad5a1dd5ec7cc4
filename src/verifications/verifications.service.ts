// Use cases of verification results: a provider pipeline publishes the result of verifying one pact content, and
// readers ask for results by number, the latest of a content, or a summary for a consumer version. A result belongs
// to the content (pact version), so every consumer version whose pact has that content is verified by it.
import type { Db } from '../db/client.js';
import type { Page } from '../db/query.js';
import type { EventBus } from '../events/event-bus.js';
import type { PactMetadata } from '../pacts/pact-metadata.js';
import type { PactsService } from '../pacts/pacts.service.js';
import type { Pact } from '../pacts/pacts.types.js';
import { orNotFound, validationError } from '../shared/errors.js';
import type { Limits } from '../shared/limits.js';
import type { VersionsRepository } from '../versions/versions.repository.js';
import type { VersionsService } from '../versions/versions.service.js';
import { verificationFlags, verificationResultProblems } from './verification-request.js';
import type { NewVerification, VerificationsRepository } from './verifications.repository.js';
import type { ConsumerVersionVerificationSummary, Verification, VerificationResultInput } from './verifications.types.js';

export interface PublishVerificationInput {
  providerName: string;
  consumerName: string;
  sha: string;
  /** Decoded from the pact URL the result is published through (absent for a plain pact-version URL). */
  metadata?: PactMetadata | undefined;
  result: VerificationResultInput;
}

/** Result numbers are bigserial ids; anything else (or beyond what a JS number holds exactly) matches none. */
const RESULT_NUMBER = /^[1-9]\d{0,14}$/;

export function createVerificationsService(deps: {
  db: Db;
  verificationsRepo: VerificationsRepository;
  versionsRepo: VersionsRepository;
  versionsService: VersionsService;
  pactsService: PactsService;
  events: EventBus;
  limits: Limits;
}) {
  const { db, verificationsRepo: repo, versionsRepo, versionsService, pactsService, events } = deps;

  const describePact = (p: { consumerName: string; providerName: string; sha: string }) =>
    `the pact between ${p.consumerName} and ${p.providerName} with content version '${p.sha}'`;

  const service = {
    /**
     * Stores one result, creating the provider version when needed (an existing one keeps its branches and tags), and
     * makes it the latest for (content, provider version) in the same transaction. Validation comes first: a rejected
     * result stores nothing.
     */
    async publish(input: PublishVerificationInput): Promise<Verification> {
      const errors = verificationResultProblems(input.result, deps.limits);
      if (Object.keys(errors).length) throw validationError(errors);
      const pact = await pactsService.bySha(input.providerName, input.consumerName, input.sha);
      const { result } = input;
      const flags = verificationFlags(input.metadata);
      // Metadata is written by anyone: the webhooks fan out only for consumer versions that exist (read before the
      // transaction; a version deleted meanwhile just gets a webhook about a version that is gone).
      const known = await versionsRepo.existingNumbers(pact.consumerId, [...new Set(flags.consumerVersionSelectors?.map((s) => s.cv))]);
      const selected = flags.consumerVersionSelectors?.filter((s) => known.has(s.cv)) ?? [];
      const stored = await db.transaction(async (tx) => {
        const { version, created } = await versionsService.findOrCreateVersion(pact.providerName, result.providerApplicationVersion, tx, {
          pacticipant: 'provider',
          version: 'providerApplicationVersion',
        });
        const row: NewVerification = {
          pactVersionId: pact.pactVersionId,
          consumerId: pact.consumerId,
          providerId: pact.providerId,
          providerVersionId: version.id,
          providerVersionOrder: version.order,
          success: result.success,
          buildUrl: result.buildUrl ?? null,
          testResults: result.testResults ?? null,
          verifiedBy: result.verifiedBy ?? null,
          ...flags,
        };
        const { id, createdAt } = await repo.insert(row, tx);
        await repo.recordLatest({ ...row, verificationId: id, createdAt }, tx);
        // A provider version this transaction created is on no branch and has no tag yet.
        const branches = created ? [] : await versionsRepo.membershipsFor([version.id], tx);
        const tags = created ? [] : await versionsRepo.tagsFor([version.id], tx);
        const facts = {
          consumerName: pact.consumerName,
          providerName: pact.providerName,
          providerVersionNumber: result.providerApplicationVersion,
          pactVersionSha: pact.sha,
          success: result.success,
          verificationId: id,
          providerVersionBranches: branches.map((b) => b.branchName),
          providerVersionTags: tags.map((t) => t.name),
          pactConsumerVersionNumber: pact.consumerVersionNumber,
          consumerVersionSelectors: selected.length ? selected.map((s) => ({ consumerVersionNumber: s.cv, tag: s.t })) : null,
          buildUrl: result.buildUrl ?? null,
        };
        // Both events in one batch: one trigger statement.
        await events.publishAllInTransaction(tx, [
          { name: 'provider_verification_published', payload: facts },
          { name: result.success ? 'provider_verification_succeeded' : 'provider_verification_failed', payload: facts },
        ]);
        return facts;
      });
      events.publish('provider_verification_published', stored);
      return (await repo.findById(stored.verificationId))!;
    },

    /** One result by number; it must belong to this content. */
    async get(providerName: string, consumerName: string, sha: string, number: string): Promise<Verification> {
      const pact = await pactsService.bySha(providerName, consumerName, sha);
      const verification = RESULT_NUMBER.test(number) ? await repo.findInPactVersion(pact.pactVersionId, Number(number)) : undefined;
      return orNotFound(verification, `No verification result ${number} found for ${describePact(pact)}`);
    },

    /** The newest result of this content (highest number), whichever provider version published it. */
    async latestForPactVersion(providerName: string, consumerName: string, sha: string): Promise<Verification> {
      const pact = await pactsService.bySha(providerName, consumerName, sha);
      return orNotFound(await repo.latestForPactVersion(pact.pactVersionId), `No verification results found for ${describePact(pact)}`);
    },

    /** A page of the results of this content, newest first, with the pact they belong to; `more`: older ones follow. */
    async listForPactVersion(
      providerName: string,
      consumerName: string,
      sha: string,
      page: Page,
    ): Promise<{ pact: Pact; verifications: Verification[]; more: boolean }> {
      const pact = await pactsService.bySha(providerName, consumerName, sha);
      const { items, more } = await repo.forPactVersion(pact.pactVersionId, page);
      return { pact, verifications: items, more };
    },

    /** For later features (matrix, badges): the newest result of each content id; unverified ones are absent. */
    async latestByPactVersionIds(pactVersionIds: number[]): Promise<Map<number, Verification>> {
      const list = await repo.latestForPactVersions([...new Set(pactVersionIds)]);
      return new Map(list.map((v) => [v.pactVersionId, v]));
    },

    /**
     * For each latest pact of the consumer version, the newest result of that pact's content (so a version that
     * republished verified content is verified too); `success` only when every pact's latest result succeeded.
     */
    async forConsumerVersion(consumerName: string, versionNumber: string): Promise<ConsumerVersionVerificationSummary> {
      const { pacticipant, version, pacts } = await versionsService.get(consumerName, versionNumber);
      const latest = await service.latestByPactVersionIds(pacts.map((p) => p.pactVersionId));
      const verifications: Verification[] = [];
      const unknown: string[] = [];
      for (const pact of pacts) {
        const verification = latest.get(pact.pactVersionId);
        if (verification) verifications.push(verification);
        else unknown.push(pact.providerName);
      }
      const successful = verifications.filter((v) => v.success).map((v) => v.providerName);
      return {
        consumerName: pacticipant.name,
        consumerVersionNumber: version.number,
        success: successful.length === pacts.length,
        providerSummary: { successful, failed: verifications.filter((v) => !v.success).map((v) => v.providerName), unknown },
        verifications,
      };
    },

    /** The matrix cell: the results one provider version published for one pact content, newest first (bounded). */
    async forPactVersionByProviderVersion(pactVersionId: number, providerVersionId: number, limit: number): Promise<Verification[]> {
      return repo.forPactVersionByProviderVersion(pactVersionId, providerVersionId, limit);
    },
  };
  return service;
}

export type VerificationsService = ReturnType<typeof createVerificationsService>;
