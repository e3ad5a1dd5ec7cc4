// Support for the treaty CLI's subprocess tests: runs bin/treaty.js exactly as `npx treaty` does, in a clean
// environment (no broker variables or CI variables inherited, HTTP retries off unless a test turns them on).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

export const TREATY_BIN = resolve(import.meta.dirname, '../../bin/treaty.js');

export interface TreatyRun {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
}

const INHERITED_PREFIXES = ['TREATY_', 'PACT_BROKER_', 'GITHUB_', 'CI_', 'BUILDKITE', 'CIRCLE_', 'BITBUCKET_', 'GIT_'];

export function treatyEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!INHERITED_PREFIXES.some((p) => name.startsWith(p)) && name !== 'DATABASE_URL') env[name] = value;
  }
  return { ...env, TREATY_HTTP_RETRIES: '0', NO_COLOR: '1', ...extra };
}

export function treaty(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<TreatyRun> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [TREATY_BIN, ...args],
      { cwd: options.cwd, env: treatyEnv(options.env), timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return fail(error);
        done({ code: error ? (error.code as number) : 0, stdout, stderr, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** Stable text for snapshots: the broker's address, timestamps, uuids and pact-version SHAs replaced. */
export function normalise(text: string, baseUrl: string): string {
  return text
    .split(baseUrl)
    .join('http://broker')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/pact-version\/[0-9a-f]{40,64}/g, 'pact-version/<sha>')
    .replace(/metadata\/[A-Za-z0-9_-]+/g, 'metadata/<m>')
    .replace(/verification-results\/\d+/g, 'verification-results/<n>');
}

/** One line on stderr, no stack trace. */
export function oneLineError(run: TreatyRun): string {
  const lines = run.stderr.trim().split('\n');
  if (lines.length !== 1 || /^\s+at /m.test(run.stderr)) throw new Error(`expected one error line, got:\n${run.stderr}`);
  return lines[0]!;
}
