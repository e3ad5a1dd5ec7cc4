// treaty create-environment: POST /environments.
import type { Command } from 'commander';
import { brokerClient, runner } from '../shared/context.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, required } from '../shared/options.js';
import { simpleResult, type Format } from '../shared/output.js';

interface Options extends BrokerFlags {
  name?: string;
  displayName?: string;
  production?: boolean;
  contactName?: string;
  contactEmailAddress?: string;
  output: Format;
}

export function register(program: Command): void {
  const command = program
    .command('create-environment')
    .description('Create an environment that versions are deployed or released to')
    .option('--name <name>', 'environment name (no spaces), as pipelines will name it')
    .option('--display-name <name>', 'name for people')
    .option('--production', 'this is a production environment')
    .option('--contact-name <name>', 'who to contact about it')
    .option('--contact-email-address <email>', "the contact's email address");
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty create-environment --name production --display-name Production --production');
  command.action(
    runner<Options>(async (o) => {
      const name = required(o.name, '--name');
      const contacts =
        o.contactName === undefined
          ? undefined
          : [{ name: o.contactName, ...(o.contactEmailAddress === undefined ? {} : { details: { emailAddress: o.contactEmailAddress } }) }];
      const { body } = await brokerClient(o).post('/environments', {
        name,
        ...(o.displayName === undefined ? {} : { displayName: o.displayName }),
        production: o.production === true,
        ...(contacts ? { contacts } : {}),
      });
      return simpleResult(body, [`Created environment ${name}${o.production ? ' (production)' : ''} with uuid ${body?.uuid}`]);
    }),
  );
}
