// Use case: a consumer pipeline publishes its pacts for one consumer version (POST /contracts/publish and the
// legacy PUT). Everything happens in one transaction: either every contract, the version, its branch and tags are
// stored, or nothing is. A conflict only rolls it back; its diff is built after the transaction.
import type { Db, Executor } from '../db/client.js';
import type { EventBus, TransactionalEvent, TransactionalEvents } from '../events/event-bus.js';
import type { PacticipantsRepository } from '../pacticipants/pacticipants.repository.js';
import { DomainError, type Notice } from '../shared/errors.js';
import { checkLimit, type Limits } from '../shared/limits.js';
import { requiredVerifications, type RequiredVerificationCandidate } from '../verifications/required-verifications.js';
import type { VersionsRepository } from '../versions/versions.repository.js';
import type { VersionsService } from '../versions/versions.service.js';
import { contentChange, type ContentChange } from './content-changed.js';
import { contentSha, interactionCount, mergePacts, withInteractionIds, type PactDocument } from './pact-content.js';
import { pactDiff } from './pact-diff.js';
import type { ContentChangeAt, PactsRepository } from './pacts.repository.js';
import { publishReads } from './publish-reads.repository.js';
import type { DetectedEvent, PublishContractsInput, PublishContractsResult, PublishedContract } from './pacts.types.js';

export interface PublishDeps {
  db: Db;
  pacticipantsRepo: PacticipantsRepository;
  versionsRepo: VersionsRepository;
  versionsService: VersionsService;
  pactsRepo: PactsRepository;
  events: EventBus;
  allowDangerousContractModification: boolean;
  limits: Limits;
}

type ContractFacts = TransactionalEvents['contract_published'];
type ContractEvents = Pick<PublishedContract, 'events' | 'eventNotices'>;
/** What the events of a stored contract need besides its facts. */
interface StoredIds {
  providerId: number;
  pactVersionId: number;
}
/** What storeContract found about the content (content-changed.ts); `replaced`: the version already had a pact. */
interface ContentChangeFacts {
  contentChanged: boolean;
  contentComment: string;
  replaced: boolean;
}
/**
 * What storeContract wrote: the content change of a replaced pact is known then; a new one's needs the previous pacts,
 * read with the publish's other reads (publish-reads.repository.ts) from `previousAt`.
 */
type Written = Omit<PublishedContract, keyof ContractEvents | 'contentChanged'> &
  StoredIds &
  ({ replaced: true; change: ContentChange } | { replaced: false; previousAt: ContentChangeAt });
type Stored = Omit<PublishedContract, keyof ContractEvents> & StoredIds & ContentChangeFacts;

const changeFacts = (change: ContentChange, replaced: boolean): ContentChangeFacts => ({
  contentChanged: change.changed,
  contentComment: change.comment,
  replaced,
});

/**
 * Thrown inside the publish transaction when a contract would change stored content: the transaction rolls back,
 * and the diff for the 409 is built after it, holding no connection or lock.
 */
class ContentConflict extends Error {
  constructor(
    readonly consumerName: string,
    readonly versionNumber: string,
    readonly providerName: string,
    readonly existingContent: string,
    readonly document: PactDocument,
  ) {
    super('content conflict');
  }
}

export function conflictMessage(consumer: string, version: string, provider: string): string {
  return (
    `Cannot change the content of the pact for ${consumer} version ${version} and provider ${provider}, ` +
    'as race conditions will cause unreliable results for can-i-deploy. Each pact must be published with a unique ' +
    'consumer version number. Some Pact libraries generate random data when a concrete value for a type matcher is ' +
    'not specified, and this can cause the contract to mutate - ensure you have given example values for all type ' +
    'matchers. For more information see https://docs.pact.io/go/versioning'
  );
}

/** The 409 for a conflicting republish: the message, and the diff from the stored content as an info notice. */
function conflictError(conflict: ContentConflict, limits: Pick<Limits, 'diffChars'>): DomainError {
  const text = conflictMessage(conflict.consumerName, conflict.versionNumber, conflict.providerName);
  return new DomainError('conflict', text, { contracts: [text] }, [
    { type: 'error', text },
    { type: 'info', text: pactDiff(JSON.parse(conflict.existingContent), conflict.document, limits) },
  ]);
}

