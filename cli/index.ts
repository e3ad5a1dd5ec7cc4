#!/usr/bin/env node
// Treaty's command line. Each command lives in its own module and is loaded only when run.
import { Command } from 'commander';

const program = new Command('treaty').description('Treaty contract broker tools');

program
  .command('db-migrate')
  .description('Apply pending database migrations (DATABASE_URL, or the embedded store under TREATY_DATA_DIR)')
  .action(async () => (await import('./commands/db-migrate.js')).run());

program
  .command('openapi')
  .description('Write the OpenAPI document generated from the route schemas')
  .option('-o, --out <file>', 'output file', 'openapi/openapi.json')
  .action(async (options: { out: string }) => (await import('./commands/openapi.js')).run(options));

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
