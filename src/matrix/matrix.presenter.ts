// Matrix results → the Pact Broker's matrix body (what can-i-deploy clients read), plus Treaty's typed row reasons
// and next-step notices. Pure.
import { compact, link, timestamp } from '../http/hal.js';
import { urls } from '../http/urls.js';
import type { VersionPresentation } from './matrix.repository.js';
import type { MatrixResult } from './matrix.service.js';
import type { MatrixRow, VersionRef } from './matrix.types.js';
import { noticesFor, summaryReason } from './reason-text.js';

function presentVersion(base: string, pacticipant: string, version: VersionRef, details: VersionPresentation | undefined) {
  const branches = (details?.branches ?? []).map((b) => ({
    name: b.name,
    latest: b.latest,
    _links: { self: link(urls.branchVersion(base, pacticipant, b.name, version.number), { title: 'Branch version', name: b.name }) },
  }));
  return {
    number: version.number,
    ...compact({ branch: details?.branches.at(-1)?.name }),
    branches,
    branchVersions: branches,
    environments: (details?.environments ?? []).map((e) => ({
      uuid: e.uuid,
      name: e.name,
      displayName: e.displayName ?? e.name,
      production: e.production,
      createdAt: timestamp(e.createdAt),
      _links: { self: link(urls.environment(base, e.uuid), { title: 'Environment', name: e.name }) },
    })),
    _links: { self: link(urls.version(base, pacticipant, version.number)) },
    tags: (details?.tags ?? []).map((t) => ({ name: t.name, latest: t.latest, _links: { self: link(urls.tag(base, pacticipant, version.number, t.name)) } })),
  };
}

type PresentedVersion = ReturnType<typeof presentVersion>;

/**
 * A hub's can-i-deploy lists the same provider version (and the same pacticipants) on every row: each is presented
 * once per response and the rows share the object (nothing mutates it; JSON.stringify writes it out on each row).
 */
function presenter(base: string, versions: MatrixResult['versions']) {
  const presented = new Map<string, PresentedVersion>();
  const pacticipantLinks = new Map<string, { self: ReturnType<typeof link> }>();
  return {
    version(pacticipant: string, version: VersionRef): PresentedVersion {
      const key = `${version.id}:${pacticipant}`;
      let out = presented.get(key);
      if (!out) presented.set(key, (out = presentVersion(base, pacticipant, version, versions.get(version.id))));
      return out;
    },
    links(pacticipant: string) {
      let out = pacticipantLinks.get(pacticipant);
      if (!out) pacticipantLinks.set(pacticipant, (out = { self: link(urls.pacticipant(base, pacticipant)) }));
      return out;
    },
  };
}

function presentRow(base: string, row: MatrixRow, present: ReturnType<typeof presenter>) {
  const { consumer, provider, verification } = row;
  return {
    consumer: {
      name: consumer.name,
      version: present.version(consumer.name, row.consumerVersion),
      _links: present.links(consumer.name),
    },
    provider: {
      name: provider.name,
      version: row.providerVersion ? present.version(provider.name, row.providerVersion) : null,
      _links: present.links(provider.name),
    },
    pact: {
      createdAt: timestamp(row.pact.publishedAt),
      _links: { self: link(urls.pact(base, provider.name, consumer.name, row.consumerVersion.number)) },
    },
    verificationResult: verification
      ? {
          success: verification.success,
          verifiedAt: timestamp(verification.verifiedAt),
          _links: { self: link(urls.verificationResult(base, provider.name, consumer.name, row.pact.sha, verification.verificationId)) },
        }
      : null,
    reason: row.reason,
    ...(row.ignored ? { ignored: true } : {}),
  };
}

export function presentMatrix(base: string, result: MatrixResult) {
  const { decision } = result;
  const present = presenter(base, result.versions);
  return {
    summary: {
      deployable: decision.deployable,
      reason: summaryReason(decision.reasons),
      ...decision.counts,
    },
    notices: noticesFor(decision.reasons),
    matrix: result.rows.map((row) => presentRow(base, row, present)),
  };
}
