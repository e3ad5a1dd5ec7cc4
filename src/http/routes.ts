// The single table of route plugins: "where is /pacts/latest?" is one grep away.
import type { FastifyInstance } from 'fastify';
import { tokensRoutes } from '../auth/tokens.routes.js';
import { auditRoutes } from '../audit/audit.routes.js';
import { badgesRoutes } from '../badges/badges.routes.js';
import { deploymentsRoutes } from '../environments/deployments.routes.js';
import { environmentsRoutes } from '../environments/environments.routes.js';
import { releasesRoutes } from '../environments/releases.routes.js';
import { indexRoutes } from '../index/index.routes.js';
import { integrationsRoutes } from '../integrations/integrations.routes.js';
import { matrixRoutes } from '../matrix/matrix.routes.js';
import { pacticipantsRoutes } from '../pacticipants/pacticipants.routes.js';
import { pactsRoutes } from '../pacts/pacts.routes.js';
import { secretsRoutes } from '../secrets/secrets.routes.js';
import { forVerificationRoutes } from '../pacts-for-verification/for-verification.routes.js';
import { publishRoutes } from '../pacts/publish.routes.js';
import { verificationsRoutes } from '../verifications/verifications.routes.js';
import { branchesRoutes } from '../versions/branches.routes.js';
import { versionsRoutes } from '../versions/versions.routes.js';
import { triggeredWebhooksRoutes } from '../webhooks/triggered-webhooks.routes.js';
import { webhooksRoutes } from '../webhooks/webhooks.routes.js';
import { uiRoutes } from '../ui/ui.routes.js';
import { interactionsPageRoutes } from '../ui/interactions/interactions.routes.js';
import { matrixPageRoutes } from '../ui/matrix.routes.js';
import { graphPageRoutes } from '../ui/graph/graph.routes.js';
import { searchRoutes } from '../ui/search/search.routes.js';
import type { RouteDeps, RoutePlugin } from './route-types.js';

const ROUTES: RoutePlugin[] = [
  indexRoutes,
  pacticipantsRoutes,
  versionsRoutes,
  branchesRoutes,
  publishRoutes,
  pactsRoutes,
  forVerificationRoutes,
  environmentsRoutes,
  deploymentsRoutes,
  releasesRoutes,
  integrationsRoutes,
  verificationsRoutes,
  matrixRoutes,
  badgesRoutes,
  webhooksRoutes,
  triggeredWebhooksRoutes,
  secretsRoutes,
  tokensRoutes,
  auditRoutes,
  uiRoutes,
  interactionsPageRoutes,
  matrixPageRoutes,
  graphPageRoutes,
  searchRoutes,
];

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const plugin of ROUTES) plugin(app, deps);
}
