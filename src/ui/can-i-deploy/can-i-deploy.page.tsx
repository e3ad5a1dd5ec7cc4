// GET /ui/can-i-deploy: the form's question goes to the SAME matrix service functions the API's can-i-deploy forms
// use; their answer (or their error, shown in the form) is shaped by the pure view model.
import type { Services } from '../../container.js';
import type { MatrixResult } from '../../matrix/matrix.service.js';
import { DomainError } from '../../shared/errors.js';
import { buildCanIDeployPage, errorsFrom, parseCanIDeployPageQuery, planQuestion, type FieldMessages, type Plan } from './can-i-deploy.view-model.js';
import { CanIDeployPage } from './can-i-deploy.view.js';

type PageServices = Pick<Services, 'matrix' | 'pacticipants' | 'environments'>;

/** Names suggested in the pacticipant field (a datalist; typing any other name still works). */
const SUGGESTED_NAMES = 1000;

async function ask(matrix: Services['matrix'], plan: Plan): Promise<MatrixResult | undefined> {
  switch (plan.kind) {
    case 'version':
      return matrix.canIDeploy(plan.query);
    case 'branchToEnvironment':
      return matrix.latestOnBranchToEnvironment(plan.pacticipant, plan.branch, plan.environment);
    case 'branchToTag':
      return matrix.matrix(plan.query);
    default:
      return undefined;
  }
}

export async function renderCanIDeployPage(services: PageServices, rawQuery: Record<string, unknown> | undefined): Promise<string> {
  const query = parseCanIDeployPageQuery(rawQuery);
  const plan = planQuestion(query);
  const [names, environments] = await Promise.all([services.pacticipants.list({ offset: 0, limit: SUGGESTED_NAMES }), services.environments.list()]);
  let result: MatrixResult | undefined;
  let errors: FieldMessages = plan.kind === 'invalid' ? plan.errors : {};
  try {
    result = await ask(services.matrix, plan);
  } catch (error) {
    // Unknown pacticipant, version, branch or environment: a message in the form, not an error page.
    if (!(error instanceof DomainError)) throw error;
    errors = errorsFrom(error);
  }
  const model = buildCanIDeployPage({
    query,
    pacticipants: names.items.map((p) => p.name),
    environments,
    errors,
    ...(result ? { result } : {}),
  });
  return String(<CanIDeployPage model={model} />);
}
