#!/usr/bin/env node
// `treaty` / `npx treaty`. Runs the bundled CLI (dist-cli/treaty.js, `npm run build:cli`) when it is there and newer
// than every file in cli/ and package.json: one plain JavaScript file starts far faster than tsx compiling TypeScript.
// Otherwise, and always for the server commands (they need src/ and migrations/ as they sit in the repository) or with
// TREATY_CLI_SOURCE=1, it runs the TypeScript sources through tsx's loader, exactly as before.
import module from 'node:module';
import { compiledCliIsFresh } from './cli-build.js';

// Node 22.1+ keeps compiled bytecode between runs (a no-op where it does not exist, as on Node 20).
module.enableCompileCache?.();

const SERVER_COMMANDS = new Set(['migrate', 'serve', 'db-migrate', 'openapi']);
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const useCompiled = process.env.TREATY_CLI_SOURCE !== '1' && !(command !== undefined && SERVER_COMMANDS.has(command)) && compiledCliIsFresh();

if (useCompiled) {
  await import('../dist-cli/treaty.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/index.ts');
}
