// treaty publish <dir|files...>: POST /contracts/publish with every pact, then the broker's notices.
import type { Command } from 'commander';
import { describeDetection, detectFromCi, gitDetails, withGitFallback } from '../shared/ci.js';
import { brokerClient, runner } from '../shared/context.js';
import { EXIT, usageError } from '../shared/exit-codes.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, collectList } from '../shared/options.js';
import { noticeLines, type CommandResult, type Format } from '../shared/output.js';
import { readPacts } from '../shared/pact-files.js';

interface PublishOptions extends BrokerFlags {
  consumerAppVersion?: string;
  branch?: string;
  tag?: string[];
  buildUrl?: string;
  merge?: boolean;
  output: Format;
}

export function register(program: Command): void {
  const command = program
    .command('publish')
    .description('Publish pacts (a directory of *.json files, or files) for a consumer version')
    .argument('<dir|files...>', 'directories holding pact files, or pact files')
    .option('-a, --consumer-app-version <version>', 'consumer version (default: the commit, from CI variables or git)')
    .option('--branch <branch>', 'consumer branch (default: from CI variables or git)')
    .option('-t, --tag <tag>', 'tag for the version (repeatable, or comma-separated)', collectList)
    .option('--build-url <url>', 'link to the CI build that published')
    .option('--merge', 'merge interactions into an existing pact for this version instead of replacing it');
  addOutputOption(addBrokerOptions(command)).addHelpText(
    'after',
    '\nExample:\n  treaty publish ./pacts --consumer-app-version "$GITHUB_SHA" --branch "$GITHUB_REF_NAME" -b https://treaty.example.com',
  );
  command.action(async (paths: string[], options: PublishOptions) => runner<PublishOptions>((o) => publish(paths, o))(options));
}

export async function publish(paths: string[], options: PublishOptions): Promise<CommandResult> {
  const groups = readPacts(paths);
  const detected = options.consumerAppVersion && options.branch ? {} : withGitFallback(detectFromCi(process.env), gitDetails);
  const version = options.consumerAppVersion ?? detected.version?.value;
  const branch = options.branch ?? detected.branch?.value;
  if (version === undefined) throw usageError('No consumer version: pass --consumer-app-version (-a), or run in CI or a git checkout');
  const detection = describeDetection(detected, { version: options.consumerAppVersion !== undefined, branch: options.branch !== undefined });

  const client = brokerClient(options);
  const consumer = groups[0]!.consumer;
  const body = {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    ...(branch === undefined ? {} : { branch }),
    ...(options.tag && options.tag.length > 0 ? { tags: options.tag } : {}),
    ...(options.buildUrl === undefined ? {} : { buildUrl: options.buildUrl }),
    contracts: groups.map((g) => ({
      consumerName: g.consumer,
      providerName: g.provider,
      specification: 'pact',
      contentType: 'application/json',
      content: Buffer.from(JSON.stringify(g.content)).toString('base64'),
      onConflict: options.merge ? 'merge' : 'overwrite',
    })),
  };
  // Said before the request, on stderr, so a refusal still shows which version was tried and --output json stays JSON.
  if (detection) process.stderr.write(`${detection}\n`);
  const res = await client.post('/contracts/publish', body);
  const published = `${groups.length} pact${groups.length === 1 ? '' : 's'} of ${consumer} version ${version}${branch ? ` (branch ${branch})` : ''}`;
  const text = [`Published ${published}:`, ...noticeLines(res.body?.notices, false)];
  return { exitCode: EXIT.ok, json: res.body, text };
}
