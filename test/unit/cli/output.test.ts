import { describe, expect, it } from 'vitest';
import { webhookBody } from '../../../cli/commands/create-webhook.js';
import { markdownTable, matrixResult, matrixRows, noticeLines, render, textTable, unknownSummary, type MatrixBody } from '../../../cli/shared/output.js';

const row = (provider: string, providerVersion: string | null, success: boolean | null, reason: object) => ({
  consumer: { name: 'web', version: { number: '1a2b3c' } },
  provider: { name: provider, version: providerVersion === null ? null : { number: providerVersion } },
  verificationResult: success === null ? null : { success },
  reason,
});

const NO: MatrixBody = {
  summary: { deployable: false, reason: 'The verification … failed', success: 1, failed: 1, unknown: 1 },
  notices: [
    { type: 'error', text: 'The verification for the pact between version 1a2b3c of web and the version of orders currently in production (7) failed' },
    { type: 'error', text: 'There is no verified pact between version 1a2b3c of web and the version of stock currently in production (3)' },
    { type: 'prompt', text: 'orders version 7 failed to verify web\'s pact for version 1a2b3c: fix web or orders so they agree.' },
  ],
  matrix: [
    row('pay', '2', true, { kind: 'verified' }),
    row('orders', '7', false, { kind: 'failed' }),
    row('stock', null, null, { kind: 'missing_verification', providerVersion: '3' }),
  ],
};

describe('tables', () => {
  it('pads text columns and escapes markdown cells', () => {
    expect(textTable(['A', 'LONGER'], [['x', 'y'], ['wide value', 'z']])).toEqual(['A           LONGER', '----------  ------', 'x           y', 'wide value  z']);
    expect(markdownTable(['A'], [['a|b\nc']])).toEqual(['| A |', '| --- |', '| a\\|b c |']);
  });
});

describe('can-i-deploy output', () => {
  it('reads each matrix row as result and reason', () => {
    expect(matrixRows(NO).map((r) => [r.provider, r.providerVersion, r.result, r.reason])).toEqual([
      ['pay', '2', 'success', 'verified'],
      ['orders', '7', 'failed', 'verification failed'],
      ['stock', '-', 'unknown', 'not verified by stock 3'],
    ]);
    expect(unknownSummary(NO)).toBe('stock has not verified web 1a2b3c');
  });

  it('text: table, why, next steps, verdict', () => {
    const result = matrixResult(NO, { question: 'can-i-deploy web 1a2b3c to production', exitCode: 1, attempts: 1 });
    expect(render(result, 'text')).toMatchInlineSnapshot(`
      "CONSUMER  C.VERSION  PROVIDER  P.VERSION  RESULT   REASON
      --------  ---------  --------  ---------  -------  -----------------------
      web       1a2b3c     pay       2          success  verified
      web       1a2b3c     orders    7          failed   verification failed
      web       1a2b3c     stock     -          unknown  not verified by stock 3

      Why:
        - The verification for the pact between version 1a2b3c of web and the version of orders currently in production (7) failed
        - There is no verified pact between version 1a2b3c of web and the version of stock currently in production (3)
      Next steps:
        - orders version 7 failed to verify web's pact for version 1a2b3c: fix web or orders so they agree.
      Computer says no: can-i-deploy web 1a2b3c to production
      "
    `);
  });

  it('markdown: a PR comment', () => {
    const result = matrixResult(NO, { question: 'can-i-deploy web 1a2b3c to production', exitCode: 1, attempts: 1 });
    expect(render(result, 'markdown')).toMatchInlineSnapshot(`
      "### ❌ can-i-deploy web 1a2b3c to production: no

      | Consumer | Version | Provider | Version | Result | Reason |
      | --- | --- | --- | --- | --- | --- |
      | web | 1a2b3c | pay | 2 | ✅ success | verified |
      | web | 1a2b3c | orders | 7 | ❌ failed | verification failed |
      | web | 1a2b3c | stock | - | ❔ unknown | not verified by stock 3 |

      **Why**

      - The verification for the pact between version 1a2b3c of web and the version of orders currently in production (7) failed
      - There is no verified pact between version 1a2b3c of web and the version of stock currently in production (3)

      **Next steps**

      - orders version 7 failed to verify web's pact for version 1a2b3c: fix web or orders so they agree.

      <sub>Computer says no: can-i-deploy web 1a2b3c to production</sub>
      "
    `);
  });

  it('json: the broker answer plus the decision; --dry-run keeps the answer but exits 0', () => {
    const dry = matrixResult(NO, { question: 'q', exitCode: 0, dryRunOf: 1, attempts: 2 });
    expect(dry.exitCode).toBe(0);
    expect(JSON.parse(render(dry, 'json'))).toEqual({ ...NO, decision: { answer: 'no', exitCode: 0, attempts: 2, dryRun: true } });
    expect(dry.text.at(-1)).toBe('Computer says no: q (dry run: exit 0)');
  });

  it('prints notices with a mark per type, debug only when asked', () => {
    const notices = [{ type: 'success', text: 'Published' }, { type: 'debug', text: 'detail' }, { type: 'prompt', text: 'Next steps:\n  do it' }];
    expect(noticeLines(notices, false)).toEqual(['✓ Published', '> Next steps:', '    do it']);
  });
});

describe('create-webhook body', () => {
  const base = { request: 'post', output: 'text' as const };
  it('maps the official flags to the webhook resource', () => {
    expect(
      webhookBody('https://ci.example/build', {
        ...base, header: ['Content-Type: application/json'], data: '{"a":"${pactbroker.pactUrl}"}', user: 'ci:p:w', provider: 'orders',
        consumerLabel: 'team-a', description: 'Verify', contractRequiringVerificationPublished: true, providerVerificationFailed: true,
      }),
    ).toEqual({
      description: 'Verify',
      events: [{ name: 'provider_verification_failed' }, { name: 'contract_requiring_verification_published' }],
      request: { method: 'POST', url: 'https://ci.example/build', headers: { 'Content-Type': 'application/json' }, body: { a: '${pactbroker.pactUrl}' }, username: 'ci', password: 'p:w' },
      consumer: { label: 'team-a' },
      provider: { name: 'orders' },
    });
  });
  it('refuses no event, a malformed header, or a name and a label', () => {
    expect(() => webhookBody('u', base)).toThrow(/at least one event/);
    expect(() => webhookBody('u', { ...base, contractPublished: true, header: ['nocolon'] })).toThrow(/Name: value/);
    expect(() => webhookBody('u', { ...base, contractPublished: true, consumer: 'a', consumerLabel: 'b' })).toThrow(/not both/);
  });
});
