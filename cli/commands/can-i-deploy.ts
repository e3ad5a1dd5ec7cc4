// treaty can-i-deploy: asks /matrix whether the versions can go to an environment (or a tagged target), retrying
// while the answer is unknown, and prints the table, why, the next steps and the verdict. Exit 0 yes, 1 no, 2 unknown.
import type { Command } from 'commander';
import { brokerClient, runner } from '../shared/context.js';
import { EXIT, EXIT_CODES_HELP, exitForDeployable, type ExitCode } from '../shared/exit-codes.js';
import type { BrokerClient } from '../shared/http.js';
import { addBrokerOptions, addOutputOption, type BrokerFlags, collect, nonNegativeNumber } from '../shared/options.js';
import { matrixResult, unknownSummary, type CommandResult, type Format, type MatrixBody } from '../shared/output.js';
import { describeSelectors, matrixQuery, selectorsFromArgs, type MatrixQuery } from '../shared/selectors.js';

export interface MatrixOptions extends BrokerFlags {
  toEnvironment?: string;
  to?: string;
  retryWhileUnknown?: number;
  retryInterval?: number;
  dryRun?: boolean;
  output: Format;
}

/** The selector flags (read again in order from the raw arguments) and the retry flags both commands share. */
export function addMatrixOptions(command: Command): Command {
  command
    .option('-a, --pacticipant <name>', 'application name (repeat -a/-e pairs for several)', collect)
    .option('-e, --version <version>', 'version of the pacticipant before it', collect)
    .option('-l, --latest [tag]', 'the latest version (with the tag, if given) of the pacticipant before it')
    .option('--branch <branch>', 'the latest version of this branch of the pacticipant before it', collect)
    .option('--main-branch', 'the latest version of the main branch of the pacticipant before it')
    .option('--ignore <pacticipant>', 'ignore this pacticipant (e.g. one not yet verifying)', collect)
    .option('--retry-while-unknown <times>', 'ask again this many times while the answer is unknown', nonNegativeNumber('--retry-while-unknown', true), 0)
    .option('--retry-interval <seconds>', 'seconds between those tries', nonNegativeNumber('--retry-interval', false), 10)
    .option('--dry-run', 'print the answer but always exit 0');
  return addOutputOption(addBrokerOptions(command));
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Asks /matrix, again while unknown (a line per attempt on stderr), and shapes the answer. Exported for can-i-merge. */
export async function askMatrix(
  client: BrokerClient,
  query: MatrixQuery,
  options: MatrixOptions,
  question: string,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<CommandResult> {
  const path = `/matrix?${matrixQuery(query)}`;
  const retries = options.retryWhileUnknown ?? 0;
  const interval = options.retryInterval ?? 10;
  let body: MatrixBody;
  let exitCode: ExitCode;
  let attempts = 0;
  for (;;) {
    attempts++;
    body = (await client.get(path)).body as MatrixBody;
    exitCode = exitForDeployable(body?.summary?.deployable);
    if (exitCode !== EXIT.unknown || attempts > retries) break;
    log(`still unknown: ${unknownSummary(body)}; retry ${attempts}/${retries} in ${interval} s`);
    await sleep(interval * 1000);
  }
  const dryRunOf = options.dryRun && exitCode !== EXIT.ok ? exitCode : undefined;
  return matrixResult(body, { question, exitCode: options.dryRun ? EXIT.ok : exitCode, ...(dryRunOf === undefined ? {} : { dryRunOf }), attempts });
}

export function register(program: Command): void {
  const command = program
    .command('can-i-deploy')
    .description('Can these versions be deployed to the environment? Exit 0 yes, 1 no, 2 still unknown, 3 error')
    .option('--to-environment <environment>', 'the environment to deploy to')
    .option('--to <tag>', 'the tag of the target (legacy; prefer --to-environment)');
  addMatrixOptions(command).addHelpText(
    'after',
    `
Examples:
  treaty can-i-deploy --pacticipant web --version 1a2b3c --to-environment production
  treaty can-i-deploy -a web -e 1a2b3c -a orders -e 7 --to-environment production --retry-while-unknown 10 --retry-interval 10
  treaty can-i-deploy -a web -e 1a2b3c --to-environment production -o markdown > comment.md

${EXIT_CODES_HELP}`,
  );
  command.action(async (options: MatrixOptions, cmd: Command) =>
    runner<MatrixOptions>(async (o) => {
      const { selectors, ignore } = selectorsFromArgs(rawArgs(cmd));
      const target = o.toEnvironment !== undefined ? ` to ${o.toEnvironment}` : o.to !== undefined ? ` to ${o.to}` : '';
      return askMatrix(brokerClient(o), { selectors, ignore, toEnvironment: o.toEnvironment, to: o.to }, o, `can-i-deploy ${describeSelectors(selectors)}${target}`);
    })(options),
  );
}

/** The arguments as typed, after the program name (the selectors' order is not kept by option parsing). */
export function rawArgs(cmd: Command): string[] {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  return (root as Command & { rawArgs: string[] }).rawArgs.slice(2);
}
