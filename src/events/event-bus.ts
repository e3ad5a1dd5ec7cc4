// Services publish domain events after their transaction commits; later features (webhooks) subscribe here.
// Listener failures are logged by the bus owner and never fail the request that caused the event.

export interface DomainEvents {
  contract_published: {
    consumerName: string;
    providerName: string;
    consumerVersionNumber: string;
    pactVersionSha: string;
    /** True when this content had not been published for this consumer/provider before. */
    contentChanged: boolean;
    branch?: string | undefined;
    tags: string[];
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
  };
  deployed_version_created: { pacticipantName: string; versionNumber: string; environmentName: string; applicationInstance: string | null };
  released_version_created: { pacticipantName: string; versionNumber: string; environmentName: string };
  pacticipant_deleted: { name: string };
  version_deleted: { pacticipantName: string; versionNumber: string };
}

export type EventName = keyof DomainEvents;
type Listener<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export interface EventBus {
  publish<K extends EventName>(name: K, payload: DomainEvents[K]): void;
  subscribe<K extends EventName>(name: K, listener: Listener<K>): () => void;
}

export function createEventBus(onListenerError: (error: unknown, event: EventName) => void): EventBus {
  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  return {
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
}
