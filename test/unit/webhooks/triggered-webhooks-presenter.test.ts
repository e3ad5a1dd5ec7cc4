import { describe, expect, it } from 'vitest';
import type { AttemptLog } from '../../../src/webhooks/executor.js';
import { NOT_EXECUTED_YET, presentTriggeredWebhookLogs, triggeredWebhookLogsText } from '../../../src/webhooks/triggered-webhooks.presenter.js';
import type { TriggeredWebhookLog } from '../../../src/webhooks/triggered-webhooks.service.js';

const B = 'http://broker';
const request = { method: 'POST', url: 'https://ci.example/build', headers: { Authorization: '**********' }, body: 'hi', username: undefined, password: undefined };
const answered: AttemptLog = { request, durationMs: 5, success: false, response: { status: 503, headers: { server: 'x' }, body: 'down for maintenance', bodyTruncated: false } };
const network: AttemptLog = { request, durationMs: 5, success: false, error: 'connect ECONNREFUSED 10.0.0.5:443', errorKind: 'network' };
const at = (attempt: number, detail: unknown, outcome = 'retry', error: string | null = null): TriggeredWebhookLog => ({
  attempt,
  startedAt: new Date(`2026-01-02T03:0${attempt}:00.123Z`),
  finishedAt: new Date(`2026-01-02T03:0${attempt}:01.000Z`),
  outcome,
  detail,
  error,
});

describe('triggeredWebhookLogsText', () => {
  it('says so when nothing was attempted yet', () => {
    expect(triggeredWebhookLogsText(B, { eventName: 'contract_published', attempts: [], showResponse: true })).toBe(NOT_EXECUTED_YET);
  });

  it('joins each attempt’s execution log (stamped with its start, naming the event) with a newline', () => {
    const text = triggeredWebhookLogsText(B, { eventName: 'contract_content_changed', attempts: [at(1, answered), at(2, { ...answered, success: true, response: { ...answered.response!, status: 200 } }, 'succeeded')], showResponse: true });
    const [first, second] = text.split('\n\n');
    expect(first).toMatch(/^\[2026-01-02T03:01:00Z\] DEBUG: Webhook context \{"base_url":"http:\/\/broker","event_name":"contract_content_changed"\}\n/);
    expect(first).toContain('[2026-01-02T03:01:00Z] INFO: HTTP/1.1 503\n');
    expect(first).toContain('INFO: down for maintenance\n');
    expect(first).toMatch(/Webhook execution failed$/);
    expect(second).toMatch(/^\[2026-01-02T03:02:00Z\] DEBUG/);
    expect(second).toMatch(/Webhook execution successful\n$/);
  });

  it('hides response details and network errors without a host allow list', () => {
    const text = triggeredWebhookLogsText(B, { eventName: 'contract_published', attempts: [at(1, answered), at(2, network)], showResponse: false });
    expect(text).not.toContain('503');
    expect(text).not.toContain('down for maintenance');
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).toContain('For security purposes, the response details are not logged');
  });

  it('an attempt without a delivery log (cut off by a shutdown, runner error) shows its outcome and redacted error', () => {
    const text = triggeredWebhookLogsText(B, { eventName: 'contract_published', attempts: [at(1, null, 'interrupted', 'stopped by a shutdown'), at(2, null, 'retry', 'failed: Authorization: Bearer abcdefghijkl')], showResponse: true });
    expect(text).toBe('[2026-01-02T03:01:00Z] ERROR: Attempt 1 interrupted: stopped by a shutdown\n\n[2026-01-02T03:02:00Z] ERROR: Attempt 2 retry: failed: Authorization: Bearer **********\n');
  });
});

describe('presentTriggeredWebhookLogs', () => {
  it('shows each attempt’s stored log with a host allow list', () => {
    const body = presentTriggeredWebhookLogs(B, 'u-1', { eventName: 'e', attempts: [at(1, answered)], showResponse: true });
    expect(body.attempts[0]).toEqual({ attempt: 1, startedAt: '2026-01-02T03:01:00.123Z', finishedAt: '2026-01-02T03:01:01.000Z', outcome: 'retry', error: null, log: answered });
    expect(body._links.self.href).toBe('http://broker/triggered-webhooks/u-1/logs');
    const runnerError = presentTriggeredWebhookLogs(B, 'u-1', { eventName: 'e', attempts: [at(1, null, 'retry', 'Failed query params: {"Authorization":"rawsecret"}')], showResponse: true });
    expect(runnerError.attempts[0]!.error).toBe('Failed query params: {"Authorization":"**********"}');
  });

  it('without one drops the response and hides network error text, keeping the request', () => {
    const body = presentTriggeredWebhookLogs(B, 'u-1', { eventName: 'e', attempts: [at(1, answered), at(2, network, 'retry', network.error!)], showResponse: false });
    expect(JSON.stringify(body)).not.toMatch(/503|down for maintenance|ECONNREFUSED/);
    expect(body.attempts[0]!.log).toMatchObject({ request, message: expect.stringMatching(/^For security purposes/) });
    expect(body.attempts[1]!.error).toBe('the request failed (details hidden without a host allow list)');
  });
});
