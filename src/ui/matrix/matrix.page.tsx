// The matrix page and the cell page: the grid service and the services the API uses, the pure view models, the views.
import type { Services } from '../../container.js';
import { buildCellPage } from './cell.view-model.js';
import { CellPage } from './cell.view.js';
import { buildMatrixPage, parseMatrixPageQuery, toGridQuery } from './matrix.view-model.js';
import { MatrixPage } from './matrix.view.js';

type PageServices = Pick<Services, 'matrixGrid' | 'environments' | 'pacts'>;

/** not_found (a DomainError) when either pacticipant or the integration is unknown. */
export async function renderMatrixPage(services: PageServices, names: { provider: string; consumer: string }, rawQuery: Record<string, unknown> | undefined): Promise<string> {
  const query = parseMatrixPageQuery(rawQuery);
  const [grid, environments] = await Promise.all([services.matrixGrid.grid(names.consumer, names.provider, toGridQuery(query)), services.environments.list()]);
  return String(<MatrixPage model={buildMatrixPage(grid, query, environments.map((e) => e.name))} />);
}

/** not_found when the integration or either version is unknown. */
export async function renderCellPage(services: PageServices, names: { provider: string; consumer: string }, consumerVersion: string, providerVersion: string): Promise<string> {
  const cell = await services.matrixGrid.cell(names.consumer, names.provider, consumerVersion, providerVersion);
  // The same diff as GET .../version/{v}/diff/previous-distinct.
  const diff = cell.pact ? await services.pacts.diff(cell.provider.name, cell.consumer.name, cell.consumerVersion.number) : undefined;
  const model = buildCellPage(cell, diff ? { previousVersion: diff.previous?.consumerVersionNumber, text: diff.diff } : null);
  return String(<CellPage model={model} />);
}
