// The matrix page's pure view model: query parsing (lenient, bounded), cell states, pager links that keep the filters,
// and the cell page's shaping (build URLs, test summaries, diff lines). Hostile names stay plain data here; the view
// tests check they are escaped.
import { describe, expect, it } from 'vitest';
import type { Grid, GridCell } from '../../../src/matrix/grid.service.js';
import type { VersionPresentation } from '../../../src/matrix/grid.service.js';
import { enc } from '../../../src/http/urls.js';
import type { Verification } from '../../../src/verifications/verifications.types.js';
import { buildCellPage, diffLines, testSummary } from '../../../src/ui/matrix/cell.view-model.js';
import { buildMatrixPage, cellPath, cellState, matrixPageHref, matrixPagePath, parseMatrixPageQuery, toGridQuery } from '../../../src/ui/matrix/matrix.view-model.js';

const SCRIPT = '<script>alert("x")</script>';
const RTL = 'خدمة الدفع';
const LONG = `1.0.0-${'9'.repeat(300)}`;

const v = (id: number, number: string, order = id) => ({ id, number, order });
const presentation = (id: number, extra: Partial<VersionPresentation> = {}): VersionPresentation => ({ versionId: id, branches: [], tags: [], environments: [], ...extra });

function grid(overrides: Partial<Grid> = {}): Grid {
  return {
    consumer: { id: 1, name: SCRIPT, mainBranch: null },
    provider: { id: 2, name: RTL, mainBranch: 'main' },
    consumerVersions: { items: [v(13, LONG), v(12, '🍕 2'), v(11, 'c1')], more: true },
    providerVersions: { items: [v(22, 'p2'), v(21, 'p1')], more: false },
    pacts: [
      { consumerId: 1, consumerVersionId: 13, providerId: 2, pactVersionId: 100, sha: 'a', publishedAt: new Date(0) },
      { consumerId: 1, consumerVersionId: 11, providerId: 2, pactVersionId: 101, sha: 'b', publishedAt: new Date(0) },
    ],
    verifications: [
      { source: 'pact_verification', pactVersionId: 100, providerVersion: v(22, 'p2'), verificationId: 1, success: false, verifiedAt: new Date(0) },
      { source: 'pact_verification', pactVersionId: 101, providerVersion: v(21, 'p1'), verificationId: 2, success: true, verifiedAt: new Date(0) },
    ],
    versions: new Map([
      [13, presentation(13, { branches: [{ name: '<i>feat</i>', latest: true }], tags: [{ name: 'prod', latest: true }] })],
      [22, presentation(22, { environments: [{ uuid: 'u', name: 'production', displayName: null, production: true, createdAt: new Date(0) }] })],
    ]),
    branchNames: { consumer: ['<i>feat</i>'], provider: ['main'] },
    ...overrides,
  };
}

describe('parseMatrixPageQuery', () => {
  it.each([
    [{}, { branch: '', tag: '', environment: '', integrated: false, page: 1, size: 20 }, { branch: '', tag: '', environment: '', integrated: false, page: 1, size: 10 }],
    [
      { cbranch: ' main ', ctag: 'prod', cenv: 'production', conly: '1', cpage: '3', csize: '50', pbranch: 'x', ponly: 'true', ppage: '2', psize: '5' },
      { branch: 'main', tag: 'prod', environment: 'production', integrated: true, page: 3, size: 50 },
      { branch: 'x', tag: '', environment: '', integrated: true, page: 2, size: 5 },
    ],
    // Unknown sizes and bad pages fall back; arrays take the first value; long text is cut.
    [
      { csize: '100000', cpage: '-1', psize: '7', ppage: 'abc', cbranch: ['a', 'b'], ptag: 'x'.repeat(1500) },
      { branch: 'a', tag: '', environment: '', integrated: false, page: 1, size: 20 },
      { branch: '', tag: 'x'.repeat(1000), environment: '', integrated: false, page: 1, size: 10 },
    ],
    [{ cpage: '99999999' }, { branch: '', tag: '', environment: '', integrated: false, page: 1, size: 20 }, { branch: '', tag: '', environment: '', integrated: false, page: 1, size: 10 }],
  ])('%j', (raw, consumer, provider) => {
    expect(parseMatrixPageQuery(raw as Record<string, unknown>)).toEqual({ consumer, provider });
  });

  it('turns pages into offsets and leaves empty filters out of the service query', () => {
    const q = toGridQuery(parseMatrixPageQuery({ cbranch: 'main', cpage: '3', csize: '10', ppage: '2' }));
    expect(q.consumer).toEqual({ branch: 'main', integrated: false, page: { offset: 20, limit: 10 } });
    expect(q.provider).toEqual({ integrated: false, page: { offset: 10, limit: 10 } });
  });
});

