#!/usr/bin/env node
// Treaty's command line in a checkout (see program.ts): every command, the server ones included.
import { runCli } from './program.js';

await runCli(process.argv);
