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

function presentRow(base: string, row: MatrixRow, versions: MatrixResult['versions']) {
  const { consumer, provider, verification } = row;
  return {
    consumer: {
      name: consumer.name,
      version: presentVersion(base, consumer.name, row.consumerVersion, versions.get(row.consumerVersion.id)),
      _links: { self: link(urls.pacticipant(base, consumer.name)) },
    },
    provider: {
      name: provider.name,
      version: row.providerVersion ? presentVersion(base, provider.name, row.providerVersion, versions.get(row.providerVersion.id)) : null,
      _links: { self: link(urls.pacticipant(base, provider.name)) },
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
  return {
    summary: {
      deployable: decision.deployable,
      reason: summaryReason(decision.reasons),
      ...decision.counts,
    },
    notices: noticesFor(decision.reasons),
    matrix: result.rows.map((row) => presentRow(base, row, result.versions)),
  };
}
