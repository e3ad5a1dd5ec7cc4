// GET the triggered webhooks of a publication or a verification, and GET a triggered webhook's logs (text/plain as in
// the Pact Broker; JSON when asked for with Accept: application/json or application/hal+json).
import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/respond.js';
import { presentTriggeredWebhookLogs, triggeredWebhookLogsText } from './triggered-webhooks.presenter.js';
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
    {
      schema: {
        tags,
        summary: "A triggered webhook's delivery attempts (redacted request, response, error)",
        description:
          "text/plain (the default, as the Pact Broker): each attempt's execution log. With Accept: application/json or application/hal+json: the attempts as JSON.",
      },
    },
    async (req: Req, reply) => {
      const { uuid } = req.params as { uuid: string };
      const logs = await triggeredWebhooks.logs(uuid);
      if (wantsJson(req.headers.accept)) return sendJson(reply, 200, presentTriggeredWebhookLogs(req.baseUrl, uuid, logs));
      return reply.code(200).type('text/plain;charset=utf-8').send(triggeredWebhookLogsText(req.baseUrl, logs));
    },
  );
}

/** JSON only when the client prefers a JSON type to text (highest q, then first listed); text/plain otherwise. */
function wantsJson(accept: string | undefined): boolean {
  let best: { json: boolean; q: number } | undefined;
  for (const part of (accept ?? '').split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const json = range === 'application/json' || range === 'application/hal+json';
    if (!json && range !== 'text/plain') continue;
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    if (Number.isFinite(q) && q > 0 && (best === undefined || q > best.q)) best = { json, q };
  }
  return best?.json ?? false;
}
