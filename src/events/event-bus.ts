// Services publish domain events after their transaction commits; later features (webhooks) subscribe here.
// Listener failures are logged by the bus owner and never fail the request that caused the event.
// Transactional events are published inside the write's transaction and awaited: their listeners write with that
// transaction, and a listener's error fails (rolls back) the write. Only webhooks/ subscribes to them. A listener may
// return notices for the client whose request caused the event (the publish response lists them).
import type { Executor } from '../db/client.js';
import type { Notice } from '../shared/errors.js';
import type { RequiredVerification } from '../verifications/required-verifications.js';

export interface DomainEvents {
  contract_published: {
    consumerName: string;
    providerName: string;
    consumerVersionNumber: string;
    pactVersionSha: string;
    /** True when contract_content_changed fires for this publication (pacts/content-changed.ts: per tag, or untagged). */
    contentChanged: boolean;
    branch?: string | undefined;
    tags: string[];
    /** The buildUrl sent with the publication (`${pactbroker.buildUrl}`). */
    buildUrl?: string | undefined;
  };
  provider_verification_published: {
    consumerName: string;
    providerName: string;
    providerVersionNumber: string;
    pactVersionSha: string;
    success: boolean;
    verificationId: number;
    /** Branch and tags of the provider version when the result was published. */
    providerVersionBranches: string[];
    providerVersionTags: string[];
    /** The newest consumer version that published the verified content: whose pact it is when no selector names one. */
    pactConsumerVersionNumber: string;
    /**
     * The selectors recorded in the pact URL's metadata the result was published through (pacts-for-verification or a
     * webhook's pactUrl): the consumer versions they resolved to and the tags they named; null without metadata.
     */
    consumerVersionSelectors: { consumerVersionNumber: string; tag?: string | undefined }[] | null;
    buildUrl: string | null;
  };
  deployed_version_created: { pacticipantName: string; versionNumber: string; environmentName: string; applicationInstance: string | null };
  released_version_created: { pacticipantName: string; versionNumber: string; environmentName: string };
  pacticipant_deleted: { name: string };
  version_deleted: { pacticipantName: string; versionNumber: string };
}

export type EventName = keyof DomainEvents;

type ContractFacts = DomainEvents['contract_published'];
type VerificationFacts = DomainEvents['provider_verification_published'];

/** A contract and the provider versions that have no result for its content yet (never empty). */
export interface ContractRequiringVerificationFacts extends ContractFacts {
  requiredVerifications: RequiredVerification[];
}

/** The events (broker-semantics C1) published inside the transaction of the write that caused them. */
export interface TransactionalEvents {
  contract_published: ContractFacts;
  /** Content changed per tag, or since the previous untagged version (pacts/content-changed.ts); not for identical content under a new version. */
  contract_content_changed: ContractFacts;
  contract_requiring_verification_published: ContractRequiringVerificationFacts;
  provider_verification_published: VerificationFacts;
  provider_verification_succeeded: VerificationFacts;
  provider_verification_failed: VerificationFacts;
}

export type TransactionalEventName = keyof TransactionalEvents;

/** Notices for the client that caused an event, built with its request's base URL (links need it; only routes know it). */
export type EventNotices = (baseUrl: string) => Notice[];

type TxListener<K extends TransactionalEventName> = (payload: TransactionalEvents[K], tx: Executor) => Promise<EventNotices | void>;
/** One transactional event of a batch. */
export type TransactionalEvent = { [K in TransactionalEventName]: { name: K; payload: TransactionalEvents[K] } }[TransactionalEventName];
/** Hears a batch of events at once (one statement for all of them); answers one entry per event, in order. */
type TxBatchListener = (events: readonly TransactionalEvent[], tx: Executor) => Promise<ReadonlyArray<EventNotices | void>>;
type Listener<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export interface EventBus {
  publish<K extends EventName>(name: K, payload: DomainEvents[K]): void;
  subscribe<K extends EventName>(name: K, listener: Listener<K>): () => void;
  /**
   * Awaits every listener in turn on the caller's transaction; the first error is thrown to the caller. Returns the
   * listeners' notices, in subscription order.
   */
  publishInTransaction<K extends TransactionalEventName>(tx: Executor, name: K, payload: TransactionalEvents[K]): Promise<EventNotices>;
  subscribeInTransaction<K extends TransactionalEventName>(name: K, listener: TxListener<K>): () => void;
  /**
   * Several events of one write at once, as if published in turn with publishInTransaction: a batch listener hears
   * them all in one call (a publish's events cost one trigger statement, not one each). Notices per event, in order.
   */
  publishAllInTransaction(tx: Executor, events: readonly TransactionalEvent[]): Promise<EventNotices[]>;
  /** Hears every transactional event, in batches (a single publishInTransaction is a batch of one). */
  subscribeAllInTransaction(listener: TxBatchListener): () => void;
}

export function createEventBus(onListenerError: (error: unknown, event: EventName) => void): EventBus {
  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  const txListeners = new Map<TransactionalEventName, Set<TxListener<TransactionalEventName>>>();
  const batchListeners = new Set<TxBatchListener>();
  const joined = (notices: EventNotices[]): EventNotices => (baseUrl) => notices.flatMap((n) => n(baseUrl));
  const bus: EventBus = {
    async publishInTransaction(tx, name, payload) {
      return (await bus.publishAllInTransaction(tx, [{ name, payload } as TransactionalEvent]))[0]!;
    },
    async publishAllInTransaction(tx, events) {
      const notices: EventNotices[][] = events.map(() => []);
      for (const [index, event] of events.entries()) {
        for (const listener of [...(txListeners.get(event.name) ?? [])]) {
          const returned = await (listener as TxListener<typeof event.name>)(event.payload, tx);
          if (returned) notices[index]!.push(returned);
        }
      }
      for (const listener of [...batchListeners]) {
        const returned = await listener(events, tx);
        returned.forEach((n, index) => n && notices[index]!.push(n));
      }
      return notices.map(joined);
    },
    subscribeAllInTransaction(listener) {
      batchListeners.add(listener);
      return () => batchListeners.delete(listener);
    },
    subscribeInTransaction(name, listener) {
      const set = txListeners.get(name) ?? new Set();
      set.add(listener as TxListener<TransactionalEventName>);
      txListeners.set(name, set);
      return () => set.delete(listener as TxListener<TransactionalEventName>);
    },
    publish(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        Promise.resolve()
          .then(() => (listener as Listener<typeof name>)(payload))
          .catch((error: unknown) => onListenerError(error, name));
      }
    },
    subscribe(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as Listener<EventName>);
      listeners.set(name, set);
      return () => set.delete(listener as Listener<EventName>);
    },
  };
  return bus;
}
