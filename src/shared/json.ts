// Pure checks for client-supplied JSON that is stored in a jsonb column and echoed back later.

/** Deeper documents are refused: JSON.stringify and PostgreSQL's jsonb parser both recurse per level. */
export const MAX_JSON_DEPTH = 100;

/**
 * Why PostgreSQL could not store this value as jsonb, or why echoing it back could fail; empty when it is fine.
 * jsonb rejects NUL characters and lone surrogates anywhere (keys included). The walk is iterative, so a document
 * nested a million levels deep (which JSON.parse accepts) is reported rather than overflowing the stack.
 */
export function storableJsonProblems(value: unknown, maxDepth = MAX_JSON_DEPTH): string[] {
  const problems = new Set<string>();
  const stack: Array<[unknown, number]> = [[value, 0]];
  const text = (s: string) => {
    if (s.includes('\u0000')) problems.add('cannot contain NUL characters (\\u0000)');
    if (!s.isWellFormed()) problems.add('must be valid Unicode text (no lone surrogates)');
  };
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      text(item);
    } else if (item !== null && typeof item === 'object') {
      if (depth >= maxDepth) {
        problems.add(`cannot be nested more than ${maxDepth} levels deep`);
        continue;
      }
      if (Array.isArray(item)) {
        for (const inner of item) stack.push([inner, depth + 1]);
      } else {
        for (const [key, inner] of Object.entries(item)) {
          text(key);
          stack.push([inner, depth + 1]);
        }
      }
    }
  }
  return [...problems];
}
