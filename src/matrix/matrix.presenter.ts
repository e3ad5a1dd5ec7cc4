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

const pactOf = (base: string, row: MatrixRow) => ({
  createdAt: timestamp(row.pact.publishedAt),
  _links: { self: link(urls.pact(base, row.provider.name, row.consumer.name, row.consumerVersion.number)) },
});

const verificationOf = (base: string, row: MatrixRow) =>
  row.verification
    ? {
        success: row.verification.success,
        verifiedAt: timestamp(row.verification.verifiedAt),
        _links: { self: link(urls.verificationResult(base, row.provider.name, row.consumer.name, row.pact.sha, row.verification.verificationId)) },
      }
    : null;

function presentRow(base: string, row: MatrixRow, present: ReturnType<typeof presenter>) {
  const { consumer, provider } = row;
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
    pact: pactOf(base, row),
    verificationResult: verificationOf(base, row),
    reason: row.reason,
    ...(row.ignored ? { ignored: true } : {}),
  };
}

const summaryOf = ({ decision }: MatrixResult) => ({
  deployable: decision.deployable,
  reason: summaryReason(decision.reasons),
  ...decision.counts,
});

export function presentMatrix(base: string, result: MatrixResult) {
  const present = presenter(base, result.versions);
  return {
    summary: summaryOf(result),
    notices: noticesFor(result.decision.reasons),
    matrix: result.rows.map((row) => presentRow(base, row, present)),
  };
}

const json = JSON.stringify;

/**
 * presentMatrix as JSON text, byte for byte what JSON.stringify gives for it, written row by row so that what rows
 * share (a hub's provider version and pacticipant links appear on all 150 rows) is serialised once per response.
 */
export function presentMatrixJson(base: string, result: MatrixResult): string {
  const present = presenter(base, result.versions);
  const texts = new Map<object, string>();
  const once = (value: object) => {
    let text = texts.get(value);
    if (text === undefined) texts.set(value, (text = json(value)));
    return text;
  };
  const rows = result.rows.map((row) => {
    const { consumer, provider } = row;
    // The keys in presentRow's order; a row's reason is always set (RowReason).
    const consumerText = `{"name":${json(consumer.name)},"version":${once(present.version(consumer.name, row.consumerVersion))},"_links":${once(present.links(consumer.name))}}`;
    const providerVersion = row.providerVersion ? once(present.version(provider.name, row.providerVersion)) : 'null';
    const providerText = `{"name":${json(provider.name)},"version":${providerVersion},"_links":${once(present.links(provider.name))}}`;
    return (
      `{"consumer":${consumerText},"provider":${providerText},"pact":${json(pactOf(base, row))},` +
      `"verificationResult":${json(verificationOf(base, row))},"reason":${json(row.reason)}${row.ignored ? ',"ignored":true' : ''}}`
    );
  });
  return `{"summary":${json(summaryOf(result))},"notices":${json(noticesFor(result.decision.reasons))},"matrix":[${rows.join(',')}]}`;
}
