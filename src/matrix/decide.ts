// Pure: can the specified versions be deployed? `deployable` is tri-state:
//   false — a specified version does not exist, or a considered row failed (and nothing is unknown);
//   null  — unknown: a considered row has no verification, or a required integration has no row at all. Unknown beats
//           failed, so `--retry-while-unknown` keeps polling while a verification may still arrive;
//   true  — every considered row succeeded (also when there is nothing to check).
// Ignored rows are returned, flagged, after the considered ones, and left out of every calculation.
import type { Decision, Integration, MatrixRow, Reason, ResolvedIgnore, ResolvedSelector, Target } from './matrix.types.js';

export interface DecideInput {
  specified: ResolvedSelector[];
  /** The selectors built for integrated pacticipants from the target (used to describe them in reasons). */
  inferred?: ResolvedSelector[];
  integrations: Integration[];
  rows: MatrixRow[];
  ignores: ResolvedIgnore[];
  target?: Target;
}

export function decide({ specified, inferred = [], integrations, rows, ignores, target }: DecideInput): Decision {
  const active = ignores.filter((i) => i.exists);
  const isIgnored = (pacticipantId: number, versionNumber?: string) =>
    active.some((i) => i.pacticipantId === pacticipantId && (i.selector.version === undefined || i.selector.version === versionNumber));

  const marked = rows.map((row): MatrixRow => {
    const providerVersion = (row.providerVersion ?? row.expectedProviderVersion)?.number;
    if (!isIgnored(row.consumer.id, row.consumerVersion.number) && !isIgnored(row.provider.id, providerVersion)) return row;
    return { ...row, ignored: true, reason: { kind: 'ignored', wouldBe: row.reason.kind === 'ignored' ? row.reason.wouldBe : row.reason.kind } };
  });
  const considered = marked.filter((r) => !r.ignored);
  const listed = consideredThenIgnored(marked);
  const success = (r: MatrixRow) => (r.verification ? r.verification.success : null);

  const warnings: Reason[] = ignores.filter((i) => !i.exists).map((ignore) => ({ kind: 'ignore_selector_not_found', ignore }));
  if (specified.length === 1 && !(target && ['environment', 'tag', 'mainBranch'].includes(target.kind))) warnings.push({ kind: 'no_environment_specified' });
  if (specified.some((s) => !isNameOnly(s)) && !specified.some((s) => s.selector.version !== undefined)) warnings.push({ kind: 'no_version_number_specified' });

  const selectorIgnored = (s: ResolvedSelector) =>
    isIgnored(s.pacticipantId, s.selector.version) || s.versions.some((v) => isIgnored(s.pacticipantId, v.number));
  const missingSpecified = specified.filter((s) => !s.anyVersion && s.versions.length === 0 && !selectorIgnored(s));

  // Rare now that unverified pacts yield rows; kept so a required integration can never pass unseen.
  const ignoredByName = (id: number) => active.some((i) => i.pacticipantId === id && i.selector.version === undefined);
  const integrationsWithoutRows = integrations.filter(
    (i) =>
      i.required &&
      !ignoredByName(i.consumerId) &&
      !ignoredByName(i.providerId) &&
      !marked.some((r) => r.consumer.id === i.consumerId && r.provider.id === i.providerId),
  );

  const counts: Decision['counts'] = {
    success: considered.filter((r) => success(r) === true).length,
    failed: considered.filter((r) => success(r) === false).length,
    unknown: considered.filter((r) => success(r) === null).length + integrationsWithoutRows.length,
    ...(ignores.length ? { ignored: marked.length - considered.length } : {}),
  };

  if (missingSpecified.length) {
    // The answer is final, so nothing counts as unknown: clients poll while `unknown > 0` (deployable null ⇔ unknown).
    const errors: Reason[] = missingSpecified.map((selector) => ({ kind: 'specified_version_not_found', selector }));
    return { deployable: false, reasons: [...warnings, ...errors], counts: { ...counts, unknown: 0 }, rows: listed };
  }

  // The Pact Broker's order: integrations without rows, then every failure, then every missing verification.
  const errors: Reason[] = [];
  const selectorOf = (id: number) => [...specified, ...inferred].find((s) => s.pacticipantId === id);
  for (const integration of integrationsWithoutRows) {
    const consumerSelector = selectorOf(integration.consumerId);
    const providerSelector = selectorOf(integration.providerId);
    errors.push({ kind: 'required_integration_without_row', integration, ...(consumerSelector ? { consumerSelector } : {}), ...(providerSelector ? { providerSelector } : {}) });
  }
  for (const row of considered) if (success(row) === false) errors.push({ kind: 'verification_failed', row });
  for (const row of considered) if (success(row) === null) errors.push({ kind: 'missing_verification', row });

  const deployable = counts.unknown > 0 ? null : counts.failed > 0 ? false : true;
  const outcome: Reason[] = errors.length ? errors : [{ kind: considered.length ? 'all_verified' : 'no_dependencies_missing' }];
  return { deployable, reasons: [...warnings, ...outcome], counts, rows: listed };
}

/**
 * The order rows are listed in: the considered rows, then the ignored ones, each group keeping the row order it came
 * in (the Pact Broker's matrix decorator lists `considered_rows` and then `ignored_rows`, each sorted on its own).
 * Clients that read the rows positionally, and a `limit`, see the rows that decided the answer first.
 */
export function consideredThenIgnored(rows: MatrixRow[]): MatrixRow[] {
  return [...rows.filter((r) => !r.ignored), ...rows.filter((r) => r.ignored)];
}

/** `{pacticipant}` alone: "any version", nothing to resolve. */
export function isNameOnly(s: ResolvedSelector): boolean {
  const { version, latest, tag, branch, mainBranch, environment } = s.selector;
  return version === undefined && !latest && tag === undefined && branch === undefined && !mainBranch && environment === undefined;
}
