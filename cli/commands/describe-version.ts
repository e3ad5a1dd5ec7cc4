// treaty describe-version: a version (or the latest, optionally with a tag) with its branches, tags and environments.
import type { Command } from 'commander';
import { brokerClient, runner } from '../shared/context.js';
import { EXIT, refused } from '../shared/exit-codes.js';
import { seg } from '../shared/http.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, required } from '../shared/options.js';
import { markdownTable, textTable, type Format } from '../shared/output.js';

interface Options extends BrokerFlags {
  pacticipant?: string;
  version?: string;
  latest?: string | boolean;
  output: Format;
}

export function register(program: Command): void {
  const command = program
    .command('describe-version')
    .description('Describe a version of an application (default: its latest version)')
    .option('-a, --pacticipant <name>', 'application name')
    .option('-e, --version <version>', 'the version (default: the latest)')
    .option('-l, --latest [tag]', 'the latest version, or the latest with this tag');
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty describe-version --pacticipant web --latest');
  command.action(
    runner<Options>(async (o) => {
      const pacticipant = required(o.pacticipant, '--pacticipant');
      const base = `/pacticipants/${seg(pacticipant)}`;
      const path =
        o.version !== undefined ? `${base}/versions/${seg(o.version)}` : typeof o.latest === 'string' ? `${base}/latest-version/${seg(o.latest)}` : `${base}/latest-version`;
      const res = await brokerClient(o).get(path, { allow: [404] });
      if (res.status === 404) {
        const what = o.version !== undefined ? `version ${o.version}` : typeof o.latest === 'string' ? `a version tagged ${o.latest}` : 'any version';
        throw refused(`${pacticipant} has no ${what} in the broker`);
      }
      const v = res.body;
      const branches = (v?._embedded?.branchVersions ?? []).map((b: any) => String(b.name)).join(', ');
      const tags = (v?._embedded?.tags ?? []).map((t: any) => String(t.name)).join(', ');
      const deployed = [v?._links?.['pb:deployed-environments'] ?? []]
        .flat()
        .filter((d: any) => d.currently_deployed !== false)
        .map((d: any) => String(d.name));
      const released = [v?._links?.['pb:released-environments'] ?? []]
        .flat()
        .filter((r: any) => r.currently_supported !== false)
        .map((r: any) => String(r.name));
      const rows = [
        [String(v?.number), branches || '-', tags || '-', [...deployed, ...released].join(', ') || '-', String(v?.createdAt ?? '')],
      ];
      const headers = ['VERSION', 'BRANCHES', 'TAGS', 'ENVIRONMENTS', 'CREATED'];
      return {
        exitCode: EXIT.ok,
        json: v,
        text: [`${pacticipant}`, ...textTable(headers, rows)],
        markdown: [`**${pacticipant}**`, '', ...markdownTable(['Version', 'Branches', 'Tags', 'Environments', 'Created'], rows)],
      };
    }),
  );
}
