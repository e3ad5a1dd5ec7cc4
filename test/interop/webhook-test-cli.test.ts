// The official Rust CLI's `pact broker test-webhook --uuid X` against a listening Treaty and a local receiver: it
// follows pb:webhook and pb:execute, POSTs `{}`, and prints Treaty's execution result as JSON (exit 0 whether the
// webhook succeeded or not; 1 for an unknown uuid).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { pactBroker, startBroker, type RunningBroker } from './broker.js';

let broker: RunningBroker;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  broker = await startBroker({ TREATY_WEBHOOK_HOST_ALLOWLIST: '127.0.0.1', TREATY_WEBHOOK_SCHEME_ALLOWLIST: 'http' });
});
afterAll(async () => {
  await broker?.close();
  await receiver?.close();
});
beforeEach(async () => {
  await broker.testApp.reset();
  receiver.received.length = 0;
  receiver.answer(200, 'ok');
});

const cli = (...args: string[]) => pactBroker(broker.baseUrl, 'test-webhook', args);
const printedResult = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('pact broker test-webhook', () => {
  it('executes the webhook once and prints the result; a failing receiver is reported, exit 0', async () => {
    const uuid = 'cli-test-webhook-0001';
    const created = await pactBroker(broker.baseUrl, 'create-or-update-webhook', [
      `${receiver.url}/hook`, '--uuid', uuid, '-X', 'POST', '-d', '{"event":"${pactbroker.eventName}"}', '--contract-published',
    ]);
    expect(created.code, created.output).toBe(0);

    const run = await cli('--uuid', uuid);
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(`Executing webhook at: ${broker.baseUrl}/webhooks/${uuid}/execute with data: {}`);
    expect(printedResult(run.stdout)).toMatchObject({ success: true, request: { url: '/hook', body: { event: 'test' } }, response: { status: 200 } });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers['x-treaty-delivery']).toBeTruthy();

    receiver.answer(500, 'boom');
    const failed = await cli('--uuid', uuid);
    expect(failed.code, failed.output).toBe(0);
    expect(printedResult(failed.stdout)).toMatchObject({ success: false, response: { status: 500, body: 'boom' } });
    expect(receiver.received).toHaveLength(2);
  });

  it('an unknown uuid fails with exit 1 and sends nothing', async () => {
    const run = await cli('--uuid', 'no-such-webhook-uuid-0001');
    expect(run.code).toBe(1);
    expect(run.output).toContain('Failed to execute webhook');
    expect(run.output).toContain('404');
    expect(receiver.received).toHaveLength(0);
  });
});
