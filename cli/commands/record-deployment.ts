// treaty record-deployment: records that a version is now deployed to an environment (replacing what ran there in
// the same application instance), via the version's pb:record-deployment link for that environment.
import type { Command } from 'commander';
import { brokerClient, getVersion, runner } from '../shared/context.js';
import { refused } from '../shared/exit-codes.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, required } from '../shared/options.js';
import { simpleResult, type Format } from '../shared/output.js';

interface Options extends BrokerFlags {
  pacticipant?: string;
  version?: string;
  environment?: string;
  applicationInstance?: string;
  output: Format;
}

/** The entry of a version's pb:record-deployment / pb:record-release array for the environment name. */
export function recordLink(version: any, rel: string, environment: string): string {
  const links: { name?: string; href: string }[] = [version?._links?.[rel] ?? []].flat();
  const link = links.find((l) => l.name === environment);
  if (!link) throw refused(`Environment ${environment} does not exist: create it with treaty create-environment --name ${environment}`);
  return link.href;
}

export function register(program: Command): void {
  const command = program
    .command('record-deployment')
    .description('Record that a version of an application is deployed to an environment')
    .option('-a, --pacticipant <name>', 'application name')
    .option('-e, --version <version>', 'the version deployed')
    .option('--environment <name>', 'the environment it was deployed to')
    .option('--application-instance <instance>', 'which instance, when several run in the environment (alias --target)')
    .option('--target <instance>', 'legacy name of --application-instance');
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty record-deployment --pacticipant web --version 1a2b3c --environment production');
  command.action(
    runner<Options & { target?: string }>(async (o) => {
      const pacticipant = required(o.pacticipant, '--pacticipant');
      const number = required(o.version, '--version');
      const environment = required(o.environment, '--environment');
      const instance = o.applicationInstance ?? o.target;
      const client = brokerClient(o);
      const href = recordLink(await getVersion(client, pacticipant, number), 'pb:record-deployment', environment);
      const { body } = await client.post(href, instance === undefined ? {} : { applicationInstance: instance });
      return simpleResult(body, [`Recorded deployment of ${pacticipant} version ${number} to ${environment}${instance === undefined ? '' : ` (application instance ${instance})`}`]);
    }),
  );
}
