// presentMatrixJson writes the matrix body as text with shared parts serialised once: it must be byte for byte what
// JSON.stringify gives for presentMatrix, for every kind of row (verified, failed, unverified without a provider
// version, ignored), names that need encoding, and versions with branches, tags and environments (it returns the
// UTF-8 bytes: compared here as text).
import { describe, expect, it } from 'vitest';
import { presentMatrix, presentMatrixJson } from '../../../src/matrix/matrix.presenter.js';
import type { MatrixResult } from '../../../src/matrix/matrix.service.js';
import type { MatrixRow, ResolvedSelector } from '../../../src/matrix/matrix.types.js';

const selector = { pacticipantId: 1, pacticipantName: 'x', source: 'specified', selector: { pacticipant: 'x' }, versions: [], anyVersion: false, strict: false } as ResolvedSelector;
const version = (id: number, number: string) => ({ id, number, order: id });
const provider = { id: 9, name: 'Hub provider/ü' };
const hubVersion = version(90, '2.0.0+build 7');

function row(n: number, kind: 'verified' | 'failed' | 'missing' | 'ignored'): MatrixRow {
  const consumer = { id: n, name: `consumer-${n}` };
  const verified = kind === 'verified' || kind === 'failed';
  return {
    consumer,
    consumerVersion: version(n * 10, `1.${n}`),
    provider,
    providerVersion: verified ? hubVersion : null,
    pact: { consumerId: n, consumerVersionId: n * 10, providerId: 9, pactVersionId: n, sha: `sha${n}`, publishedAt: new Date(Date.UTC(2026, 0, n, 1, 2, 3, 456)) },
    verification: verified
      ? { source: 'pact_verification', pactVersionId: n, providerVersion: hubVersion, verificationId: 100 + n, success: kind === 'verified', verifiedAt: new Date(Date.UTC(2026, 1, n)) }
      : null,
    consumerSelector: selector,
    providerSelector: selector,
    ignored: kind === 'ignored',
    reason: kind === 'verified' ? { kind: 'verified' } : kind === 'failed' ? { kind: 'failed' } : kind === 'ignored' ? { kind: 'ignored', wouldBe: 'missing_verification' } : { kind: 'missing_verification', providerVersion: '3' },
  };
}

describe('presentMatrixJson', () => {
  it('is JSON.stringify(presentMatrix(...)) byte for byte', () => {
    const rows = [row(1, 'verified'), row(2, 'failed'), row(3, 'missing'), row(4, 'ignored'), row(5, 'verified')];
    // Environments are shared objects between versions (as the repository hands them out), or not.
    const production = { uuid: 'u-1', name: 'production', displayName: null, production: true, createdAt: new Date(Date.UTC(2025, 5, 1)) };
    const test = { uuid: 'u-2', name: 'test "qa"', displayName: 'Test ü', production: false, createdAt: new Date(Date.UTC(2025, 5, 2, 3, 4, 5, 678)) };
    const versions = new Map([
      [90, { versionId: 90, branches: [{ name: 'main', latest: true }, { name: 'feat/x y', latest: false }], tags: [{ name: 'prod', latest: true }], environments: [production] }],
      [10, { versionId: 10, branches: [], tags: [], environments: [] }],
      [20, { versionId: 20, branches: [{ name: 'rel/"1"', latest: true }], tags: [{ name: 'a b', latest: false }, { name: 'c', latest: true }], environments: [production, test] }],
      [30, { versionId: 30, branches: [], tags: [], environments: [{ ...test }] }],
    ]);
    const result = {
      query: { selectors: [], ignore: [], latestby: 'cvpv' },
      decision: { deployable: false, reasons: [], counts: { success: 2, failed: 1, unknown: 1, ignored: 1 }, rows },
      rows,
      versions,
    } as unknown as MatrixResult;
    for (const base of ['http://localhost:9292', 'https://broker.example/some path']) {
      expect(presentMatrixJson(base, result).toString()).toBe(JSON.stringify(presentMatrix(base, result)));
    }
    // Timestamps written by arithmetic from each day's prefix: before 1970, at day and second edges, far years.
    const dates = [Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(1969, 11, 31, 0, 0, 0, 1), -1, 0, Date.UTC(2026, 2, 1, 0, 0, 0, 0), Date.UTC(2026, 1, 28, 23, 59, 59, 999), Date.UTC(12345, 5, 6, 7, 8, 9, 10), Date.UTC(-50, 0, 1, 12, 0, 0, 500)];
    const dated = dates.map((ms, i) => {
      const r = row(10 + i, i % 2 ? 'verified' : 'failed');
      return { ...r, pact: { ...r.pact, publishedAt: new Date(ms) }, verification: { ...r.verification!, verifiedAt: new Date(ms - i * 37_123) } };
    });
    const datedResult = { ...result, rows: dated, decision: { ...result.decision, rows: dated } } as MatrixResult;
    expect(presentMatrixJson('http://b', datedResult).toString()).toBe(JSON.stringify(presentMatrix('http://b', datedResult)));
    const none = { ...result, rows: [], decision: { ...result.decision, rows: [] } } as MatrixResult;
    expect(presentMatrixJson('http://b', none).toString()).toBe(JSON.stringify(presentMatrix('http://b', none)));
  });
});
