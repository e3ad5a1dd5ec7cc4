// The standalone package's entry (`npm run pack:cli` bundles it with commander into one file): the pipeline commands
// only; the server commands say they need a Treaty checkout. See program.ts.
import { runCli } from './program.js';

await runCli(process.argv, { standalone: true });
