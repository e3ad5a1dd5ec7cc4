// Test data through the real services (never raw INSERTs), as the Pact Broker's TestDataBuilder does.
import type { Services } from '../../src/container.js';
import { pactDocument } from './pacts.js';

export function testDataBuilder(services: Services) {
  const pending: Array<() => Promise<unknown>> = [];
  const builder = {
    publishPact(options: { consumer: string; provider: string; version: string; branch?: string; tags?: string[]; interactions?: string[] }) {
      pending.push(() =>
        services.pacts.publishContracts({
          pacticipantName: options.consumer,
          pacticipantVersionNumber: options.version,
          branch: options.branch,
          tags: options.tags ?? [],
          contracts: [
            {
              consumerName: options.consumer,
              providerName: options.provider,
              document: pactDocument(options) as never,
              onConflict: 'overwrite',
            },
          ],
        }),
      );
      return builder;
    },
    createVersion(pacticipant: string, version: string, options: { branch?: string; tags?: string[] } = {}) {
      pending.push(async () => {
        await services.versions.upsert(pacticipant, version, { tags: options.tags }, 'merge');
        if (options.branch) await services.versions.addBranchVersion(pacticipant, options.branch, version);
      });
      return builder;
    },
    /** Runs the queued steps in order. */
    async done() {
      for (const step of pending.splice(0)) await step();
    },
  };
  return builder;
}
