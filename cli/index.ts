#!/usr/bin/env node
// Treaty's command line (see program.ts). The exit code is set, not forced, so a started server keeps running.
import { main } from './program.js';

process.exitCode = await main(process.argv);
