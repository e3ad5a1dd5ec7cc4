// The matrix page of one integration as data: consumer versions (rows, newest first) × provider versions (columns,
// newest first), each cell verified / failed / unverified / not applicable, with the filters and both pagers. Pure:
// the grid facts in, the rows a view prints out. Filters apply before paging (in the query); this only shapes.
import type { Grid, GridSideQuery, VersionPresentation } from '../../matrix/grid.service.js';
import type { VersionRef } from '../../matrix/matrix.types.js';
import { enc } from '../../http/urls.js';

export const ROW_SIZES = [10, 20, 50] as const;
export const COLUMN_SIZES = [5, 10, 20] as const;
const DEFAULT_ROWS = 20;
const DEFAULT_COLUMNS = 10;
/** Beyond this page a pager link would be a deep offset scan; nobody pages this far by hand. */
const MAX_PAGE = 10_000;
/** Long enough for any name or version Treaty stores (those limits are far below), short enough to bound the page. */
const MAX_TEXT = 1000;

export interface SideFilter {
  branch: string;
  tag: string;
  environment: string;
  /** Consumer: only versions with a pact with the provider. Provider: only versions that verified the consumer. */
  integrated: boolean;
  page: number;
  size: number;
}

export interface MatrixPageQuery {
  consumer: SideFilter;
  provider: SideFilter;
}

export type CellState = 'verified' | 'failed' | 'unverified' | 'not-applicable';

export interface Link {
  text: string;
  href: string;
}

export interface VersionHeader {
  number: string;
  href: string;
  branches: string[];
  tags: string[];
  environments: string[];
}

export interface Cell {
  state: CellState;
  /** A symbol beside the word, so the state never rests on colour. */
  icon: string;
  text: string;
  /** Names both versions, for screen readers and the tooltip. */
  label: string;
  href: string;
}

export interface MatrixRowModel {
  version: VersionHeader;
  /** The consumer version's pact with the provider (null: not applicable for every column). */
  pact: Link | null;
  cells: Cell[];
}

export interface Pager {
  page: number;
  previous: string | null;
  next: string | null;
}

export interface MatrixPageModel {
  consumer: Link;
  provider: Link;
  /** The page's own URL without a query (the filter form's action). */
  action: string;
  query: MatrixPageQuery;
  columns: VersionHeader[];
  rows: MatrixRowModel[];
  consumerPager: Pager;
  providerPager: Pager;
  environments: string[];
  branchNames: { consumer: string[]; provider: string[] };
  /** True when a filter narrows either side (the empty-state text says so). */
  filtered: boolean;
  counts: Record<CellState, number>;
  canIDeploy: string;
}

const STATES: Record<CellState, { icon: string; text: string }> = {
  verified: { icon: '✓', text: 'Verified' },
  failed: { icon: '✗', text: 'Failed' },
  unverified: { icon: '○', text: 'Unverified' },
  'not-applicable': { icon: '–', text: 'No pact' },
};

const first = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
};
const textOf = (value: unknown) => (first(value) ?? '').trim().slice(0, MAX_TEXT);
const pageOf = (value: unknown) => {
  const v = first(value);
  return v !== undefined && /^\d{1,5}$/.test(v) && Number(v) > 0 ? Math.min(Number(v), MAX_PAGE) : 1;
};
const sizeOf = (value: unknown, sizes: readonly number[], fallback: number) => {
  const v = Number(first(value));
  return sizes.includes(v) ? v : fallback;
};
const flagOf = (value: unknown) => ['1', 'true', 'on'].includes(first(value) ?? '');

/** Reads the page's query leniently: anything unknown falls back to the default rather than failing. */
export function parseMatrixPageQuery(raw: Record<string, unknown> | undefined): MatrixPageQuery {
  const side = (p: 'c' | 'p', sizes: readonly number[], fallback: number): SideFilter => ({
    branch: textOf(raw?.[`${p}branch`]),
    tag: textOf(raw?.[`${p}tag`]),
    environment: textOf(raw?.[`${p}env`]),
    integrated: flagOf(raw?.[`${p}only`]),
    page: pageOf(raw?.[`${p}page`]),
    size: sizeOf(raw?.[`${p}size`], sizes, fallback),
  });
  return { consumer: side('c', ROW_SIZES, DEFAULT_ROWS), provider: side('p', COLUMN_SIZES, DEFAULT_COLUMNS) };
}

/** The service's query: empty filters left out, pages as offsets. */
export function toGridQuery(query: MatrixPageQuery): { consumer: GridSideQuery; provider: GridSideQuery } {
  const side = (s: SideFilter): GridSideQuery => ({
    ...(s.branch ? { branch: s.branch } : {}),
    ...(s.tag ? { tag: s.tag } : {}),
    ...(s.environment ? { environment: s.environment } : {}),
    integrated: s.integrated,
    page: { offset: (s.page - 1) * s.size, limit: s.size },
  });
  return { consumer: side(query.consumer), provider: side(query.provider) };
}