describe('cellState', () => {
  it.each([
    [undefined, undefined, 'not-applicable'],
    [undefined, true, 'not-applicable'],
    [7, undefined, 'unverified'],
    [7, true, 'verified'],
    [7, false, 'failed'],
  ] as const)('pact %s, success %s → %s', (pact, success, state) => {
    expect(cellState(pact, success)).toBe(state);
  });
});

describe('URLs', () => {
  it('encodes names and versions as path segments and query values', () => {
    expect(matrixPagePath('a/b', SCRIPT)).toBe('/ui/matrix/provider/a%2Fb/consumer/%3Cscript%3Ealert%28%22x%22%29%3C%2Fscript%3E');
    expect(cellPath('P', 'C', '1 & 2', '?#')).toBe('/ui/matrix/provider/P/consumer/C/cell?consumerVersion=1+%26+2&providerVersion=%3F%23');
  });

  it('keeps the filters and leaves defaults out of pager links', () => {
    const q = parseMatrixPageQuery({ cbranch: 'feat/x', penv: 'production', psize: '5', ppage: '2' });
    expect(matrixPageHref('/m', q)).toBe('/m?cbranch=feat%2Fx&penv=production&psize=5&ppage=2');
    expect(matrixPageHref('/m', parseMatrixPageQuery({}))).toBe('/m');
  });
});

describe('buildMatrixPage', () => {
  it('makes one row per consumer version and one cell per provider version, newest first as given', () => {
    const model = buildMatrixPage(grid(), parseMatrixPageQuery({}), ['production']);
    expect(model.columns.map((c) => c.number)).toEqual(['p2', 'p1']);
    expect(model.rows.map((r) => r.version.number)).toEqual([LONG, '🍕 2', 'c1']);
    expect(model.rows.map((r) => r.cells.map((c) => c.state))).toEqual([
      ['failed', 'unverified'],
      ['not-applicable', 'not-applicable'],
      ['unverified', 'verified'],
    ]);
    expect(model.counts).toEqual({ verified: 1, failed: 1, unverified: 2, 'not-applicable': 2 });
    // Every state has an icon and a word; the label names both versions.
    const failed = model.rows[0]!.cells[0]!;
    expect(failed).toMatchObject({ icon: '✗', text: 'Failed', label: `${SCRIPT} ${LONG} with ${RTL} p2: Failed` });
    expect(failed.href).toBe(cellPath(RTL, SCRIPT, LONG, 'p2'));
    expect(model.rows[1]!.pact).toBeNull();
    expect(model.rows[0]!.pact?.href).toBe(`/pacts/provider/${enc(RTL)}/consumer/${enc(SCRIPT)}/version/${LONG}`);
    expect(model.rows[0]!.version).toMatchObject({ branches: ['<i>feat</i>'], tags: ['prod'], environments: [] });
    expect(model.columns[0]!.environments).toEqual(['production']);
  });

  it('offers the next page only when the service found more, and the previous one past page 1', () => {
    const first = buildMatrixPage(grid(), parseMatrixPageQuery({}), []);
    expect(first.consumerPager).toEqual({ page: 1, previous: null, next: `${first.action}?cpage=2` });
    expect(first.providerPager).toEqual({ page: 1, previous: null, next: null });
    const later = buildMatrixPage(grid(), parseMatrixPageQuery({ ppage: '3', cbranch: 'main' }), []);
    expect(later.providerPager.previous).toBe(`${later.action}?cbranch=main&ppage=2`);
    expect(later.filtered).toBe(true);
    expect(first.filtered).toBe(false);
  });

  it('is empty, not broken, when a side has no versions', () => {
    const model = buildMatrixPage(grid({ providerVersions: { items: [], more: false }, verifications: [] }), parseMatrixPageQuery({}), []);
    expect(model.columns).toEqual([]);
    expect(model.rows.every((r) => r.cells.length === 0)).toBe(true);
  });
});

