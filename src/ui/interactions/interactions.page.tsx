// /ui/pacticipants/:name/interactions: the latest pact of each of the pacticipant's integrations (estate from the
// integrations service, content from the pacts service), then the pure view model and the view.
import type { Services } from '../../container.js';
import { pageOrNotFound, type PageResult } from '../shared/page-result.js';
import { buildInteractions, parseInteractionsQuery, type LatestPact } from './interactions.view-model.js';
import { InteractionsPage } from './interactions.view.js';

type Deps = Pick<Services, 'pacticipants' | 'integrations' | 'pacts'>;

export async function renderInteractionsPage(services: Deps, name: string, rawQuery: Record<string, unknown> | undefined): Promise<PageResult> {
  return pageOrNotFound('Pacticipant not found', async () => {
    const pacticipant = await services.pacticipants.getByName(name);
    const estate = await services.integrations.estate();
    const mine = estate.integrations.filter((i) => i.latestPact && (i.consumer.name === pacticipant.name || i.provider.name === pacticipant.name));
    const pacts: LatestPact[] = await Promise.all(
      mine.map(async (i) => {
        const pact = await services.pacts.latest(i.provider.name, i.consumer.name);
        return { consumer: i.consumer.name, provider: i.provider.name, consumerVersion: pact.consumerVersionNumber, content: pact.content };
      }),
    );
    const model = buildInteractions(pacticipant.name, pacts, parseInteractionsQuery(rawQuery).q);
    return String(<InteractionsPage model={model} />);
  });
}
