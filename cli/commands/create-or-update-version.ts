// treaty create-or-update-version: a version with an optional branch and tags (PUT, as the official CLI does).
import type { Command } from 'commander';
import { brokerClient, runner } from '../shared/context.js';
import { seg } from '../shared/http.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, collectList, required } from '../shared/options.js';
import { simpleResult, type Format } from '../shared/output.js';

interface Options extends BrokerFlags {
  pacticipant?: string;
  version?: string;
  branch?: string;
  tag?: string[];
  output: Format;
}

export function register(program: Command): void {
  const command = program
    .command('create-or-update-version')
    .description('Create a version of an application, or add a branch or tags to it')
    .option('-a, --pacticipant <name>', 'application name')
    .option('-e, --version <version>', 'the version')
    .option('--branch <branch>', 'the branch the version is from')
    .option('-t, --tag <tag>', 'tag for the version (repeatable, or comma-separated)', collectList);
  addOutputOption(addBrokerOptions(command)).addHelpText('after', '\nExample:\n  treaty create-or-update-version --pacticipant orders --version 7 --branch main');
  command.action(
    runner<Options>(async (o) => {
      const pacticipant = required(o.pacticipant, '--pacticipant');
      const number = required(o.version, '--version');
      const client = brokerClient(o);
      const base = `/pacticipants/${seg(pacticipant)}`;
      const results: unknown[] = [];
      if (o.branch !== undefined) results.push((await client.put(`${base}/branches/${seg(o.branch)}/versions/${seg(number)}`, {})).body);
      for (const tag of o.tag ?? []) results.push((await client.put(`${base}/versions/${seg(number)}/tags/${seg(tag)}`, {})).body);
      // The version resource itself, last: it is what --output json shows.
      const current = await client.get(`${base}/versions/${seg(number)}`, { allow: [404] });
      const version = current.status === 404 ? (await client.put(`${base}/versions/${seg(number)}`, {})).body : current.body;
      const extras = [o.branch === undefined ? '' : ` on branch ${o.branch}`, o.tag?.length ? ` tagged ${o.tag.join(', ')}` : ''].join('');
      return simpleResult(version, [`${pacticipant} version ${number}${extras} is in the broker`]);
    }),
  );
}
