// Matrix results → the Pact Broker's matrix body (what can-i-deploy clients read), plus Treaty's typed row reasons
// and next-step notices. Pure.
import { compact, link, timestamp } from '../http/hal.js';
import { urls } from '../http/urls.js';
import { utf8Concat } from '../shared/utf8.js';
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
 * presentMatrix as JSON, byte for byte what JSON.stringify gives for it (test/unit/matrix/matrix-json.test.ts) in
 * UTF-8, written as text in presentRow's and presentVersion's key order, without the intermediate objects: a hub's
 * answer has 300 rows of 300 distinct consumer versions. What rows share (the hub's provider version, the
 * pacticipants' links, each environment: the repository hands out one object per environment) is written once per
 * response. One text per row, encoded into one buffer (utf8Concat: a hub's 700 KiB never becomes one string).
 */
export function presentMatrixJson(base: string, result: MatrixResult): Buffer {
  const versionTexts = new Map<string, string>();
  const linkTexts = new Map<string, string>();
  const environmentTexts = new Map<object, string>();
  // Rows share their reason objects (build-rows.ts: one per kind for verified and failed rows).
  const reasonTexts = new Map<object, string>();
  const reason = (r: MatrixRow['reason']) => {
    let text = reasonTexts.get(r);
    if (text === undefined) reasonTexts.set(r, (text = json(r)));
    return text;
  };
  const time = timestamps();
  const environment = (e: VersionPresentation['environments'][number]) => {
    let text = environmentTexts.get(e);
    if (text === undefined) {
      text =
        `{"uuid":${json(e.uuid)},"name":${json(e.name)},"displayName":${json(e.displayName ?? e.name)},"production":${e.production},` +
        `"createdAt":${json(timestamp(e.createdAt))},"_links":{"self":{"href":${json(urls.environment(base, e.uuid))},"title":"Environment","name":${json(e.name)}}}}`;
      environmentTexts.set(e, text);
    }
    return text;
  };
  const version = (pacticipant: string, v: VersionRef) => {
    const key = `${v.id}:${pacticipant}`;
    let text = versionTexts.get(key);
    if (text === undefined) versionTexts.set(key, (text = versionJson(base, pacticipant, v, result.versions.get(v.id), environment)));
    return text;
  };
  const links = (pacticipant: string) => {
    let text = linkTexts.get(pacticipant);
    if (text === undefined) linkTexts.set(pacticipant, (text = `{"self":{"href":${json(urls.pacticipant(base, pacticipant))}}}`));
    return text;
  };
  const parts = [`{"summary":${json(summaryOf(result))},"notices":${json(noticesFor(result.decision.reasons))},"matrix":[`];
  for (const row of result.rows) {
    const { consumer, provider, verification } = row;
    // A row's reason is always set (RowReason).
    const verificationText = verification
      ? `{"success":${verification.success},"verifiedAt":"${time(verification.verifiedAt)}",` +
        `"_links":{"self":{"href":${json(urls.verificationResult(base, provider.name, consumer.name, row.pact.sha, verification.verificationId))}}}}`
      : 'null';
    parts.push(
      `${parts.length > 1 ? ',' : ''}{"consumer":{"name":${json(consumer.name)},"version":${version(consumer.name, row.consumerVersion)},"_links":${links(consumer.name)}},` +
      `"provider":{"name":${json(provider.name)},"version":${row.providerVersion ? version(provider.name, row.providerVersion) : 'null'},"_links":${links(provider.name)}},` +
      `"pact":{"createdAt":"${time(row.pact.publishedAt)}","_links":{"self":{"href":${json(urls.pact(base, provider.name, consumer.name, row.consumerVersion.number))}}}},` +
      `"verificationResult":${verificationText},"reason":${reason(row.reason)}${row.ignored ? ',"ignored":true' : ''}}`,
    );
  }
  parts.push(']}');
  return utf8Concat(parts);
}

/**
 * timestamp() (ISO-8601 UTC, second precision, "+00:00"; only digits and punctuation, nothing to escape in JSON) for
 * many dates of a few days: each day's "YYYY-MM-DDT" from toISOString once, the time of day by arithmetic.
 */
function timestamps(): (date: Date) => string {
  const days = new Map<number, string>();
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return (date) => {
    const ms = date.getTime();
    if (Number.isNaN(ms)) return timestamp(date);
    const day = Math.floor(ms / 86_400_000);
    let prefix = days.get(day);
    if (prefix === undefined) days.set(day, (prefix = new Date(day * 86_400_000).toISOString().slice(0, -13)));
    const seconds = Math.floor((ms - day * 86_400_000) / 1000);
    return `${prefix}${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}+00:00`;
  };
}

/** presentVersion as text; `environment` writes one environment (shared between versions). */
function versionJson(
  base: string,
  pacticipant: string,
  version: VersionRef,
  details: VersionPresentation | undefined,
  environment: (e: VersionPresentation['environments'][number]) => string,
): string {
  let branches = '';
  let tags = '';
  let environments = '';
  for (const b of details?.branches ?? []) {
    branches +=
      `${branches ? ',' : ''}{"name":${json(b.name)},"latest":${b.latest},` +
      `"_links":{"self":{"href":${json(urls.branchVersion(base, pacticipant, b.name, version.number))},"title":"Branch version","name":${json(b.name)}}}}`;
  }
  for (const e of details?.environments ?? []) environments += `${environments ? ',' : ''}${environment(e)}`;
  for (const t of details?.tags ?? []) {
    tags += `${tags ? ',' : ''}{"name":${json(t.name)},"latest":${t.latest},"_links":{"self":{"href":${json(urls.tag(base, pacticipant, version.number, t.name))}}}}`;
  }
  const branch = details?.branches.at(-1)?.name;
  return (
    `{"number":${json(version.number)}${branch === undefined ? '' : `,"branch":${json(branch)}`},"branches":[${branches}],"branchVersions":[${branches}],` +
    `"environments":[${environments}],"_links":{"self":{"href":${json(urls.version(base, pacticipant, version.number))}}},"tags":[${tags}]}`
  );
}
