// Pact documents for the benchmark: small, valid, and a pure function of (consumer, provider, variant), so the seed
// and the publishing load build byte-identical content (same SHA) for the same variant.
import type { PactDocument } from '../src/pacts/pact-content.js';
import type { SeedLayout } from './seed.js';

export function benchPactDocument(consumer: string, provider: string, variant: number): PactDocument {
  const count = 2 + (variant % 4);
  const interactions = Array.from({ length: count }, (_, i) => ({
    description: `a request for thing ${i}`,
    providerState: `thing ${i} exists`,
    request: { method: 'GET', path: `/things/${i}`, headers: { Accept: 'application/json' } },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { id: i, name: `thing ${i}`, revision: variant },
    },
  }));
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions,
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
}

export const base64Json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');

/** What the publishing load sends: round-robin over consumers, each request a new version of the next consumer. */
export interface PublishSpec {
  /** Version numbers are `${versionPrefix}${n}`, n counting from 0 in one load run. */
  versionPrefix: string;
  branch: string;
  /** Every Nth request carries changed content (a new pact version); the others republish the latest seeded content. */
  changeEvery: number;
  /** Changed content uses variant changedVariantBase + n (distinct per run so it is really new content). */
  changedVariantBase: number;
  consumers: Array<{ name: string; providers: Array<{ name: string; variant: number }> }>;
}

/**
 * The bench's publish: each request a new version of the next hub consumer on branch main, with its 2 pacts (the hub
 * and its other provider, at the seeded latest content); every 10th carries new content.
 */
export function hubPublishSpec(layout: SeedLayout, versionPrefix: string, changedVariantBase: number): PublishSpec {
  const variant = layout.variantsPerIntegration - 1;
  return {
    versionPrefix,
    branch: 'main',
    changeEvery: 10,
    changedVariantBase,
    consumers: Array.from({ length: layout.hubConsumers }, (_, i) => ({
      name: layout.name(i + 1),
      providers: [
        { name: layout.name(layout.hubId), variant },
        { name: layout.name(layout.otherProviderOf(i + 1)), variant },
      ],
    })),
  };
}

/** Builds the body factory used by the load worker (kept here so it can be checked without HTTP). */
export function publishBodies(spec: PublishSpec): (n: number) => string {
  const unchanged = spec.consumers.map((c) =>
    c.providers.map((p) => base64Json(benchPactDocument(c.name, p.name, p.variant))),
  );
  return (n) => {
    const index = n % spec.consumers.length;
    const consumer = spec.consumers[index]!;
    const changed = spec.changeEvery > 0 && n % spec.changeEvery === spec.changeEvery - 1;
    return JSON.stringify({
      pacticipantName: consumer.name,
      pacticipantVersionNumber: `${spec.versionPrefix}${n}`,
      branch: spec.branch,
      contracts: consumer.providers.map((provider, i) => ({
        consumerName: consumer.name,
        providerName: provider.name,
        specification: 'pact',
        contentType: 'application/json',
        content: changed
          ? base64Json(benchPactDocument(consumer.name, provider.name, spec.changedVariantBase + n))
          : unchanged[index]![i]!,
      })),
    });
  };
}
