// Pure: which CI variables give the version (commit) and branch to publish with, in a fixed order, and which were
// used, so `publish` can say where its version came from. git is the caller's fallback (see gitDetails).
import { execFileSync } from 'node:child_process';

interface CiSource {
  name: string;
  version: string;
  /** Branch variables in order of preference (a pull request's head branch before the ref). */
  branch: string[];
}

export const CI_SOURCES: CiSource[] = [
  { name: 'GitHub Actions', version: 'GITHUB_SHA', branch: ['GITHUB_HEAD_REF', 'GITHUB_REF_NAME'] },
  { name: 'GitLab CI', version: 'CI_COMMIT_SHA', branch: ['CI_COMMIT_REF_NAME'] },
  { name: 'Buildkite', version: 'BUILDKITE_COMMIT', branch: ['BUILDKITE_BRANCH'] },
  { name: 'CircleCI', version: 'CIRCLE_SHA1', branch: ['CIRCLE_BRANCH'] },
  { name: 'Bitbucket Pipelines', version: 'BITBUCKET_COMMIT', branch: ['BITBUCKET_BRANCH'] },
  { name: 'Jenkins', version: 'GIT_COMMIT', branch: ['GIT_BRANCH'] },
];

export interface Detected {
  value: string;
  /** Where it came from: a variable name, or "git". */
  from: string;
}

export interface VersionDetails {
  version?: Detected;
  branch?: Detected;
}

const present = (env: NodeJS.ProcessEnv, name: string) => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** Jenkins reports `origin/main`; a branch name has no remote prefix. */
const cleanBranch = (from: string, value: string) => (from === 'GIT_BRANCH' ? value.replace(/^(refs\/heads\/|origin\/)/, '') : value);

/** The version and branch the CI variables give, from the first CI whose commit variable is set. */
export function detectFromCi(env: NodeJS.ProcessEnv): VersionDetails {
  for (const source of CI_SOURCES) {
    const version = present(env, source.version);
    if (version === undefined) continue;
    const result: VersionDetails = { version: { value: version, from: source.version } };
    for (const name of source.branch) {
      const branch = present(env, name);
      if (branch !== undefined) {
        result.branch = { value: cleanBranch(name, branch), from: name };
        break;
      }
    }
    return result;
  }
  return {};
}

/** Fills what the CI variables did not give from git (commit SHA, current branch unless detached). */
export function withGitFallback(detected: VersionDetails, git: () => { sha?: string; branch?: string }): VersionDetails {
  if (detected.version && detected.branch) return detected;
  const found = git();
  return {
    version: detected.version ?? (found.sha ? { value: found.sha, from: 'git' } : undefined),
    branch: detected.branch ?? (found.branch ? { value: found.branch, from: 'git' } : undefined),
  };
}

export function gitDetails(cwd = process.cwd()): { sha?: string; branch?: string } {
  const run = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const sha = run(['rev-parse', 'HEAD']);
  const branch = sha ? run(['rev-parse', '--abbrev-ref', 'HEAD']) : undefined;
  return { sha, branch: branch === 'HEAD' ? undefined : branch };
}

/** "version 1a2b3c (from GITHUB_SHA), branch main (from GITHUB_HEAD_REF)" — only the detected parts. */
export function describeDetection(details: VersionDetails, given: { version?: boolean; branch?: boolean }): string | undefined {
  const parts: string[] = [];
  if (!given.version && details.version) parts.push(`version ${details.version.value} (from ${details.version.from})`);
  if (!given.branch && details.branch) parts.push(`branch ${details.branch.value} (from ${details.branch.from})`);
  return parts.length === 0 ? undefined : `Detected ${parts.join(', ')}`;
}
