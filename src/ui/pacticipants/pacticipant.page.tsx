// GET /pacticipants/:name for browsers: the pacticipant, a page of its versions, the estate's integrations and
// placements and the webhooks, from the same services the API uses; then the pure view model and the view.
import type { Services } from '../../container.js';
import { pageOrNotFound, type PageResult } from '../shared/page-result.js';
import { buildPacticipantPage, parsePage, VERSIONS_PER_PAGE } from './pacticipant.view-model.js';
import { PacticipantPage } from './pacticipant.view.js';

type Deps = Pick<Services, 'pacticipants' | 'versions' | 'integrations' | 'webhooks'>;

export async function renderPacticipantPage(services: Deps, name: string, query: Record<string, unknown> | undefined, baseUrl: string): Promise<PageResult> {
  return pageOrNotFound('Pacticipant not found', async () => {
    const page = parsePage(query?.page);
    const pacticipant = await services.pacticipants.getDetails(name);
    const [versions, estate, webhooks] = await Promise.all([
      services.versions.list(name, { offset: (page - 1) * VERSIONS_PER_PAGE, limit: VERSIONS_PER_PAGE, paged: true }),
      services.integrations.estate(),
      services.webhooks.list(),
    ]);
    const model = buildPacticipantPage({
      baseUrl,
      pacticipant,
      versions: versions.items.map((v) => ({
        number: v.version.number,
        branches: v.branches.map((b) => b.branchName),
        tags: v.tags.map((t) => t.name),
        createdAt: v.version.createdAt,
      })),
      versionsTotal: versions.total,
      page,
      integrations: estate.integrations,
      placements: estate.placements.get(pacticipant.name) ?? [],
      webhooks,
    });
    return String(<PacticipantPage model={model} />);
  });
}
