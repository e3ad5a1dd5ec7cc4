// The can-i-deploy page as data. Pure: which question the form asks (planQuestion), and the matrix service's answer
// (the same MatrixResult GET /can-i-deploy presents) shaped for the view, with the API's notices from reason-text.ts —
// nothing here decides anything.
import type { MatrixResult } from '../../matrix/matrix.service.js';
import type { MatrixRow, RowReason } from '../../matrix/matrix.types.js';
import { nextStep, noticesFor, reasonText } from '../../matrix/reason-text.js';
import { DomainError } from '../../shared/errors.js';
import { enc } from '../../http/urls.js';
import { cellPath, matrixPagePath, type Link } from '../matrix/matrix.view-model.js';

/** Long enough for any name or version Treaty stores (those limits are far below), short enough to bound the page. */
const MAX_TEXT = 1000;

export interface CanIDeployQuery {
  pacticipant: string;
  version: string;
  /** "The latest version on this branch", instead of a version number. */
  branch: string;
  environment: string;
  /** Deploy alongside the latest versions with this tag, instead of an environment. */
  tag: string;
}

export type Field = 'pacticipant' | 'version' | 'environment' | 'form';
export type FieldMessages = Partial<Record<Field, string[]>>;

/** What to ask the matrix service, one variant per API form. */
export type Plan =
  | { kind: 'none' }
  | { kind: 'invalid'; errors: FieldMessages }
  /** GET /can-i-deploy?pacticipant=&version=&environment=|to= */
  | { kind: 'version'; query: Record<string, string> }
  /** GET /pacticipants/{p}/branches/{b}/latest-version/can-i-deploy/to-environment/{e} */
  | { kind: 'branchToEnvironment'; pacticipant: string; branch: string; environment: string }
  /** GET /matrix?q[][pacticipant]=&q[][branch]=&q[][latest]=true&tag=&latest=true&latestby=cvp */
  | { kind: 'branchToTag'; query: { q: Array<Record<string, string>>; tag: string; latest: string; latestby: string } };

export type Verdict = 'yes' | 'no' | 'unknown';

export interface AnswerRow {
  consumer: Link;
  consumerVersion: Link;
  provider: Link;
  /** The provider version of the result, or the one that should have verified (`expected`). */
  providerVersion: (Link & { expected: boolean }) | null;
  result: { state: 'verified' | 'failed' | 'unverified' | 'ignored'; icon: string; text: string };
  reason: { kind: string; text: string };
  matrix: string;
  cell: string | null;
}

export interface Answer {
  verdict: Verdict;
  icon: string;
  text: string;
  question: string;
  /** The API's reasons (summary.reason), one line each. */
  reasons: Array<{ type: string; text: string }>;
  nextSteps: string[];
  rows: AnswerRow[];
  counts: MatrixResult['decision']['counts'];
}

export interface CanIDeployModel {
  query: CanIDeployQuery;
  pacticipants: string[];
  environments: Array<{ name: string; label: string }>;
  errors: FieldMessages;
  answer: Answer | null;
}

const first = (value: unknown): string | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
};
const textOf = (value: unknown) => (first(value) ?? '').trim().slice(0, MAX_TEXT);

/** Prefilled from ?pacticipant=&version=&branch=&environment=&tag= (also `to=`, as the API names the tag). */
export function parseCanIDeployPageQuery(raw: Record<string, unknown> | undefined): CanIDeployQuery {
  return {
    pacticipant: textOf(raw?.pacticipant),
    version: textOf(raw?.version),
    branch: textOf(raw?.branch),
    environment: textOf(raw?.environment),
    tag: textOf(raw?.tag) || textOf(raw?.to),
  };
}

/** Which question the form asks; 'none' when it only names a pacticipant (a link from another page), or nothing. */
export function planQuestion(q: CanIDeployQuery): Plan {
  if (!q.version && !q.branch && !q.environment && !q.tag) return { kind: 'none' };
  const errors: FieldMessages = {};
  if (!q.pacticipant) errors.pacticipant = ['Choose the pacticipant you want to deploy.'];
  if (q.version && q.branch) errors.version = ['Give a version number or a branch, not both.'];
  else if (!q.version && !q.branch) errors.version = ['Give the version number to deploy, or a branch to deploy its latest version.'];
  if (q.environment && q.tag) errors.environment = ['Choose an environment or a tag, not both.'];
  else if (!q.environment && !q.tag) errors.environment = ['Choose the environment to deploy to (or give a tag to deploy alongside).'];
  if (Object.keys(errors).length) return { kind: 'invalid', errors };
  if (q.version) {
    return { kind: 'version', query: { pacticipant: q.pacticipant, version: q.version, ...(q.environment ? { environment: q.environment } : { to: q.tag }) } };
  }
  if (q.environment) return { kind: 'branchToEnvironment', pacticipant: q.pacticipant, branch: q.branch, environment: q.environment };
  return { kind: 'branchToTag', query: { q: [{ pacticipant: q.pacticipant, branch: q.branch, latest: 'true' }], tag: q.tag, latest: 'true', latestby: 'cvp' } };
}

const FIELD_WORDS: Record<string, Field> = { pacticipant: 'pacticipant', version: 'version', environment: 'environment', to: 'environment' };

