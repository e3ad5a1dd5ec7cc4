// The dashboard as data: a pure function from the estate and the page's query to the rows a view prints.
// Filters apply before the page is cut (the Pact Broker limited first and filtered after: its issues #286/#287),
// and every integration reads consumer → provider.
import type { Estate, IntegrationSummary, Placement } from '../../integrations/estate.types.js';
import { enc } from '../../http/urls.js';
import { matrixPagePath } from '../matrix/matrix.view-model.js';

export const SORTS = ['consumer', 'provider', 'published', 'status'] as const;
export type DashboardSort = (typeof SORTS)[number];
export const PAGE_SIZES = [25, 50, 100, 200] as const;
const DEFAULT_SIZE = 50;

export interface DashboardQuery {
  /** Case-insensitive text matched against the consumer and provider names. */
  q: string;
  /** Only integrations where either side has this label (exact). */
  label: string;
  /**
   * Only integrations where either side has a version currently deployed or released (PactFlow roadmap #96); an
   * environment narrows it to that environment (and alone implies it).
   */
  deployed: boolean;
  environment: string;
  sort: DashboardSort;
  page: number;
  size: number;
}

export type VerificationStatus = 'verified' | 'failed' | 'unverified';

export interface Link {
  text: string;
  href: string;
}

export interface PlacementCell {
  environment: string;
  version: string;
  kind: 'deployed' | 'released';
  /** "deployed" or "released", with the application instance when there is one. */
  label: string;
}

export interface DashboardRow {
  consumer: Link;
  provider: Link;
  pact: { version: Link; branches: string[]; publishedAt: string; changed: boolean } | null;
  verification: {
    status: VerificationStatus;
    /** A symbol beside the text, so the status never rests on colour. */
    icon: string;
    text: string;
    providerVersion: Link | null;
    verifiedAt: string | null;
  };
  consumerPlacements: PlacementCell[];
  providerPlacements: PlacementCell[];
  /** The integration's compatibility matrix page. */
  matrix: string;
}

export interface DashboardModel {
  query: DashboardQuery;
  rows: DashboardRow[];
  /** Integrations in the estate, and those that pass the filter. */
  total: number;
  matching: number;
  page: number;
  pages: number;
  previous: string | null;
  next: string | null;
  /** Every label in the estate, for the filter's choices. */
  labels: string[];
  /** Environments something is deployed or released in, for the filter's choices. */
  environments: string[];
  /** Every pacticipant name in the estate, for the text filter's suggestions (Pact Broker #318). */
  names: string[];
  sorts: ReadonlyArray<{ value: DashboardSort; text: string }>;
}

const SORT_TEXT: Record<DashboardSort, string> = { consumer: 'Consumer', provider: 'Provider', published: 'Latest pact, newest first', status: 'Failed first' };

const first = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
};
const positiveInt = (value: string | undefined): number | undefined => (value !== undefined && /^\d{1,6}$/.test(value) && Number(value) > 0 ? Number(value) : undefined);

/** Reads the page's query string leniently: anything unknown falls back to the default rather than failing. */
export function parseDashboardQuery(raw: Record<string, unknown> | undefined): DashboardQuery {
  const sort = first(raw?.sort);
  const size = positiveInt(first(raw?.size));
  return {
    q: (first(raw?.q) ?? '').trim().slice(0, 200),
    label: (first(raw?.label) ?? '').trim().slice(0, 200),
    deployed: ['1', 'true', 'on'].includes(first(raw?.deployed) ?? ''),
    environment: (first(raw?.environment) ?? '').trim().slice(0, 200),
    sort: SORTS.includes(sort as DashboardSort) ? (sort as DashboardSort) : 'consumer',
    page: positiveInt(first(raw?.page)) ?? 1,
    size: PAGE_SIZES.includes(size as (typeof PAGE_SIZES)[number]) ? (size as number) : DEFAULT_SIZE,
  };
}

