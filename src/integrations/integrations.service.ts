import type { Integration, IntegrationsRepository } from './integrations.repository.js';

export type { Integration };

export function createIntegrationsService(deps: { integrationsRepo: IntegrationsRepository }) {
  return {
    /** Every consumer → provider pair that has a pact, with when its contracts last changed. */
    list: () => deps.integrationsRepo.list(),
  };
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
