// Pure: the matrix rows for the resolved selectors. A row is a consumer version's pact joined on *content* to a
// provider version's latest verification of it, so a result covers every consumer version that republished the same
// content. Rows with no verification are kept (success unknown). Environments are strict: every provider version in
// the target gets its own row, verified or not, so a co-resident version that never verified cannot hide.
import { groupBy } from '../shared/collections.js';
import type { Integration, LatestBy, MatrixFacts, MatrixRow, PactFact, ResolvedSelector, VerificationFact, VersionRef } from './matrix.types.js';

export interface RowInputs {
  integrations: Integration[];
  /** Specified and inferred selectors, and "any version" scopes for integrated pacticipants without a target. */
  selectors: ResolvedSelector[];
  facts: MatrixFacts;
  latestby?: LatestBy;
}

const specifiedButMissing = (s: ResolvedSelector) => s.source === 'specified' && !s.anyVersion && s.versions.length === 0;

export function buildRows({ integrations, selectors, facts, latestby }: RowInputs): MatrixRow[] {
  const byPacticipant = groupBy(selectors, (s) => s.pacticipantId);
  const pactsByConsumerVersion = new Map<string, PactFact>();
  const pactsByIntegration = groupBy(facts.pacts, (p) => `${p.consumerId}:${p.providerId}`);
  for (const pact of facts.pacts) pactsByConsumerVersion.set(`${pact.consumerVersionId}:${pact.providerId}`, pact);
  const verificationsByContent = groupBy(facts.verifications, (v) => v.pactVersionId);
  const consumerVersions = new Map(facts.consumerVersions.map((v) => [v.id, v]));

  const rows = new Map<string, MatrixRow>();
  for (const integration of integrations) {
    const consumerScopes = byPacticipant.get(integration.consumerId) ?? [];
    const providerScopes = byPacticipant.get(integration.providerId) ?? [];
    for (const consumerSelector of consumerScopes) {
      for (const providerSelector of providerScopes) {
        if (consumerSelector.source !== 'specified' && providerSelector.source !== 'specified') continue;
        if (specifiedButMissing(consumerSelector) || specifiedButMissing(providerSelector)) continue;
        const pacts: Array<{ version: VersionRef; pact: PactFact }> = consumerSelector.anyVersion
          ? (pactsByIntegration.get(`${integration.consumerId}:${integration.providerId}`) ?? [])
              .map((pact) => ({ version: consumerVersions.get(pact.consumerVersionId)!, pact }))
              .filter((p) => p.version !== undefined)
          : consumerSelector.versions.flatMap((version) => {
              const pact = pactsByConsumerVersion.get(`${version.id}:${integration.providerId}`);
              return pact ? [{ version, pact }] : [];
            });
        for (const { version, pact } of pacts) {
          const base = { integration, consumerSelector, providerSelector, consumerVersion: version, pact };
          for (const row of rowsForPact(base, verificationsByContent.get(pact.pactVersionId) ?? [], latestby)) {
            rows.set(`${row.consumerVersion.id}:${row.provider.id}:${(row.providerVersion ?? row.expectedProviderVersion)?.id ?? '-'}`, row);
          }
        }
      }
    }
  }
  return [...rows.values()].sort(compareRows);
}

interface RowBase {
  integration: Integration;
  consumerSelector: ResolvedSelector;
  providerSelector: ResolvedSelector;
  consumerVersion: VersionRef;
  pact: PactFact;
}

function rowsForPact(base: RowBase, verifications: VerificationFact[], latestby?: LatestBy): MatrixRow[] {
  const scope = base.providerSelector;
  if (!scope.anyVersion && scope.versions.length === 0) return [unverified(base, undefined, 'no_deployed_version')];
  let verified: VerificationFact[];
  const missing: MatrixRow[] = [];
  if (scope.anyVersion) {
    verified = verifications;
  } else {
    const byVersion = new Map(verifications.map((v) => [v.providerVersion.id, v]));
    verified = [];
    for (const version of scope.versions) {
      const verification = byVersion.get(version.id);
      if (verification) verified.push(verification);
      else if (scope.strict) missing.push(unverified(base, version));
    }
  }
  if (latestby === 'cvp' && !scope.strict && verified.length > 1) {
    verified = [verified.reduce((a, b) => (b.providerVersion.order > a.providerVersion.order ? b : a))];
  }
  const rows = [...verified.map((v) => verifiedRow(base, v)), ...missing];
  if (rows.length === 0) rows.push(unverified(base, scope.versions.length === 1 ? scope.versions[0] : undefined));
  return rows;
}

// Rows are built as one literal each (no spread of a shared part): a hub's answer builds 300 of them per request.
function verifiedRow(base: RowBase, verification: VerificationFact): MatrixRow {
  const { integration, consumerSelector, providerSelector, consumerVersion, pact } = base;
  return {
    consumer: { id: integration.consumerId, name: integration.consumerName },
    consumerVersion,
    provider: { id: integration.providerId, name: integration.providerName },
    pact,
    consumerSelector,
    providerSelector,
    ignored: false,
    providerVersion: verification.providerVersion,
    verification,
    reason: verification.success ? VERIFIED : FAILED,
  };
}

const VERIFIED = Object.freeze({ kind: 'verified' as const });
const FAILED = Object.freeze({ kind: 'failed' as const });

function unverified(base: RowBase, expected: VersionRef | undefined, kind: 'missing_verification' | 'no_deployed_version' = 'missing_verification'): MatrixRow {
  const { integration, consumerSelector, providerSelector, consumerVersion, pact } = base;
  return {
    consumer: { id: integration.consumerId, name: integration.consumerName },
    consumerVersion,
    provider: { id: integration.providerId, name: integration.providerName },
    pact,
    consumerSelector,
    providerSelector,
    ignored: false,
    providerVersion: null,
    ...(expected ? { expectedProviderVersion: expected } : {}),
    verification: null,
    reason: kind === 'no_deployed_version' ? { kind } : { kind, ...(expected ? { providerVersion: expected.number } : {}) },
  };
}

/** Consumer name, newest consumer version first, provider name, newest provider version first, newest result first. */
export function compareRows(a: MatrixRow, b: MatrixRow): number {
  return (
    compareText(a.consumer.name, b.consumer.name) ||
    b.consumerVersion.order - a.consumerVersion.order ||
    compareText(a.provider.name, b.provider.name) ||
    pv(b) - pv(a) ||
    (b.verification?.verificationId ?? 0) - (a.verification?.verificationId ?? 0)
  );
}

const pv = (r: MatrixRow) => (r.providerVersion ?? r.expectedProviderVersion)?.order ?? -1;
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
