import type { Estate, Placement } from './estate.types.js';
import type { Integration, IntegrationsRepository } from './integrations.repository.js';

export type { Integration };

export function createIntegrationsService(deps: { integrationsRepo: IntegrationsRepository }) {
  return {
    /** Every consumer → provider pair that has a pact, with when its contracts last changed. */
    list: () => deps.integrationsRepo.list(),

    /** The dashboard's data: two statements whatever the size of the estate (prepared: planning the summaries costs about as much as running them). */
    async estate(): Promise<Estate> {
      const [integrations, rows] = await Promise.all([deps.integrationsRepo.summaries(), deps.integrationsRepo.placements()]);
      const placements = new Map<string, Placement[]>();
      for (const { pacticipant, ...placement } of rows) {
        const list = placements.get(pacticipant);
        if (list) list.push(placement);
        else placements.set(pacticipant, [placement]);
      }
      return { integrations, placements };
    },

    /** Every integration with its latest pact and verification (the estate without placements: the graph's data). */
    summaries: () => deps.integrationsRepo.summaries(),
  };
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