/** The query string for a page of the same view (defaults left out). */
export function dashboardHref(query: DashboardQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.label) params.set('label', query.label);
  if (query.deployed) params.set('deployed', '1');
  if (query.environment) params.set('environment', query.environment);
  if (query.sort !== 'consumer') params.set('sort', query.sort);
  if (query.size !== DEFAULT_SIZE) params.set('size', String(query.size));
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/?${s}` : '/';
}

/** 2026-12-06 19:52 UTC: absolute, so a cached page never lies about "minutes ago". */
export function formatTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const pacticipantHref = (name: string) => `/pacticipants/${enc(name)}`;
const versionHref = (pacticipant: string, version: string) => `/pacticipants/${enc(pacticipant)}/versions/${enc(version)}`;

function placementCells(list: Placement[] | undefined): PlacementCell[] {
  return (list ?? []).map((p) => ({
    environment: p.environment,
    version: p.version,
    kind: p.kind,
    label: p.kind === 'deployed' && p.applicationInstance ? `deployed (${p.applicationInstance})` : p.kind,
  }));
}

function verificationOf(i: IntegrationSummary): DashboardRow['verification'] {
  const v = i.latestVerification;
  if (!i.latestPact || !v) return { status: 'unverified', icon: '○', text: 'Not yet verified', providerVersion: null, verifiedAt: null };
  return {
    status: v.success ? 'verified' : 'failed',
    icon: v.success ? '✓' : '✗',
    text: v.success ? 'Verified' : 'Failed',
    providerVersion: { text: v.providerVersion, href: versionHref(i.provider.name, v.providerVersion) },
    verifiedAt: formatTime(v.verifiedAt),
  };
}

export function toRow(i: IntegrationSummary, placements: Estate['placements']): DashboardRow {
  const { consumer, provider, latestPact } = i;
  return {
    consumer: { text: consumer.name, href: pacticipantHref(consumer.name) },
    provider: { text: provider.name, href: pacticipantHref(provider.name) },
    pact: latestPact
      ? {
          version: {
            text: latestPact.consumerVersion,
            href: `/pacts/provider/${enc(provider.name)}/consumer/${enc(consumer.name)}/version/${enc(latestPact.consumerVersion)}`,
          },
          branches: latestPact.branches,
          publishedAt: formatTime(latestPact.publishedAt),
          changed: latestPact.changed,
        }
      : null,
    verification: verificationOf(i),
    consumerPlacements: placementCells(placements.get(consumer.name)),
    providerPlacements: placementCells(placements.get(provider.name)),
    matrix: matrixPagePath(provider.name, consumer.name),
  };
}

const STATUS_RANK: Record<VerificationStatus, number> = { failed: 0, unverified: 1, verified: 2 };
// One collator for every comparison: localeCompare with options builds a new one per call (most of a 1,000-row sort).
const collator = new Intl.Collator('en', { sensitivity: 'base' });
const byName = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

function compare(sort: DashboardSort): (a: IntegrationSummary, b: IntegrationSummary) => number {
  const pair = (a: IntegrationSummary, b: IntegrationSummary) => byName(a.consumer.name, b.consumer.name) || byName(a.provider.name, b.provider.name);
  switch (sort) {
    case 'provider':
      return (a, b) => byName(a.provider.name, b.provider.name) || byName(a.consumer.name, b.consumer.name);
    case 'published':
      return (a, b) => (b.latestPact?.publishedAt.getTime() ?? 0) - (a.latestPact?.publishedAt.getTime() ?? 0) || pair(a, b);
    case 'status': {
      const rank = (i: IntegrationSummary) => STATUS_RANK[!i.latestPact || !i.latestVerification ? 'unverified' : i.latestVerification.success ? 'verified' : 'failed'];
      return (a, b) => rank(a) - rank(b) || pair(a, b);
    }
    default:
      return pair;
  }
}

function placedIn(placements: Estate['placements'], name: string, environment: string): boolean {
  const list = placements.get(name) ?? [];
  return environment ? list.some((p) => p.environment === environment) : list.length > 0;
}

function matches(i: IntegrationSummary, query: DashboardQuery, placements: Estate['placements']): boolean {
  if (query.label && !i.consumer.labels.includes(query.label) && !i.provider.labels.includes(query.label)) return false;
  if ((query.deployed || query.environment) && !placedIn(placements, i.consumer.name, query.environment) && !placedIn(placements, i.provider.name, query.environment)) {
    return false;
  }
  if (!query.q) return true;
  const needle = query.q.toLocaleLowerCase('en');
  return i.consumer.name.toLocaleLowerCase('en').includes(needle) || i.provider.name.toLocaleLowerCase('en').includes(needle);
}

export function buildDashboard(estate: Estate, query: DashboardQuery): DashboardModel {
  const matching = estate.integrations.filter((i) => matches(i, query, estate.placements)).sort(compare(query.sort));
  const pages = Math.max(1, Math.ceil(matching.length / query.size));
  const page = Math.min(query.page, pages);
  const slice = matching.slice((page - 1) * query.size, page * query.size);
  const labels = new Set<string>();
  const names = new Set<string>();
  for (const i of estate.integrations) {
    for (const l of [...i.consumer.labels, ...i.provider.labels]) labels.add(l);
    names.add(i.consumer.name).add(i.provider.name);
  }
  const environments = new Set<string>();
  for (const list of estate.placements.values()) for (const p of list) environments.add(p.environment);
  return {
    query: { ...query, page },
    rows: slice.map((i) => toRow(i, estate.placements)),
    total: estate.integrations.length,
    matching: matching.length,
    page,
    pages,
    previous: page > 1 ? dashboardHref(query, page - 1) : null,
    next: page < pages ? dashboardHref(query, page + 1) : null,
    labels: [...labels].sort(byName),
    environments: [...environments].sort(byName),
    names: [...names].sort(byName),
    sorts: SORTS.map((value) => ({ value, text: SORT_TEXT[value] })),
  };
}
