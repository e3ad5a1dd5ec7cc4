// The pacticipant page as data: a pure function from what the services return (the pacticipant, one page of its
// versions, the estate's integrations and placements, the webhooks) to the sections a view prints. Names stay
// verbatim (escaping is the view's job); every link is built here with encoded path segments.
import type { IntegrationSummary, Placement } from '../../integrations/estate.types.js';
import { enc } from '../../http/urls.js';
import { formatTime, type Link } from '../dashboard/dashboard.view-model.js';

export const VERSIONS_PER_PAGE = 20;

/** The plain facts the page is built from (the services' shapes, narrowed to what is shown). */
export interface PacticipantPageInput {
  baseUrl: string;
  pacticipant: {
    name: string;
    displayName: string | null;
    team: string | null;
    contact: string | null;
    repositoryUrl: string | null;
    mainBranch: string | null;
    labels: Array<{ name: string }>;
    createdAt: Date;
  };
  versions: Array<{ number: string; branches: string[]; tags: string[]; createdAt: Date }>;
  /** Versions in total (undefined when unknown), and the page shown (1-based). */
  versionsTotal: number | undefined;
  page: number;
  /** Every integration of the estate; the ones of this pacticipant are picked here. */
  integrations: IntegrationSummary[];
  /** This pacticipant's current deployments and supported releases. */
  placements: Placement[];
  /** Every webhook; the ones that apply to this pacticipant are picked here. */
  webhooks: WebhookFacts[];
}

type WebhookSide = { name?: string | undefined; label?: string | undefined } | undefined;
export interface WebhookFacts {
  uuid: string;
  description: string | null;
  enabled: boolean;
  consumer: WebhookSide;
  provider: WebhookSide;
  events: string[];
}

export interface StatusCell {
  status: 'verified' | 'failed' | 'unverified';
  icon: string;
  text: string;
}

export interface IntegrationRow {
  /** The other side of the integration. */
  other: Link;
  pact: Link | null;
  verification: StatusCell & { providerVersion: Link | null; at: string | null };
  matrix: Link;
  badgeMarkdown: string;
}

export interface PacticipantPageModel {
  name: string;
  title: string;
  fields: Array<{ term: string; text: string; href?: string }>;
  labels: string[];
  versions: Array<{ version: Link; branches: string[]; tags: string[]; createdAt: string }>;
  pager: { page: number; pages: number | null; previous: string | null; next: string | null };
  environments: Array<{ environment: string; deployed: Array<{ version: Link; instance: string | null; since: string }>; released: Array<{ version: Link; since: string }> }>;
  asConsumer: IntegrationRow[];
  asProvider: IntegrationRow[];
  webhooks: Array<{ href: string; text: string; scope: string; events: string; enabled: string }>;
  links: Link[];
}

export const pacticipantHref = (name: string) => `/pacticipants/${enc(name)}`;
export const versionHref = (pacticipant: string, version: string) => `/pacticipants/${enc(pacticipant)}/versions/${enc(version)}`;
export const pactHref = (provider: string, consumer: string, version: string) =>
  `/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/version/${enc(version)}`;
export const matrixPageHref = (provider: string, consumer: string) => `/ui/matrix/provider/${enc(provider)}/consumer/${enc(consumer)}`;

/** A verification as icon + word (never colour alone). */
export function statusCell(success: boolean | null): StatusCell {
  if (success === null) return { status: 'unverified', icon: '○', text: 'Not yet verified' };
  return success ? { status: 'verified', icon: '✓', text: 'Verified' } : { status: 'failed', icon: '✗', text: 'Failed' };
}

/** Markdown for the README of either side: the latest pact's badge, linking to that pact. */
export function badgeMarkdown(baseUrl: string, provider: string, consumer: string): string {
  const integration = `${baseUrl}/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}`;
  // Markdown brackets in names would end the alt text early; they only lose their meaning there, not in the URL.
  const alt = `${consumer} → ${provider} pact status`.replace(/[[\]\\]/g, '\\$&');
  return `[![${alt}](${integration}/latest/badge)](${integration}/latest)`;
}

function integrationRow(i: IntegrationSummary, side: 'consumer' | 'provider', baseUrl: string): IntegrationRow {
  const other = side === 'consumer' ? i.provider.name : i.consumer.name;
  const v = i.latestPact ? i.latestVerification : null;
  return {
    other: { text: other, href: pacticipantHref(other) },
    pact: i.latestPact ? { text: i.latestPact.consumerVersion, href: pactHref(i.provider.name, i.consumer.name, i.latestPact.consumerVersion) } : null,
    verification: {
      ...statusCell(v ? v.success : null),
      providerVersion: v ? { text: v.providerVersion, href: versionHref(i.provider.name, v.providerVersion) } : null,
      at: v ? formatTime(v.verifiedAt) : null,
    },
    matrix: { text: `Matrix ${i.consumer.name} → ${i.provider.name}`, href: matrixPageHref(i.provider.name, i.consumer.name) },
    badgeMarkdown: badgeMarkdown(baseUrl, i.provider.name, i.consumer.name),
  };
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);

