import type { Db } from '../db/client.js';
import type { Page } from '../db/query.js';
import type { PacticipantsRepository } from '../pacticipants/pacticipants.repository.js';
import type { Pacticipant } from '../pacticipants/pacticipants.types.js';
import { notFound, orNotFound, validationError, type FieldErrors } from '../shared/errors.js';
import type { Limits } from '../shared/limits.js';
import { checkNames } from '../shared/names.js';
import type { VersionsRepository } from '../versions/versions.repository.js';
import type { PactDocument } from './pact-content.js';
import { pactDiff } from './pact-diff.js';
import { createPactContentCache, pactContentEntry, type PactContentEntry } from './pact-content-cache.js';
import type { PactLookup, PactsRepository } from './pacts.repository.js';
import type { Pact, PactSummary, PublishContractsInput, PublishContractsResult } from './pacts.types.js';
import { pactStructureProblems } from './publish-request.js';
import { NO_READ_CACHE, type ReadCache } from '../shared/read-cache.js';

/** The budget of the in-process cache of pact contents (both copies of each: stored text and re-serialised). */
const PACT_CONTENT_CACHE_BYTES = 64 * 1024 * 1024;

export type ProviderPactsFilter =
  | { kind: 'all' }
  | { kind: 'latest' }
  | { kind: 'tag'; tag: string; latest: boolean }
  | { kind: 'branch'; branch: string | undefined; latest: boolean };

export type IntegrationPactsFilter = { branch?: string | undefined; tag?: string | undefined; mainBranch?: boolean; latest?: boolean };