export const matrixPagePath = (provider: string, consumer: string) => `/ui/matrix/provider/${enc(provider)}/consumer/${enc(consumer)}`;

export const cellPath = (provider: string, consumer: string, consumerVersion: string, providerVersion: string) =>
  `${matrixPagePath(provider, consumer)}/cell?${new URLSearchParams({ consumerVersion, providerVersion }).toString()}`;

/** The page's query string (defaults left out), for a pager link. */
export function matrixPageHref(path: string, query: MatrixPageQuery): string {
  const params = new URLSearchParams();
  const side = (p: 'c' | 'p', s: SideFilter, fallback: number) => {
    if (s.branch) params.set(`${p}branch`, s.branch);
    if (s.tag) params.set(`${p}tag`, s.tag);
    if (s.environment) params.set(`${p}env`, s.environment);
    if (s.integrated) params.set(`${p}only`, '1');
    if (s.size !== fallback) params.set(`${p}size`, String(s.size));
    if (s.page > 1) params.set(`${p}page`, String(s.page));
  };
  side('c', query.consumer, DEFAULT_ROWS);
  side('p', query.provider, DEFAULT_COLUMNS);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

const versionHref = (pacticipant: string, version: string) => `/pacticipants/${enc(pacticipant)}/versions/${enc(version)}`;

function header(pacticipant: string, version: VersionRef, details: VersionPresentation | undefined): VersionHeader {
  return {
    number: version.number,
    href: versionHref(pacticipant, version.number),
    branches: (details?.branches ?? []).map((b) => b.name),
    tags: (details?.tags ?? []).map((t) => t.name),
    environments: (details?.environments ?? []).map((e) => e.name),
  };
}

function pager(path: string, query: MatrixPageQuery, side: 'consumer' | 'provider', more: boolean): Pager {
  const current = query[side];
  const at = (page: number) => matrixPageHref(path, { ...query, [side]: { ...current, page } });
  return { page: current.page, previous: current.page > 1 ? at(current.page - 1) : null, next: more && current.page < MAX_PAGE ? at(current.page + 1) : null };
}

/** The state of one cell from the consumer version's pact content and the provider version's result for it. */
export function cellState(pactVersionId: number | undefined, success: boolean | undefined): CellState {
  if (pactVersionId === undefined) return 'not-applicable';
  if (success === undefined) return 'unverified';
  return success ? 'verified' : 'failed';
}

export function buildMatrixPage(grid: Grid, query: MatrixPageQuery, environments: string[]): MatrixPageModel {
  const c = grid.consumer.name;
  const p = grid.provider.name;
  const path = matrixPagePath(p, c);
  const pactOf = new Map(grid.pacts.map((pact) => [pact.consumerVersionId, pact]));
  const results = new Map(grid.verifications.map((v) => [`${v.pactVersionId}:${v.providerVersion.id}`, v.success]));
  const counts: Record<CellState, number> = { verified: 0, failed: 0, unverified: 0, 'not-applicable': 0 };
  const columns = grid.providerVersions.items.map((v) => header(p, v, grid.versions.get(v.id)));

  const rows = grid.consumerVersions.items.map((cv): MatrixRowModel => {
    const pact = pactOf.get(cv.id);
    const cells = grid.providerVersions.items.map((pv): Cell => {
      const state = cellState(pact?.pactVersionId, pact ? results.get(`${pact.pactVersionId}:${pv.id}`) : undefined);
      counts[state] += 1;
      const { icon, text } = STATES[state];
      return { state, icon, text, label: `${c} ${cv.number} with ${p} ${pv.number}: ${text}`, href: cellPath(p, c, cv.number, pv.number) };
    });
    return {
      version: header(c, cv, grid.versions.get(cv.id)),
      pact: pact ? { text: 'pact', href: `/pacts/provider/${enc(p)}/consumer/${enc(c)}/version/${enc(cv.number)}` } : null,
      cells,
    };
  });

  const narrowed = (s: SideFilter) => Boolean(s.branch || s.tag || s.environment || s.integrated);
  return {
    consumer: { text: c, href: `/pacticipants/${enc(c)}` },
    provider: { text: p, href: `/pacticipants/${enc(p)}` },
    action: path,
    query,
    columns,
    rows,
    consumerPager: pager(path, query, 'consumer', grid.consumerVersions.more),
    providerPager: pager(path, query, 'provider', grid.providerVersions.more),
    environments,
    branchNames: grid.branchNames,
    filtered: narrowed(query.consumer) || narrowed(query.provider),
    counts,
    canIDeploy: `/ui/can-i-deploy?${new URLSearchParams({ pacticipant: c }).toString()}`,
  };
}

export const CELL_STATES = STATES;
