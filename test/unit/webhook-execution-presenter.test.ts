import { describe, expect, it } from 'vitest';
import type { AttemptLog } from '../../src/webhooks/executor.js';
import { executionLogs, presentWebhookExecution } from '../../src/webhooks/webhook-execution.presenter.js';
import type { Webhook } from '../../src/webhooks/webhooks.types.js';

const B = 'http://broker';
const webhook = { uuid: 'abcdefghijklmnop' } as Webhook;
const request = { method: 'POST', url: 'http://ci.example/build?x=1', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}', username: undefined, password: undefined };
const failed: AttemptLog = { request, durationMs: 3, success: false, error: 'connect ECONNREFUSED 10.0.0.5:80', errorKind: 'network' };
const answered: AttemptLog = { request, durationMs: 3, success: false, response: { status: 503, headers: { server: 'x' }, body: 'down', bodyTruncated: false } };
const NOW = new Date('2026-01-02T03:04:05.678Z');

describe('presentWebhookExecution', () => {
  it('with a host allow list shows the response and the error', () => {
    const body = presentWebhookExecution(B, { webhook, log: answered, showResponse: true });
    expect(body).toMatchObject({ request: { url: '/build?x=1', body: { a: 1 }, headers: { 'content-type': 'application/json' } }, response: { status: 503, body: 'down' }, success: false });
    expect(body).not.toHaveProperty('message');
    expect(presentWebhookExecution(B, { webhook, log: failed, showResponse: true })).toMatchObject({ error: { message: 'connect ECONNREFUSED 10.0.0.5:80' } });
  });

  it('without one hides the response and network error details, but not a refusal by the policy', () => {
    const body = presentWebhookExecution(B, { webhook, log: answered, showResponse: false });
    expect(body).not.toHaveProperty('response');
    expect(body.message).toMatch(/^For security purposes, the response details are not logged/);
    expect(body.logs).not.toContain('503');
    const hidden = presentWebhookExecution(B, { webhook, log: failed, showResponse: false });
    expect(hidden).not.toHaveProperty('error');
    expect(hidden.logs).not.toContain('ECONNREFUSED');
    const refused = executionLogs(B, { log: { ...failed, error: 'host h resolves to a private address', errorKind: 'refused' }, showResponse: false }, NOW);
    expect(refused).toContain('[2026-01-02T03:04:05Z] ERROR: Error executing webhook: host h resolves to a private address\n');
  });

  it('logs the request line, headers and body, the response, and the outcome, one line each', () => {
    expect(executionLogs(B, { log: { ...answered, success: true }, showResponse: true }, NOW).split('\n')).toEqual([
      '[2026-01-02T03:04:05Z] DEBUG: Webhook context {"base_url":"http://broker","event_name":"test"}',
      '[2026-01-02T03:04:05Z] INFO: HTTP/1.1 POST http://ci.example/build?x=1',
      '[2026-01-02T03:04:05Z] INFO: content-type: application/json',
      '[2026-01-02T03:04:05Z] INFO: {"a":1}',
      '[2026-01-02T03:04:05Z] INFO: HTTP/1.1 503',
      '[2026-01-02T03:04:05Z] INFO: server: x',
      '[2026-01-02T03:04:05Z] INFO: down',
      '[2026-01-02T03:04:05Z] INFO: Webhook execution successful',
      '',
    ]);
  });
});
