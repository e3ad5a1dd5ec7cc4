// treaty record-release: records that a version is released to an environment (earlier releases stay supported).
import type { Command } from 'commander';
import { brokerClient, getVersion, runner } from '../shared/context.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, required } from '../shared/options.js';
import { simpleResult, type Format } from '../shared/output.js';
import { recordLink } from './record-deployment.js';

interface Options extends BrokerFlags {
  pacticipant?: string;
  version?: string;
  environment?: string;
  output: Format;
}

export function register(program: Command): void {
  const command = program
    .command('record-release')
    .description('Record that a version of an application is released to an environment (e.g. a mobile app store)')
    .option('-a, --pacticipant <name>', 'application name')
    .option('-e, --version <version>', 'the version released')
    .option('--environment <name>', 'the environment it was released to');
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty record-release --pacticipant ios-app --version 4.2.0 --environment app-store');
  command.action(
    runner<Options>(async (o) => {
      const pacticipant = required(o.pacticipant, '--pacticipant');
      const number = required(o.version, '--version');
      const environment = required(o.environment, '--environment');
      const client = brokerClient(o);
      const href = recordLink(await getVersion(client, pacticipant, number), 'pb:record-release', environment);
      const res = await client.post(href, {});
      const again = res.status === 200 ? ' (it was already released)' : '';
      return simpleResult(res.body, [`Recorded release of ${pacticipant} version ${number} to ${environment}${again}`]);
    }),
  );
}
