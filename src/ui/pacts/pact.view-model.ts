// A pact as documentation, as data: the pact (its content parsed into sections), the consumer versions that published
// this content and the verifications of it, with every link the page shows. Pure: no service, no clock.
import { enc } from '../../http/urls.js';
import { formatTime } from '../dashboard/dashboard.view-model.js';
import { pactSections, type PactSections } from './pact-document.js';

export interface Link {
  text: string;
  href: string;
}

export interface PactPageInput {
  consumerName: string;
  providerName: string;
  consumerVersionNumber: string;
  sha: string;
  createdAt: Date;
  content: string;
  /** The path this page was asked for (its raw JSON is the same path with ?format=hal). */
  path: string;
  publishers: { items: Array<{ number: string; branches: string[]; tags: string[]; publishedAt: Date }>; more: boolean };
  verifications: {
    items: Array<{ id: number; providerVersionNumber: string; success: boolean; createdAt: Date; buildUrl: string | null; pending: boolean | null; wip: boolean }>;
    more: boolean;
  };
}

export interface PublisherRow {
  version: Link;
  branches: string[];
  tags: string[];
  publishedAt: string;
}

export interface VerificationRow {
  providerVersion: Link;
  status: 'verified' | 'failed';
  icon: string;
  text: string;
  /** "pending", "WIP" when the result was published so. */
  flags: string[];
  verifiedAt: string;
  /** A link only for http(s) URLs; anything else (javascript:, data:) is shown as text. */
  buildUrl: { text: string; href: string | null } | null;
  result: Link;
}

export interface TocEntry {
  href: string;
  text: string;
  kindLabel: string;
  pending: boolean;
}

export interface PactPageModel {
  title: string;
  consumer: Link;
  provider: Link;
  consumerVersion: Link;
  sha: string;
  publishedAt: string;
  links: { raw: string; permalink: string; diff: string; allVersions: string; matrix: string };
  publishers: PublisherRow[];
  morePublishers: boolean;
  verifications: VerificationRow[];
  moreVerifications: boolean;
  sections: PactSections;
  toc: TocEntry[];
  /** Set when the stored content is not JSON (it always is when published through Treaty). */
  parseError: string | null;
}

const pacticipantHref = (name: string) => `/pacticipants/${enc(name)}`;
const versionHref = (pacticipant: string, version: string) => `${pacticipantHref(pacticipant)}/versions/${enc(version)}`;

/** Only absolute http(s) URLs become links. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function buildPactPage(input: PactPageInput): PactPageModel {
  const { consumerName: c, providerName: p } = input;
  const integration = `/pacts/provider/${enc(p)}/consumer/${enc(c)}`;
  const permalink = `${integration}/pact-version/${enc(input.sha)}`;
  let parsed: unknown;
  let parseError: string | null = null;
  try {
    parsed = JSON.parse(input.content);
  } catch {
    parseError = 'The stored pact is not valid JSON.';
  }
  const sections = pactSections(parsed);
  return {
    title: `${c} → ${p}`,
    consumer: { text: c, href: pacticipantHref(c) },
    provider: { text: p, href: pacticipantHref(p) },
    consumerVersion: { text: input.consumerVersionNumber, href: versionHref(c, input.consumerVersionNumber) },
    sha: input.sha,
    publishedAt: formatTime(input.createdAt),
    links: {
      raw: `${input.path}?format=hal`,
      permalink,
      diff: `${integration}/version/${enc(input.consumerVersionNumber)}/diff/previous-distinct`,
      allVersions: `${integration}/versions`,
      matrix: `/ui/matrix/provider/${enc(p)}/consumer/${enc(c)}`,
    },
    publishers: input.publishers.items.map((v) => ({
      version: { text: v.number, href: versionHref(c, v.number) },
      branches: v.branches,
      tags: v.tags,
      publishedAt: formatTime(v.publishedAt),
    })),
    morePublishers: input.publishers.more,
    verifications: input.verifications.items.map((v) => ({
      providerVersion: { text: v.providerVersionNumber, href: versionHref(p, v.providerVersionNumber) },
      status: v.success ? 'verified' : 'failed',
      icon: v.success ? '✓' : '✗',
      text: v.success ? 'Verified' : 'Failed',
      flags: [...(v.pending ? ['pending'] : []), ...(v.wip ? ['WIP'] : [])],
      verifiedAt: formatTime(v.createdAt),
      buildUrl: v.buildUrl ? { text: v.buildUrl, href: safeHref(v.buildUrl) } : null,
      result: { text: `#${v.id}`, href: `${permalink}/verification-results/${v.id}` },
    })),
    moreVerifications: input.verifications.more,
    sections,
    toc: sections.interactions.map((i) => ({ href: `#${i.anchor}`, text: i.description, kindLabel: i.kindLabel, pending: i.pending })),
    parseError,
  };
}
