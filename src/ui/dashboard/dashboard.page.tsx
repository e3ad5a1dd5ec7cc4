// GET / for browsers: the estate from the integrations service, the pure view model, the view.
import type { IntegrationsService } from '../../integrations/integrations.service.js';
import { buildDashboard, dashboardHref, parseDashboardQuery } from './dashboard.view-model.js';
import { DashboardPage, DashboardResults } from './dashboard.view.js';

/** The whole page, or with `fragment` (an htmx request) only the results region that live filtering swaps in. */
export async function renderDashboard(
  services: { integrations: IntegrationsService },
  rawQuery: Record<string, unknown> | undefined,
  options: { fragment?: boolean } = {},
): Promise<{ html: string; href: string }> {
  const model = buildDashboard(await services.integrations.estate(), parseDashboardQuery(rawQuery));
  const html = String(options.fragment ? <DashboardResults model={model} /> : <DashboardPage model={model} />);
  // The canonical URL of what is shown (defaults left out), for the address bar after live filtering.
  return { html, href: dashboardHref(model.query, model.page) };
}