const verification = (overrides: Partial<Verification> = {}): Verification => ({
  id: 9,
  pactVersionId: 100,
  sha: 'abc',
  consumerId: 1,
  consumerName: SCRIPT,
  providerId: 2,
  providerName: RTL,
  providerVersionId: 22,
  providerVersionNumber: 'p2',
  providerVersionOrder: 22,
  consumerVersionNumber: LONG,
  success: true,
  buildUrl: 'https://ci.example/1',
  testResults: null,
  verifiedBy: null,
  wip: false,
  pending: null,
  consumerVersionSelectors: null,
  createdAt: new Date('2026-01-02T03:04:05Z'),
  ...overrides,
});

const cell = (overrides: Partial<GridCell> = {}): GridCell => ({
  consumer: { id: 1, name: SCRIPT, mainBranch: null },
  provider: { id: 2, name: RTL, mainBranch: null },
  consumerVersion: v(13, LONG),
  providerVersion: v(22, 'p2'),
  pact: { consumerId: 1, consumerVersionId: 13, providerId: 2, pactVersionId: 100, sha: 'abc', publishedAt: new Date('2026-01-01T00:00:00Z') },
  verifications: [verification()],
  versions: new Map([[22, presentation(22, { branches: [{ name: 'main', latest: true }] })]]),
  ...overrides,
});

describe('buildCellPage', () => {
  it('takes the newest result as the state and links the pact, the results and the matrix', () => {
    const model = buildCellPage(cell({ verifications: [verification({ id: 10, success: false }), verification()] }), { previousVersion: 'c0', text: 'Interactions: 1 changed\n+ a\n- b' });
    expect(model).toMatchObject({ state: 'failed', icon: '✗', text: 'Failed' });
    expect(model.results.map((r) => [r.id, r.text])).toEqual([
      [10, 'Failed'],
      [9, 'Verified'],
    ]);
    expect(model.results[1]!.json).toBe(`/pacts/provider/${enc(RTL)}/consumer/${enc(SCRIPT)}/pact-version/abc/verification-results/9`);
    expect(model.results[1]!.verifiedAt).toBe('2026-01-02 03:04 UTC');
    expect(model.pact?.href).toContain('/version/1.0.0-999');
    expect(model.providerVersion.branches).toEqual(['main']);
    expect(model.diff?.previous?.text).toBe('c0');
    expect(model.diff?.lines.map((l) => l.kind)).toEqual(['heading', 'add', 'remove']);
    expect(model.matrix).toBe(matrixPagePath(RTL, SCRIPT));
  });

  it.each([
    ['https://ci.example/build?id=1&x=2', true],
    ['http://ci/1', true],
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    ['data:text/html,<script>x</script>', false],
    ['//evil.example', false],
    ['https://ci.example/has space', false],
  ])('build URL %s is a link: %s', (url, linked) => {
    const [result] = buildCellPage(cell({ verifications: [verification({ buildUrl: url })] }), null).results;
    expect(result!.buildUrl !== null).toBe(linked);
    expect(result!.buildUrlText !== null).toBe(!linked);
  });

  it('is unverified without results and not applicable without a pact', () => {
    expect(buildCellPage(cell({ verifications: [] }), { previousVersion: undefined, text: undefined })).toMatchObject({ state: 'unverified', diff: { previous: null, lines: [] } });
    expect(buildCellPage(cell({ pact: undefined, verifications: [] }), null)).toMatchObject({ state: 'not-applicable', pact: null, diff: null });
  });
});

describe('testSummary', () => {
  it.each([
    [null, null],
    [undefined, null],
    [{ summary: { testCount: 4, failureCount: 1 } }, '4 tests, 1 failed'],
    [{ summary: { testCount: 4 } }, '4 tests, 0 failed'],
    [{ tests: [{ status: 'passed' }, { status: 'failed' }, { status: 'FAILURE' }, 'odd'] }, '4 tests, 2 failed'],
    [{ other: 1, more: 2 }, "2 fields of test results (see the result's JSON)"],
    [[1, 2, 3], "3 test results (see the result's JSON)"],
    ['<script>', "Test results attached (see the result's JSON)"],
    [{ summary: { testCount: 'many' } }, "1 fields of test results (see the result's JSON)"],
  ])('%j → %s', (input, expected) => {
    expect(testSummary(input)).toBe(expected);
  });
});

describe('diffLines', () => {
  it('classifies added, removed, heading and context lines', () => {
    expect(diffLines('Interactions: 1 changed\nChanged interaction x:\n+  "a": 1\n-  "a": 2\n   "b": 3').map((l) => l.kind)).toEqual(['heading', 'heading', 'add', 'remove', 'context']);
  });
});
