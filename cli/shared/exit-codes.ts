// The CLI's exit codes, one meaning each, so a pipeline can branch on them. Documented in `treaty --help` and the README.
export const EXIT = {
  /** Yes / success. */
  ok: 0,
  /** No (not deployable) or the broker refused the request (a 4xx other than 401/403). */
  no: 1,
  /** The answer is still unknown after the retries (a verification has not been published yet). */
  unknown: 2,
  /** Usage error, broker unreachable or failing, authentication refused, or unreadable input files. */
  error: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  yes / success
  1  no (not deployable), or the broker refused the request (4xx)
  2  still unknown after the retries (--retry-while-unknown)
  3  usage error, broker unreachable or failing, authentication refused (401/403), or bad input files`;

/** A failure that ends the command with one line on stderr and an exit code (never a stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.error);
export const refused = (message: string) => new CliError(message, EXIT.no);

/** can-i-deploy / can-i-merge: the broker's tri-state `deployable` → exit code. */
export function exitForDeployable(deployable: boolean | null | undefined): ExitCode {
  if (deployable === true) return EXIT.ok;
  if (deployable === false) return EXIT.no;
  return EXIT.unknown;
}
