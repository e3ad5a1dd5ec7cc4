// Pure functions over pact documents: canonical form, content SHA, interaction ids, merging.
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type PactDocument = JsonObject & { consumer: { name: string }; provider: { name: string } };

const INTERACTION_KEYS = ['interactions', 'messages'] as const;

/** JSON with object keys sorted at every level, so equal documents give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The interaction without the `_id` the broker adds when storing it. */
export function withoutId(interaction: Json): Json {
  if (interaction === null || typeof interaction !== 'object' || Array.isArray(interaction)) return interaction;
  const { _id: _ignored, ...rest } = interaction;
  return rest;
}

export function specificationVersion(pact: JsonObject): string | undefined {
  const metadata = pact.metadata;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) return undefined;
  for (const key of ['pactSpecification', 'pact-specification']) {
    const entry = metadata[key];
    if (entry && typeof entry === 'object' && !Array.isArray(entry) && typeof entry.version === 'string') {
      return entry.version;
    }
  }
  const flat = metadata.pactSpecificationVersion;
  return typeof flat === 'string' ? flat : undefined;
}

/**
 * SHA-256 over what affects verification only: the interactions/messages (order, key order and `_id` ignored) and
 * the specification version. Metadata such as the writing library's version and whitespace do not change it, so
 * republishing the same contract from a newer client is recognised as "no change".
 */
export function contentSha(pact: JsonObject): string {
  const relevant: Record<string, unknown> = { specification: specificationVersion(pact) ?? null };
  for (const key of INTERACTION_KEYS) {
    const list = pact[key];
    if (Array.isArray(list)) relevant[key] = list.map((i) => canonicalJson(withoutId(i))).sort();
  }
  return sha256(canonicalJson(relevant));
}

/** Stable id per interaction (the verifier echoes it back as `interactionId` in test results). */
export function interactionId(interaction: Json): string {
  return sha256(canonicalJson(withoutId(interaction))).slice(0, 40);
}

export function withInteractionIds(pact: PactDocument): PactDocument {
  const copy: PactDocument = { ...pact };
  for (const key of INTERACTION_KEYS) {
    const list = pact[key];
    if (Array.isArray(list)) {
      copy[key] = list.map((i) =>
        i !== null && typeof i === 'object' && !Array.isArray(i) ? { ...i, _id: interactionId(i) } : i,
      );
    }
  }
  return copy;
}

export function interactionCount(pact: JsonObject): number {
  return INTERACTION_KEYS.reduce((n, key) => n + (Array.isArray(pact[key]) ? (pact[key] as Json[]).length : 0), 0);
}

/** What identifies an interaction within a pact: its description and provider state(s). */
export function interactionKey(interaction: JsonObject): string {
  const states = interaction.providerStates ?? interaction.providerState ?? null;
  return canonicalJson([interaction.description ?? null, states]);
}

function requestPart(interaction: JsonObject): string {
  return canonicalJson(interaction.request ?? interaction.contents ?? null);
}

export type MergeResult = { ok: true; pact: PactDocument } | { ok: false; descriptions: string[] };

/**
 * Adds the incoming interactions to the existing ones. An incoming interaction with the same description and
 * provider state replaces the stored one when only its response differs; a different request is a conflict.
 */
export function mergePacts(existing: PactDocument, incoming: PactDocument): MergeResult {
  const merged: PactDocument = { ...existing };
  const conflicts: string[] = [];
  for (const key of INTERACTION_KEYS) {
    const incomingList = incoming[key];
    if (!Array.isArray(incomingList)) continue;
    const result: Json[] = Array.isArray(existing[key]) ? [...(existing[key] as Json[])] : [];
    const indexByKey = new Map<string, number>();
    result.forEach((item, index) => {
      if (item && typeof item === 'object' && !Array.isArray(item)) indexByKey.set(interactionKey(item), index);
    });
    for (const item of incomingList) {
      if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
      const at = indexByKey.get(interactionKey(item));
      if (at === undefined) {
        indexByKey.set(interactionKey(item), result.length);
        result.push(item);
      } else if (requestPart(result[at] as JsonObject) !== requestPart(item)) {
        conflicts.push(String(item.description ?? '(no description)'));
      } else {
        result[at] = item;
      }
    }
    merged[key] = result;
  }
  return conflicts.length > 0 ? { ok: false, descriptions: conflicts } : { ok: true, pact: merged };
}