export function createPactsService(deps: {
  db: Db;
  pactsRepo: PactsRepository;
  pacticipantsRepo: PacticipantsRepository;
  versionsRepo: VersionsRepository;
  publishContracts: (input: PublishContractsInput) => Promise<PublishContractsResult>;
  limits: Limits;
  /** Serves repeated reads between writes, on both stores (src/shared/read-cache.ts). */
  readCache?: ReadCache;
}) {
  const { db, pactsRepo, pacticipantsRepo, versionsRepo } = deps;
  const readCache = deps.readCache ?? NO_READ_CACHE;

  /** A bounded structural diff (no transaction is held: the two contents were read by single-row queries). */
  const diffOf = (pact: Pact, previous: Pact | undefined) =>
    previous ? pactDiff(JSON.parse(previous.content), JSON.parse(pact.content), deps.limits) : undefined;

  async function pacticipant(name: string, role: 'consumer' | 'provider' | 'pacticipant'): Promise<Pacticipant> {
    const found = await pacticipantsRepo.findByName(name);
    if (!found) throw notFound(`No ${role} with name '${name}' found`);
    return found;
  }

  async function pair(providerName: string, consumerName: string) {
    const provider = await pacticipant(providerName, 'provider');
    const consumer = await pacticipant(consumerName, 'consumer');
    return { consumer, provider };
  }

  const between = (consumer: string, provider: string) => `between ${consumer} and ${provider}`;

  // Pact contents by pact version id (immutable per id, so nothing invalidates them); per replica, safe to lose.
  const contents = createPactContentCache({ maxBytes: PACT_CONTENT_CACHE_BYTES });

  /**
   * A hot single-pact read: one statement by names, the content from the cache (a second statement on a miss). When
   * nothing is found, `slow` (the step-by-step read) says which name or version is missing, in the usual 404.
   */
  async function readPact(lookup: PactLookup, slow: () => Promise<Pact>): Promise<Pact> {
    const found = await readCache.get(`pact\u0000${JSON.stringify(lookup)}`, () => pactsRepo.findPactByNames(lookup));
    if (!found) return slow();
    const { summary, contentToken } = found;
    let entry = contents.get(summary.pactVersionId, contentToken);
    if (!entry) {
      const content = await pactsRepo.contentOf(summary.pactVersionId);
      if (content === undefined) return slow(); // deleted in between
      entry = contents.set(summary.pactVersionId, contentToken, content);
    }
    return { ...summary, content: entry.content };
  }

  const service = {
    publishContracts: deps.publishContracts,

    /** The content as served: the cached entry when it holds these very bytes, else one made for this response. */
    contentEntry(pact: Pact): PactContentEntry {
      const cached = contents.peek(pact.pactVersionId);
      return cached?.content === pact.content ? cached : pactContentEntry(pact.sha, pact.content);
    },

    /** The hot reads of one pact document (the routes' GETs): as forConsumerVersion, latest and bySha, faster. */
    readForConsumerVersion(providerName: string, consumerName: string, versionNumber: string): Promise<Pact> {
      return readPact({ kind: 'version', consumer: consumerName, provider: providerName, version: versionNumber }, () =>
        service.forConsumerVersion(providerName, consumerName, versionNumber),
      );
    },

    readLatest(providerName: string, consumerName: string, selector: { tag?: string; branch?: string; untagged?: boolean } = {}): Promise<Pact> {
      const names = { consumer: consumerName, provider: providerName };
      const lookup: PactLookup =
        selector.tag !== undefined
          ? { ...names, kind: 'tag', tag: selector.tag }
          : selector.branch !== undefined
            ? { ...names, kind: 'branch', branch: selector.branch }
            : selector.untagged
              ? { ...names, kind: 'untagged' }
              : { ...names, kind: 'latest' };
      return readPact(lookup, () => service.latest(providerName, consumerName, selector));
    },

    readBySha(providerName: string, consumerName: string, sha: string): Promise<Pact> {
      return readPact({ kind: 'sha', consumer: consumerName, provider: providerName, sha }, () => service.bySha(providerName, consumerName, sha));
    },

    async forConsumerVersion(providerName: string, consumerName: string, versionNumber: string): Promise<Pact> {
      const { consumer, provider } = await pair(providerName, consumerName);
      const version = await versionsRepo.findByNumber(consumer.id, versionNumber);
      const pact = version && (await pactsRepo.forConsumerVersion(version.id, provider.id));
      return orNotFound(pact, `No pact ${between(consumerName, providerName)} for consumer version '${versionNumber}' found`);
    },

    async latest(providerName: string, consumerName: string, selector: { tag?: string; branch?: string; untagged?: boolean } = {}) {
      const { consumer, provider } = await pair(providerName, consumerName);
      let pact: Pact | undefined;
      if (selector.tag !== undefined) pact = await pactsRepo.latestForIntegrationWithTag(consumer.id, provider.id, selector.tag);
      else if (selector.branch !== undefined) pact = await pactsRepo.latestForIntegrationOnBranch(consumer.id, provider.id, selector.branch);
      else if (selector.untagged) pact = await pactsRepo.latestUntaggedForIntegration(consumer.id, provider.id);
      else pact = await pactsRepo.latestForIntegration(consumer.id, provider.id);
      const which = selector.tag ? ` with tag '${selector.tag}'` : selector.branch ? ` from branch '${selector.branch}'` : selector.untagged ? ' without tags' : '';
      return orNotFound(pact, `No pact ${between(consumerName, providerName)}${which} found`);
    },

    async bySha(providerName: string, consumerName: string, sha: string): Promise<Pact> {
      const { consumer, provider } = await pair(providerName, consumerName);
      return orNotFound(await pactsRepo.bySha(consumer.id, provider.id, sha), `No pact ${between(consumerName, providerName)} with content version '${sha}' found`);
    },

    async latestPerIntegration(): Promise<PactSummary[]> {
      return pactsRepo.latestPerIntegration();
    },

    /** The lists that grow with history come a page at a time (`more`: a next page exists); the latest ones whole. */
    async forProvider(providerName: string, filter: ProviderPactsFilter, page: Page) {
      const provider = await pacticipant(providerName, 'provider');
      let result: { items: PactSummary[]; more: boolean };
      switch (filter.kind) {
        case 'all':
          result = await pactsRepo.forProvider(provider.id, page);
          break;
        case 'latest':
          result = { items: await pactsRepo.latestPerIntegration({ providerId: provider.id }), more: false };
          break;
        case 'tag':
          result = await pactsRepo.forProviderWithTag(provider.id, filter.tag, filter.latest, page);
          break;
        case 'branch':
          result = await pactsRepo.forProviderOnBranch(provider.id, filter.branch, filter.latest, page);
          break;
      }
      return { provider, pacts: result.items, more: result.more };
    },

    async forIntegration(providerName: string, consumerName: string, filter: IntegrationPactsFilter, page: Page) {
      const { consumer, provider } = await pair(providerName, consumerName);
      const branch = filter.mainBranch ? consumer.mainBranch ?? undefined : filter.branch;
      const result =
        filter.mainBranch && branch === undefined
          ? { items: [], more: false }
          : await pactsRepo.forIntegration(consumer.id, provider.id, { branch, tag: filter.tag, latest: filter.latest ?? false }, page);
      return { consumer, provider, pacts: result.items, more: result.more };
    },

    async previousDistinct(providerName: string, consumerName: string, versionNumber: string) {
      const pact = await service.forConsumerVersion(providerName, consumerName, versionNumber);
      return { pact, previous: await pactsRepo.previousDistinct(pact) };
    },

    /** A diff between two pacts of one integration (text, for people), by consumer versions. */
    async diff(providerName: string, consumerName: string, versionNumber: string, otherVersionNumber?: string) {
      const { pact, previous } =
        otherVersionNumber === undefined
          ? await service.previousDistinct(providerName, consumerName, versionNumber)
          : {
              pact: await service.forConsumerVersion(providerName, consumerName, versionNumber),
              previous: await service.forConsumerVersion(providerName, consumerName, otherVersionNumber),
            };
      return { pact, previous, diff: diffOf(pact, previous) };
    },

    /** A diff between two contents of one integration, by their SHAs. */
    async diffBySha(providerName: string, consumerName: string, sha: string, otherSha: string) {
      const pact = await service.bySha(providerName, consumerName, sha);
      const other = await service.bySha(providerName, consumerName, otherSha);
      return { pact, other, diff: diffOf(pact, other)! };
    },

    /** Legacy PUT: the body is the pact itself; names come from the path. */
    async putPact(providerName: string, consumerName: string, versionNumber: string, document: unknown) {
      checkNames(deps.limits, { consumer: consumerName, provider: providerName, version: versionNumber });
      const problems = pactStructureProblems(document, deps.limits);
      if (problems.length) throw validationError({ pact: problems });
      // The names come from the path; the document must agree (the Pact Broker's wording and field names).
      const errors: FieldErrors = {};
      for (const [field, inPact, inPath] of [
        ['consumer.name', (document as PactDocument).consumer.name, consumerName],
        ['provider.name', (document as PactDocument).provider.name, providerName],
      ] as const) {
        if (inPact !== inPath) errors[field] = [`name in pact '${inPact}' does not match name in URL path '${inPath}'.`];
      }
      if (Object.keys(errors).length) throw validationError(errors);
      const result = await deps.publishContracts({
        pacticipantName: consumerName,
        pacticipantVersionNumber: versionNumber,
        tags: [],
        contracts: [{ consumerName, providerName, document: document as PactDocument, onConflict: 'overwrite' }],
      });
      const contract = result.contracts[0]!;
      return { created: contract.outcome === 'created', pact: await service.forConsumerVersion(providerName, consumerName, versionNumber) };
    },

    async deleteForConsumerVersion(providerName: string, consumerName: string, versionNumber: string): Promise<void> {
      const pact = await service.forConsumerVersion(providerName, consumerName, versionNumber);
      await db.transaction(async (tx) => {
        await pactsRepo.deleteForConsumerVersion(pact.consumerVersionId, pact.providerId, tx);
        await pactsRepo.deleteIntegrationIfUnused(pact.consumerId, pact.providerId, tx);
      });
    },

    /** For the pact page: the consumer versions that published this content, newest first (`more`: older ones). */
    async publishersOf(pact: PactSummary, limit: number) {
      return pactsRepo.publishersOf(pact.pactVersionId, limit);
    },

    /** For search: the latest pact (with content) of at most `limit` integrations, by consumer then provider name. */
    async latestWithContent(limit: number): Promise<Pact[]> {
      return pactsRepo.latestPerIntegrationWithContent(limit);
    },

    async deleteIntegrationPacts(providerName: string, consumerName: string): Promise<void> {
      const { consumer, provider } = await pair(providerName, consumerName);
      await db.transaction((tx) => pactsRepo.deleteAllForIntegration(consumer.id, provider.id, tx));
    },
  };
  return service;
}

export type PactsService = ReturnType<typeof createPactsService>;
