// The official Rust CLI's webhook commands against a listening Treaty: create-webhook, create-or-update-webhook and
// delete-webhook exit codes and output, then what Treaty stored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pactBroker, startBroker, type RunningBroker } from './broker.js';

let broker: RunningBroker;
beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => broker?.close());
beforeEach(async () => {
  await broker.testApp.reset();
  for (const name of ['Foo', 'Bar Service']) expect((await broker.post('/pacticipants', { name })).status).toBe(201);
});

const cli = (command: string, ...args: string[]) => pactBroker(broker.baseUrl, command, args);
const hooks = async () => (await broker.get('/webhooks')).body._links['pb:webhooks'] as Array<{ name: string; href: string }>;

describe('webhook commands', () => {
  it('create-webhook with a provider only', async () => {
    const run = await cli(
      'create-webhook', 'https://ci.example/build', '-X', 'POST', '-H', 'Content-Type: application/json', 'Authorization: Bearer s3cret',
      '-d', '{"consumer":"${pactbroker.consumerName}"}', '--user', 'ci:p4ss', '--provider', 'Bar Service', '--contract-content-changed', '--description', 'Trigger CI',
    );
    expect(run.code, run.output).toBe(0);
    // The CLI prints the created webhook as Treaty answered it: secrets masked.
    expect(JSON.parse(run.stdout)).toMatchObject({ description: 'Trigger CI', request: { password: '**********' } });
    expect(run.output).not.toContain('s3cret');
    expect(run.output).not.toContain('p4ss');
    const [listed] = await hooks();
    expect(listed?.name).toBe('Trigger CI');
    const stored = (await broker.get(new URL(listed!.href).pathname)).body;
    expect(stored).toMatchObject({
      description: 'Trigger CI',
      provider: { name: 'Bar Service' },
      events: [{ name: 'contract_content_changed' }],
      request: {
        method: 'POST',
        url: 'https://ci.example/build',
        headers: { 'content-type': 'application/json', authorization: '**********' },
        body: { consumer: '${pactbroker.consumerName}' },
        username: 'ci',
        password: '**********',
      },
    });
    expect(stored).not.toHaveProperty('consumer');
  });

  it('create-webhook with consumer and provider posts to the pact webhooks; errors are printed with exit 1', async () => {
    const run = await cli('create-webhook', 'https://ci.example/x', '-X', 'POST', '--consumer', 'Foo', '--provider', 'Bar Service', '--contract-published', '--provider-verification-failed');
    expect(run.code, run.output).toBe(0);
    const [listed] = await hooks();
    const stored = (await broker.get(new URL(listed!.href).pathname)).body;
    expect(stored).toMatchObject({ consumer: { name: 'Foo' }, provider: { name: 'Bar Service' }, description: 'POST ci.example' });
    expect(stored.events.map((e: { name: string }) => e.name).sort()).toEqual(['contract_published', 'provider_verification_failed']);

    const unknown = await cli('create-webhook', 'https://ci.example/x', '-X', 'POST', '--consumer-label', 'team', '--provider', 'Nope', '--contract-published');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain('Failed to create webhook: failed validation - ["provider.name: does not match an existing pacticipant"]');
    expect(await hooks()).toHaveLength(1);
  });

  it('create-or-update-webhook creates then updates by uuid; delete-webhook deletes it, then reports it gone', async () => {
    const uuid = 'ci-hook-0123456789';
    const created = await cli('create-or-update-webhook', 'https://ci.example/a', '--uuid', uuid, '-X', 'POST', '--provider', 'Bar Service', '--contract-published', '--description', 'first');
    expect(created.code, created.output).toBe(0);
    expect((await broker.get(`/webhooks/${uuid}`)).body).toMatchObject({ uuid, description: 'first', request: { url: 'https://ci.example/a' } });

    const updated = await cli('create-or-update-webhook', 'https://ci.example/b', '--uuid', uuid, '-X', 'POST', '--consumer', 'Foo', '--contract-content-changed', '--description', 'second');
    expect(updated.code, updated.output).toBe(0);
    const stored = (await broker.get(`/webhooks/${uuid}`)).body;
    expect(stored).toMatchObject({ uuid, description: 'second', consumer: { name: 'Foo' }, events: [{ name: 'contract_content_changed' }], request: { url: 'https://ci.example/b' } });
    expect(stored).not.toHaveProperty('provider');

    const deleted = await cli('delete-webhook', '--uuid', uuid);
    expect(deleted.code, deleted.output).toBe(0);
    expect(deleted.stdout).toContain(`Webhook with UUID ${uuid} successfully deleted`);
    expect((await broker.get(`/webhooks/${uuid}`)).status).toBe(404);
    const again = await cli('delete-webhook', '--uuid', uuid);
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain(`Webhook with UUID ${uuid} was not found`);
  });
});
