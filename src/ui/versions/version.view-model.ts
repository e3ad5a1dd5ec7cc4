// The version page as data: a pure function from the version's details, the verifications of its pacts and the
// matrix rows it verified (as provider) to the sections a view prints. Names stay verbatim; links are encoded here.
import { enc } from '../../http/urls.js';
import { formatTime, type Link } from '../dashboard/dashboard.view-model.js';
import { pactHref, pacticipantHref, statusCell, versionHref, type StatusCell } from '../pacticipants/pacticipant.view-model.js';

export interface VersionPageInput {
  pacticipant: string;
  version: { number: string; buildUrl: string | null; createdAt: Date };
  branches: Array<{ name: string; latest: boolean }>;
  tags: string[];
  deployments: Array<{ environment: string; applicationInstance: string | null; at: Date; current: boolean }>;
  releases: Array<{ environment: string; at: Date; current: boolean }>;
  /** Pacts this version published as consumer, with the latest verification of each one's content (null: none). */
  pacts: Array<{ provider: string; verification: { success: boolean; providerVersion: string; at: Date; href: string } | null }>;
  /** Verifications this version made as provider. */
  verified: Array<{ consumer: string; consumerVersion: string; success: boolean; at: Date; href: string }>;
}

export interface VersionPageModel {
  title: string;
  pacticipant: Link;
  fields: Array<{ term: string; text: string; href?: string }>;
  branches: string[];
  tags: string[];
  environments: Array<{ environment: string; kind: string; state: string; since: string }>;
  pacts: Array<{ provider: Link; pact: Link; status: StatusCell; by: Link | null; at: string | null; result: string | null }>;
  verified: Array<{ consumer: Link; consumerVersion: Link; pact: Link; status: StatusCell; at: string; result: string }>;
  links: Link[];
}

const httpUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

export function buildVersionPage(input: VersionPageInput): VersionPageModel {
  const { pacticipant: p, version: v } = input;
  const buildUrl = httpUrl(v.buildUrl);
  return {
    title: `${p} ${v.number}`,
    pacticipant: { text: p, href: pacticipantHref(p) },
    fields: [
      { term: 'Pacticipant', text: p, href: pacticipantHref(p) },
      { term: 'Version', text: v.number },
      buildUrl ? { term: 'Build', text: buildUrl, href: buildUrl } : { term: 'Build', text: v.buildUrl ?? '—' },
      { term: 'Created', text: formatTime(v.createdAt) },
    ],
    branches: input.branches.map((b) => (b.latest ? `${b.name} (head)` : b.name)),
    tags: input.tags,
    environments: [
      ...input.deployments.map((d) => ({
        environment: d.environment,
        kind: d.applicationInstance ? `deployed (instance ${d.applicationInstance})` : 'deployed',
        state: d.current ? 'currently deployed' : 'undeployed',
        since: formatTime(d.at),
      })),
      ...input.releases.map((r) => ({ environment: r.environment, kind: 'released', state: r.current ? 'supported' : 'support ended', since: formatTime(r.at) })),
    ],
    pacts: input.pacts.map((pact) => ({
      provider: { text: pact.provider, href: pacticipantHref(pact.provider) },
      pact: { text: `Pact with ${pact.provider}`, href: pactHref(pact.provider, p, v.number) },
      status: statusCell(pact.verification ? pact.verification.success : null),
      by: pact.verification ? { text: pact.verification.providerVersion, href: versionHref(pact.provider, pact.verification.providerVersion) } : null,
      at: pact.verification ? formatTime(pact.verification.at) : null,
      result: pact.verification?.href ?? null,
    })),
    verified: input.verified.map((r) => ({
      consumer: { text: r.consumer, href: pacticipantHref(r.consumer) },
      consumerVersion: { text: r.consumerVersion, href: versionHref(r.consumer, r.consumerVersion) },
      pact: { text: 'pact', href: pactHref(p, r.consumer, r.consumerVersion) },
      status: statusCell(r.success),
      at: formatTime(r.at),
      result: r.href,
    })),
    links: [
      { text: 'Can I deploy this version?', href: `/ui/can-i-deploy?pacticipant=${enc(p)}&version=${enc(v.number)}` },
      { text: 'HAL resource', href: `${versionHref(p, v.number)}?format=hal` },
    ],
  };
}
