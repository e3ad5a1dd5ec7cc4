// A pact URL opened in a browser: the pact the route found, the consumer versions that published its content and the
// verifications of it (the same services the API uses), the pure view model, the view.
import type { PactsService } from '../../pacts/pacts.service.js';
import type { Pact } from '../../pacts/pacts.types.js';
import type { VerificationsService } from '../../verifications/verifications.service.js';
import { buildPactPage } from './pact.view-model.js';
import { PactPage } from './pact.view.js';

/** Rows of each list the page shows; more are left to the API lists. */
export const PAGE_ROWS = 20;

export async function renderPactPage(services: { pacts: PactsService; verifications: VerificationsService }, pact: Pact, path: string): Promise<string> {
  const [publishers, verifications] = await Promise.all([
    services.pacts.publishersOf(pact, PAGE_ROWS),
    services.verifications.listForPactVersion(pact.providerName, pact.consumerName, pact.sha, { offset: 0, limit: PAGE_ROWS }),
  ]);
  const model = buildPactPage({
    ...pact,
    path,
    publishers,
    verifications: { items: verifications.verifications, more: verifications.more },
  });
  return String(<PactPage model={model} />);
}
