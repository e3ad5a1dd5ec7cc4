// treaty record-undeployment: marks what runs of an application in an environment (instance) as no longer deployed.
import type { Command } from 'commander';
import { brokerClient, findEnvironment, runner } from '../shared/context.js';
import { refused } from '../shared/exit-codes.js';
import { linkHref } from '../shared/http.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, required } from '../shared/options.js';
import { simpleResult, type Format } from '../shared/output.js';

interface Options extends BrokerFlags {
  pacticipant?: string;
  environment?: string;
  applicationInstance?: string;
  target?: string;
  output: Format;
}

export function register(program: Command): void {
  const command = program
    .command('record-undeployment')
    .description('Record that an application is no longer deployed to an environment')
    .option('-a, --pacticipant <name>', 'application name')
    .option('--environment <name>', 'the environment it was removed from')
    .option('--application-instance <instance>', 'only this instance (default: the deployment without an instance)')
    .option('--target <instance>', 'legacy name of --application-instance');
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty record-undeployment --pacticipant web --environment staging');
  command.action(
    runner<Options>(async (o) => {
      const pacticipant = required(o.pacticipant, '--pacticipant');
      const environment = required(o.environment, '--environment');
      const instance = o.applicationInstance ?? o.target;
      const client = brokerClient(o);
      const env = await findEnvironment(client, environment);
      const list = linkHref(env, 'pb:currently-deployed-deployed-versions') ?? `/environments/${env.uuid}/deployed-versions/currently-deployed`;
      const { body } = await client.get(`${list}?pacticipant=${encodeURIComponent(pacticipant)}`);
      const current: any[] = (body?._embedded?.deployedVersions ?? []).filter(
        (d: any) => d?._embedded?.pacticipant?.name === pacticipant && (d.applicationInstance ?? d.target ?? undefined) === instance,
      );
      const where = `${environment}${instance === undefined ? '' : ` (application instance ${instance})`}`;
      if (current.length === 0) throw refused(`${pacticipant} is not currently deployed to ${where}`);
      const done: unknown[] = [];
      for (const deployed of current) done.push((await client.patch(deployed._links.self.href, { currentlyDeployed: false })).body);
      const versions = current.map((d) => d?._embedded?.version?.number).join(', ');
      return simpleResult(done, [`Recorded undeployment of ${pacticipant} version ${versions} from ${where}`]);
    }),
  );
}
