// The `treaty` program: pipeline commands (HTTP only, no server code) registered up front, server commands
// (migrate, serve, db-migrate, openapi) loaded with a dynamic import only when run, so a pipeline never loads fastify,
// pglite, pg or drizzle (enforced by .dependency-cruiser.cjs). index.ts runs it in a checkout; standalone.ts is the
// entry of the installable package (scripts/build-cli.mjs), where the server commands only say where they run.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { register as canIDeploy } from './commands/can-i-deploy.js';
import { register as canIMerge } from './commands/can-i-merge.js';
import { register as createEnvironment } from './commands/create-environment.js';
import { register as createOrUpdateVersion } from './commands/create-or-update-version.js';
import { register as createVersionTag } from './commands/create-version-tag.js';
import { register as createWebhook } from './commands/create-webhook.js';
import { register as describeVersion } from './commands/describe-version.js';
import { register as listEnvironments } from './commands/list-environments.js';
import { register as publish } from './commands/publish.js';
import { register as recordDeployment } from './commands/record-deployment.js';
import { register as recordRelease } from './commands/record-release.js';
import { register as recordSupportEnded } from './commands/record-support-ended.js';
import { register as recordUndeployment } from './commands/record-undeployment.js';
import { register as token } from './commands/token.js';
import { setCliVersion } from './shared/context.js';
import { CliError, EXIT, EXIT_CODES_HELP, usageError } from './shared/exit-codes.js';

const PIPELINE_COMMANDS = [
  publish,
  canIDeploy,
  canIMerge,
  recordDeployment,
  recordUndeployment,
  recordRelease,
  recordSupportEnded,
  createEnvironment,
  listEnvironments,
  describeVersion,
  createOrUpdateVersion,
  createVersionTag,
  createWebhook,
  token,
];

const ENV_HELP = `Environment:
  TREATY_BROKER_URL       broker base URL        (or PACT_BROKER_BASE_URL)
  TREATY_BROKER_TOKEN     bearer token           (or PACT_BROKER_TOKEN)
  TREATY_BROKER_USERNAME  basic auth username    (or PACT_BROKER_USERNAME)
  TREATY_BROKER_PASSWORD  basic auth password    (or PACT_BROKER_PASSWORD)
  TREATY_HTTP_RETRIES     retries on connection errors, 429, 502, 503, 504 (default 3)`;

const STANDALONE_HELP = `This is the standalone CLI package: migrate, serve, db-migrate and openapi run the broker itself, so
they work inside a Treaty checkout (npx treaty serve) or the Treaty image, not from this package.`;

interface ServerCommand {
  name: string;
  description: string;
  example: string;
  load: () => Promise<{ run: (options: any) => Promise<void> }>;
  /** serve: the process must outlive main() (see runCli). */
  keepsRunning?: true;
  /** openapi's -o, --out <file>. */
  outFile?: true;
}

// Loaded with a dynamic import only when run. The standalone bundle replaces these modules with a stub
// (scripts/build-cli.mjs) and registers the commands only to say where they run.
const SERVER_COMMANDS: ServerCommand[] = [
  {
    name: 'migrate',
    description: 'Apply pending database migrations (DATABASE_URL, or the embedded store under TREATY_DATA_DIR)',
    example: 'DATABASE_URL=postgres://treaty@db/treaty treaty migrate',
    load: () => import('./commands/migrate.js'),
  },
  {
    name: 'serve',
    description: 'Start the broker (the same as npm start; configured from the environment)',
    example: 'PORT=9292 DATABASE_URL=postgres://treaty@db/treaty treaty serve',
    load: () => import('./commands/serve.js'),
    keepsRunning: true,
  },
  { name: 'db-migrate', description: 'Apply pending database migrations (the same as migrate)', example: 'treaty db-migrate', load: () => import('./commands/db-migrate.js') },
  {
    name: 'openapi',
    description: 'Write the OpenAPI document generated from the route schemas',
    example: 'treaty openapi --out openapi/openapi.json',
    load: () => import('./commands/openapi.js'),
    outFile: true,
  },
];

let keepRunning = false;

function addServerCommands(program: Command, standalone: boolean): void {
  for (const server of SERVER_COMMANDS) {
    const command = program
      .command(server.name)
      .description(standalone ? `${server.description} [in a Treaty checkout only]` : server.description)
      .addHelpText('after', `\nExample:\n  ${server.example}`);
    if (server.outFile) command.option('-o, --out <file>', 'output file', 'openapi/openapi.json');
    command.action(async (options: unknown) => {
      if (standalone) {
        throw usageError(`treaty ${server.name} runs the broker, which this package does not contain: run it inside a Treaty checkout (npx treaty ${server.name}) or the Treaty image`);
      }
      if (server.keepsRunning) keepRunning = true;
      await (await server.load()).run(options);
    });
  }
}

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export interface ProgramOptions {
  /** The standalone package (`npm run pack:cli`): it holds the pipeline commands only, not the server. */
  standalone?: boolean;
}

export function buildProgram(version = packageVersion(), options: ProgramOptions = {}): Command {
  setCliVersion(version);
  const program = new Command('treaty')
    .description('Treaty contract broker CLI: publish pacts, ask can-i-deploy, record deployments')
    .version(version, '-V, --version', 'print the CLI version')
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .addHelpText('after', `\nExample (a consumer pipeline):
  treaty publish ./pacts -b https://treaty.example.com
  treaty can-i-deploy -a web -e "$GITHUB_SHA" --to-environment production
  treaty record-deployment -a web -e "$GITHUB_SHA" --environment production

${EXIT_CODES_HELP}

${ENV_HELP}${options.standalone ? `\n\n${STANDALONE_HELP}` : ''}`);

  for (const register of PIPELINE_COMMANDS) register(program);

  addServerCommands(program, options.standalone === true);

  // Usage errors exit 3 (not commander's 1, which means "no" here); help and --version exit 0.
  program.exitOverride();
  for (const command of allCommands(program)) command.exitOverride();
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Runs the CLI; resolves with the exit code. Errors are one line on stderr, never a stack trace. */
export async function main(argv: string[], options: ProgramOptions = {}): Promise<number> {
  const program = buildProgram(packageVersion(), options);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message (or the help) already.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return EXIT.ok;
      return EXIT.error;
    }
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    if (process.env.TREATY_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT.error;
  }
}

const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((done) => stream.write('', () => done()));

/**
 * The entry points' main: runs the CLI, then ends the process with its exit code once stdout and stderr are flushed.
 * Waiting for the event loop to drain instead costs about a second after the last request on Node 20, whose fetch
 * keeps a timer alive. `serve` is the exception: its server keeps the process, so only the exit code is set.
 */
export async function runCli(argv: string[], options: ProgramOptions = {}): Promise<void> {
  const code = await main(argv, options);
  process.exitCode = code;
  if (keepRunning) return;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
