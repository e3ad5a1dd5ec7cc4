// treaty create-webhook <url>: POST /webhooks, with the same flags as the official `pact broker create-webhook`
// (except the webhook's basic auth, which is --user only: -u is the broker username here).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { brokerClient, runner } from '../shared/context.js';
import { usageError } from '../shared/exit-codes.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, collect } from '../shared/options.js';
import { simpleResult, type Format } from '../shared/output.js';

interface Options extends BrokerFlags {
  request: string;
  header?: string[];
  data?: string;
  user?: string;
  consumer?: string;
  consumerLabel?: string;
  provider?: string;
  providerLabel?: string;
  description?: string;
  contractContentChanged?: boolean;
  contractPublished?: boolean;
  providerVerificationPublished?: boolean;
  providerVerificationFailed?: boolean;
  providerVerificationSucceeded?: boolean;
  contractRequiringVerificationPublished?: boolean;
  teamUuid?: string;
  output: Format;
}

export const EVENT_FLAGS = [
  ['contractContentChanged', 'contract_content_changed'],
  ['contractPublished', 'contract_published'],
  ['providerVerificationPublished', 'provider_verification_published'],
  ['providerVerificationFailed', 'provider_verification_failed'],
  ['providerVerificationSucceeded', 'provider_verification_succeeded'],
  ['contractRequiringVerificationPublished', 'contract_requiring_verification_published'],
] as const;

/** Pure: the flags → the webhook body the broker takes. */
export function webhookBody(url: string, o: Options): Record<string, unknown> {
  const events = EVENT_FLAGS.filter(([flag]) => o[flag]).map(([, name]) => ({ name }));
  if (events.length === 0) throw usageError('Name at least one event, e.g. --contract-requiring-verification-published');
  if (o.consumer !== undefined && o.consumerLabel !== undefined) throw usageError('Give either --consumer or --consumer-label, not both');
  if (o.provider !== undefined && o.providerLabel !== undefined) throw usageError('Give either --provider or --provider-label, not both');
  const headers: Record<string, string> = {};
  for (const header of o.header ?? []) {
    const at = header.indexOf(':');
    if (at <= 0) throw usageError(`--header must look like "Name: value" (got ${header})`);
    headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
  }
  let body: unknown;
  if (o.data !== undefined) {
    const raw = o.data.startsWith('@') ? readData(o.data.slice(1)) : o.data;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
  }
  const request: Record<string, unknown> = { method: o.request.toUpperCase(), url, ...(Object.keys(headers).length ? { headers } : {}) };
  if (body !== undefined) request.body = body;
  if (o.user !== undefined) {
    const at = o.user.indexOf(':');
    request.username = at === -1 ? o.user : o.user.slice(0, at);
    if (at !== -1) request.password = o.user.slice(at + 1);
  }
  return {
    ...(o.description === undefined ? {} : { description: o.description }),
    events,
    request,
    ...(o.consumer !== undefined ? { consumer: { name: o.consumer } } : o.consumerLabel !== undefined ? { consumer: { label: o.consumerLabel } } : {}),
    ...(o.provider !== undefined ? { provider: { name: o.provider } } : o.providerLabel !== undefined ? { provider: { label: o.providerLabel } } : {}),
  };
}

function readData(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`Cannot read --data file ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function register(program: Command): void {
  const command = program
    .command('create-webhook')
    .description('Create a webhook, e.g. one that starts the provider build when a contract needs verifying')
    .argument('<url>', 'the URL the webhook requests')
    .option('-X, --request <method>', 'HTTP method', 'POST')
    .option('-H, --header <header>', '"Name: value" header (repeatable)', collect)
    .option('-d, --data <data>', 'request body (JSON or text; @file reads a file)')
    .option('--user <user:password>', "basic auth for the webhook's request")
    .option('--consumer <name>', 'only for this consumer')
    .option('--consumer-label <label>', 'only for consumers with this label')
    .option('--provider <name>', 'only for this provider')
    .option('--provider-label <label>', 'only for providers with this label')
    .option('--description <text>', 'description')
    .option('--contract-content-changed', 'trigger when pact content changes')
    .option('--contract-published', 'trigger when a pact is published')
    .option('--provider-verification-published', 'trigger when a verification is published')
    .option('--provider-verification-failed', 'trigger when a verification fails')
    .option('--provider-verification-succeeded', 'trigger when a verification succeeds')
    .option('--contract-requiring-verification-published', 'trigger when a pact needing verification is published')
    .option('--team-uuid <uuid>', 'accepted for compatibility; ignored');
  addOutputOption(addBrokerOptions(command)).addHelpText(
    'after',
    `
Example:
  treaty create-webhook https://api.github.com/repos/acme/orders/dispatches -X POST \\
    -H "Content-Type: application/json" -H "Authorization: Bearer \${user.githubToken}" \\
    -d '{"event_type":"verify-pact","client_payload":{"pact_url":"\${pactbroker.pactUrl}"}}' \\
    --provider orders --contract-requiring-verification-published --description "Verify changed pacts"`,
  );
  command.action(async (url: string, options: Options) =>
    runner<Options>(async (o) => {
      const { body } = await brokerClient(o).post('/webhooks', webhookBody(url, o));
      return simpleResult(body, [`Created webhook ${body?.uuid}${body?.description ? ` (${body.description})` : ''}`]);
    })(options),
  );
}
