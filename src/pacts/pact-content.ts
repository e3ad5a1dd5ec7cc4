// Pure functions over pact documents: canonical form, content SHA, interaction ids, merging.
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type PactDocument = JsonObject & { consumer: { name: string }; provider: { name: string } };

const INTERACTION_KEYS = ['interactions', 'messages'] as const;

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const unwritable = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** Below this depth JSON.stringify (which recurses per level) is safe and fastest; deeper values are written iteratively. */
const NATIVE_DEPTH = 500;

/**
 * JSON with object keys sorted at every level, so equal documents give equal strings: the text JSON.stringify gives
 * for the same value with its keys sorted. No nesting depth can overflow the stack (key sorting is iterative, and a
 * value deeper than JSON.stringify can take is written iteratively); keys are data, so a `__proto__` key is kept.
 */
export function canonicalJson(value: unknown): string {
  const { sorted, depth } = sortKeysWithDepth(value);
  return depth <= NATIVE_DEPTH ? JSON.stringify(sorted) : writeSorted(sorted);
}

/** JSON.stringify of a value whose objects already have their keys in order, without recursion. */
function writeSorted(value: unknown): string {
  const out: string[] = [];
  // Each task is text to emit or a value to write; tasks are pushed in reverse order.
  const stack: Array<string | { value: unknown }> = [{ value }];
  while (stack.length) {
    const task = stack.pop()!;
    if (typeof task === 'string') {
      out.push(task);
      continue;
    }
    const item = task.value;
    if (item === null || typeof item !== 'object') {
      out.push(unwritable(item) ? 'null' : JSON.stringify(item));
    } else if (Array.isArray(item)) {
      out.push('[');
      stack.push(']');
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push({ value: item[i] });
        if (i > 0) stack.push(',');
      }
    } else {
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record).filter((key) => !unwritable(record[key]));
      out.push('{');
      stack.push('}');
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: record[keys[i]!] });
        stack.push((i > 0 ? ',' : '') + JSON.stringify(keys[i]) + ':');
      }
    }
  }
  return out.join('');
}

/**
 * A copy with object keys sorted at every level, and its depth. Objects are built without a prototype, so any key
 * (`__proto__` too) is kept as data, and inserted in sorted order, so they enumerate as JSON.stringify expects
 * (array indexes first, as for any object). Iterative.
 */
function sortKeysWithDepth(value: unknown): { sorted: unknown; depth: number } {
  const copy = (item: unknown): unknown =>
    Array.isArray(item) ? new Array<unknown>(item.length) : item !== null && typeof item === 'object' ? Object.create(null) : item;
  const root = copy(value);
  let depth = 0;
  const stack: Array<[from: unknown, to: unknown, level: number]> = [[value, root, 1]];
  while (stack.length) {
    const [from, to, level] = stack.pop()!;
    if (from === null || typeof from !== 'object') continue;
    if (level > depth) depth = level;
    if (Array.isArray(from)) {
      for (let i = 0; i < from.length; i++) {
        const inner: unknown = from[i];
        const target = copy(inner);
        (to as unknown[])[i] = target;
        if (target !== inner) stack.push([inner, target, level + 1]);
      }
    } else {
      for (const key of Object.keys(from).sort()) {
        const inner = (from as Record<string, unknown>)[key];
        const target = copy(inner);
        (to as Record<string, unknown>)[key] = target;
        if (target !== inner) stack.push([inner, target, level + 1]);
      }
    }
  }
  return { sorted: root, depth };
}

/** A copy with object keys sorted at every level (prototype-free objects, so any key is kept as data); iterative. */
export function sortKeys(value: unknown): unknown {
  return sortKeysWithDepth(value).sorted;
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
