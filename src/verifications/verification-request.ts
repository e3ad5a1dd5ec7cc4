// Pure: the checks a verification result needs beyond the route schema's shape, and the flags its pact URL's
// metadata records. Nothing here touches the database.
import type { PactMetadata, SelectedBy } from '../pacts/pact-metadata.js';
import { addFieldError, type FieldErrors } from '../shared/errors.js';
import { storableJsonProblems, storableTextProblems } from '../shared/json.js';
import type { Limits } from '../shared/limits.js';
import { buildUrlProblems, nameProblems } from '../shared/names.js';
import type { VerificationResultInput } from './verifications.types.js';

/** Field errors for a result whose shape is right; empty when it can be stored. */
export function verificationResultProblems(input: VerificationResultInput, limits: Limits): FieldErrors {
  const errors: FieldErrors = {};
  if (typeof input.success !== 'boolean') addFieldError(errors, 'success', 'must be boolean');
  if (typeof input.providerApplicationVersion !== 'string') {
    addFieldError(errors, 'providerApplicationVersion', 'must be a string');
  } else if (input.providerApplicationVersion === '') {
    addFieldError(errors, 'providerApplicationVersion', 'must be filled');
  } else {
    for (const problem of nameProblems(input.providerApplicationVersion, limits)) addFieldError(errors, 'providerApplicationVersion', problem);
  }
  for (const problem of buildUrlProblems(input.buildUrl)) addFieldError(errors, 'buildUrl', problem);
  for (const problem of storableJsonProblems(input.testResults, limits)) addFieldError(errors, 'testResults', problem);
  if (input.verifiedBy != null && (typeof input.verifiedBy !== 'object' || Array.isArray(input.verifiedBy))) {
    addFieldError(errors, 'verifiedBy', 'must be an object');
  }
  for (const problem of storableJsonProblems(input.verifiedBy, limits)) addFieldError(errors, 'verifiedBy', problem);
  return errors;
}

export interface VerificationFlags {
  wip: boolean;
  pending: boolean | null;
  consumerVersionSelectors: SelectedBy[] | null;
}

/**
 * What the pact URL's metadata says about the verified pact. A WIP pact is always pending (broker-semantics B5), so
 * WIP metadata without an explicit pending flag records pending = true; no metadata records "unknown" (null).
 */
export function verificationFlags(metadata: PactMetadata = {}): VerificationFlags {
  const wip = metadata.w === true;
  const selectors = (metadata.s ?? []).map(knownSelectorFields).filter((s): s is SelectedBy => s !== undefined);
  return {
    wip,
    pending: typeof metadata.p === 'boolean' ? metadata.p : wip ? true : null,
    consumerVersionSelectors: selectors.length ? selectors : null,
  };
}

const TEXT_KEYS = ['cv', 'b', 't', 'e'] as const;
const FLAG_KEYS = ['m', 'l', 'd', 'r', 'f'] as const;

/**
 * Metadata arrives in the URL, so anyone can write it: keep only the codec's fields with their types, and drop a
 * selector whose text PostgreSQL could not store (like unreadable metadata, it then counts as unknown).
 */
function knownSelectorFields(selector: SelectedBy): SelectedBy | undefined {
  const out: Record<string, string | true> = {};
  for (const key of TEXT_KEYS) {
    const value: unknown = selector[key];
    if (typeof value === 'string') out[key] = value;
  }
  for (const key of FLAG_KEYS) if (selector[key] === true) out[key] = true;
  if (typeof out.cv !== 'string' || Object.values(out).some((v) => typeof v === 'string' && storableTextProblems(v).length)) return undefined;
  return out as unknown as SelectedBy;
}
