// Test data through the real services (never raw INSERTs), as the Pact Broker's TestDataBuilder does.
import type { Services } from '../../src/container.js';
import type { PactMetadata } from '../../src/pacts/pact-metadata.js';
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
    // --- verifications ---
    /**
     * Verifies the pact that `consumerVersion` has with `provider`, as the verifier does: the provider version is put
     * on its branch and tags first, then the result is published for that pact's content (through a metadata URL
     * when `metadata` is given).
     */
    verify(options: {
      consumer: string;
      provider: string;
      consumerVersion: string;
      providerVersion: string;
      success: boolean;
      branch?: string;
      tags?: string[];
      metadata?: PactMetadata;
      buildUrl?: string;
      testResults?: unknown;
    }) {
      pending.push(async () => {
        const { provider, providerVersion } = options;
        if (options.branch) await services.versions.addBranchVersion(provider, options.branch, providerVersion);
        for (const tag of options.tags ?? []) await services.versions.addTag(provider, providerVersion, tag);
        const pact = await services.pacts.forConsumerVersion(provider, options.consumer, options.consumerVersion);
        return services.verifications.publish({
          providerName: provider,
          consumerName: options.consumer,
          sha: pact.sha,
          metadata: options.metadata,
          result: {
            success: options.success,
            providerApplicationVersion: providerVersion,
            ...(options.buildUrl === undefined ? {} : { buildUrl: options.buildUrl }),
            ...(options.testResults === undefined ? {} : { testResults: options.testResults }),
          },
        });
      });
      return builder;
    },
    // --- end of verifications ---

    // --- environments, deployments, releases (one block: other branches add their steps elsewhere) ---
    createEnvironment(name: string, options: { production?: boolean; displayName?: string } = {}) {
      pending.push(() => services.environments.create({ name, production: options.production ?? false, displayName: options.displayName }));
      return builder;
    },
    recordDeployment(options: { pacticipant: string; version: string; environment: string; applicationInstance?: string }) {
      pending.push(async () =>
        services.deployments.recordDeployment({
          pacticipantName: options.pacticipant,
          versionNumber: options.version,
          environmentUuid: (await environmentNamed(services, options.environment)).uuid,
          applicationInstance: options.applicationInstance,
        }),
      );
      return builder;
    },
    /** Undeploys the pacticipant's current deployment in the environment (of `version`, when given) and instance. */
    recordUndeployment(options: { pacticipant: string; version?: string; environment: string; applicationInstance?: string }) {
      pending.push(async () => {
        const { deployedVersions } = await services.deployments.currentlyDeployedIn((await environmentNamed(services, options.environment)).uuid, {
          pacticipantName: options.pacticipant,
          applicationInstance: options.applicationInstance ?? null,
        });
        const matching = deployedVersions.filter((d) => options.version === undefined || d.version.number === options.version);
        if (matching.length === 0) throw new Error(`recordUndeployment: ${options.pacticipant} is not deployed to ${options.environment}`);
        for (const d of matching) await services.deployments.recordUndeployment(d.uuid);
      });
      return builder;
    },
    recordRelease(options: { pacticipant: string; version: string; environment: string }) {
      pending.push(async () =>
        services.releases.recordRelease({
          pacticipantName: options.pacticipant,
          versionNumber: options.version,
          environmentUuid: (await environmentNamed(services, options.environment)).uuid,
        }),
      );
      return builder;
    },
    recordSupportEnded(options: { pacticipant: string; version: string; environment: string }) {
      pending.push(async () => {
        const { releasedVersions } = await services.releases.currentlySupportedIn((await environmentNamed(services, options.environment)).uuid, {
          pacticipantName: options.pacticipant,
          versionNumber: options.version,
        });
        if (releasedVersions.length === 0) throw new Error(`recordSupportEnded: ${options.pacticipant} ${options.version} is not supported in ${options.environment}`);
        for (const r of releasedVersions) await services.releases.recordSupportEnded(r.uuid);
      });
      return builder;
    },
    // --- end of environments, deployments, releases ---

    // --- matrix scenarios (branch matrix-scenarios): tags, main branch, pact documents given as is ---
    /** Tags a version (creating pacticipant and version when missing), as `PUT …/versions/{v}/tags/{t}` does. */
    tagVersion(pacticipant: string, version: string, tag: string) {
      pending.push(() => services.versions.addTag(pacticipant, version, tag));
      return builder;
    },
    untagVersion(pacticipant: string, version: string, tag: string) {
      pending.push(() => services.versions.deleteTag(pacticipant, version, tag));
      return builder;
    },
    /** Sets the pacticipant's main branch (creating the pacticipant when missing), as the CLI's create-or-update does. */
    setMainBranch(pacticipant: string, mainBranch: string) {
      pending.push(() => services.pacticipants.patch(pacticipant, { mainBranch }));
      return builder;
    },
    /** Publishes a pact document exactly as given (key order, interaction order), for content-equality scenarios. */
    publishPactDocument(options: { consumer: string; provider: string; version: string; branch?: string; document: unknown }) {
      pending.push(() =>
        services.pacts.publishContracts({
          pacticipantName: options.consumer,
          pacticipantVersionNumber: options.version,
          branch: options.branch,
          tags: [],
          contracts: [{ consumerName: options.consumer, providerName: options.provider, document: options.document as never, onConflict: 'overwrite' }],
        }),
      );
      return builder;
    },
    // --- end of matrix scenarios ---
    /** Runs the queued steps in order. */
    async done() {
      for (const step of pending.splice(0)) await step();
    },
  };
  return builder;
}

/** Environments are named in test data (as in CLI flags) and addressed by uuid in the services. */
async function environmentNamed(services: Services, name: string) {
  const [environment] = await services.environments.list(name);
  if (!environment) throw new Error(`test data: no environment named '${name}'`);
  return environment;
}