function environmentsOf(name: string, placements: Placement[]): PacticipantPageModel['environments'] {
  const byEnvironment = new Map<string, PacticipantPageModel['environments'][number]>();
  for (const p of placements) {
    let entry = byEnvironment.get(p.environment);
    if (!entry) byEnvironment.set(p.environment, (entry = { environment: p.environment, deployed: [], released: [] }));
    const version = { text: p.version, href: versionHref(name, p.version) };
    if (p.kind === 'deployed') entry.deployed.push({ version, instance: p.applicationInstance, since: formatTime(p.since) });
    else entry.released.push({ version, since: formatTime(p.since) });
  }
  return [...byEnvironment.values()].sort((a, b) => byName(a.environment, b.environment));
}

const names = (side: WebhookSide, name: string, labels: string[]) =>
  side !== undefined && (side.name !== undefined ? side.name === name : side.label !== undefined && labels.includes(side.label));

/** A webhook applies when it names this pacticipant (or one of its labels) on either side; global ones always do. */
export function webhookApplies(w: WebhookFacts, name: string, labels: string[]): boolean {
  if (w.consumer === undefined && w.provider === undefined) return true;
  return names(w.consumer, name, labels) || names(w.provider, name, labels);
}

const sideText = (side: WebhookSide, any: string) => (side === undefined ? any : side.name !== undefined ? side.name : `label ${side.label ?? ''}`);

function webhookScope(w: WebhookFacts): string {
  if (w.consumer === undefined && w.provider === undefined) return 'every integration';
  return `${sideText(w.consumer, 'any consumer')} → ${sideText(w.provider, 'any provider')}`;
}

/** Reads ?page= leniently: anything but a small positive integer is page 1. */
export function parsePage(raw: unknown): number {
  const v = Array.isArray(raw) ? raw[0] : raw;
  return typeof v === 'string' && /^\d{1,6}$/.test(v) && Number(v) > 0 ? Number(v) : 1;
}

export function buildPacticipantPage(input: PacticipantPageInput): PacticipantPageModel {
  const p = input.pacticipant;
  const self = pacticipantHref(p.name);
  const fields: PacticipantPageModel['fields'] = [
    { term: 'Name', text: p.name },
    { term: 'Team', text: p.team ?? '—' },
    { term: 'Contact', text: p.contact ?? '—' },
    p.repositoryUrl && /^https?:\/\//i.test(p.repositoryUrl)
      ? { term: 'Repository', text: p.repositoryUrl, href: p.repositoryUrl }
      : { term: 'Repository', text: p.repositoryUrl ?? '—' },
    { term: 'Main branch', text: p.mainBranch ?? '—' },
    { term: 'Created', text: formatTime(p.createdAt) },
  ];
  const pages = input.versionsTotal === undefined ? null : Math.max(1, Math.ceil(input.versionsTotal / VERSIONS_PER_PAGE));
  const hasNext = pages === null ? input.versions.length === VERSIONS_PER_PAGE : input.page < pages;
  const mine = (i: IntegrationSummary, side: 'consumer' | 'provider') => i[side].name === p.name;
  return {
    name: p.name,
    title: p.displayName?.trim() ? p.displayName : p.name,
    fields,
    labels: p.labels.map((l) => l.name),
    versions: input.versions.map((v) => ({
      version: { text: v.number, href: versionHref(p.name, v.number) },
      branches: v.branches,
      tags: v.tags,
      createdAt: formatTime(v.createdAt),
    })),
    pager: {
      page: input.page,
      pages,
      previous: input.page > 1 ? (input.page === 2 ? `${self}#versions` : `${self}?page=${input.page - 1}#versions`) : null,
      next: hasNext ? `${self}?page=${input.page + 1}#versions` : null,
    },
    environments: environmentsOf(p.name, input.placements),
    asConsumer: input.integrations
      .filter((i) => mine(i, 'consumer'))
      .sort((a, b) => byName(a.provider.name, b.provider.name))
      .map((i) => integrationRow(i, 'consumer', input.baseUrl)),
    asProvider: input.integrations
      .filter((i) => mine(i, 'provider'))
      .sort((a, b) => byName(a.consumer.name, b.consumer.name))
      .map((i) => integrationRow(i, 'provider', input.baseUrl)),
    webhooks: input.webhooks.filter((w) => webhookApplies(w, p.name, p.labels.map((l) => l.name))).map((w) => ({
      href: `/webhooks/${enc(w.uuid)}`,
      text: w.description?.trim() ? w.description : w.uuid,
      scope: webhookScope(w),
      events: w.events.join(', '),
      enabled: w.enabled ? 'enabled' : 'disabled',
    })),
    links: [
      { text: 'Every interaction', href: `/ui/pacticipants/${enc(p.name)}/interactions` },
      { text: 'Can I deploy?', href: `/ui/can-i-deploy?pacticipant=${enc(p.name)}` },
      { text: 'Neighbourhood graph', href: `/ui/graph?pacticipant=${enc(p.name)}` },
      { text: 'HAL resource', href: `${self}?format=hal` },
    ],
  };
}
