// treaty can-i-merge: is this version compatible with the latest main-branch versions of everything it integrates
// with? The same /matrix question as can-i-deploy with mainBranch=true.
import type { Command } from 'commander';
import { brokerClient, runner } from '../shared/context.js';
import { EXIT_CODES_HELP } from '../shared/exit-codes.js';
import { describeSelectors, selectorsFromArgs } from '../shared/selectors.js';
import { addMatrixOptions, askMatrix, type MatrixOptions, rawArgs } from './can-i-deploy.js';

export function register(program: Command): void {
  const command = program
    .command('can-i-merge')
    .description("Is this version compatible with the main branches of what it integrates with? Exit 0 yes, 1 no, 2 still unknown, 3 error");
  addMatrixOptions(command).addHelpText(
    'after',
    `
Example:
  treaty can-i-merge --pacticipant web --version 1a2b3c

${EXIT_CODES_HELP}`,
  );
  command.action(async (options: MatrixOptions, cmd: Command) =>
    runner<MatrixOptions>(async (o) => {
      const { selectors, ignore } = selectorsFromArgs(rawArgs(cmd));
      return askMatrix(brokerClient(o), { selectors, ignore, mainBranch: true }, o, `can-i-merge ${describeSelectors(selectors)}`);
    })(options),
  );
}
