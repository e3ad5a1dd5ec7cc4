import { deployedEnvironmentLink } from '../environments/deployments.presenter.js';
import { compact, curies, link, pageInfo, pageLinks, timestamps, type Link } from '../http/hal.js';
import { urls } from '../http/urls.js';
import { generateDisplayName } from '../shared/names.js';
import type { Label, Pacticipant, PacticipantDetails } from './pacticipants.types.js';

function latestVersion(base: string, p: PacticipantDetails) {
  if (p.latestVersionNumber === null) return undefined;
  const self = link(urls.version(base, p.name, p.latestVersionNumber), { title: 'Version', name: p.latestVersionNumber });
  return { number: p.latestVersionNumber, _links: { self } };
}

export function presentLabel(base: string, pacticipant: Pacticipant, label: Label) {
  return {
    name: label.name,
    ...timestamps(label),
    _links: {
      self: link(urls.label(base, pacticipant.name, label.name), { title: 'Label', name: label.name }),
      pacticipant: link(urls.pacticipant(base, pacticipant.name), { title: 'Pacticipant', name: pacticipant.name }),
    },
  };
}

export function presentPacticipant(base: string, p: PacticipantDetails) {
  const self = urls.pacticipant(base, p.name);
  const latest = latestVersion(base, p);
  return {
    ...compact({
      name: p.name,
      // Pacticipants created implicitly (publishing, tagging, branches) have no stored display name; the CLI needs one.
      displayName: p.displayName ?? (generateDisplayName(p.name) || p.name),
      repositoryUrl: p.repositoryUrl,
      repositoryName: p.repositoryName,
      repositoryNamespace: p.repositoryNamespace,
      mainBranch: p.mainBranch,
      team: p.team,
      contact: p.contact,
    }),
    ...timestamps(p),
    _embedded: {
      ...(latest
        ? {
            latestVersion: latest,
            'latest-version': { ...latest, title: 'DEPRECATED - please use latestVersion', name: 'DEPRECATED - please use latestVersion' },
          }
        : {}),
      labels: p.labels.map((l) => presentLabel(base, p, l)),
    },
    _links: {
      self: link(self),
      'pb:versions': link(`${self}/versions`),
      'pb:branches': link(`${self}/branches`),
      // Single GET only: the pacticipant's current deployments.
      ...(p.currentDeployments ? { 'pb:deployed-environments': p.currentDeployments.map((d) => deployedEnvironmentLink(base, d)) } : {}),
      'pb:version': link(`${self}/versions/{version}`, { title: 'Get, create or delete a pacticipant version', templated: true }),
      'pb:version-tag': link(`${self}/versions/{version}/tags/{tag}`, { title: `Get, create or delete a tag for a version of ${p.name}`, templated: true }),
      'pb:branch-version': link(`${self}/branches/{branch}/versions/{version}`, { title: `Get or add/create a version for a branch of ${p.name}`, templated: true }),
      'pb:label': link(`${self}/labels/{label}`, { title: `Get, create or delete a label for ${p.name}`, templated: true }),
      versions: link(`${self}/versions`, { title: 'Deprecated - use pb:versions' }),
      'pb:can-i-deploy-badge': link(`${self}/latest-version/{tag}/can-i-deploy/to/{environmentTag}/badge`, { title: `Can I Deploy ${p.name} badge`, templated: true }),
      'pb:can-i-deploy-branch-to-environment-badge': link(`${self}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}/badge`, {
        title: `Can I Deploy ${p.name} from branch to environment badge`,
        templated: true,
      }),
      curies: curies(base, 'pacticipant'),
    } as Record<string, Link | Link[]>,
  };
}

export function presentPacticipants(
  base: string,
  result: { items: PacticipantDetails[]; total: number },
  page: { paged: boolean; number: number; size: number },
  selfHref = urls.pacticipants(base),
) {
  const items = result.items.map((p) => presentPacticipant(base, p));
  const info = pageInfo(page, result.total);
  return {
    ...(page.paged ? { page: info } : {}),
    _embedded: { pacticipants: items },
    // The Rust CLI's list-pacticipants reads this top-level array.
    pacticipants: items.map((item) => ({ ...item, title: 'DEPRECATED - Please use the embedded pacticipants collection' })),
    _links: {
      self: link(selfHref),
      'pb:pacticipants-with-label': link(`${base}/pacticipants/label/{label}`, { title: 'Find pacticipants by label', templated: true }),
      'pb:pacticipants': result.items.map((p) => link(urls.pacticipant(base, p.name), { title: 'Pacticipant', name: p.name })),
      pacticipants: result.items.map((p) => link(urls.pacticipant(base, p.name), { title: p.name, name: 'DEPRECATED - please use pb:pacticipants' })),
      ...(page.paged ? pageLinks(selfHref, info) : {}),
    },
  };
}
