// Deployed and released versions as the Pact Broker renders them (nil properties omitted). The CLI reads
// `_embedded.pacticipant.name`, `_embedded.version.number`, `applicationInstance`/`target` and `_links.self.href`.
import { compact, link, timestamp, timestamps } from '../http/hal.js';
import { urls } from '../http/urls.js';
import type { DeployedVersion, DeploymentPacticipant, DeploymentVersion, ReleasedVersion } from './deployments.types.js';
import { presentEnvironment } from './environments.presenter.js';

/** none: list items of one version; pacticipant-version: the environment lists; all: the resource itself. */
export type Embed = 'none' | 'pacticipant-version' | 'all';

function embedded(base: string, r: { pacticipant: DeploymentPacticipant; version: DeploymentVersion; environment: DeployedVersion['environment'] }, embed: Embed) {
  if (embed === 'none') return {};
  return {
    _embedded: {
      pacticipant: { name: r.pacticipant.name, _links: { self: link(urls.pacticipant(base, r.pacticipant.name)) } },
      version: {
        number: r.version.number,
        _links: { self: link(urls.version(base, r.pacticipant.name, r.version.number), { title: 'Version', name: r.version.number }) },
      },
      ...(embed === 'all' ? { environment: presentEnvironment(base, r.environment) } : {}),
    },
  };
}

export function presentDeployedVersion(base: string, d: DeployedVersion, embed: Embed = 'all') {
  return {
    uuid: d.uuid,
    currentlyDeployed: d.currentlyDeployed,
    ...compact({
      target: d.applicationInstance,
      applicationInstance: d.applicationInstance,
      undeployedAt: d.undeployedAt ? timestamp(d.undeployedAt) : null,
    }),
    createdAt: timestamp(d.createdAt),
    ...embedded(base, d, embed),
    _links: { self: link(urls.deployedVersion(base, d.uuid)) },
  };
}

export function presentDeployedVersions(base: string, list: DeployedVersion[], self: { href: string; title: string }, embed: Embed) {
  return {
    _embedded: { deployedVersions: list.map((d) => presentDeployedVersion(base, d, embed)) },
    _links: { self: link(self.href, { title: self.title }) },
  };
}

export function presentReleasedVersion(base: string, r: ReleasedVersion, embed: Embed = 'all') {
  return {
    uuid: r.uuid,
    currentlySupported: r.currentlySupported,
    // Treaty addition: the pact CLI's describe-version --released reads this key (the Pact Broker omits it, so the
    // CLI shows "Unknown"); same value as currentlySupported.
    currentlyReleased: r.currentlySupported,
    ...timestamps(r),
    ...compact({ supportEndedAt: r.supportEndedAt ? timestamp(r.supportEndedAt) : null }),
    ...embedded(base, r, embed),
    _links: { self: link(urls.releasedVersion(base, r.uuid)) },
  };
}

export function presentReleasedVersions(base: string, list: ReleasedVersion[], self: { href: string; title: string }, embed: Embed) {
  return {
    _embedded: { releasedVersions: list.map((r) => presentReleasedVersion(base, r, embed)) },
    _links: { self: link(self.href, { title: self.title }) },
  };
}

const displayOf = (e: DeployedVersion['environment']) => e.displayName ?? e.name;

/** Version and pacticipant `pb:deployed-environments` entry: `name` is the environment's displayName, extra keys snake_case. */
export function deployedEnvironmentLink(base: string, d: DeployedVersion) {
  return {
    ...link(urls.deployedVersion(base, d.uuid), { title: `Version deployed to ${displayOf(d.environment)}`, name: displayOf(d.environment) }),
    currently_deployed: d.currentlyDeployed,
    ...compact({ application_instance: d.applicationInstance }),
  };
}

/** Version `pb:released-environments` entry, like deployedEnvironmentLink. */
export function releasedEnvironmentLink(base: string, r: ReleasedVersion) {
  return {
    ...link(urls.releasedVersion(base, r.uuid), { title: `Version released to ${displayOf(r.environment)}`, name: displayOf(r.environment) }),
    currently_supported: r.currentlySupported,
  };
}
