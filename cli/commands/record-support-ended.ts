// treaty record-support-ended: a released version is no longer supported in an environment.
import type { Command } from 'commander';
import { brokerClient, findEnvironment, runner } from '../shared/context.js';
import { refused } from '../shared/exit-codes.js';
import { linkHref } from '../shared/http.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, required } from '../shared/options.js';
import { simpleResult, type Format } from '../shared/output.js';

interface Options extends BrokerFlags {
  pacticipant?: string;
  version?: string;
  environment?: string;
  output: Format;
}

export function register(program: Command): void {
  const command = program
    .command('record-support-ended')
    .description('Record that a released version is no longer supported in an environment')
    .option('-a, --pacticipant <name>', 'application name')
    .option('-e, --version <version>', 'the released version')
    .option('--environment <name>', 'the environment it was released to');
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty record-support-ended --pacticipant ios-app --version 4.1.0 --environment app-store');
  command.action(
    runner<Options>(async (o) => {
      const pacticipant = required(o.pacticipant, '--pacticipant');
      const number = required(o.version, '--version');
      const environment = required(o.environment, '--environment');
      const client = brokerClient(o);
      const env = await findEnvironment(client, environment);
      const list = linkHref(env, 'pb:currently-supported-released-versions') ?? `/environments/${env.uuid}/released-versions/currently-supported`;
      const { body } = await client.get(`${list}?pacticipant=${encodeURIComponent(pacticipant)}&version=${encodeURIComponent(number)}`);
      const released: any[] = (body?._embedded?.releasedVersions ?? []).filter(
        (r: any) => r?._embedded?.pacticipant?.name === pacticipant && r?._embedded?.version?.number === number,
      );
      if (released.length === 0) throw refused(`${pacticipant} version ${number} is not a currently supported release in ${environment}`);
      const done: unknown[] = [];
      for (const r of released) done.push((await client.patch(r._links.self.href, { currentlySupported: false })).body);
      return simpleResult(done.length === 1 ? done[0] : done, [`Recorded support ended for ${pacticipant} version ${number} in ${environment}`]);
    }),
  );
}
