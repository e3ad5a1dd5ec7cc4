// The matrix page of an integration, its cell pages and the can-i-deploy page. Pages only (not API resources): they
// call the services the API uses and answer unknown names with the 404 page, never a stack trace.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendPage } from '../http/pages.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { DomainError } from '../shared/errors.js';
import { renderCanIDeployPage } from './can-i-deploy/can-i-deploy.page.js';
import { renderCellPage, renderMatrixPage } from './matrix/matrix.page.js';
import { renderNotFound } from './shared/not-found.view.js';

export const MATRIX_PAGE = '/ui/matrix/provider/:provider/consumer/:consumer';
export const MATRIX_CELL_PAGE = `${MATRIX_PAGE}/cell`;
export const CAN_I_DEPLOY_PAGE = '/ui/can-i-deploy';

type IntegrationReq = Req<{ provider: string; consumer: string }, unknown, Record<string, unknown>>;

/** A not_found from the services is the 404 page; anything else goes to the error handler. */
async function pageOr404(reply: FastifyReply, title: string, render: () => Promise<string>): Promise<FastifyReply> {
  try {
    return sendPage(reply, await render());
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return sendPage(reply, renderNotFound(title, error.message), 404);
    throw error;
  }
}

const single = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function matrixPageRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const hide = { hide: true };

  app.get(MATRIX_PAGE, { schema: hide }, async (request: IntegrationReq, reply) =>
    pageOr404(reply, 'Integration not found', () => renderMatrixPage(services, request.params, request.query)),
  );

  app.get(MATRIX_CELL_PAGE, { schema: hide }, async (request: IntegrationReq, reply) => {
    const consumerVersion = single(request.query.consumerVersion);
    const providerVersion = single(request.query.providerVersion);
    if (!consumerVersion || !providerVersion) {
      return sendPage(reply, renderNotFound('Matrix cell not found', 'A matrix cell needs both ?consumerVersion= and ?providerVersion=.'), 404);
    }
    return pageOr404(reply, 'Matrix cell not found', () => renderCellPage(services, request.params, consumerVersion, providerVersion));
  });

  app.get(CAN_I_DEPLOY_PAGE, { schema: hide }, async (request: Req<Record<string, string>, unknown, Record<string, unknown>>, reply) =>
    sendPage(reply, await renderCanIDeployPage(services, request.query)),
  );
}
