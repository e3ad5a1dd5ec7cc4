// GET / for browsers: the estate from the integrations service, the pure view model, the view.
import type { IntegrationsService } from '../../integrations/integrations.service.js';
import { buildDashboard, parseDashboardQuery } from './dashboard.view-model.js';
import { DashboardPage, DashboardResults } from './dashboard.view.js';

/** The whole page, or with `fragment` (an htmx request) only the results region that live filtering swaps in. */
export async function renderDashboard(
  services: { integrations: IntegrationsService },
  rawQuery: Record<string, unknown> | undefined,
  options: { fragment?: boolean } = {},
): Promise<string> {
  const model = buildDashboard(await services.integrations.estate(), parseDashboardQuery(rawQuery));
  return String(options.fragment ? <DashboardResults model={model} /> : <DashboardPage model={model} />);
}