/** The first few of a list of interaction descriptions, each cut short, and how many more there are. */
function listed(descriptions: string[], first = 10, chars = 200): string {
  const shown = descriptions.slice(0, first).map((d) => (d.length > chars ? `${d.slice(0, chars)}…` : d));
  const more = descriptions.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

export function createPublishContracts(deps: PublishDeps) {
  const { db, pacticipantsRepo, versionsRepo, versionsService, pactsRepo, events } = deps;

  async function storeContract(
    ctx: { consumerId: number; providerId: number; versionId: number; versionOrder: number; versionNumber: string; versionCreated: boolean },
    contract: { consumerName: string; providerName: string; document: PactDocument; onConflict: 'overwrite' | 'merge' },
    ex: Executor,
  ): Promise<Written> {
    // A version this transaction created has no pact yet: no lookup.
    const existing = ctx.versionCreated ? undefined : await pactsRepo.forConsumerVersion(ctx.versionId, ctx.providerId, ex);
    let document = contract.document;
    if (existing && contract.onConflict === 'merge') {
      const merged = mergePacts(JSON.parse(existing.content) as PactDocument, document);
      if (!merged.ok) {
        const text = `Cannot merge the pact for ${contract.consumerName} version ${ctx.versionNumber} and provider ${contract.providerName}: these interactions have the same description and provider state but a different request: ${listed(merged.descriptions)}`;
        throw new DomainError('conflict', text, { contracts: [text] }, [{ type: 'error', text }]);
      }
      document = merged.pact;
      // Each part was within the limit (publish-request checked it); their union must be too.
      checkLimit(deps.limits, 'interactionsPerPact', 'contracts', interactionCount(document), 'interactions and messages in the merged pact');
    }
    const sha = contentSha(document);
    const base = { consumerName: contract.consumerName, providerName: contract.providerName, sha };
    const names = { consumerName: contract.consumerName, consumerVersionNumber: ctx.versionNumber };
    if (existing && existing.sha === sha) {
      const change = contentChange({ kind: 'replaced', sha, replacedSha: existing.sha, ...names });
      return { ...base, outcome: 'republished', replaced: true, change, providerId: ctx.providerId, pactVersionId: existing.pactVersionId };
    }
    // A merge that went through mergePacts only adds interactions (or replaces responses), which is what the
    // publisher asked for; only an overwrite with different content is the dangerous modification.
    if (existing && contract.onConflict !== 'merge' && !deps.allowDangerousContractModification) {
      throw new ContentConflict(contract.consumerName, ctx.versionNumber, contract.providerName, existing.content, document);
    }
    const stored = withInteractionIds(document);
    const at = { consumerId: ctx.consumerId, providerId: ctx.providerId, consumerVersionId: ctx.versionId, consumerVersionOrder: ctx.versionOrder };
    const content = { consumerId: ctx.consumerId, providerId: ctx.providerId, sha, content: JSON.stringify(stored), interactionCount: interactionCount(stored) };
    // One statement; two when another publish committed the same content while this one waited on it.
    const pactVersion =
      (await pactsRepo.storeRevision({ ...content, consumerVersionId: ctx.versionId, consumerVersionOrder: ctx.versionOrder }, ex)) ??
      (await storeInTwoSteps(content, at, ex));
    const ids = { providerId: ctx.providerId, pactVersionId: pactVersion.id };
    if (!existing) return { ...base, outcome: 'created', replaced: false, previousAt: at, ...ids };
    const change = contentChange({ kind: 'replaced', sha, replacedSha: existing.sha, ...names });
    return { ...base, outcome: contract.onConflict === 'merge' ? 'merged' : 'overwritten', replaced: true, change, ...ids };
  }

  async function storeInTwoSteps(content: Parameters<PactsRepository['findOrCreatePactVersion']>[0], at: ContentChangeAt, ex: Executor) {
    const pactVersion = await pactsRepo.findOrCreatePactVersion(content, ex);
    await pactsRepo.addRevision({ ...at, pactVersionId: pactVersion.id }, ex);
    return pactVersion;
  }

  /** The content change of each written contract and the provider versions that should verify it, in one statement. */
  async function withReads(written: readonly Written[], tx: Executor): Promise<Array<{ stored: Stored; candidates: RequiredVerificationCandidate[] }>> {
    const reads = await publishReads(
      written.map((w) => ({ providerId: w.providerId, pactVersionId: w.pactVersionId, previousAt: w.replaced ? undefined : w.previousAt })),
      tx,
    );
    return written.map((w, i) => {
      const { previous, candidates } = reads[i]!;
      const change = w.replaced ? w.change : contentChange({ kind: 'new', sha: w.sha, previous: previous ?? [] });
      const { consumerName, providerName, sha, outcome, providerId, pactVersionId } = w;
      return { stored: { consumerName, providerName, sha, outcome, providerId, pactVersionId, ...changeFacts(change, w.replaced) }, candidates };
    });
  }

  /**
   * The events of one stored contract, in the Pact Broker's order (webhooks/event_listener.rb): published, requiring
   * verification (when some provider version has no result for the content), content changed (content-changed.ts),
   * each with the Pact Broker's comment where it gives one. Published later, with every contract's, as one batch.
   */
  function contractEvents(facts: ContractFacts, change: ContentChangeFacts, candidates: RequiredVerificationCandidate[]) {
    const detected: DetectedEvent[] = [];
    const toPublish: TransactionalEvent[] = [];
    const publish = (event: TransactionalEvent, comment?: string) => {
      detected.push(comment === undefined ? { name: event.name } : { name: event.name, comment });
      toPublish.push(event);
    };
    // A new version's unchanged pact: the comment says why only contract_published fired.
    publish({ name: 'contract_published', payload: facts }, change.contentChanged || change.replaced ? undefined : change.contentComment);
    const required = requiredVerifications(candidates);
    if (required.length > 0) publish({ name: 'contract_requiring_verification_published', payload: { ...facts, requiredVerifications: required } });
    if (change.contentChanged) publish({ name: 'contract_content_changed', payload: facts }, change.contentComment);
    // No webhook subscribes to it; the Pact Broker lists it for a consumer version's pact republished unchanged.
    else if (change.replaced) detected.push({ name: 'contract_content_unchanged', comment: change.contentComment });
    return { detected, toPublish };
  }

  /** Publishes every contract's events in one batch (one trigger statement); each contract gets its own notices. */
  async function publishContractEvents(perContract: Array<{ detected: DetectedEvent[]; toPublish: TransactionalEvent[] }>, tx: Executor): Promise<ContractEvents[]> {
    const notices = await events.publishAllInTransaction(tx, perContract.flatMap((c) => c.toPublish));
    let next = 0;
    return perContract.map(({ detected, toPublish }) => {
      const own = notices.slice(next, (next += toPublish.length));
      return { events: detected, eventNotices: (baseUrl: string) => own.flatMap((n) => n(baseUrl)) };
    });
  }

  return async function publishContracts(input: PublishContractsInput): Promise<PublishContractsResult> {
    const consumerName = input.pacticipantName;
    // Sorted so that concurrent publishers lock rows in the same order.
    const contractFacts = (contract: Pick<PublishedContract, 'providerName' | 'sha' | 'contentChanged'>): ContractFacts => ({
      consumerName,
      providerName: contract.providerName,
      consumerVersionNumber: input.pacticipantVersionNumber,
      pactVersionSha: contract.sha,
      contentChanged: contract.contentChanged,
      branch: input.branch,
      tags: input.tags,
      buildUrl: input.buildUrl,
    });
    const contracts = [...input.contracts].sort((a, b) => (a.providerName < b.providerName ? -1 : 1));
    const result = await db.transaction(async (tx) => {
      const names = [consumerName, ...contracts.map((c) => c.providerName)];
      const byName = await pacticipantsRepo.findOrCreateByNames(names, tx);
      const consumer = byName.get(consumerName)!;
      const { version, created } = await versionsRepo.findOrCreate(consumer.id, input.pacticipantVersionNumber, tx);
      // A version created here is invisible to other writers until commit; only an existing one needs the lock.
      if (!created) await versionsRepo.lock(version.id, tx);
      if (input.buildUrl !== undefined && input.buildUrl !== version.buildUrl) {
        await versionsRepo.update(version.id, { buildUrl: input.buildUrl }, tx);
      }
      if (input.branch !== undefined) await versionsService.addToBranch(consumer, version, input.branch, tx);
      await versionsRepo.addTags(version, input.tags, tx);
      const written: Written[] = [];
      for (const contract of contracts) {
        const ctx = {
          consumerId: consumer.id,
          providerId: byName.get(contract.providerName)!.id,
          versionId: version.id,
          versionOrder: version.order,
          versionNumber: version.number,
          versionCreated: created,
        };
        written.push(await storeContract(ctx, contract, tx));
      }
      const perContract: Array<ReturnType<typeof contractEvents>> = [];
      const contractsStored: Array<Omit<Stored, keyof StoredIds | 'contentComment' | 'replaced'>> = [];
      for (const { stored, candidates } of await withReads(written, tx)) {
        const { providerId: _p, pactVersionId: _v, contentComment, replaced, ...contract } = stored;
        perContract.push(contractEvents(contractFacts(contract), { contentChanged: contract.contentChanged, contentComment, replaced }, candidates));
        contractsStored.push(contract);
      }
      const contractEventsOf = await publishContractEvents(perContract, tx);
      const published: PublishedContract[] = contractsStored.map((contract, i) => ({ ...contract, ...contractEventsOf[i]! }));
      return { versionCreated: created, published };
    }).catch((error: unknown) => {
      throw error instanceof ContentConflict ? conflictError(error, deps.limits) : error;
    });
    for (const contract of result.published) events.publish('contract_published', contractFacts(contract));
    return {
      pacticipant: { name: consumerName },
      version: { number: input.pacticipantVersionNumber, created: result.versionCreated },
      branch: input.branch,
      tags: input.tags,
      contracts: result.published,
    };
  };
}

/** The notices the CLI prints after a publish (texts follow the Pact Broker's). */
export function publishNotices(result: PublishContractsResult, baseUrl: string, pactUrl: (c: PublishedContract) => string): Notice[] {
  const { pacticipant, version, branch, tags } = result;
  const described = [branch ? `branch ${branch}` : '', tags.length ? `tags ${tags.join(', ')}` : '']
    .filter(Boolean)
    .join(' and ')
    .replace(/^(?=.)/, 'with ');
  const notices: Notice[] = [
    {
      type: 'debug',
      text: `${version.created ? 'Created' : 'Updated'} ${pacticipant.name} version ${version.number}${described ? ` ${described}` : ''}`,
    },
  ];
  for (const contract of result.contracts) {
    const subject = `for ${contract.consumerName} version ${version.number} and provider ${contract.providerName}`;
    const text =
      contract.outcome === 'republished'
        ? `Pact successfully republished ${subject} with no content changes.`
        : contract.outcome === 'created'
          ? `Pact successfully published ${subject}.`
          : contract.outcome === 'merged'
            ? `Pact successfully merged ${subject}.`
            : `Pact successfully published ${subject}; the previous content was replaced.`;
    notices.push({ type: contract.outcome === 'overwritten' ? 'warning' : 'success', text });
    notices.push({ type: 'debug', text: `  View the published pact at ${pactUrl(contract)}` });
    if (contract.events.length > 0) {
      const detected = contract.events.map((e) => (e.comment ? `${e.name} (${e.comment})` : e.name));
      notices.push({ type: 'debug', text: `  Events detected: ${detected.join(', ')}` });
    }
    notices.push(...contract.eventNotices(baseUrl));
  }
  if (!branch) {
    notices.push({
      type: 'prompt',
      text: '  Next steps:\n    Configure the version branch to be the value of your repository branch.',
    });
  }
  return notices;
}
