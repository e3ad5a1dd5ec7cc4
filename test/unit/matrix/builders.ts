// Hand-built matrix vocabulary (resolved selectors, integrations, rows, ignores, facts) for the pure decide /
// buildRows / reason-text tests: the shapes the service would hand them, without an estate.
import type {
  Integration,
  MatrixRow,
  PactFact,
  ResolvedIgnore,
  ResolvedSelector,
  RowReason,
  UnresolvedSelector,
  VerificationFact,
  VersionRef,
} from '../../../src/matrix/matrix.types.js';

export interface P {
  id: number;
  name: string;
}

export const FOO: P = { id: 1, name: 'Foo' };
export const BAR: P = { id: 2, name: 'Bar' };
export const BAZ: P = { id: 3, name: 'Baz' };

let ids = 10_000;
const nextId = () => ++ids;

/** A version; its order defaults to the number when numeric, so "newer" reads naturally. */
export function v(number: string, order = Number.isFinite(Number(number)) ? Number(number) : nextId()): VersionRef {
  return { id: nextId(), number, order };
}

export function sel(
  p: P,
  selector: Omit<UnresolvedSelector, 'pacticipant'> = {},
  options: { source?: ResolvedSelector['source']; versions?: VersionRef[]; anyVersion?: boolean; strict?: boolean; mainBranchName?: string } = {},
): ResolvedSelector {
  return {
    pacticipantId: p.id,
    pacticipantName: p.name,
    source: options.source ?? 'specified',
    selector: { pacticipant: p.name, ...selector },
    ...(options.mainBranchName === undefined ? {} : { mainBranchName: options.mainBranchName }),
    versions: options.versions ?? [],
    anyVersion: options.anyVersion ?? false,
    strict: options.strict ?? selector.environment !== undefined,
  };
}

/** `{P, version}` resolved to that version (or to nothing, when `exists` is false). */
export const specifiedVersion = (p: P, version: VersionRef | string, exists = true): ResolvedSelector =>
  typeof version === 'string'
    ? sel(p, { version }, { versions: exists ? [v(version)] : [] })
    : sel(p, { version: version.number }, { versions: exists ? [version] : [] });

/** An inferred "currently in <environment>" selector (strict). */
export const inEnvironment = (p: P, versions: VersionRef[], environment = 'production'): ResolvedSelector =>
  sel(p, { environment }, { source: 'inferred', versions, strict: true });

export const integration = (consumer: P, provider: P, required = true): Integration => ({
  consumerId: consumer.id,
  consumerName: consumer.name,
  providerId: provider.id,
  providerName: provider.name,
  required,
});

export const ignore = (p: P | string, version?: string, exists = true): ResolvedIgnore => {
  const known = typeof p !== 'string';
  const name = known ? p.name : p;
  return {
    selector: version === undefined ? { pacticipant: name } : { pacticipant: name, version },
    ...(known ? { pacticipantId: p.id } : {}),
    exists: known && exists,
  };
};

let pactVersionIds = 0;

export function pactFact(consumer: P, consumerVersion: VersionRef, provider: P, pactVersionId = ++pactVersionIds): PactFact {
  return {
    consumerId: consumer.id,
    consumerVersionId: consumerVersion.id,
    providerId: provider.id,
    pactVersionId,
    sha: `sha-${pactVersionId}`,
    publishedAt: new Date('2026-06-01T00:00:00Z'),
  };
}

let verificationIds = 0;

export function verificationFact(pact: PactFact, providerVersion: VersionRef, success: boolean): VerificationFact {
  return {
    source: 'pact_verification',
    pactVersionId: pact.pactVersionId,
    providerVersion,
    verificationId: ++verificationIds,
    success,
    verifiedAt: new Date('2026-06-02T00:00:00Z'),
  };
}

/**
 * A row as buildRows makes it: `success` true/false is a verified/failed row by `providerVersion`; null is an unverified
 * row expecting `providerVersion` (or, without one, a provider with no version in the target).
 */
export function row(options: {
  consumerSelector: ResolvedSelector;
  consumerVersion: VersionRef;
  providerSelector: ResolvedSelector;
  providerVersion?: VersionRef;
  success: boolean | null;
  /** For an unverified row without a provider version: none in the target (default), or several and none verified. */
  unverified?: 'no_deployed_version' | 'missing_verification';
}): MatrixRow {
  const { consumerSelector, consumerVersion, providerSelector, providerVersion, success } = options;
  const consumer = { id: consumerSelector.pacticipantId, name: consumerSelector.pacticipantName };
  const provider = { id: providerSelector.pacticipantId, name: providerSelector.pacticipantName };
  const pact = pactFact(consumer, consumerVersion, provider);
  const base = { consumer, consumerVersion, provider, pact, consumerSelector, providerSelector, ignored: false };
  if (success !== null) {
    if (!providerVersion) throw new Error('a verified row needs its provider version');
    const verification = verificationFact(pact, providerVersion, success);
    return { ...base, providerVersion, verification, reason: { kind: success ? 'verified' : 'failed' } };
  }
  const reason: RowReason = providerVersion
    ? { kind: 'missing_verification', providerVersion: providerVersion.number }
    : { kind: options.unverified ?? 'no_deployed_version' };
  return { ...base, providerVersion: null, ...(providerVersion ? { expectedProviderVersion: providerVersion } : {}), verification: null, reason };
}
