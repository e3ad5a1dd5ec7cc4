import { describe, expect, it } from 'vitest';
import { describeDetection, detectFromCi, withGitFallback } from '../../../cli/shared/ci.js';

describe('detectFromCi', () => {
  it.each([
    [{ GITHUB_SHA: 'a1', GITHUB_HEAD_REF: 'feat/x', GITHUB_REF_NAME: '12/merge' }, 'a1', 'feat/x', 'GITHUB_HEAD_REF'],
    [{ GITHUB_SHA: 'a1', GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'main' }, 'a1', 'main', 'GITHUB_REF_NAME'],
    [{ CI_COMMIT_SHA: 'b2', CI_COMMIT_REF_NAME: 'dev' }, 'b2', 'dev', 'CI_COMMIT_REF_NAME'],
    [{ BUILDKITE_COMMIT: 'c3', BUILDKITE_BRANCH: 'bk' }, 'c3', 'bk', 'BUILDKITE_BRANCH'],
    [{ CIRCLE_SHA1: 'd4', CIRCLE_BRANCH: 'circle' }, 'd4', 'circle', 'CIRCLE_BRANCH'],
    [{ BITBUCKET_COMMIT: 'e5', BITBUCKET_BRANCH: 'bb' }, 'e5', 'bb', 'BITBUCKET_BRANCH'],
    [{ GIT_COMMIT: 'f6', GIT_BRANCH: 'origin/release' }, 'f6', 'release', 'GIT_BRANCH'],
  ])('%j', (env, version, branch, from) => {
    expect(detectFromCi(env)).toEqual({ version: { value: version, from: expect.any(String) }, branch: { value: branch, from } });
  });

  it('uses the first CI whose commit variable is set, and nothing when none is', () => {
    expect(detectFromCi({ GIT_COMMIT: 'jenkins', GITHUB_SHA: 'gh' }).version).toEqual({ value: 'gh', from: 'GITHUB_SHA' });
    expect(detectFromCi({ CIRCLE_BRANCH: 'only-a-branch' })).toEqual({});
  });

  it('falls back to git for what CI did not give, and says where each came from', () => {
    const git = () => ({ sha: 'abc123', branch: 'main' });
    expect(withGitFallback({}, git)).toEqual({ version: { value: 'abc123', from: 'git' }, branch: { value: 'main', from: 'git' } });
    const mixed = withGitFallback(detectFromCi({ GITHUB_SHA: 'gh' }), git);
    expect(describeDetection(mixed, {})).toBe('Detected version gh (from GITHUB_SHA), branch main (from git)');
    expect(describeDetection(mixed, { version: true })).toBe('Detected branch main (from git)');
    expect(describeDetection(mixed, { version: true, branch: true })).toBeUndefined();
    expect(withGitFallback({}, () => ({}))).toEqual({ version: undefined, branch: undefined });
  });
});
