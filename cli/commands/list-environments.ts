// treaty list-environments: GET /environments as a table.
import type { Command } from 'commander';
import { brokerClient, runner } from '../shared/context.js';
import { EXIT } from '../shared/exit-codes.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags } from '../shared/options.js';
import { markdownTable, textTable, type Format } from '../shared/output.js';

export function register(program: Command): void {
  const command = program.command('list-environments').description('List the environments');
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty list-environments -o json');
  command.action(
    runner<BrokerFlags & { output: Format }>(async (o) => {
      const { body } = await brokerClient(o).get('/environments');
      const envs: any[] = body?._embedded?.environments ?? [];
      const headers = ['NAME', 'DISPLAY NAME', 'PRODUCTION', 'UUID'];
      const rows = envs.map((e) => [String(e.name), String(e.displayName ?? e.name), e.production ? 'yes' : 'no', String(e.uuid)]);
      return {
        exitCode: EXIT.ok,
        json: body,
        text: envs.length === 0 ? ['No environments'] : textTable(headers, rows),
        markdown: envs.length === 0 ? ['No environments'] : markdownTable(['Name', 'Display name', 'Production', 'UUID'], rows),
      };
    }),
  );
}
