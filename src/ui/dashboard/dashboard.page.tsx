// GET / for browsers: the estate from the integrations service, the pure view model, the view.
import type { IntegrationsService } from '../../integrations/integrations.service.js';
import { buildDashboard, parseDashboardQuery } from './dashboard.view-model.js';
import { DashboardPage } from './dashboard.view.js';

export async function renderDashboard(services: { integrations: IntegrationsService }, rawQuery: Record<string, unknown> | undefined): Promise<string> {
  const model = buildDashboard(await services.integrations.estate(), parseDashboardQuery(rawQuery));
  return String(<DashboardPage model={model} />);
}
