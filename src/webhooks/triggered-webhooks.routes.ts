// GET the triggered webhooks of a publication or a verification, and GET a triggered webhook's logs (JSON, HAL).
import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import type { Req, RouteDeps } from '../http/route-types.js';
import { urls } from '../http/urls.js';
import type { TriggeredFilter, TriggeredWebhookView } from './triggered-webhooks.service.js';

/** The Pact Broker's words for a triggered webhook's status. */
const STATUS_WORD: Record<string, string> = { queued: 'not_run', retrying: 'retrying', succeeded: 'success', failed: 'failure' };

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function present(b: string, self: string, rows: TriggeredWebhookView[]) {
  return {
    _embedded: {
      triggeredWebhooks: rows.map((r) => ({
        uuid: r.uuid,
        webhookUuid: r.webhookUuid,
        description: r.description,
        eventName: r.eventName,
        status: STATUS_WORD[r.status] ?? r.status,
        attemptsMade: r.attempts,
        attemptsRemaining: r.attemptsRemaining,
        nextScheduledRetryAt: iso(r.nextRetryAt),
        triggeredAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
        _links: {
          'pb:webhook': { href: urls.webhook(b, r.webhookUuid), title: r.description ?? 'Webhook' },
          'pb:logs': { href: urls.triggeredWebhookLogs(b, r.uuid), title: 'Webhook execution logs' },
        },
      })),
    },
    _links: { self: { href: self } },
  };
}

export function triggeredWebhooksRoutes(app: FastifyInstance, { services }: RouteDeps): void {
  const { triggeredWebhooks } = services;
  const tags = ['webhooks'];
  const list = (filter: (p: Record<string, string>) => TriggeredFilter) => async (req: Req, reply: Parameters<typeof sendJson>[0]) => {
    const p = req.params as Record<string, string>;
    const rows = await triggeredWebhooks.list(filter(p));
    return sendJson(reply, 200, present(req.baseUrl, `${req.baseUrl}${req.url.split('?')[0]}`, rows));
  };
  app.get(
    '/pacts/provider/:provider/consumer/:consumer/version/:version/triggered-webhooks',
    { schema: { tags, summary: 'The webhooks the publication of this pact version triggered' } },
    list((p) => ({ provider: p.provider!, consumer: p.consumer!, consumerVersion: p.version! })),
  );
  app.get(
    '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results/:id/triggered-webhooks',
    { schema: { tags, summary: 'The webhooks this verification result triggered' } },
    list((p) => ({ provider: p.provider!, consumer: p.consumer!, verificationId: Number(p.id) })),
  );
  app.get(
    '/triggered-webhooks/:uuid/logs',
    { schema: { tags, summary: "A triggered webhook's delivery attempts (redacted request, response, error)" } },
    async (req: Req, reply) => {
      const { uuid } = req.params as { uuid: string };
      const logs = await triggeredWebhooks.logs(uuid);
      return sendJson(reply, 200, {
        uuid,
        attempts: logs.map((l) => ({ attempt: l.attempt, startedAt: iso(l.startedAt), finishedAt: iso(l.finishedAt), outcome: l.outcome, error: l.error, log: l.detail })),
        _links: { self: { href: urls.triggeredWebhookLogs(req.baseUrl, uuid) } },
      });
    },
  );
}
