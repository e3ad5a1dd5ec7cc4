// The Pact Broker's webhook execution result (webhook_execution_result_decorator): the request as sent, the response
// (only with a host allow list), a newline separated log, success, and links. Everything shown is already redacted
// by the executor. Without a host allow list, response details and network error messages are hidden (they would let
// a webhook author probe hosts the broker can reach); a refusal by the policy is always shown.
import { urls } from '../http/urls.js';
import type { AttemptLog } from './executor.js';
import type { WebhookExecution } from './webhook-execution.service.js';

export const responseHiddenMessage = (base: string) =>
  'For security purposes, the response details are not logged. To enable response logging, configure the webhook_host_whitelist ' +
  `property (TREATY_WEBHOOK_HOST_ALLOWLIST). See ${base}/doc/webhooks#whitelist for more information.`;

const lowerCased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

function parsedBody(body: string | undefined): unknown {
  if (body === undefined) return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export function shownError(log: AttemptLog, showResponse: boolean): string | undefined {
  if (log.error === undefined) return undefined;
  return showResponse || log.errorKind === 'refused' || log.errorKind === 'timeout' ? log.error : 'the request failed (details hidden without a host allow list)';
}

/** The Pact Broker's execution log text for one attempt (also the triggered webhook logs, one per attempt). */
export function executionLogs(
  base: string,
  { log, showResponse }: Pick<WebhookExecution, 'log' | 'showResponse'>,
  now = new Date(),
  eventName = 'test',
): string {
  const stamp = `[${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}]`;
  const lines: string[] = [];
  const add = (level: 'DEBUG' | 'INFO' | 'ERROR', text: string) => lines.push(`${stamp} ${level}: ${text}`);
  add('DEBUG', `Webhook context ${JSON.stringify({ base_url: base, event_name: eventName })}`);
  add('INFO', `HTTP/1.1 ${log.request.method.toUpperCase()} ${log.request.url}`);
  for (const [name, value] of Object.entries(lowerCased(log.request.headers))) add('INFO', `${name}: ${value}`);
  add('INFO', log.request.body ?? 'null');
  const { response } = log;
  if (response && showResponse) {
    add('INFO', `HTTP/1.1 ${response.status}`);
    for (const [name, value] of Object.entries(response.headers)) add('INFO', `${name}: ${value}`);
    add('INFO', `${response.body}${response.bodyTruncated ? ' [truncated]' : ''}`);
  } else if (!showResponse) {
    add('INFO', responseHiddenMessage(base));
  }
  const error = shownError(log, showResponse);
  if (error !== undefined) add('ERROR', `Error executing webhook: ${error}`);
  add('INFO', log.success ? 'Webhook execution successful' : 'Webhook execution failed');
  return `${lines.join('\n')}\n`;
}

export function presentWebhookExecution(base: string, execution: WebhookExecution): Record<string, unknown> {
  const { log, showResponse, webhook } = execution;
  const error = shownError(log, showResponse);
  return {
    ...(error !== undefined && showResponse ? { error: { message: error } } : {}),
    request: { headers: lowerCased(log.request.headers), body: parsedBody(log.request.body), url: pathOf(log.request.url) },
    ...(showResponse
      ? log.response
        ? { response: { status: log.response.status, headers: log.response.headers, body: parsedBody(log.response.body) } }
        : {}
      : { message: responseHiddenMessage(base) }),
    logs: executionLogs(base, execution),
    success: log.success,
    // An unsaved webhook (POST /webhooks/execute) has no uuid: no webhook link, and it is tried again there.
    _links: {
      ...(webhook.uuid ? { webhook: { href: urls.webhook(base, webhook.uuid) } } : {}),
      'try-again': { title: 'Execute the webhook again', href: webhook.uuid ? urls.webhookExecute(base, webhook.uuid) : `${urls.webhooks(base)}/execute` },
    },
  };
}