/** A service error (unknown pacticipant, version or environment) as messages beside the fields it is about. */
export function errorsFrom(error: DomainError): FieldMessages {
  const out: FieldMessages = {};
  const add = (field: Field, message: string) => (out[field] ??= []).push(message);
  if (Array.isArray(error.fields)) {
    for (const message of error.fields) add(/environment/i.test(message) ? 'environment' : /pacticipant/i.test(message) ? 'pacticipant' : 'form', message);
    if (error.fields.length === 0) add('form', error.message);
    return out;
  }
  const entries = Object.entries(error.fields);
  if (entries.length === 0) add(error.code === 'not_found' && /branch/i.test(error.message) ? 'version' : 'form', error.message);
  for (const [key, messages] of entries) {
    const field = FIELD_WORDS[key] ?? 'form';
    for (const m of messages) add(field, field === 'form' ? m : `${key[0]!.toUpperCase()}${key.slice(1)} ${m}.`);
  }
  // The service's detail names the unknown values ("No pacticipant named 'X'").
  if (entries.length > 0 && error.message !== 'Validation errors') add('form', `${error.message}.`);
  return out;
}

const VERDICTS: Record<Verdict, { icon: string; text: string }> = {
  yes: { icon: '✓', text: 'Yes' },
  no: { icon: '✗', text: 'No' },
  unknown: { icon: '?', text: 'Unknown' },
};

/** A row's typed reason as a short sentence (the kind is shown beside it). */
export function rowReasonText(reason: RowReason, row: Pick<MatrixRow, 'provider'>): string {
  switch (reason.kind) {
    case 'verified':
      return 'The pact was verified successfully';
    case 'failed':
      return 'The verification failed';
    case 'missing_verification':
      return reason.providerVersion === undefined ? `${row.provider.name} has not verified this pact` : `${row.provider.name} ${reason.providerVersion} has not verified this pact`;
    case 'no_deployed_version':
      return `No version of ${row.provider.name} is in the target`;
    case 'ignored':
      return `Ignored (would be ${reason.wouldBe.replace(/_/g, ' ')})`;
  }
}

const pacticipantLink = (name: string): Link => ({ text: name, href: `/pacticipants/${enc(name)}` });
const versionLink = (pacticipant: string, number: string): Link => ({ text: number, href: `/pacticipants/${enc(pacticipant)}/versions/${enc(number)}` });

function answerRow(row: MatrixRow): AnswerRow {
  const c = row.consumer.name;
  const p = row.provider.name;
  const pv = row.providerVersion ?? row.expectedProviderVersion ?? null;
  const state = row.ignored ? 'ignored' : row.verification === null ? 'unverified' : row.verification.success ? 'verified' : 'failed';
  const result = {
    verified: { icon: '✓', text: 'Verified' },
    failed: { icon: '✗', text: 'Failed' },
    unverified: { icon: '○', text: 'Unverified' },
    ignored: { icon: '–', text: 'Ignored' },
  }[state];
  return {
    consumer: pacticipantLink(c),
    consumerVersion: versionLink(c, row.consumerVersion.number),
    provider: pacticipantLink(p),
    providerVersion: pv ? { ...versionLink(p, pv.number), expected: row.providerVersion === null } : null,
    result: { state, ...result },
    reason: { kind: row.reason.kind, text: rowReasonText(row.reason, row) },
    matrix: matrixPagePath(p, c),
    cell: pv ? cellPath(p, c, row.consumerVersion.number, pv.number) : null,
  };
}

function questionOf(q: CanIDeployQuery): string {
  const which = q.version ? `${q.pacticipant} ${q.version}` : `the latest ${q.pacticipant} on branch ${q.branch}`;
  return q.environment ? `Can ${which} be deployed to ${q.environment}?` : `Can ${which} be deployed alongside the latest versions tagged ${q.tag}?`;
}

export function buildAnswer(query: CanIDeployQuery, result: MatrixResult): Answer {
  const { decision } = result;
  const verdict: Verdict = decision.deployable === true ? 'yes' : decision.deployable === false ? 'no' : 'unknown';
  const notices = noticesFor(decision.reasons);
  return {
    verdict,
    ...VERDICTS[verdict],
    question: questionOf(query),
    reasons: notices.filter((n) => n.type !== 'prompt').map((n) => ({ type: n.type, text: n.text })),
    nextSteps: notices.filter((n) => n.type === 'prompt').map((n) => n.text),
    rows: result.rows.map(answerRow),
    counts: decision.counts,
  };
}

/** The version the question named does not exist: said beside the version field, with what to do. */
export function missingVersionErrors(result: MatrixResult): FieldMessages {
  const missing = result.decision.reasons.filter((r) => r.kind === 'specified_version_not_found');
  if (missing.length === 0) return {};
  return { version: missing.map((r) => nextStep(r) ?? reasonText(r)) };
}

/** "Production" for production; "Live (prod-eu)" when the display name is another word. */
export function environmentLabel(e: { name: string; displayName: string | null }): string {
  if (!e.displayName || e.displayName.toLowerCase() === e.name.toLowerCase()) return e.displayName || e.name;
  return `${e.displayName} (${e.name})`;
}

export function buildCanIDeployPage(input: {
  query: CanIDeployQuery;
  pacticipants: string[];
  environments: Array<{ name: string; displayName: string | null }>;
  errors?: FieldMessages;
  result?: MatrixResult;
}): CanIDeployModel {
  const errors: FieldMessages = { ...(input.errors ?? {}) };
  if (input.result) for (const [field, messages] of Object.entries(missingVersionErrors(input.result))) errors[field as Field] = [...(errors[field as Field] ?? []), ...messages];
  return {
    query: input.query,
    pacticipants: input.pacticipants,
    environments: input.environments.map((e) => ({ name: e.name, label: environmentLabel(e) })),
    errors,
    answer: input.result ? buildAnswer(input.query, input.result) : null,
  };
}
