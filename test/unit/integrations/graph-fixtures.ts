// Estates for the graph's unit tests: integrations as the repository returns them.
import type { IntegrationSummary } from '../../../src/integrations/estate.types.js';

const at = (iso: string) => new Date(iso);

export function integration(
  consumer: string,
  provider: string,
  options: { status?: 'verified' | 'failed' | 'unverified' | 'no-pact'; consumerLabels?: string[]; providerLabels?: string[]; version?: string } = {},
): IntegrationSummary {
  const status = options.status ?? 'verified';
  return {
    consumer: { name: consumer, labels: options.consumerLabels ?? [] },
    provider: { name: provider, labels: options.providerLabels ?? [] },
    latestPact:
      status === 'no-pact' ? null : { consumerVersion: options.version ?? '1.0.0', branches: ['main'], publishedAt: at('2026-01-02T03:04:05Z'), changed: false },
    latestVerification:
      status === 'verified' || status === 'failed' ? { success: status === 'verified', providerVersion: 'p1', verifiedAt: at('2026-01-03T00:00:00Z') } : null,
  };
}
