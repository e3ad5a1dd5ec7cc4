import { describe, expect, it } from 'vitest';
import { requiredVerifications, type RequiredVerificationCandidate } from '../../../src/verifications/required-verifications.js';

const main = (n: string, verified = false, lastBranch: string | null = 'main'): RequiredVerificationCandidate => ({
  providerVersionNumber: n,
  lastBranch,
  verified,
  reason: { kind: 'mainBranch', branch: 'main' },
});
const deployed = (n: string, environment: string, verified = false, lastBranch: string | null = null): RequiredVerificationCandidate => ({
  providerVersionNumber: n,
  lastBranch,
  verified,
  reason: { kind: 'deployed', environment },
});
const released = (n: string, environment: string, verified = false, lastBranch: string | null = null): RequiredVerificationCandidate => ({
  providerVersionNumber: n,
  lastBranch,
  verified,
  reason: { kind: 'released', environment },
});

describe('requiredVerifications (broker-semantics C1)', () => {
  it('S57: the main-branch head with no result is required, with the main branch name', () => {
    expect(requiredVerifications([main('5')])).toEqual([
      { providerVersionNumber: '5', providerVersionBranch: 'main', providerVersionDescriptions: ['latest from main branch'] },
    ]);
  });

  it('S60: grouped by provider version, descriptions in order (deployments in deployment order), de-duplicated', () => {
    const candidates = [
      main('5', false, 'feat'),
      deployed('5', 'test'),
      deployed('5', 'production'),
      deployed('5', 'production'), // a second application instance
      released('4', 'production', false, 'release/4'),
    ];
    expect(requiredVerifications(candidates)).toEqual([
      {
        providerVersionNumber: '5',
        providerVersionBranch: 'main',
        providerVersionDescriptions: ['latest from main branch', 'deployed in test', 'deployed in production'],
      },
      { providerVersionNumber: '4', providerVersionBranch: 'release/4', providerVersionDescriptions: ['released in production'] },
    ]);
  });

  it('a version with any result (even a failure, which the candidate reports as verified) is not required', () => {
    expect(requiredVerifications([main('5', true), deployed('5', 'test', true), released('3', 'production', true)])).toEqual([]);
  });

  it('a version not selected as the main-branch head takes its last branch, or null', () => {
    expect(requiredVerifications([deployed('7', 'test', false, 'hotfix'), released('6', 'production')])).toEqual([
      { providerVersionNumber: '7', providerVersionBranch: 'hotfix', providerVersionDescriptions: ['deployed in test'] },
      { providerVersionNumber: '6', providerVersionBranch: null, providerVersionDescriptions: ['released in production'] },
    ]);
  });

  it('no candidates (no main branch, nothing deployed or released) requires nothing', () => {
    expect(requiredVerifications([])).toEqual([]);
  });
});
