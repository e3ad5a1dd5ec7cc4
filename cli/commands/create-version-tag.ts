// treaty create-version-tag: tags an existing version (or creates it with --auto-create-version).
import type { Command } from 'commander';
import { gitDetails } from '../shared/ci.js';
import { brokerClient, runner } from '../shared/context.js';
import { refused, usageError } from '../shared/exit-codes.js';
import { seg } from '../shared/http.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, collectList, required } from '../shared/options.js';
import { simpleResult, type Format } from '../shared/output.js';

interface Options extends BrokerFlags {
  pacticipant?: string;
  version?: string;
  tag?: string[];
  autoCreateVersion?: boolean;
  tagWithGitBranch?: boolean;
  output: Format;
}

export function register(program: Command): void {
  const command = program
    .command('create-version-tag')
    .description('Add tags to a version of an application')
    .option('-a, --pacticipant <name>', 'application name')
    .option('-e, --version <version>', 'the version')
    .option('-t, --tag <tag>', 'tag (repeatable, or comma-separated)', collectList)
    .option('--auto-create-version', 'create the version if it does not exist')
    .option('-g, --tag-with-git-branch', 'also tag with the current git branch');
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty create-version-tag --pacticipant web --version 1a2b3c --tag prod');
  command.action(
    runner<Options>(async (o) => {
      const pacticipant = required(o.pacticipant, '--pacticipant');
      const number = required(o.version, '--version');
      const tags = [...(o.tag ?? [])];
      if (o.tagWithGitBranch) {
        const branch = gitDetails().branch;
        if (branch === undefined) throw usageError('--tag-with-git-branch: not on a git branch');
        tags.push(branch);
      }
      if (tags.length === 0) throw usageError('Missing required option --tag (-t)');
      const client = brokerClient(o);
      const base = `/pacticipants/${seg(pacticipant)}/versions/${seg(number)}`;
      if (!o.autoCreateVersion && (await client.get(base, { allow: [404] })).status === 404) {
        throw refused(`Version ${number} of ${pacticipant} does not exist: publish it first, or pass --auto-create-version`);
      }
      const created: unknown[] = [];
      for (const tag of tags) created.push((await client.put(`${base}/tags/${seg(tag)}`, {})).body);
      return simpleResult(created, [`Tagged ${pacticipant} version ${number} with ${tags.join(', ')}`]);
    }),
  );
}
