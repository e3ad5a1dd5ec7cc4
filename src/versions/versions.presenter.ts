import { compact, curies, link, pageInfo, pageLinks, timestamps, type Link } from '../http/hal.js';
import { urls } from '../http/urls.js';
import { deployedEnvironmentLink, releasedEnvironmentLink } from '../environments/deployments.presenter.js';
import type { VersionEnvironments } from '../environments/deployments.types.js';
import type { Pacticipant } from '../pacticipants/pacticipants.types.js';
import type { VersionDetails } from './versions.service.js';
import type { Branch, BranchVersion, Tag, Version } from './versions.types.js';

const day = (d: Date) => d.toISOString().slice(0, 10).split('-').reverse().join('/');

export function presentTag(base: string, pacticipant: Pacticipant, version: Version, tag: Tag) {
  return {
    name: tag.name,
    ...timestamps(tag),
    _links: {
      self: link(urls.tag(base, pacticipant.name, version.number, tag.name), { title: 'Tag', name: tag.name }),
      version: link(urls.version(base, pacticipant.name, version.number), { title: 'Version', name: version.number }),
      pacticipant: link(urls.pacticipant(base, pacticipant.name), { title: 'Pacticipant', name: pacticipant.name }),
    },
  };
}

/**
 * The single-version resource's environment links. Always present (the CLI deserialises the record arrays as required):
 * record entries are keyed by environment `name`; history entries carry the environment displayName and snake_case keys.
 */
function environmentLinks(base: string, p: Pacticipant, v: Version, e: VersionEnvironments | undefined): Record<string, Link[]> {
  const environments = e?.environments ?? [];
  const display = (env: { name: string; displayName: string | null }) => env.displayName ?? env.name;
  return {
    'pb:deployed-environments': (e?.deployedVersions ?? []).map((d) => deployedEnvironmentLink(base, d)),
    'pb:released-environments': (e?.releasedVersions ?? []).map((r) => releasedEnvironmentLink(base, r)),
    'pb:record-deployment': environments.map((env) =>
      link(urls.deployedVersionsForVersion(base, p.name, v.number, env.uuid), { title: `Record deployment to ${display(env)}`, name: env.name }),
    ),
    'pb:record-release': environments.map((env) =>
      link(urls.releasedVersionsForVersion(base, p.name, v.number, env.uuid), { title: `Record release to ${display(env)}`, name: env.name }),
    ),
  };
}

export function presentVersion(base: string, d: VersionDetails, options: { full: boolean } = { full: true }) {
  const { pacticipant: p, version: v } = d;
  const self = urls.version(base, p.name, v.number);
  const links: Record<string, Link | Link[]> = {
    self: link(self, { title: 'Version', name: v.number }),
    'pb:pacticipant': link(urls.pacticipant(base, p.name), { title: 'Pacticipant', name: p.name }),
    'pb:tag': link(`${self}/tags/{tag}`, { title: 'Get, create or delete a tag for this pacticipant version', templated: true }),
    'pb:latest-verification-results-where-pacticipant-is-consumer': link(
      urls.latestVerificationForConsumerVersion(base, p.name, v.number),
      { title: 'Latest verification results for consumer version' },
    ),
    'pb:pact-versions': d.pacts.map((pact) =>
      link(urls.pact(base, pact.providerName, pact.consumerName, v.number), {
        title: 'Pact',
        name: `Pact between ${pact.consumerName} (${v.number}) and ${pact.providerName}`,
      }),
    ),
  };
  if (options.full) Object.assign(links, environmentLinks(base, p, v, d.environments));
  links.curies = curies(base, 'version');
  return {
    number: v.number,
    ...compact({ buildUrl: v.buildUrl }),
    ...timestamps(v),
    _embedded: {
      branchVersions: d.branches.map((b) => ({
        name: b.branchName,
        latest: b.latest,
        _links: { self: link(urls.branchVersion(base, p.name, b.branchName, v.number), { title: 'Branch version', name: b.branchName }) },
      })),
      tags: d.tags.map((t) => ({
        name: t.name,
        ...timestamps(t),
        _links: { self: link(urls.tag(base, p.name, v.number, t.name), { title: 'Tag', name: t.name }) },
      })),
    },
    _links: links,
  };
}

export function presentVersions(
  base: string,
  /** `total` is counted only for a paged request (the only one that shows it). */
  result: { pacticipant: Pacticipant; items: VersionDetails[]; total: number | undefined },
  page: { paged: boolean; number: number; size: number },
  self: { href: string; title: string },
) {
  const { pacticipant: p } = result;
  const info = pageInfo(page, result.total ?? 0);
  const versionLinks = result.items.map((d) =>
    link(urls.version(base, p.name, d.version.number), { title: `Version ${d.version.number} - ${day(d.version.createdAt)}`, name: d.version.number }),
  );
  return {
    ...(page.paged ? { page: info } : {}),
    _embedded: { versions: result.items.map((d) => presentVersion(base, d, { full: false })) },
    _links: {
      self: link(self.href, { title: self.title }),
      'pb:pacticipant': link(urls.pacticipant(base, p.name), { title: p.name }),
      'pb:versions': versionLinks,
      pacticipant: link(urls.pacticipant(base, p.name), { title: 'Deprecated - please use pb:pacticipant' }),
      versions: versionLinks.map((l) => ({ ...l, title: 'Deprecated - please use pb:versions' })),
      ...(page.paged ? pageLinks(self.href, info) : {}),
    },
  };
}

export function presentBranch(base: string, pacticipant: Pacticipant, branch: Branch) {
  const self = urls.branch(base, pacticipant.name, branch.name);
  return {
    name: branch.name,
    ...timestamps(branch),
    _links: {
      self: link(self, { title: 'Branch', name: branch.name }),
      'pb:latest-version': link(`${self}/latest-version`, { title: 'Latest version for branch' }),
      'pb:versions': link(`${self}/versions`, { title: 'Versions on this branch' }),
      'pb:pacticipant': link(urls.pacticipant(base, pacticipant.name), { title: 'Pacticipant', name: pacticipant.name }),
    },
  };
}

export function presentBranches(
  base: string,
  result: { pacticipant: Pacticipant; items: Branch[]; total: number },
  page: { number: number; size: number },
) {
  const { pacticipant: p } = result;
  const info = pageInfo(page, result.total);
  const self = urls.branches(base, p.name);
  return {
    page: info,
    _embedded: { branches: result.items.map((b) => presentBranch(base, p, b)) },
    _links: {
      self: link(self, { title: `${p.name} branches` }),
      'pb:branches': result.items.map((b) => link(urls.branch(base, p.name, b.name), { name: b.name })),
      ...pageLinks(self, info),
    },
  };
}

export function presentBranchVersion(base: string, pacticipant: Pacticipant, branch: Branch, version: Version, bv: BranchVersion) {
  return {
    ...timestamps(bv),
    _links: {
      self: link(urls.branchVersion(base, pacticipant.name, branch.name, version.number), { title: 'Branch version' }),
      'pb:branch': link(urls.branch(base, pacticipant.name, branch.name), { title: 'Branch', name: branch.name }),
      'pb:version': link(urls.version(base, pacticipant.name, version.number), { title: 'Version', name: version.number }),
    },
  };
}
