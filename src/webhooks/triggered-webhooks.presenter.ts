// A triggered webhook's logs as the Pact Broker serves them (text/plain: each attempt's execution log, joined by a
// newline) and as JSON (each attempt with its stored log). Attempt logs were redacted when recorded; the runner's own
// error text is redacted here. Without a host allow list response details and network errors are hidden, as for a
// test execution.
import { urls } from '../http/urls.js';
import type { AttemptLog } from './executor.js';
import { redactText } from './redact.js';
import type { TriggeredWebhookLog, TriggeredWebhookLogs } from './triggered-webhooks.service.js';
import { executionLogs, responseHiddenMessage, shownError } from './webhook-execution.presenter.js';

export const NOT_EXECUTED_YET = 'Webhook has not executed yet. Please retry in a few seconds.';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A stored attempt detail written by the webhook delivery (an attempt cut off before sending has none). */
function attemptLogOf(detail: unknown): AttemptLog | undefined {
  const log = detail as Partial<AttemptLog> | null;
  return log !== null && typeof log === 'object' && typeof log.request?.url === 'string' && typeof log.request.method === 'string'
    ? (log as AttemptLog)
    : undefined;
}

function attemptText(base: string, eventName: string, showResponse: boolean, attempt: TriggeredWebhookLog): string {
  const log = attemptLogOf(attempt.detail);
  const at = new Date(attempt.startedAt);
  if (log) return executionLogs(base, { log, showResponse }, at, eventName);
  const stamp = `[${at.toISOString().replace(/\.\d{3}Z$/, 'Z')}]`;
  return `${stamp} ERROR: Attempt ${attempt.attempt} ${attempt.outcome}${attempt.error ? `: ${redactText(attempt.error)}` : ''}\n`;
}

export function triggeredWebhookLogsText(base: string, { eventName, attempts, showResponse }: TriggeredWebhookLogs): string {
  if (attempts.length === 0) return NOT_EXECUTED_YET;
  return attempts.map((attempt) => attemptText(base, eventName, showResponse, attempt)).join('\n');
}

function attemptJson(base: string, showResponse: boolean, attempt: TriggeredWebhookLog) {
  const log = attemptLogOf(attempt.detail);
  const error = log ? (shownError(log, showResponse) ?? null) : attempt.error === null ? null : redactText(attempt.error);
  let shown: unknown = attempt.detail;
  if (log && !showResponse) {
    const { response: _hidden, ...rest } = log;
    shown = { ...rest, ...(log.error === undefined ? {} : { error }), message: responseHiddenMessage(base) };
  }
  return { attempt: attempt.attempt, startedAt: iso(attempt.startedAt), finishedAt: iso(attempt.finishedAt), outcome: attempt.outcome, error, log: shown };
}

export function presentTriggeredWebhookLogs(base: string, uuid: string, { attempts, showResponse }: TriggeredWebhookLogs) {
  return {
    uuid,
    attempts: attempts.map((attempt) => attemptJson(base, showResponse, attempt)),
    _links: { self: { href: urls.triggeredWebhookLogs(base, uuid) } },
  };
}
