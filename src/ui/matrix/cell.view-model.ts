// One matrix cell as data: what the provider version published for the consumer version's pact (every result, newest
// first, with build URL and test summary), the pact itself (a link), and the diff of that pact against the previous
// distinct one. Pure.
import type { GridCell } from '../../matrix/grid.service.js';
import type { Verification } from '../../verifications/verifications.types.js';
import { enc, urls } from '../../http/urls.js';
import { formatTime } from '../dashboard/dashboard.view-model.js';
import { CELL_STATES, cellState, matrixPagePath, type CellState, type Link, type VersionHeader } from './matrix.view-model.js';

export interface ResultModel {
  id: number;
  success: boolean;
  icon: string;
  text: string;
  verifiedAt: string;
  /** A link only for http(s) URLs: anything else (javascript:, data:) is shown as text, never as an href. */
  buildUrl: Link | null;
  buildUrlText: string | null;
  testSummary: string | null;
  json: string;
}

export type DiffLine = { kind: 'add' | 'remove' | 'context' | 'heading'; text: string };

export interface DiffModel {
  previous: Link | null;
  lines: DiffLine[];
}

export interface CellPageModel {
  consumer: Link;
  provider: Link;
  consumerVersion: VersionHeader;
  providerVersion: VersionHeader;
  state: CellState;
  icon: string;
  text: string;
  pact: { href: string; publishedAt: string } | null;
  results: ResultModel[];
  diff: DiffModel | null;
  matrix: string;
  canIDeploy: string;
}

const versionHref = (pacticipant: string, version: string) => `/pacticipants/${enc(pacticipant)}/versions/${enc(version)}`;

function header(pacticipant: string, cell: GridCell, side: 'consumerVersion' | 'providerVersion'): VersionHeader {
  const version = cell[side];
  const details = cell.versions.get(version.id);
  return {
    number: version.number,
    href: versionHref(pacticipant, version.number),
    branches: (details?.branches ?? []).map((b) => b.name),
    tags: (details?.tags ?? []).map((t) => t.name),
    environments: (details?.environments ?? []).map((e) => e.name),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);

/**
 * A one-line summary of whatever the verifier sent as testResults: the Ruby verifier's `summary` counts, a `tests`
 * list with statuses, or just how many entries there are. null when nothing was sent.
 */
export function testSummary(results: unknown): string | null {
  if (results === null || results === undefined) return null;
  if (isObject(results)) {
    const summary = isObject(results.summary) ? results.summary : undefined;
    const tests = count(summary?.testCount);
    const failures = count(summary?.failureCount);
    if (tests !== undefined) return `${tests} tests, ${failures ?? 0} failed`;
    if (Array.isArray(results.tests)) {
      const failed = results.tests.filter((t) => isObject(t) && typeof t.status === 'string' && t.status.toLowerCase().startsWith('fail')).length;
      return `${results.tests.length} tests, ${failed} failed`;
    }
    return `${Object.keys(results).length} fields of test results (see the result's JSON)`;
  }
  if (Array.isArray(results)) return `${results.length} test results (see the result's JSON)`;
  return "Test results attached (see the result's JSON)";
}

const linkable = (url: string) => /^https?:\/\/[^\s]+$/i.test(url);

function result(v: Verification, provider: string, consumer: string): ResultModel {
  const url = v.buildUrl ?? null;
  return {
    id: v.id,
    success: v.success,
    icon: v.success ? '✓' : '✗',
    text: v.success ? 'Verified' : 'Failed',
    verifiedAt: formatTime(v.createdAt),
    buildUrl: url && linkable(url) ? { text: url, href: url } : null,
    buildUrlText: url && !linkable(url) ? url : null,
    testSummary: testSummary(v.testResults),
    json: urls.verificationResult('', provider, consumer, v.sha, v.id),
  };
}

/** The text diff (pacts.service diff) as classified lines: + added, - removed, headings, the rest context. */
export function diffLines(text: string): DiffLine[] {
  return text
    .split('\n')
    .map((line): DiffLine => {
      if (line.startsWith('+')) return { kind: 'add', text: line };
      if (line.startsWith('-')) return { kind: 'remove', text: line };
      if (/^(#|Interactions:|Messages:|Top level|Changed|Added|Removed)/.test(line)) return { kind: 'heading', text: line };
      return { kind: 'context', text: line };
    });
}

export function buildCellPage(cell: GridCell, diff: { previousVersion: string | undefined; text: string | undefined } | null): CellPageModel {
  const c = cell.consumer.name;
  const p = cell.provider.name;
  const latest = cell.verifications[0];
  const state = cellState(cell.pact?.pactVersionId, latest?.success);
  return {
    consumer: { text: c, href: `/pacticipants/${enc(c)}` },
    provider: { text: p, href: `/pacticipants/${enc(p)}` },
    consumerVersion: header(c, cell, 'consumerVersion'),
    providerVersion: header(p, cell, 'providerVersion'),
    state,
    ...CELL_STATES[state],
    pact: cell.pact ? { href: `/pacts/provider/${enc(p)}/consumer/${enc(c)}/version/${enc(cell.consumerVersion.number)}`, publishedAt: formatTime(cell.pact.publishedAt) } : null,
    results: cell.verifications.map((v) => result(v, p, c)),
    diff:
      diff === null
        ? null
        : {
            previous:
              diff.previousVersion === undefined
                ? null
                : { text: diff.previousVersion, href: `/pacts/provider/${enc(p)}/consumer/${enc(c)}/version/${enc(diff.previousVersion)}` },
            lines: diff.text === undefined ? [] : diffLines(diff.text),
          },
    matrix: matrixPagePath(p, c),
    canIDeploy: `/ui/can-i-deploy?${new URLSearchParams({ pacticipant: c, version: cell.consumerVersion.number }).toString()}`,
  };
}
