// Pure checks for client-supplied JSON that is stored in a jsonb column and echoed back later.
import { limitProblem, type Limits } from './limits.js';

/**
 * Levels of arrays and objects: 0 for a scalar, 1 for `[]` or `{"a": 1}`, 2 for `[[]]`. Iterative, so a document
 * nested a million levels deep (which JSON.parse accepts) is measured rather than overflowing the stack.
 */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    for (const inner of Array.isArray(item) ? item : Object.values(item)) {
      if (inner !== null && typeof inner === 'object') stack.push([inner, depth + 1]);
    }
  }
  return deepest;
}

/** Why PostgreSQL could not store this string in jsonb (as a value or a key); empty when it is fine. */
export function storableTextProblems(s: string): string[] {
  const problems: string[] = [];
  if (s.includes('\u0000')) problems.push('cannot contain NUL characters (\\u0000)');
  if (!s.isWellFormed()) problems.push('must be valid Unicode text (no lone surrogates)');
  return problems;
}

/**
 * Why PostgreSQL could not store this value as jsonb, or why echoing it back could fail; empty when it is fine.
 * Deeper documents than limits.jsonDepth are refused first (JSON.stringify and PostgreSQL's jsonb parser both recurse
 * per level). jsonb rejects NUL characters and lone surrogates anywhere (keys included). Both walks are iterative.
 */
export function storableJsonProblems(value: unknown, limits: Limits): string[] {
  const tooDeep = limitProblem(limits, 'jsonDepth', jsonDepth(value));
  if (tooDeep) return [tooDeep];
  const problems = new Set<string>();
  const stack: unknown[] = [value];
  const text = (s: string) => {
    for (const problem of storableTextProblems(s)) problems.add(problem);
  };
  while (stack.length) {
    const item = stack.pop();
    if (typeof item === 'string') {
      text(item);
    } else if (Array.isArray(item)) {
      for (const inner of item) stack.push(inner);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) {
        text(key);
        stack.push(inner);
      }
    }
  }
  return [...problems];
}
