// treaty token create|list|revoke: API tokens (admin only), for pipelines to authenticate with --broker-token.
import type { Command } from 'commander';
import { brokerClient, runner } from '../shared/context.js';
import { EXIT, refused, usageError } from '../shared/exit-codes.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, required } from '../shared/options.js';
import { markdownTable, simpleResult, textTable, type Format } from '../shared/output.js';

const ROLES = ['read', 'ci', 'admin'];

interface CreateOptions extends BrokerFlags {
  name?: string;
  role?: string;
  expiresAt?: string;
  output: Format;
}

export function register(program: Command): void {
  const token = program.command('token').description('Create, list and revoke API tokens (needs an admin token)');

  const create = token
    .command('create')
    .description('Create a token; its secret is shown once')
    .option('--name <name>', 'what the token is for')
    .option('--role <role>', 'read, ci or admin')
    .option('--expires-at <date-time>', 'ISO date-time after which it stops working');
  addOutputOption(addBrokerOptions(create)).addHelpText('after', '\nExample:\n  treaty token create --name "orders pipeline" --role ci -k "$TREATY_ADMIN_TOKEN"');
  create.action(
    runner<CreateOptions>(async (o) => {
      const name = required(o.name, '--name');
      const role = required(o.role, '--role');
      if (!ROLES.includes(role)) throw usageError(`--role must be one of ${ROLES.join(', ')} (got ${role})`);
      if (o.expiresAt !== undefined && Number.isNaN(Date.parse(o.expiresAt))) throw usageError(`--expires-at is not a date-time: ${o.expiresAt}`);
      const { body } = await brokerClient(o).post('/tokens', { name, role, ...(o.expiresAt === undefined ? {} : { expiresAt: o.expiresAt }) });
      return simpleResult(body, [
        `Created ${role} token ${name} (${body?.uuid})${body?.expiresAt ? `, expires ${body.expiresAt}` : ''}`,
        `Token (shown only now): ${body?.token}`,
      ]);
    }),
  );

  const list = token.command('list').description('List tokens, newest first (secrets are never shown)');
  addOutputOption(addBrokerOptions(list)).addHelpText('after', '\nExample:\n  treaty token list -o json');
  list.action(
    runner<BrokerFlags & { output: Format }>(async (o) => {
      const { body } = await brokerClient(o).get('/tokens');
      const tokens: any[] = body?.tokens ?? [];
      const rows = tokens.map((t) => [
        String(t.uuid),
        String(t.name),
        String(t.role),
        t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'active',
        String(t.lastUsedAt ?? '-'),
      ]);
      return {
        exitCode: EXIT.ok,
        json: body,
        text: tokens.length === 0 ? ['No tokens'] : textTable(['UUID', 'NAME', 'ROLE', 'STATUS', 'LAST USED'], rows),
        markdown: tokens.length === 0 ? ['No tokens'] : markdownTable(['UUID', 'Name', 'Role', 'Status', 'Last used'], rows),
      };
    }),
  );

  const revoke = token.command('revoke').description('Revoke a token (it stops working at once)').argument('<uuid>', 'the token uuid (from token list)');
  addOutputOption(addBrokerOptions(revoke)).addHelpText('after', '\nExample:\n  treaty token revoke 6f1c2b9e-3d4a-4c1e-9a7b-2f0d1e3c4b5a');
  revoke.action(async (uuid: string, options: BrokerFlags & { output: Format }) =>
    runner<BrokerFlags & { output: Format }>(async (o) => {
      const res = await brokerClient(o).delete(`/tokens/${encodeURIComponent(uuid)}`, { allow: [404] });
      if (res.status === 404) throw refused(`No token ${uuid}`);
      return simpleResult({ uuid, revoked: true }, [`Revoked token ${uuid}`]);
    })(options),
  );
}
